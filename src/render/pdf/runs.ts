// Turns IR runs into pdfmake text inlines. pdfmake has no glyph fallback (a
// missing glyph prints as a box and breaks text extraction), so a run is split
// wherever its face lacks a character and that stretch goes to the fallback face.
import type { FontRole, Run } from '../../ir/types.js';
import type { DocFonts, Family } from './fonts.js';
import { fileOf, hasGlyph, lineEm } from './fonts.js';
import { openFont } from '../../fonts/font-cache.js';
import { letterSpaced } from '../letter-spacing.js';
import type { DdNode } from './pdfmake-api.js';
import { ACTUAL_TEXT_KEY, TAG_KEY, type PdfTag } from '../../engines/pdfmake-tagging.js';

export interface RunStyle {
  readonly font: FontRole;
  readonly size: number;
  readonly bold: boolean;
  /** fixed baseline pitch, points */
  readonly lineHeightPt?: number;
  /** leading spaces are printed (an indented name), not dropped at the line start */
  readonly keepLeadingSpaces?: boolean;
}

function pickFamily(faces: DocFonts[FontRole], bold: boolean, codePoint: number): Family {
  if (!faces.fallback || hasGlyph(faces.main, bold, codePoint)) return faces.main;
  // Whitespace and controls stay with the main face: they need no glyph of their own.
  if (codePoint <= 0x20) return faces.main;
  return hasGlyph(faces.fallback, bold, codePoint) ? faces.fallback : faces.main;
}

// pdfmake looks up ~25 style properties for every inline (every CJK character
// is one) through the node stack; those with a value here end the look-up at
// the inline. They are pdfmake's defaults: nothing in the IR sets them.
const RESOLVED = {
  italics: false,
  characterSpacing: 0,
  color: 'black',
  opacity: 1,
  sup: false,
  sub: false,
  noWrap: false,
  preserveLeadingSpaces: false,
  preserveTrailingSpaces: false,
} as const;

function inline(text: string, fam: Family, style: RunStyle): DdNode {
  const node: DdNode = { text, font: fam.name, fontSize: style.size, bold: style.bold, ...RESOLVED };
  if (style.keepLeadingSpaces) node.preserveLeadingSpaces = true;
  // pdfmake's lineHeight multiplies the face's own height, so a fixed pitch is
  // divided by that face's height; each inline carries it because a line is as
  // tall as its tallest inline and fallback faces have other metrics.
  if (style.lineHeightPt) node.lineHeight = style.lineHeightPt / (style.size * lineEm(fam, style.bold));
  return node;
}

/** Inlines for one piece of text in one style, split at fallback boundaries. */
export function styledText(text: string, style: RunStyle, fonts: DocFonts): DdNode[] {
  const faces = fonts[style.font];
  // a label spaced out for print: its characters with the spaces' width between them, as one unbroken inline
  const spaced = letterSpaced(text);
  if (spaced && [...spaced.text].every((ch) => hasGlyph(faces.main, style.bold, ch.codePointAt(0)!))) {
    const font = openFont(fileOf(faces.main, style.bold));
    const gapPt = ([...spaced.gap].reduce((w, ch) => w + font.glyphForCodePoint(ch.codePointAt(0)!).advanceWidth, 0) / font.unitsPerEm) * style.size;
    // extraction reads glyphs half an em apart as two words: those labels say what they read as
    const wide = gapPt >= style.size * 0.3 ? { [ACTUAL_TEXT_KEY]: spaced.text } : {};
    return [{ ...inline(spaced.text, faces.main, style), characterSpacing: gapPt, noWrap: true, ...wide }];
  }
  const out: DdNode[] = [];
  let current: Family | undefined;
  let buf = '';
  for (const ch of text) {
    const fam = pickFamily(faces, style.bold, ch.codePointAt(0)!);
    if (fam !== current && buf) {
      out.push(inline(buf, current!, style));
      buf = '';
    }
    current = fam;
    buf += ch;
  }
  if (buf) out.push(inline(buf, current!, style));
  // An empty text still needs one inline so the line keeps its height.
  if (out.length === 0) out.push(inline('', faces.main, style));
  return out;
}

/** Inlines for a paragraph's runs; run fields default to the block's. */
export function runsToInlines(runs: readonly Run[], block: { font: FontRole; size: number; lineHeightPt?: number }, fonts: DocFonts): DdNode[] {
  return runs.flatMap((r) =>
    styledText(r.text, { font: r.font ?? block.font, size: r.size ?? block.size, bold: r.bold ?? false, lineHeightPt: block.lineHeightPt }, fonts),
  );
}

/** Names the structure element (tagged PDF) the inlines' lines belong to. */
export function tagInlines(inlines: DdNode[], tag: PdfTag): DdNode[] {
  for (const i of inlines) i[TAG_KEY] = tag;
  return inlines;
}
