// An xlsx catalogue: the first sheet, cells as the clerk sees them. exceljs
// is large (a second to load cold), so it is imported only when a bureau
// actually has an xlsx catalogue for the year being built.
import { tr, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';
import type { CatalogueTable, TableCell } from './table-rows.js';
import { checkXlsx } from '../source/zip-check.js';

/** A cell's value as text: numbers as typed (codes are often stored as numbers), rich text and formula results flattened. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return cellText(o.result);
    if (o.text !== undefined) return cellText(o.text);
    if (o.error) return o.error;
  }
  return String(v);
}

export async function xlsxTable(file: string, bytes: Uint8Array, lang: Lang): Promise<CatalogueTable | { problem: Diagnostic }> {
  const unreadable = (why: string): { problem: Diagnostic } => ({
    problem: {
      severity: 'error',
      code: 'catalogue.unreadable',
      message: tr(lang, `无法读取这个 Excel 文件：${why}`, `cannot read this Excel file: ${why}`),
      hint: tr(lang, '用 Excel 或 WPS 打开后“另存为”.xlsx，或另存为 CSV（UTF-8）', 'open it in Excel or WPS and save it again as .xlsx, or as CSV (UTF-8)'),
      file,
    },
  });
  // bounded and identified before exceljs inflates anything (src/source/zip-check.ts)
  const notWorkbook = checkXlsx(file, bytes, lang, 'catalogue');
  if (notWorkbook) return { problem: notWorkbook };
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    // the library's own sentence (English, a URL) is not the clerk's
    return unreadable(tr(lang, '它的内容已损坏或不是 Excel 保存的格式', 'its content is damaged or not in the form Excel saves'));
  }
  const sheet = wb.worksheets[0];
  if (!sheet) return unreadable(tr(lang, '没有工作表', 'it has no sheet'));
  // sheet names with spaces or punctuation are quoted in a reference, as Excel writes them
  const sheetRef = /^[\p{L}\p{N}_]+$/u.test(sheet.name) ? sheet.name : `'${sheet.name.replace(/'/g, "''")}'`;
  const rows: TableCell[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row, r) => {
    const cells: TableCell[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, 1); c++) {
      const cell = row.getCell(c);
      cells.push({ text: cellText(cell.value), place: { file, line: r, column: c }, ref: `${sheetRef}!${cell.address}` });
    }
    rows.push(cells);
  });
  return { file, rows, start: { file, line: 1, column: 1 } };
}
