// pdfkit can only be handed font bytes, which it re-parses for every document
// (15 MB CJK faces). A tiny marker buffer that no real font format claims is
// resolved by an extra fontkit format to the already parsed font: a
// constructor that returns an object yields that object, so
// fontkit.create(marker) gives the cached font. Stock (patch off): the
// renderer hands pdfkit the file's bytes, parsed per document.
import { createRequire } from 'node:module';

interface Fontkit {
  registerFormat(format: unknown): void;
}

const MAGIC = 'BDPDF-CACHED-FONT:';
const markers = new Map<string, Buffer>();
let resolver: ((key: string) => object) | undefined;
let enabled = false;
let registered = false;

function keyOf(buffer: Uint8Array): string | undefined {
  if (buffer.length < MAGIC.length || buffer.length > 4096) return undefined;
  const text = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength).toString('utf8');
  return text.startsWith(MAGIC) ? text.slice(MAGIC.length) : undefined;
}

class CachedFontFormat {
  static probe(buffer: Uint8Array): boolean {
    return enabled && resolver !== undefined && keyOf(buffer) !== undefined;
  }
  constructor(stream: { buffer: Uint8Array }) {
    const key = keyOf(stream.buffer);
    if (key === undefined || !resolver) throw new Error('not a cached font marker');
    // parsed here, on pdfkit's first use of the face: a face the document
    // never sets (often the bold 黑体) costs nothing
    return resolver(key);
  }
}

export function patchCachedFonts(): () => void {
  if (!registered) {
    // pdfkit parses fonts with its own `require('fontkit')`: that very module
    // instance must know the format
    const requireFromPdfkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'));
    (requireFromPdfkit('fontkit') as Fontkit).registerFormat(CachedFontFormat);
    registered = true;
  }
  enabled = true;
  return () => {
    // fontkit cannot unregister a format; it stops claiming markers instead
    enabled = false;
  };
}

/** Who turns a marker's key (a file path) into the parsed font. */
export function resolveCachedFonts(f: (key: string) => object): void {
  resolver = f;
}

/** The marker bytes for a key, or undefined when pdfkit must get the real bytes (stock). */
export function cachedFontMarker(key: string): Buffer | undefined {
  if (!enabled) return undefined;
  let marker = markers.get(key);
  if (!marker) markers.set(key, (marker = Buffer.from(MAGIC + key, 'utf8')));
  return marker;
}
