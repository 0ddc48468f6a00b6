// Byte-identical output: docx stamps core.xml with the current time and the
// zip entries with their write time. Both are rewritten after packing.
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

/** The earliest time a zip entry can carry (DOS epoch), local time as zip stores it. */
const ZIP_EPOCH = new Date(1980, 0, 1, 0, 0, 0);

/** W3CDTF without fractional seconds, as Word writes dcterms dates. */
export function w3cdtf(isoDate: string): string {
  const d = new Date(isoDate);
  if (Number.isNaN(d.getTime())) throw new Error(`meta.date is not an ISO date: ${isoDate}`);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

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

/** Rewrites the package with pinned dates, ids, entry times and entry order ([Content_Types].xml first). */
export function normalisePackage(
  zip: Uint8Array,
  isoDate: string,
  language: string,
  /** further rewriting of word/document.xml (layout fixes that docx's API cannot express) */
  documentXml: (xml: string) => string = (xml) => xml,
): Uint8Array {
  const entries = unzipSync(zip);
  const date = w3cdtf(isoDate);
  const out: Zippable = {};
  const names = Object.keys(entries);
  // Content types first, then the rest sorted, so the order never depends on docx internals.
  names.sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    let data = entries[name]!;
    if (name === 'docProps/core.xml') data = strToU8(fixCore(strFromU8(data), date, language));
    if (name === 'word/document.xml') data = strToU8(documentXml(renumberBookmarks(strFromU8(data))));
    out[name] = [data, { mtime: ZIP_EPOCH, level: 6 }];
  }
  return zipSync(out);
}
