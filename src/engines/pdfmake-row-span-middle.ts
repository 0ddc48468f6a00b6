// pdfmake 0.3.11 centres a cell's text vertically in its row, but for a cell
// that spans rows it computes the height to centre in from y positions of
// two different coordinate systems (page and row block), and the text lands
// rows away from its cell. The renderer asks each cell for that height when
// it draws; this gives row-spanning cells the height of the rows they span,
// so merged cells are centred as in the DOCX and the original.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The cell fields pdfmake's table processor leaves for the renderer (page or block coordinates). */
interface LaidOutCell {
  rowSpan?: number;
  /** top of the cell's content in its first row */
  _rowTopPageY?: number;
  /** the page its first row is on */
  _lastPageNumber?: number;
  /** the cell in the last row the span covers, in the spanning cell's column */
  _leftEndingCell?: { _rowTopPageY?: number; _bottomY?: number; _lastPageNumber?: number };
}

interface VerticalAlignmentItem {
  cell?: LaidOutCell;
  getViewHeight(): number;
  getNodeHeight(): number;
}

/**
 * The height a row-spanning cell's content is centred in, or undefined when
 * its rows are not all on one page. `paddingBottom` is what pdfmake takes off
 * a row's bottom when rows may not break.
 */
export function spannedHeight(cell: LaidOutCell, paddingBottom: number): number | undefined {
  const last = cell._leftEndingCell;
  if (!cell.rowSpan || cell.rowSpan < 2 || !last) return undefined;
  const top = cell._rowTopPageY;
  const lastTop = last._rowTopPageY;
  const lastBottom = last._bottomY;
  if (typeof top !== 'number' || typeof lastTop !== 'number' || typeof lastBottom !== 'number') return undefined;
  if (cell._lastPageNumber !== last._lastPageNumber) return undefined;
  // Header rows are laid out together, so the last row's bottom is in the same
  // coordinates as the first row's top. A body row is laid out as a block of
  // its own, whose bottom is then its content height, from the row's top.
  return lastBottom > lastTop ? lastBottom + paddingBottom - top : lastTop - top + lastBottom;
}

/** Cell padding the PDF renderer's tables use (render/pdf/table.ts PAD_Y). */
export const TABLE_PADDING_BOTTOM = 2;

export function patchRowSpanMiddle(paddingBottom = TABLE_PADDING_BOTTOM): () => void {
  const Renderer = require('pdfmake/js/Renderer.js').default as {
    prototype: { beginVerticalAlignment(this: unknown, item: VerticalAlignmentItem): void };
  };
  const begin = Renderer.prototype.beginVerticalAlignment;
  Renderer.prototype.beginVerticalAlignment = function (item) {
    if (item.cell?.rowSpan && item.cell.rowSpan > 1) {
      // a span this cannot measure (one that runs onto the next page) keeps its text at the top
      const h = spannedHeight(item.cell, paddingBottom) ?? item.getNodeHeight();
      item.getViewHeight = () => h;
    }
    begin.call(this, item);
  };
  return () => {
    Renderer.prototype.beginVerticalAlignment = begin;
  };
}
