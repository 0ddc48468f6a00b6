// The sheets of a tables workbook as plain grids: each cell's value as the
// clerk sees it (formulas by their saved result), merged ranges repeated over
// the cells they cover (a header merged across three columns names all three),
// with the master cell marked so a merged value is counted once.
import type ExcelJS from 'exceljs';
import { plainValue, type Plain } from '../../model/workbook/cells.js';

export interface GridCell {
  value: Plain;
  /** a cell covered by a merge whose value is its master's */
  slave?: boolean;
  problem?: 'formula_no_value' | 'error_value';
}

export interface SheetGrid {
  name: string;
  hidden: boolean;
  /** rows[r][c], 0-based; ragged */
  rows: GridCell[][];
}

export async function loadSheets(bytes: Uint8Array): Promise<SheetGrid[]> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => gridOf(ws));
}

function gridOf(ws: ExcelJS.Worksheet): SheetGrid {
  const rows: GridCell[][] = [];
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    const out: GridCell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      const p = plainValue(cell.value);
      const slave = cell.isMerged && cell.master.address !== cell.address;
      out[c - 1] = { value: p.value, ...(slave ? { slave: true } : {}), ...(p.problem ? { problem: p.problem } : {}) };
    });
    rows[r - 1] = out;
  });
  return { name: ws.name, hidden: ws.state !== 'visible', rows };
}

/** The text of a cell, trimmed (full-width spaces too); '' when empty. */
export function cellText(c: GridCell | undefined): string {
  const v = c?.value;
  if (v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
}
