// A table's grid as both renderers and the print audit see it: IR rows list
// only the cells that start in them (as OOXML does); the grid puts each on
// its column, with the rows it spans.
import type { Cell, Table } from '../ir/types.js';

/** One grid slot: the IR cell that starts here, with the rows it spans after any cut. */
export interface Slot {
  readonly cell: Cell;
  readonly rowSpan: number;
  /** a label repeated where its span was cut (not the cell's first appearance) */
  readonly repeat: boolean;
}

/** The table's grid: a slot where a cell starts, null where a span covers the place. */
export type SlotGrid = (Slot | null)[][];

/** Places each IR cell on the grid (IR rows list only the cells that start there). */
export function slotGrid(table: Table): SlotGrid {
  const n = table.columns.length;
  const covered: boolean[][] = table.rows.map(() => new Array<boolean>(n).fill(false));
  const grid: SlotGrid = table.rows.map(() => new Array<Slot | null>(n).fill(null));
  table.rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (c < n && covered[r]![c]) c++;
      if (c >= n) throw new Error(`table row ${r}: more cells than columns`);
      const cs = cell.colSpan ?? 1;
      const rs = Math.min(cell.rowSpan ?? 1, table.rows.length - r);
      grid[r]![c] = { cell, rowSpan: rs, repeat: false };
      for (let dr = 0; dr < rs; dr++) {
        for (let dc = 0; dc < cs && c + dc < n; dc++) covered[r + dr]![c + dc] = true;
      }
      c += cs;
    }
  });
  return grid;
}
