// Characters a template set's own font file lacks. The PDF prints them in the
// fallback face (render/pdf/runs.ts), so nothing is lost, but a page in two
// faces is worth a warning: the clerk learns which characters, in which part
// or table, before sending the PDF out. The packaged faces cover GBK but not
// everything (𠮷, Uyghur script, emoji): characters outside the ranges they are
// known to cover (FAST_PATH, verified against their cmaps by a test) are looked
// up in them, so a document of common characters costs nothing here.
import { basename } from 'node:path';
import { tr, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';
import type { DocumentIR, FontFace, FontRole } from '../ir/types.js';

/** character → where it is printed */
type Use = Map<string, Set<string>>;

/** Every character printed per (role, bold), with where it is printed. */
function collect(
  doc: DocumentIR,
  lang: Lang | undefined,
  wanted: (cp: number) => boolean = () => true,
): { uses: Map<string, Use>; order: Map<string, number> } {
  const uses = new Map<string, Use>();
  const order = new Map<string, number>();
  const add = (role: FontRole, bold: boolean, text: string, where: string) => {
    if (!order.has(where)) order.set(where, order.size);
    const key = `${role}\0${bold ? 1 : 0}`;
    let use = uses.get(key);
    if (!use) uses.set(key, (use = new Map<string, Set<string>>()));
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp <= 0x20 || !wanted(cp)) continue;
      let places = use.get(ch);
      if (!places) use.set(ch, (places = new Set()));
      if (where) places.add(where);
    }
  };
  const tocTexts = doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'heading' && b.toc ? [b.text] : [])));
  let part = '';
  for (const section of doc.sections) {
    if (section.id === 'cover') part = tr(lang, '封面', 'cover');
    if (section.footer) add(section.footer.font, false, `${section.footer.before}0123456789${section.footer.after}`, tr(lang, '页脚', 'footer'));
    let lastHeading = '';
    for (const b of section.blocks) {
      switch (b.kind) {
        case 'heading':
          if (b.level === 1) part = b.text;
          lastHeading = b.text;
          add(b.font, b.bold ?? false, b.text, b.level === 1 ? b.text : `${part} ${b.text}`.trim());
          break;
        case 'paragraph':
          for (const r of b.runs) add(r.font ?? b.font, r.bold ?? false, r.text, part);
          break;
        case 'table':
          for (const row of b.rows) for (const c of row) add(b.font, c.bold ?? false, c.text, lastHeading || part);
          break;
        case 'toc': {
          const where = b.title;
          add(b.font, false, b.title, where);
          // a TOC may list its own entries (their text can differ from the headings')
          const entries = (b as { entries?: readonly { text: string }[] }).entries;
          for (const t of entries?.map((e) => e.text) ?? tocTexts) add(b.font, false, `${t}0123456789`, where);
          break;
        }
        case 'pageBreak':
          break;
      }
    }
  }
  return { uses, order };
}

/**
 * Code point ranges every packaged face (serif and sans, regular and bold) has
 * a glyph for: printable ASCII, general punctuation, CJK symbols, the basic
 * CJK Unified Ideographs and full-width forms (test/template-side.test.ts).
 */
export const FAST_PATH: readonly (readonly [number, number])[] = [
  [0x20, 0x7e],
  [0xa0, 0xff],
  [0x2010, 0x2016],
  [0x2018, 0x201a],
  [0x201c, 0x201e],
  [0x2020, 0x2022],
  [0x2025, 0x2027],
  [0x2030, 0x2030],
  [0x2032, 0x2033],
  [0x2039, 0x203b],
  [0x2264, 0x2265],
  [0x2160, 0x216b],
  [0x2460, 0x2473],
  [0x3000, 0x3011],
  [0x3013, 0x301f],
  [0x4e00, 0x9fa5],
  [0xff01, 0xff5e],
];

export const onFastPath = (cp: number): boolean => FAST_PATH.some(([a, b]) => cp >= a && cp <= b);

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** A file a printed text may come from: the department's data, a template. */
export interface TextSource {
  path: string;
  text: string;
}

/** Where a character is first written: line and column in the first source that has it. */
function firstWritten(ch: string, sources: readonly TextSource[]): { file: string; line: number; column: number } | undefined {
  for (const s of sources) {
    const i = s.text.indexOf(ch);
    if (i < 0) continue;
    const before = s.text.slice(0, i).split('\n');
    return { file: s.path, line: before.length, column: before[before.length - 1]!.length + 1 };
  }
  return undefined;
}

const MAX_CHARACTERS = 20;

/**
 * One warning per character that neither a packaged face nor its fallback has:
 * it would print as a blank or a box. Located where the character is written
 * (the data or a template), else at `fallbackPlace`.
 */
