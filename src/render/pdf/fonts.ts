// Maps the IR's font roles to pdfmake font families for one document.
// pdfmake knows faces only by family name plus bold, so every role gets a
// family for its main face and, if it has one, a second for its fallback face.
import pdfmake from './pdfmake-api.js';
import type { FontFace, FontRole } from '../../ir/types.js';
import { fontMarker, forgetIfChanged, naturalLineEm, openFont } from '../../fonts/font-cache.js';
import { cachedFontMarker } from '../../engines/fontkit-cached-font.js';

/** One pdfmake family: the files used for regular and bold text. */
export interface Family {
  readonly name: string;
  readonly regular: string;
  readonly bold: string;
}

export interface RoleFaces {
  readonly main: Family;
  readonly fallback?: Family;
}

export type DocFonts = Readonly<Record<FontRole, RoleFaces>>;

type PdfmakeFonts = Record<string, { normal: string; bold: string; italics: string; bolditalics: string }>;

// pdfmake reads fonts through its virtual file system by key; the key's bytes are
// the cache marker of the file, so pdfkit gets the already parsed font.
// (or, with the engine patches off, the file's own bytes under another key)
const vfsKey = (path: string): string => `bdpdf-font${cachedFontMarker(path) ? '' : '-file:'}${path}`;
const registeredKeys = new Set<string>();

function registerFile(path: string): string {
  const key = vfsKey(path);
  if (!registeredKeys.has(key)) {
    pdfmake.virtualfs.writeFileSync(key, fontMarker(path));
    registeredKeys.add(key);
  }
  return key;
}

function family(name: string, files: { regular: string; bold?: string }): Family {
  // "bold falls back to regular" (IR): no synthetic emboldening.
  return { name, regular: files.regular, bold: files.bold ?? files.regular };
}

export function docFonts(fonts: Readonly<Record<FontRole, FontFace>>): DocFonts {
  const out = {} as Record<FontRole, RoleFaces>;
  for (const role of Object.keys(fonts).sort() as FontRole[]) {
    const face = fonts[role];
    // a template set's own files may have been replaced since the last document
    if (face.declaredAt) for (const file of [face.pdf.regular, face.pdf.bold]) if (file) forgetIfChanged(file);
    out[role] = {
      main: family(role, face.pdf),
      ...(face.fallback ? { fallback: family(`${role}-fallback`, face.fallback) } : {}),
    };
  }
  return out;
}

/**
 * A fresh pdfmake font table for one document: pdfmake's Printer rewrites the
 * table it is given, so it must never be shared between documents.
 */
export function pdfmakeFontTable(fonts: DocFonts): PdfmakeFonts {
  const table: PdfmakeFonts = {};
  for (const faces of Object.values(fonts)) {
    for (const f of [faces.main, faces.fallback]) {
      if (!f) continue;
      const normal = registerFile(f.regular);
      const bold = registerFile(f.bold);
      table[f.name] = { normal, bold, italics: normal, bolditalics: bold };
    }
  }
  return table;
}

export const fileOf = (f: Family, bold: boolean): string => (bold ? f.bold : f.regular);

export function hasGlyph(f: Family, bold: boolean, codePoint: number): boolean {
  return openFont(fileOf(f, bold)).hasGlyphForCodePoint(codePoint);
}

export const lineEm = (f: Family, bold: boolean): number => naturalLineEm(fileOf(f, bold));
