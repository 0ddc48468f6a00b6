// Tables workbooks as arrays of rows (merged cells repeated), to change a cell,
// move a header or retype a sheet as a document prints it, and written back.
import ExcelJS from 'exceljs';

export interface PlainSheet {
  name: string;
  rows: (string | number | null)[][];
  /** ranges to merge, 1-based [top, left, bottom, right] */
  merges?: [number, number, number, number][];
}

export async function sheetsOf(bytes: Uint8Array): Promise<PlainSheet[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const rows: (string | number | null)[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, r) => {
      const out: (string | number | null)[] = [];
      row.eachCell({ includeEmpty: true }, (c, i) => {
        const v = c.value;
        out[i - 1] = v === null || v === undefined ? null : typeof v === 'number' || typeof v === 'string' ? v : String(v);
      });
      rows[r - 1] = out;
    });
    return { name: ws.name, rows: Array.from({ length: rows.length }, (_, i) => rows[i] ?? []) };
  });
}

export async function workbookOf(sheets: PlainSheet[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((row, r) => row.forEach((v, c) => v !== null && v !== undefined && v !== '' && (ws.getCell(r + 1, c + 1).value = v)));
    for (const [t, l, b, rr] of s.merges ?? []) ws.mergeCells(t, l, b, rr);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
