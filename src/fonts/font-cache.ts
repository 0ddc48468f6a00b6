// Process-wide cache of parsed font files. A worker renders many documents and
// the CJK faces are 15 MB each: parsing them once per process (not per document)
// is the main saving, and the glyph checks for fallback use the same objects.
import { createRequire } from 'node:module';
import { statSync } from 'node:fs';
import { fontBytes } from './shared-bytes.js';
import { keepSubsetBytes } from '../engines/fontkit-subset-cache.js';
import { cachedFontMarker, resolveCachedFonts } from '../engines/fontkit-cached-font.js';

/** The part of a fontkit font the renderer reads. */
export interface FontkitFont {
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly lineGap: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): { readonly advanceWidth: number };
}

interface Fontkit {
  create(buffer: Uint8Array, postscriptName?: string): FontkitFont;
}

// pdfkit parses fonts with its own `require('fontkit')`; the same module
// instance parses them here, so pdfkit can be handed these very objects.
const requireFromPdfkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'));
const fontkit = requireFromPdfkit('fontkit') as Fontkit;

const parsed = new Map<string, FontkitFont>();
resolveCachedFonts((path) => openFont(path));

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

/**
 * Bytes that pdfkit turns into the cached font of `path` without parsing it
 * again; the file's own bytes when the engine patch is off (stock fontkit).
 */
export function fontMarker(path: string): Buffer {
  const marker = cachedFontMarker(path);
  if (marker) return marker;
  const b = fontBytes(path);
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * Natural line height of a face as pdfmake measures it, in ems: pdfkit's
 * lineHeight() leaves the line gap out, so this does too.
 */
export function naturalLineEm(path: string): number {
  const font = openFont(path);
  return (font.ascent - font.descent) / font.unitsPerEm;
}
