// Process-wide cache of parsed font files. A worker renders many documents and
// the CJK faces are 15 MB each: parsing them once per process (not per document)
// is the main saving, and the glyph checks for fallback use the same objects.
import { createRequire } from 'node:module';
import { statSync } from 'node:fs';
import { fontBytes } from '../../fonts/sharedBytes.js';
import { keepSubsetBytes } from './fontSubsetCache.js';

/** The part of a fontkit font the renderer reads. */
export interface FontkitFont {
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly lineGap: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
}

interface Fontkit {
  create(buffer: Uint8Array, postscriptName?: string): FontkitFont;
  registerFormat(format: unknown): void;
}

// pdfkit parses fonts with its own `require('fontkit')`; take that very module
// instance so a format registered here is seen by pdfkit.
const requireFromPdfkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'));
const fontkit = requireFromPdfkit('fontkit') as Fontkit;

const MAGIC = 'BDPDF-CACHED-FONT:';
const parsed = new Map<string, FontkitFont>();
const markers = new Map<string, Buffer>();

// pdfkit can only be handed bytes, which it re-parses for every document. A
// tiny marker buffer that no real font format claims is resolved by this extra
// format to the already parsed font: a constructor that returns an object
// yields that object, so fontkit.create(marker) gives the cached font.
class CachedFontFormat {
  static probe(buffer: Uint8Array): boolean {
    return keyOf(buffer) !== undefined;
  }
  constructor(stream: { buffer: Uint8Array }) {
    const key = keyOf(stream.buffer);
    if (key === undefined) throw new Error('not a cached font marker');
    // parsed here, on pdfkit's first use of the face: a face the document
    // never sets (often the bold 黑体) costs nothing
    return openFont(key) as unknown as CachedFontFormat;
  }
}
fontkit.registerFormat(CachedFontFormat);

function keyOf(buffer: Uint8Array): string | undefined {
  if (buffer.length < MAGIC.length || buffer.length > 4096) return undefined;
  const text = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength).toString('utf8');
  return text.startsWith(MAGIC) ? text.slice(MAGIC.length) : undefined;
}

/** The parsed font of a file, parsed on first use only. */
export function openFont(path: string): FontkitFont {
  let font = parsed.get(path);
  if (!font) {
    font = fontkit.create(fontBytes(path));
    keepSubsetBytes(font as unknown as Parameters<typeof keepSubsetBytes>[0]);
    parsed.set(path, font);
    versions.set(path, versionOf(path));
  }
  return font;
}

// A bureau's own font files live in its template set and may be replaced while
// a process (the live preview) keeps running: each parse notes the file's size
// and time, and forgetIfChanged() drops a font whose file has changed since.
const versions = new Map<string, string>();
const versionOf = (path: string): string => {
  try {
    const st = statSync(path);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return 'gone';
  }
};

/** Forgets the parsed font of a file that changed on disk (the subset caches go with it); one stat. */
export function forgetIfChanged(path: string): void {
  const before = versions.get(path);
  if (before !== undefined && versionOf(path) !== before) {
    parsed.delete(path);
    versions.delete(path);
  }
}

/** Bytes that pdfkit turns into the cached font of `path` without parsing it again. */
export function fontMarker(path: string): Buffer {
  let marker = markers.get(path);
  if (!marker) {
    marker = Buffer.from(MAGIC + path, 'utf8');
    markers.set(path, marker);
  }
  return marker;
}

/**
 * Natural line height of a face as pdfmake measures it, in ems: pdfkit's
 * lineHeight() leaves the line gap out, so this does too.
 */
export function naturalLineEm(path: string): number {
  const font = openFont(path);
  return (font.ascent - font.descent) / font.unitsPerEm;
}
