// WOFF 1.0 to plain TrueType/OpenType. fontkit reads WOFF, but it inflates a
// compressed table every time it reads from it, and pdfkit reads the glyf
// table once per glyph: a 20 MB CJK glyf table inflated for each character is
// unusable. Unwrapping the file once (at install, src/fonts/derived-faces.ts)
// gives a face that loads and subsets like the other packaged TTFs.
import { inflateSync } from 'node:zlib';

interface Table {
  readonly tag: string;
  readonly data: Buffer;
}

const checksum = (b: Buffer): number => {
  let sum = 0;
  const padded = b.length % 4 ? Buffer.concat([b, Buffer.alloc(4 - (b.length % 4))]) : b;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
};

/** The sfnt (TTF/OTF) inside a WOFF file; throws on anything that is not WOFF 1.0. */
export function woffToSfnt(woff: Uint8Array): Buffer {
  const src = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (src.length < 44 || src.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 file');
  const flavor = src.readUInt32BE(4);
  const numTables = src.readUInt16BE(12);
  const tables: Table[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = 44 + i * 20;
    const tag = src.toString('latin1', at, at + 4);
    const offset = src.readUInt32BE(at + 4);
    const compLength = src.readUInt32BE(at + 8);
    const origLength = src.readUInt32BE(at + 12);
    const raw = src.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(raw) : Buffer.from(raw);
    if (data.length !== origLength) throw new Error(`WOFF table ${tag}: ${data.length} bytes, expected ${origLength}`);
    tables.push({ tag, data });
  }
  // the sfnt directory is sorted by tag
  tables.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));

  const dirSize = 12 + 16 * numTables;
  let size = dirSize;
  for (const t of tables) size += (t.data.length + 3) & ~3;
  const out = Buffer.alloc(size);
  const pow = 2 ** Math.floor(Math.log2(numTables));
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(pow * 16, 6);
  out.writeUInt16BE(Math.log2(pow), 8);
  out.writeUInt16BE(numTables * 16 - pow * 16, 10);
  let offset = dirSize;
  let headAt = -1;
  tables.forEach((t, i) => {
    const rec = 12 + i * 16;
    if (t.tag === 'head') {
      headAt = offset;
      t.data.writeUInt32BE(0, 8); // checkSumAdjustment, recomputed below
    }
    out.write(t.tag, rec, 'latin1');
    out.writeUInt32BE(checksum(t.data), rec + 4);
    out.writeUInt32BE(offset, rec + 8);
    out.writeUInt32BE(t.data.length, rec + 12);
    t.data.copy(out, offset);
    offset += (t.data.length + 3) & ~3;
  });
  if (headAt >= 0) out.writeUInt32BE((0xb1b0afba - checksum(out)) >>> 0, headAt + 8);
  return out;
}
