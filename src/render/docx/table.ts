// Tables. The IR lists only the cells that start in each row; OOXML wants
// every row to carry a cell for each grid position a vertical merge passes
// through. docx's own rowSpan inserts those continuation cells but can put
// them in the wrong place when a rowSpan cell is followed by a colSpan cell in
// the same row, so this module writes vMerge restart/continue cells itself and
// never hands docx a rowSpan.
import { BorderStyle, HeightRule, Paragraph, Table, TableCell, TableLayoutType, TableRow, VerticalAlignTable, VerticalMergeType, WidthType } from 'docx';
import type { Cell, Table as IrTable } from '../../ir/types.js';
import { styledRun } from './paragraphs.js';
import type { TextStyles } from './text-styles.js';
import { alignment, twips } from './units.js';
import { minRowHeightPt } from '../table-rows.js';

/** Relative widths scaled to the text width; rounding goes to the last column so the sum is exact. */
export function columnWidths(table: IrTable, textWidthTwips: number): number[] {
  const total = table.columns.reduce((s, c) => s + c.width, 0);
  const widths = table.columns.map((c) => Math.floor((c.width / total) * textWidthTwips));
  const rest = textWidthTwips - widths.reduce((s, w) => s + w, 0);
  widths[widths.length - 1]! += rest;
  return widths;
}

/** One entry per grid position that gets a <w:tc>: either an IR cell or the continuation of one above. */
export type GridCell =
  | { readonly kind: 'cell'; readonly cell: Cell; readonly col: number; readonly colSpan: number; readonly merged: boolean }
  | { readonly kind: 'continue'; readonly origin: Cell; readonly col: number; readonly colSpan: number };

/** Lays the IR rows onto the column grid, adding the vMerge continuation cells. */
export function gridRows(table: IrTable): GridCell[][] {
  const n = table.columns.length;
  // For each column: the cell merging down into it and how many more rows it covers.
  const down = new Array<{ cell: Cell; col: number; colSpan: number; left: number } | undefined>(n).fill(undefined);
  return table.rows.map((row, r) => {
    const out: GridCell[] = [];
    let next = 0;
    let col = 0;
    while (col < n) {
      const above = down[col];
      if (above && above.left > 0 && above.col === col) {
        out.push({ kind: 'continue', origin: above.cell, col, colSpan: above.colSpan });
        above.left -= 1;
        col += above.colSpan;
        continue;
      }
      const cell = row[next++];
      if (!cell) throw new Error(`table row ${r}: cells cover ${col} of ${n} columns`);
      const colSpan = Math.max(1, cell.colSpan ?? 1);
      const rowSpan = Math.max(1, cell.rowSpan ?? 1);
      out.push({ kind: 'cell', cell, col, colSpan, merged: rowSpan > 1 });
      const entry = rowSpan > 1 ? { cell, col, colSpan, left: rowSpan - 1 } : undefined;
      for (let c = col; c < col + colSpan; c++) down[c] = entry;
      col += colSpan;
    }
    if (next !== row.length) throw new Error(`table row ${r}: ${row.length - next} cells beyond ${n} columns`);
    return out;
  });
}

const LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' }; // size is in eighths of a point: 0.5 pt
/** 2 pt in twips. */
const CELL_PAD = twips(2);
const NONE = { style: BorderStyle.NONE, size: 0, color: 'auto' };

export function table(t: IrTable, textWidthTwips: number, text: TextStyles): Table {
  const widths = columnWidths(t, textWidthTwips);
  const spanWidth = (col: number, span: number): number => widths.slice(col, col + span).reduce((s, w) => s + w, 0);
  const b = t.borders === 'none' ? NONE : LINE;
  // Without a minimum height LibreOffice clips narrow merged header cells on
  // continuation pages; two lines of the table's size is the fallback.
  const headerMin = t.rowHeightPt ?? t.size * 2;

  // The table's text style sizes the paragraph mark too: an empty cell would
  // otherwise be one line of the document default (16 pt) high, making rows
  // with an empty cell taller than the others.
  const style = text.id(t);
  const cellParagraph = (cell: Cell | undefined): Paragraph =>
    new Paragraph({
      style,
      // a line break in the text (the 绩效表's goal, one item a line) is a
      // <w:br/>: Word and LibreOffice read a newline inside <w:t> as a space
      children: (cell?.text ? cell.text.split('\n') : []).map((line, i) =>
        styledRun(line, { font: t.font, size: t.size, bold: cell!.bold }, t, text.fonts, i > 0),
      ),
      alignment: alignment(cell?.align ?? 'left'),
    });

  const rows = gridRows(t).map((cells, r) => {
    const header = r < t.headerRows;
    const minHeight = header ? headerMin : minRowHeightPt(t, r);
    return new TableRow({
      tableHeader: header || undefined,
      cantSplit: !t.rowsMayBreak,
      height: minHeight !== undefined ? { value: twips(minHeight), rule: HeightRule.ATLEAST } : undefined,
      children: cells.map(
        (g) =>
          new TableCell({
            children: [cellParagraph(g.kind === 'cell' ? g.cell : undefined)],
            columnSpan: g.colSpan > 1 ? g.colSpan : undefined,
            verticalMerge: g.kind === 'continue' ? VerticalMergeType.CONTINUE : g.merged ? VerticalMergeType.RESTART : undefined,
            width: { size: spanWidth(g.col, g.colSpan), type: WidthType.DXA },
            verticalAlign: VerticalAlignTable.CENTER,
          }),
      ),
    });
  });

  return new Table({
    rows,
    columnWidths: widths,
    width: { size: textWidthTwips, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    // The PDF renderer's 2 pt padding on every side. The vertical padding also
    // keeps the rows far enough apart (pitch ≥ 1.5 × the font size) that a PDF
    // text extractor reads each row as its own line instead of merging one
    // column's cells into a block read top to bottom.
    margins: { left: CELL_PAD, right: CELL_PAD, top: CELL_PAD, bottom: CELL_PAD },
    borders: { top: b, bottom: b, left: b, right: b, insideHorizontal: b, insideVertical: b },
  });
}
