// Page geometry and the printed page numbers. Printed numbers count from 1 at
// the first page of the first section with a footer (the cover is not counted);
// the physical page of that section is read from the positions pdfmake records
// on its content node during layout.
import type { Footer, Section } from '../../ir/types.js';
import type { DdNode } from './pdfmake-api.js';
import { tagInlines } from './runs.js';

const A4 = { width: 595.28, height: 841.89 };
/** GB/T 9704: the page number's rule sits 7 mm below the text block. */
const FOOTER_GAP = (7 / 25.4) * 72;

export function pageSize(section: Section): { width: number; height: number } {
  return section.page.orientation === 'landscape' ? { width: A4.height, height: A4.width } : { ...A4 };
}

export function textBox(section: Section): { width: number; height: number } {
  const p = pageSize(section);
  const m = section.margins;
  return { width: p.width - m.left - m.right, height: p.height - m.top - m.bottom };
}

type Positioned = { positions?: { pageNumber: number }[] };

/** First physical page a laid-out node was placed on. */
export const physicalPage = (node: DdNode): number | undefined => (node as Positioned).positions?.[0]?.pageNumber;

/** Style name on footer nodes so the keep-with-next check can ignore them. */
export const FOOTER_STYLE = 'bdpdf-footer';

export function footerNode(footer: Footer, section: Section, number: number, text: (s: string) => DdNode[]): DdNode {
  return {
    text: tagInlines(text(`${footer.before}${number}${footer.after}`), { kind: 'artifact', type: 'Pagination' }),
    alignment: footer.align,
    margin: [section.margins.left, FOOTER_GAP, section.margins.right, 0],
    style: FOOTER_STYLE,
  };
}
