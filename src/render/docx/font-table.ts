// word/fontTable.xml with what Word and LibreOffice need to substitute a face
// the reader's PC lacks: a PC without the GB2312-era 公文 faces (仿宋_GB2312,
// 楷体_GB2312, 方正小标宋简体) then sets the text in the face Windows ships
// (仿宋/FangSong, 楷体/KaiTi, 宋体/SimSun, 黑体/SimHei), not in a Latin default.
// docx 9 writes an empty font table.

interface FontFacts {
  /** the face to use where this one is missing (Word: altName; LibreOffice reads it too) */
  readonly altName?: string;
  readonly panose: string;
  /** 86 = GB2312, 00 = ANSI */
  readonly charset: string;
  readonly family: 'roman' | 'swiss' | 'modern' | 'script' | 'decorative' | 'auto';
  readonly pitch: 'fixed' | 'variable';
}

// PANOSE and families as the faces Windows ships declare them (and Word copies into fontTable.xml)
const FANGSONG: FontFacts = { altName: '仿宋', panose: '02010609030101010101', charset: '86', family: 'modern', pitch: 'fixed' };
const KAITI: FontFacts = { altName: '楷体', panose: '02010609030101010101', charset: '86', family: 'modern', pitch: 'fixed' };
const SONG: FontFacts = { altName: 'SimSun', panose: '02010600030101010101', charset: '86', family: 'auto', pitch: 'variable' };

const KNOWN: Readonly<Record<string, FontFacts>> = {
  仿宋_GB2312: FANGSONG,
  仿宋: { ...FANGSONG, altName: 'FangSong' },
  FangSong: { ...FANGSONG, altName: '仿宋' },
  楷体_GB2312: KAITI,
  楷体: { ...KAITI, altName: 'KaiTi' },
  KaiTi: { ...KAITI, altName: '楷体' },
  方正小标宋简体: { ...SONG, altName: '宋体', panose: '02000000000000000000' },
  方正小标宋_GBK: { ...SONG, altName: '宋体', panose: '02000000000000000000' },
  宋体: SONG,
  SimSun: { ...SONG, altName: '宋体' },
  黑体: { altName: 'SimHei', panose: '02010609060101010101', charset: '86', family: 'modern', pitch: 'fixed' },
  SimHei: { altName: '黑体', panose: '02010609060101010101', charset: '86', family: 'modern', pitch: 'fixed' },
  'Times New Roman': { panose: '02020603050405020304', charset: '00', family: 'roman', pitch: 'variable' },
};

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

function fontXml(name: string): string {
  const f = KNOWN[name];
  // a face we know nothing about (a bureau's own): named, so Word at least lists it
  if (!f) return `<w:font w:name="${esc(name)}"><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`;
  return (
    `<w:font w:name="${esc(name)}">` +
    (f.altName ? `<w:altName w:val="${esc(f.altName)}"/>` : '') +
    `<w:panose1 w:val="${f.panose}"/><w:charset w:val="${f.charset}"/><w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`
  );
}

/** The font table docx wrote, filled with the faces the document names (its root element and namespaces kept). */
export function fillFontTable(xml: string, faces: readonly string[]): string {
  const names = [...new Set(faces)];
  const body = names.map(fontXml).join('');
  const selfClosing = xml.match(/<w:fonts\b[^>]*?\/>/);
  if (selfClosing) return xml.replace(selfClosing[0], `${selfClosing[0].slice(0, -2)}>${body}</w:fonts>`);
  const close = xml.lastIndexOf('</w:fonts>');
  if (close < 0) throw new Error('docx: fontTable.xml has no w:fonts (docx version changed?)');
  return xml.slice(0, close) + body + xml.slice(close);
}

/** `<w:updateFields w:val="true"/>` spelt out (docx writes the bare element, which means the same). */
export function explicitUpdateFields(settingsXml: string): string {
  return settingsXml.replace(/<w:updateFields\/>/, '<w:updateFields w:val="true"/>');
}
