// Translates IR paragraphs and headings into pdfmake text nodes.
import type { Heading, Paragraph } from '../../ir/types.js';
import type { DocFonts } from './fonts.js';
import type { DdNode } from './pdfmake-api.js';
import { runsToInlines, styledText, tagInlines } from './runs.js';

/**
 * Marks a node that a page break must not separate from the next one. pdfmake
 * hands only a few node fields to its page-break hook, `headlineLevel` among
 * them, so the mark carries the node's line pitch (points × 100, an integer),
 * which the hook needs.
 */
export const keepMark = (pitchPt: number): number => Math.max(1, Math.round(pitchPt * 100));
export const keepPitch = (mark: number | undefined): number | undefined => (mark ? mark / 100 : undefined);
const pitchOf = (b: { size: number; lineHeightPt?: number }): number => b.lineHeightPt ?? b.size * 1.5;

const margin = (b: { spaceBeforePt?: number; spaceAfterPt?: number }): number[] => [0, b.spaceBeforePt ?? 0, 0, b.spaceAfterPt ?? 0];

export function paragraphNode(p: Paragraph, fonts: DocFonts): DdNode {
  const inlines = tagInlines(runsToInlines(p.runs, p, fonts), { kind: 'block', role: 'P' });
  // pdfmake 0.3 has a first-line indent (`leadingIndent`, read from the first
  // inline), so no ideographic spaces need to be put into the text.
  if (p.firstLineIndentChars && inlines[0]) inlines[0].leadingIndent = p.firstLineIndentChars * p.size;
  const node: DdNode = { text: inlines, alignment: p.align, margin: margin(p) };
  if (p.keepWithNext) node.headlineLevel = keepMark(pitchOf(p));
  return node;
}

export function headingNode(h: Heading, fonts: DocFonts, outlineParentId: string | undefined): DdNode {
  const node: DdNode = {
    text: tagInlines(styledText(h.text, { font: h.font, size: h.size, bold: h.bold ?? false, lineHeightPt: h.lineHeightPt }, fonts), {
      kind: 'block',
      role: `H${h.level}`,
    }),
    alignment: h.align,
    margin: margin(h),
    // The id is the named destination TOC entries link to; positions recorded
    // on this node give the heading's page.
    id: h.id,
    // A heading is never left alone at the foot of a page.
    headlineLevel: keepMark(pitchOf(h)),
  };
  node.outline = true;
  // titles spaced out for print (项 目 支 出 绩 效 目 标 表) read whole in the outline
  const text = h.outlineText ?? h.text;
  node.outlineText = /^(?:\p{Script=Han}\s+)+\p{Script=Han}$/u.test(text) ? text.replace(/\s+/g, '') : text;
  if (outlineParentId) node.outlineParentId = outlineParentId;
  return node;
}
