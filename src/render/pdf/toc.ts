// The table of contents. pdfmake's own `toc` prints physical page numbers and
// cannot skip the cover, so entries are built here: each number is a pdfmake
// page reference whose target this module fills in once layout has placed the
// headings (pdfmake writes reference numbers only at render time, after layout
// and after the footers are made, so one layout pass is enough).
import type { Heading, Section, TableOfContents, TocEntry } from '../../ir/types.js';
import type { DocFonts } from './fonts.js';
import type { DdNode } from './pdfmakeApi.js';
import { styledText } from './runs.js';

export interface TocEntryRef {
  readonly headingId: string;
  /** the pdfmake text node holding the page number */
  readonly numberNode: DdNode;
}

const refId = (headingId: string): string => `bdpdf-page-of-${headingId}`;

/** The entries the IR lists, or (none given) every heading marked for the TOC of a listed level. */
export function tocHeadings(sections: readonly Section[], toc: TableOfContents): TocEntry[] {
  if (toc.entries) return [...toc.entries];
  return sections.flatMap((s) =>
    s.blocks
      .filter((b): b is Heading => b.kind === 'heading' && b.toc && toc.levels.includes(b.level))
      .map((h) => ({ headingId: h.id, text: h.text, level: h.level })),
  );
}

export function tocNode(
  toc: TableOfContents,
  headings: readonly TocEntry[],
  fonts: DocFonts,
  refs: TocEntryRef[],
): DdNode[] {
  const style = { font: toc.font, size: toc.size, bold: false, lineHeightPt: toc.lineHeightPt };
  const numbered = toc.pageNumbers ?? true;
  const rows = headings.map((h) => {
    // one character of indent per level below the top listed level
    const indent = (h.level - Math.min(...toc.levels)) * toc.size;
    const entry = { text: styledText(h.text, style, fonts), linkToDestination: h.headingId, margin: [indent, 0, 0, 0] };
    if (!numbered) return [entry];
    const numberNode: DdNode = {
      text: '0',
      // A reference to a name no node has: pdfmake then keeps an empty target
      // object that `fillTocNumbers` gives the printed page.
      pageReference: refId(h.headingId),
      font: fonts[toc.font].main.name,
      fontSize: toc.size,
      alignment: 'right',
    };
    if (toc.lineHeightPt) numberNode.lineHeight = styledText('0', style, fonts)[0]!.lineHeight;
    // pdfmake points the number's link at the reference name; keep it on the heading.
    Object.defineProperty(numberNode, 'linkToDestination', {
      enumerable: true,
      get: () => h.headingId,
      set: () => undefined,
    });
    refs.push({ headingId: h.headingId, numberNode });
    return [entry, numberNode];
  });
  return [
    {
      text: styledText(toc.title, { ...style, size: toc.size + 6, bold: true }, fonts),
      alignment: 'center',
      margin: [0, 0, 0, toc.size],
    },
    {
      table: { widths: numbered ? ['*', 'auto'] : ['*'], body: rows.length ? rows : [numbered ? ['', ''] : ['']] },
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
