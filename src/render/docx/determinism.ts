// Byte-identical output: docx stamps core.xml with the current time and the
// zip entries with their write time. The parts docx compiles are zipped here,
// once, with pinned dates and a fixed order (zipping in docx and again here
// cost a fifth of a DOCX render).
import { strFromU8, strToU8, zipSync, type Zippable } from 'fflate';

/** The earliest time a zip entry can carry (DOS epoch), local time as zip stores it. */
const ZIP_EPOCH = new Date(1980, 0, 1, 0, 0, 0);

/** W3CDTF without fractional seconds, as Word writes dcterms dates. */
export function w3cdtf(isoDate: string): string {
  const d = new Date(isoDate);
  if (Number.isNaN(d.getTime())) throw new Error(`meta.date is not an ISO date: ${isoDate}`);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Pins the dates and adds dc:language, which docx's Document options cannot write. */
function fixCore(xml: string, date: string, language: string): string {
  if (!xml.includes('<dc:language>')) {
    xml = xml.replace('</cp:coreProperties>', `<dc:language>${escapeXml(language)}</dc:language></cp:coreProperties>`);
  }
  return xml.replace(
    /(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g,
    (_m, open: string, _tag: string, close: string) => `${open}${date}${close}`,
  );
}

/**
 * docx numbers bookmarks from a module-wide counter that never resets, so the
 * second document rendered in a process would get other ids. Ids are
 * renumbered from 1 in order of first appearance (starts and ends share ids).
 */
export function renumberBookmarks(xml: string): string {
  const ids = new Map<string, number>();
  return xml.replace(/(<w:bookmark(?:Start|End)\b[^>]*?\bw:id=")(-?\d+)"/g, (_m, head: string, id: string) => {
    let n = ids.get(id);
    if (n === undefined) ids.set(id, (n = ids.size + 1));
    return `${head}${n}"`;
  });
}

/** A package's parts as docx compiles them: path → XML text or bytes. */
export type Parts = ReadonlyMap<string, string | Uint8Array | ArrayBuffer>;

const text = (data: string | Uint8Array | ArrayBuffer): string =>
  typeof data === 'string' ? data : strFromU8(data instanceof Uint8Array ? data : new Uint8Array(data));
const bytes = (data: string | Uint8Array | ArrayBuffer): Uint8Array =>
  typeof data === 'string' ? strToU8(data) : data instanceof Uint8Array ? data : new Uint8Array(data);

/** Zips the parts with pinned dates, ids, entry times and entry order ([Content_Types].xml first). */
export function zipPackage(
  parts: Parts,
  isoDate: string,
  language: string,
  /** further rewriting of word/document.xml (layout fixes that docx's API cannot express) */
  documentXml: (xml: string) => string = (xml) => xml,
  /** further rewriting of word/styles.xml */
  stylesXml: (xml: string) => string = (xml) => xml,
  /** rewriting of other XML parts, by path */
  others: Readonly<Record<string, (xml: string) => string>> = {},
): Uint8Array {
  const date = w3cdtf(isoDate);
  const out: Zippable = {};
  const names = [...parts.keys()];
  // Content types first, then the rest sorted, so the order never depends on docx internals.
  names.sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const data = parts.get(name)!;
    let entry: Uint8Array;
    if (name === 'docProps/core.xml') entry = strToU8(fixCore(text(data), date, language));
    else if (name === 'word/document.xml') entry = strToU8(documentXml(renumberBookmarks(text(data))));
    else if (name === 'word/styles.xml') entry = strToU8(stylesXml(text(data)));
    else if (others[name]) entry = strToU8(others[name](text(data)));
    else entry = bytes(data);
    out[name] = [entry, { mtime: ZIP_EPOCH, level: 6 }];
  }
  return zipSync(out);
}
