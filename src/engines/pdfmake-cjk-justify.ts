// Justified lines that text extraction reads as words, not letter by letter.
// pdfmake justifies by spreading the line's slack evenly over every gap between
// inlines, and each CJK character is an inline: on a loose line (a number or
// "元，" that would not fit carried over) the gaps grow past a tenth of an em,
// where poppler and pdf.js start a new word, and "项目支出" extracts as
// "项 目 支 出". Here a loose line gives each gap between two CJK characters at
// most TIGHT em and puts the rest where CJK meets Latin letters, digits or a space,
// where extraction inserting a space harms no search (the reference text has
// one there) and Chinese typesetting puts extra space anyway. Lines whose even
// share stays under TIGHT em are justified exactly as stock pdfmake does.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** em: under poppler's word break (0.1 em) and pdf.js's (0.102 em) */
export const TIGHT = 0.08;

interface Inline {
  text: string;
  x: number;
  fontSize: number;
  alignment?: string;
  justifyShift?: number;
}
interface Line {
  inlines: Inline[];
  newLineForced?: boolean;
  lastLineInParagraph?: boolean;
  getWidth(): number;
}
interface Writer {
  context(): { availableWidth: number };
}

const CJK = /[\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\uff00-\uffef]/u;
const isCjk = (ch: string | undefined): boolean => ch !== undefined && CJK.test(ch);
const lastChar = (s: string): string | undefined => [...s].pop();
const firstChar = (s: string): string | undefined => [...s][0];

/** A gap that may widen: not between two CJK characters (Latin, digits or a space on one side). */
function isBoundary(prev: Inline, next: Inline): boolean {
  return !(isCjk(lastChar(prev.text)) && isCjk(firstChar(next.text)));
}

/**
 * The gap before each inline (index 0 is always 0) for a justified line with
 * `slack` points to spread, or undefined where stock pdfmake's even spread
 * keeps under TIGHT em (or no boundary can take the rest).
 */
export function justifyGaps(inlines: readonly Inline[], slack: number): number[] | undefined {
  const n = inlines.length - 1;
  if (n < 1 || slack <= 0) return undefined;
  const em = Math.min(...inlines.map((i) => i.fontSize));
  const cap = TIGHT * em;
  if (slack / n <= cap) return undefined;
  const boundary = inlines.map((inl, i) => i > 0 && isBoundary(inlines[i - 1]!, inl));
  const loose = boundary.filter(Boolean).length;
  if (loose === 0) return undefined;
  const tight = n - loose;
  const rest = (slack - tight * cap) / loose;
  return inlines.map((_, i) => (i === 0 ? 0 : boundary[i] ? rest : cap));
}

export function patchCjkJustify(): () => void {
  const ElementWriter = require('pdfmake/js/ElementWriter.js').default as {
    prototype: { alignLine(this: Writer, line: Line): void };
  };
  const alignLine = ElementWriter.prototype.alignLine;
  ElementWriter.prototype.alignLine = function (line) {
    const inlines = line.inlines;
    const justified = inlines?.length > 1 && inlines[0]!.alignment === 'justify' && !line.newLineForced && !line.lastLineInParagraph;
    const gaps = justified ? justifyGaps(inlines, this.context().availableWidth - line.getWidth()) : undefined;
    if (!gaps) return alignLine.call(this, line);
    let offset = 0;
    for (let i = 1; i < inlines.length; i++) {
      offset += gaps[i]!;
      inlines[i]!.x += offset;
      inlines[i]!.justifyShift = gaps[i]!;
    }
  };
  return () => {
    ElementWriter.prototype.alignLine = alignLine;
  };
}