export async function packagedGlyphWarnings(
  doc: DocumentIR,
  lang: Lang | undefined,
  sources: readonly TextSource[],
  fallbackPlace: { file: string },
): Promise<Diagnostic[]> {
  const packaged = (Object.entries(doc.fonts) as [FontRole, FontFace][]).filter(([, f]) => !f.declaredAt);
  if (!packaged.length) return [];
  const { uses } = collect(doc, lang, (cp) => !onFastPath(cp));
  if (![...uses.values()].some((u) => u.size)) return [];
  const { openFont } = await import('./font-cache.js');
  const has = (file: string | undefined, cp: number) => !!file && openFont(file).hasGlyphForCodePoint(cp);
  const missing = new Map<string, Set<string>>();
  for (const [role, face] of packaged)
    for (const bold of [false, true]) {
      const use = uses.get(`${role}\0${bold ? 1 : 0}`);
      if (!use) continue;
      const main = (bold && face.pdf.bold) || face.pdf.regular;
      const fallback = face.fallback ? (bold && face.fallback.bold) || face.fallback.regular : undefined;
      for (const [ch, places] of use) {
        const cp = ch.codePointAt(0)!;
        if (has(main, cp) || has(fallback, cp)) continue;
        missing.set(ch, new Set([...(missing.get(ch) ?? []), ...places]));
      }
    }
  return [...missing].slice(0, MAX_CHARACTERS).map(([ch, places]): Diagnostic => {
    const where = [...places].slice(0, MAX_PLACES).join(tr(lang, '、', '; '));
    return {
      severity: 'warning',
      code: 'font.missing_glyph',
      message: tr(
        lang,
        `字体中没有“${ch}”（${codePoint(ch)}）${where ? `（见于：${where}）` : ''}：PDF 中这个字印不出来`,
        `no font has “${ch}” (${codePoint(ch)})${where ? ` (in: ${where})` : ''}: the PDF cannot print it`,
      ),
      hint: tr(
        lang,
        '换用常用字，或在 styles.yaml 中为该字体配置含有此字的字体文件（pdf: { regular: 文件 }）',
        'use a common character, or give that role a font file that has it in styles.yaml (pdf: { regular: FILE })',
      ),
      ...(firstWritten(ch, sources) ?? { ...fallbackPlace, line: 1, column: 1 }),
    };
  });
}

const ROLE_ZH: Readonly<Record<FontRole, string>> = { title: '标题', heading: '黑体标题', body: '正文', kai: '楷体', table: '表格' };
const MAX_SHOWN = 30;
const MAX_PLACES = 5;

/** One warning per own font file that lacks characters the document prints in it. */
export async function missingGlyphWarnings(doc: DocumentIR, lang?: Lang): Promise<Diagnostic[]> {
  const own = (Object.entries(doc.fonts) as [FontRole, FontFace][]).filter(([, f]) => f.declaredAt);
  if (!own.length) return [];
  const { openFont } = await import('./font-cache.js');
  const { uses, order } = collect(doc, lang);
  const out: Diagnostic[] = [];
  for (const [role, face] of own) {
    // bold text is set in the bold file (or the regular one when there is none)
    const byFile = new Map<string, Use>();
    for (const bold of [false, true]) {
      const use = uses.get(`${role}\0${bold ? 1 : 0}`);
      if (!use) continue;
      const file = (bold && face.pdf.bold) || face.pdf.regular;
      const missing: Use = byFile.get(file) ?? new Map<string, Set<string>>();
      byFile.set(file, missing);
      const font = openFont(file);
      for (const [ch, places] of use) if (!font.hasGlyphForCodePoint(ch.codePointAt(0)!)) missing.set(ch, new Set([...(missing.get(ch) ?? []), ...places]));
    }
    for (const [file, missing] of byFile) {
      if (!missing.size) continue;
      const chars = [...missing.keys()].sort();
      const shown = chars.slice(0, MAX_SHOWN).join('') + (chars.length > MAX_SHOWN ? tr(lang, ` 等`, ' …') : '');
      const places = [...new Set([...missing.values()].flatMap((p) => [...p]))].sort((a, b) => order.get(a)! - order.get(b)!);
      const where = places.slice(0, MAX_PLACES).join(tr(lang, '、', '; ')) + (places.length > MAX_PLACES ? tr(lang, ' 等处', ' …') : '');
      const fallback = face.fallback ? basename(face.fallback.regular) : '';
      out.push({
        severity: 'warning',
        code: 'font.missing_glyphs',
        message: tr(
          lang,
          `${ROLE_ZH[role]}（${role}）字体文件 ${basename(file)} 缺少 ${chars.length} 个字：${shown}${where ? `（见于：${where}）` : ''}；PDF 中这些字改用 ${fallback} 印出`,
          `the ${role} font file ${basename(file)} lacks ${chars.length} characters: ${shown}${where ? ` (in: ${where})` : ''}; the PDF prints them in ${fallback}`,
        ),
        hint: tr(lang, `换用含有这些字的字体文件（${file}），或接受用内置字体代印`, `use a font file that has them (${file}), or accept the fallback face`),
        ...face.declaredAt!,
      });
    }
  }
  return out;
}
