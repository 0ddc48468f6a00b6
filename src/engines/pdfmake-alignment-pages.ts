// pdfmake centres a table cell's text by wrapping it in a saved graphics
// state (q … cm … Q), placed where the cell begins and ends. It skips that for
// a cell whose lines run over two pages, but judges by the lines alone: a cell
// of a row that breaks, whose lines all moved to the next page, begins on one
// page and ends on the other. The first page then keeps an open q and the
// next restores a state it never saved ("Restoring state when no valid states
// to pop"): poppler drops the rest of that page's text, and a print shop's
// preflight rejects the file. Once the layout is done, every begin/end pair
// that falls on two pages is marked as such, so neither draws.
import { createRequire } from 'node:module';

interface AlignmentItem {
  isCellContentMultiPage?: boolean;
}
interface PageItem {
  type: string;
  item: unknown;
}
interface LayoutBuilderLike {
  verticalAlignmentItemStack?: { begin: PageItem; end: PageItem }[];
}
type LayoutDocument = (this: LayoutBuilderLike, ...args: unknown[]) => { items: PageItem[] }[];

/** Marks alignment pairs whose begin and end are on different pages; returns how many. */
export function markSplitAlignments(pages: readonly { items: readonly PageItem[] }[], pairs: readonly { begin: PageItem; end: PageItem }[]): number {
  const pageOf = new Map<PageItem, number>();
  pages.forEach((p, i) => {
    for (const it of p.items) if (it.type === 'beginVerticalAlignment' || it.type === 'endVerticalAlignment') pageOf.set(it, i);
  });
  let marked = 0;
  for (const { begin, end } of pairs) {
    const a = pageOf.get(begin);
    const b = pageOf.get(end);
    if (a === undefined || b === undefined || a === b) continue;
    (begin.item as AlignmentItem).isCellContentMultiPage = true;
    (end.item as AlignmentItem).isCellContentMultiPage = true;
    marked++;
  }
  return marked;
}

export function patchAlignmentPages(): () => void {
  const LayoutBuilder = createRequire(import.meta.url)('pdfmake/js/LayoutBuilder.js').default as { prototype: { layoutDocument: LayoutDocument } };
  const layoutDocument = LayoutBuilder.prototype.layoutDocument;
  LayoutBuilder.prototype.layoutDocument = function (...args) {
    const pages = layoutDocument.apply(this, args);
    const pairs = this.verticalAlignmentItemStack;
    if (!Array.isArray(pairs)) throw new Error('pdfmake LayoutBuilder has no verticalAlignmentItemStack');
    markSplitAlignments(pages, pairs);
    return pages;
  };
  return () => {
    LayoutBuilder.prototype.layoutDocument = layoutDocument;
  };
}
