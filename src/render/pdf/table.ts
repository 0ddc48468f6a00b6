// IR tables list only the cells that start in a row (OOXML style); pdfmake
// wants a full grid with `{}` placeholders where a span covers a cell.
import type { Cell, Table } from '../../ir/types.js';
import type { DocFonts } from './fonts.js';
import type { DdNode } from './pdfmake-api.js';
import { styledText, tagInlines } from './runs.js';
import type { TableTag } from '../../engines/pdfmake-tagging.js';
import { minRowHeightPt } from '../table-rows.js';

const BORDER = 0.5;
const PAD_X = 2;
const PAD_Y = 2;

/** Places each IR cell on the grid; `undefined` marks a covered slot. */
export function expandGrid(table: Table): (Cell | undefined)[][] {
  const n = table.columns.length;
  const covered: boolean[][] = table.rows.map(() => new Array<boolean>(n).fill(false));
  const grid: (Cell | undefined)[][] = table.rows.map(() => new Array<Cell | undefined>(n).fill(undefined));
  table.rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (c < n && covered[r]![c]) c++;
      if (c >= n) throw new Error(`table row ${r}: more cells than columns`);
      const cs = cell.colSpan ?? 1;
      const rs = cell.rowSpan ?? 1;
      grid[r]![c] = cell;
      for (let dr = 0; dr < rs && r + dr < table.rows.length; dr++) {
        for (let dc = 0; dc < cs && c + dc < n; dc++) covered[r + dr]![c + dc] = true;
      }
      c += cs;
    }
  });
  return grid;
}

/**
 * Column content widths in points. pdfmake adds padding and rules outside
 * `widths`, so they are taken off before the relative widths are scaled.
 */
export function columnWidths(table: Table, textWidth: number): number[] {
  const n = table.columns.length;
  const room = textWidth - n * 2 * PAD_X - (n + 1) * BORDER;
  const total = table.columns.reduce((s, c) => s + c.width, 0);
  return table.columns.map((c) => (room * c.width) / total);
}

const layout = {
  hLineWidth: () => BORDER,
  vLineWidth: () => BORDER,
  hLineColor: () => 'black',
  vLineColor: () => 'black',
  paddingLeft: () => PAD_X,
  paddingRight: () => PAD_X,
  paddingTop: () => PAD_Y,
  paddingBottom: () => PAD_Y,
};

const borderless = { ...layout, hLineWidth: () => 0, vLineWidth: () => 0, paddingLeft: () => 0, paddingRight: () => 0 };

/** The table's cells for the structure tree: header rows' cells are TH. */
function tableTag(grid: (Cell | undefined)[][], headerRows: number): TableTag {
  return {
    kind: 'table',
    rows: grid.map((row, r) =>
      row.flatMap((cell, col) =>
        cell ? [{ col, header: r < headerRows, rowSpan: cell.rowSpan, colSpan: cell.colSpan }] : [],
      ),
    ),
  };
}

export function tableNode(table: Table, textWidth: number, fonts: DocFonts): DdNode {
  const grid = expandGrid(table);
  const tag = tableTag(grid, table.headerRows);
  const body = grid.map((row, r) =>
    row.map((cell, col): DdNode => {
      if (!cell) return {};
      const node: DdNode = {
        // an indented name (款/项 under their 类) keeps its leading ideographic spaces
        text: tagInlines(
          styledText(cell.text, { font: table.font, size: table.size, bold: cell.bold ?? false, ...(/^[\s\u3000]/.test(cell.text) ? { keepLeadingSpaces: true } : {}) }, fonts),
          { kind: 'cell', table: tag, row: r, col },
        ),
        alignment: cell.align ?? 'left',
        verticalAlignment: 'middle',
      };
      if ((cell.colSpan ?? 1) > 1) node.colSpan = cell.colSpan;
      if ((cell.rowSpan ?? 1) > 1) node.rowSpan = cell.rowSpan;
      return node;
    }),
  );
  const node: DdNode = {
    table: {
      widths: columnWidths(table, textWidth),
      headerRows: table.headerRows,
      dontBreakRows: !table.rowsMayBreak,
      body,
      ...(table.rowHeightPt ? { heights: (row: number) => minRowHeight(table, row) } : {}),
    },
    layout: table.borders === 'none' ? borderless : layout,
  };
  return node;
}

// pdfmake's `heights` is the row's outer height less padding; the IR's is a minimum.
function minRowHeight(table: Table, row: number): number | undefined {
  const min = minRowHeightPt(table, row);
  return min ? Math.max(0, min - 2 * PAD_Y - BORDER) : undefined;
}
