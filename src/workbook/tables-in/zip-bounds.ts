// A workbook is a zip: its central directory says how many entries it holds
// and how large they are once inflated, before anything is inflated. A
// workbook over the bounds (a zip bomb, or a whole database exported as one
// sheet) is refused at its file, not read until memory runs out.
export interface ZipBounds {
  maxEntries: number;
  /** bytes, all entries inflated */
  maxInflated: number;
}

export const TABLES_WORKBOOK_BOUNDS: ZipBounds = { maxEntries: 2000, maxInflated: 400 * 1024 * 1024 };

export type ZipVerdict =
  { ok: true; entries: number; inflated: number } | { ok: false; why: 'not_zip' | 'entries' | 'inflated'; entries?: number; inflated?: number };

const EOCD = 0x06054b50;
const CDH = 0x02014b50;

export function checkZipBounds(bytes: Uint8Array, bounds: ZipBounds = TABLES_WORKBOOK_BOUNDS): ZipVerdict {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // the end record sits in the last 22 bytes plus a comment of at most 65535
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--)
    if (dv.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  if (end < 0) return { ok: false, why: 'not_zip' };
  const entries = dv.getUint16(end + 10, true);
  const dirOffset = dv.getUint32(end + 16, true);
  // ZIP64 markers: more than this reader (and a budget table) needs
  if (entries === 0xffff || dirOffset === 0xffffffff) return { ok: false, why: 'entries' };
  if (entries > bounds.maxEntries) return { ok: false, why: 'entries', entries };
  let at = dirOffset;
  let inflated = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > bytes.length || dv.getUint32(at, true) !== CDH) return { ok: false, why: 'not_zip' };
    const size = dv.getUint32(at + 24, true);
    if (size === 0xffffffff) return { ok: false, why: 'inflated', entries };
    inflated += size;
    if (inflated > bounds.maxInflated) return { ok: false, why: 'inflated', entries, inflated };
    at += 46 + dv.getUint16(at + 28, true) + dv.getUint16(at + 30, true) + dv.getUint16(at + 32, true);
  }
  return { ok: true, entries, inflated };
}
