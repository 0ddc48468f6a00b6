// The table of contents. pdfmake's own `toc` prints physical page numbers and
// cannot skip the cover, so entries are built here: each number is a pdfmake
// page reference whose target this module fills in once layout has placed the
// headings (pdfmake writes reference numbers only at render time, after layout
// and after the footers are made, so one layout pass is enough).
import type { TocLayout } from '../../document/toc-layout.js';
import type { DocFonts } from './fonts.js';
import type { DdNode } from './pdfmake-api.js';
import { styledText } from './runs.js';

export interface TocEntryRef {
  readonly headingId: string;
  /** the pdfmake text node holding the page number */
  readonly numberNode: DdNode;
}

const refId = (headingId: string): string => `bdpdf-page-of-${headingId}`;

/** The 目录 as the document layer decided it (toc-layout.ts), laid out as pdfmake nodes. */
export function tocNode(toc: TocLayout, fonts: DocFonts, refs: TocEntryRef[]): DdNode[] {
  const e = toc.entry;
  const style = { font: e.font, size: e.size, bold: e.bold, lineHeightPt: e.lineHeightPt };
  const rows = toc.lines.map((h) => {
    const entry = { text: styledText(h.text, style, fonts), linkToDestination: h.headingId, margin: [h.depth * e.indentPt, 0, 0, 0] };
    if (!toc.numbered) return [entry];
    // a line without its number keeps the column (none does today)
    if (!h.pageNumber) return [entry, ''];
    const numberNode: DdNode = {
      text: '0',
      // A reference to a name no node has: pdfmake then keeps an empty target
      // object that `fillTocNumbers` gives the printed page.
      pageReference: refId(h.headingId),
      font: fonts[e.font].main.name,
      fontSize: e.size,
      alignment: 'right',
    };
    if (e.lineHeightPt) numberNode.lineHeight = styledText('0', style, fonts)[0]!.lineHeight;
    // pdfmake points the number's link at the reference name; keep it on the heading.
    Object.defineProperty(numberNode, 'linkToDestination', {
      enumerable: true,
      get: () => h.headingId,
      set: () => undefined,
    });
    refs.push({ headingId: h.headingId, numberNode });
    return [entry, numberNode];
  });
  const t = toc.title.style;
  return [
    {
      text: styledText(toc.title.text, { font: t.font, size: t.size, bold: t.bold, lineHeightPt: t.lineHeightPt }, fonts),
      alignment: t.align,
      margin: [0, 0, 0, t.spaceAfterPt],
    },
    {
      // a dot leader is the DOCX's tab leader; the PDF keeps the plain gap it always had
      table: { widths: toc.numbered ? ['*', 'auto'] : ['*'], body: rows.length ? rows : [toc.numbered ? ['', ''] : ['']] },
      layout: 'noBorders',
    },
  ];
}

/** Gives every TOC number the printed page of its heading. */
export function fillTocNumbers(refs: readonly TocEntryRef[], printedPage: (headingId: string) => number | undefined): void {
  for (const ref of refs) {
    const target = (ref.numberNode._pageRef as { _nodeRef?: Record<string, unknown> } | undefined)?._nodeRef;
    const page = printedPage(ref.headingId);
    if (target && page !== undefined) target.positions = [{ pageNumber: page }];
  }
}
