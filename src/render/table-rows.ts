// The minimum height of a table row, shared by the PDF and DOCX renderers so
// both paginate a table alike.
import type { Table } from '../ir/types.js';

/**
 * A body row is at least `rowHeightPt` high, but never more than two lines of
 * the table's font: layouts set one height for the header rows (the header's
 * merged labels), and taken as is for every row it kept a table set in a
 * smaller `font_size` as tall as before (it spilled onto a second page). At
 * the built-in 10 pt the two agree (20 pt), so those tables are unchanged.
 * Header rows keep `rowHeightPt` as given.
 */
export function minRowHeightPt(table: Table, row: number): number | undefined {
  if (table.rowHeightPt === undefined) return undefined;
  return row < table.headerRows ? table.rowHeightPt : Math.min(table.rowHeightPt, 2 * table.size);
}
