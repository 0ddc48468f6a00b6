// Paragraphs and headings: IR runs → docx runs, spacing and indents.
import { Bookmark, HeadingLevel, LineRuleType, Paragraph, TextRun } from 'docx';
import type { FontRole, Heading, Paragraph as IrParagraph } from '../../ir/types.js';
import type { FontTable } from './fonts.js';
import type { TextStyles } from './text-styles.js';
import { alignment, halfPoints, twips } from './units.js';
import { docxGapEm, letterSpaced } from '../letter-spacing.js';

/** A label spaced out for print as its characters with character spacing (w:spacing, twips) the width of the spaces. */
function spacedOut(text: string, size: number): { text: string; characterSpacing?: number } {
  const spaced = letterSpaced(text);
  return spaced ? { text: spaced.text, characterSpacing: twips(docxGapEm(spaced.gap) * size) } : { text };
}

type Spacing = { before?: number; after?: number; line?: number; lineRule?: (typeof LineRuleType)[keyof typeof LineRuleType] };

export function spacing(lineHeightPt?: number, beforePt?: number, afterPt?: number): Spacing {
  const s: Spacing = {};
  // "exact" keeps the 公文 grid pitch whatever each face's ascent/descent says.
  if (lineHeightPt !== undefined) Object.assign(s, { line: twips(lineHeightPt), lineRule: LineRuleType.EXACT });
  // Always written so Word's and LibreOffice's style defaults never add space.
  s.before = twips(beforePt ?? 0);
  s.after = twips(afterPt ?? 0);
  return s;
}

export interface RunStyle {
  readonly font: FontRole;
  readonly size: number;
  readonly bold?: boolean;
}

/** A run with every property written: for paragraphs without a text style (headings, the TOC title). */
export function textRun(text: string, style: RunStyle, fonts: FontTable): TextRun {
  return new TextRun({
    ...spacedOut(text, style.size),
    font: fonts[style.font],
    size: halfPoints(style.size),
    sizeComplexScript: halfPoints(style.size),
    // Written false explicitly too: heading styles would otherwise make it bold.
    bold: style.bold ?? false,
    boldComplexScript: style.bold ?? false,
    color: '000000',
  });
}

/** A run inside a paragraph whose text style is `base`: only what differs from it is written. */
export function styledRun(text: string, style: RunStyle, base: RunStyle, fonts: FontTable, breakBefore = false): TextRun {
  const size = style.size !== base.size ? halfPoints(style.size) : undefined;
  const bold = (style.bold ?? false) !== (base.bold ?? false) ? (style.bold ?? false) : undefined;
  return new TextRun({
    ...spacedOut(text, style.size),
    font: style.font !== base.font ? fonts[style.font] : undefined,
    size,
    sizeComplexScript: size,
    bold,
    boldComplexScript: bold,
    break: breakBefore ? 1 : undefined,
  });
}

/** Spacing a text-styled paragraph needs beyond its style's (which has none before or after). */
export function styledSpacing(lineHeightPt?: number, beforePt?: number, afterPt?: number): Spacing | undefined {
  return lineHeightPt === undefined && !beforePt && !afterPt ? undefined : spacing(lineHeightPt, beforePt, afterPt);
}

export function paragraph(p: IrParagraph, text: TextStyles, pageBreakBefore = false): Paragraph {
  const chars = p.firstLineIndentChars;
  return new Paragraph({
    style: text.id(p),
    children: p.runs.map((r) => styledRun(r.text, { font: r.font ?? p.font, size: r.size ?? p.size, bold: r.bold }, p, text.fonts)),
    alignment: alignment(p.align),
    spacing: styledSpacing(p.lineHeightPt, p.spaceBeforePt, p.spaceAfterPt),
    // firstLineChars (hundredths of a character) is what Word honours; the twips
    // value is the fallback for readers that ignore *Chars attributes.
    indent: chars ? { firstLineChars: Math.round(chars * 100), firstLine: twips(chars * p.size) } : undefined,
    keepNext: p.keepWithNext,
    pageBreakBefore: pageBreakBefore || undefined,
  });
}

const HEADING_STYLE = {
  1: HeadingLevel.HEADING_1,
  2: HeadingLevel.HEADING_2,
  3: HeadingLevel.HEADING_3,
} as const;

/**
 * Bookmark names must be at most 40 characters of letters, digits and
 * underscores; the heading id is kept readable inside that alphabet.
 */
export function bookmarkName(headingId: string): string {
  return `_Toc_${headingId.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 40);
}

/** What most headings of a level look like: its Heading style carries it. */
export interface HeadingFace extends RunStyle {
  readonly align?: Heading['align'];
  readonly lineHeightPt?: number;
  readonly spaceBeforePt?: number;
  readonly spaceAfterPt?: number;
}
export type HeadingFaces = Partial<Record<Heading['level'], HeadingFace>>;

const faceOf = (h: Heading): HeadingFace => ({
  font: h.font,
  size: h.size,
  bold: h.bold ?? false,
  align: h.align,
  lineHeightPt: h.lineHeightPt,
  spaceBeforePt: h.spaceBeforePt ?? 0,
  spaceAfterPt: h.spaceAfterPt ?? 0,
});
const paragraphKey = (f: HeadingFace): string => `${f.align}|${f.lineHeightPt}|${f.spaceBeforePt ?? 0}|${f.spaceAfterPt ?? 0}`;

/** The faces of the headings a TOC lists (the others are no TOC's headings: their own style). */
export function headingFaces(headings: readonly Heading[]): HeadingFaces {
  const out: HeadingFaces = {};
  for (const level of [1, 2, 3] as const) {
    const counts = new Map<string, { face: HeadingFace; n: number }>();
    for (const h of headings) {
      if (h.level !== level) continue;
      const face = faceOf(h);
      const key = `${face.font}|${face.size}|${face.bold}|${paragraphKey(face)}`;
      const c = counts.get(key) ?? { face, n: 0 };
      c.n++;
      counts.set(key, c);
    }
    // the most common; on a tie the first met, so the choice follows the document
    let best: { face: HeadingFace; n: number } | undefined;
    for (const c of counts.values()) if (!best || c.n > best.n) best = c;
    if (best) out[level] = best.face;
  }
  return out;
}

/** The style of headings no TOC lists: no outline level, so a TOC field's update leaves them out. */
export const UNLISTED_HEADING_STYLE = 'HeadingNotInToc';

export function heading(h: Heading, fonts: FontTable, faces: HeadingFaces, pageBreakBefore = false, listed = true): Paragraph {
  const face = listed ? faces[h.level] : undefined;
  // a heading like its level's others takes alignment and spacing from the style
  const asStyle = face !== undefined && paragraphKey(face) === paragraphKey(faceOf(h));
  return new Paragraph({
    // The built-in HeadingN style is what makes the TOC field (\o) find it;
    // it also carries the level's usual face and spacing, so restyling a level
    // in Word is one style; a heading unlike the others (a table's title) says how.
    ...(listed ? { heading: HEADING_STYLE[h.level] } : { style: UNLISTED_HEADING_STYLE }),
    children: [new Bookmark({ id: bookmarkName(h.id), children: [face ? styledRun(h.text, h, face, fonts) : textRun(h.text, h, fonts)] })],
    alignment: asStyle ? undefined : alignment(h.align),
    spacing: asStyle ? undefined : spacing(h.lineHeightPt, h.spaceBeforePt, h.spaceAfterPt),
    // A heading never ends a page; the style says so too but Word users restyle.
    keepNext: true,
    keepLines: true,
    pageBreakBefore: pageBreakBefore || undefined,
  });
}
