// Results as workbooks a bureau can sort and filter: `check --format xlsx`
// (every diagnostic, one row each) and a batch's summary.xlsx (one row per
// department, then its problems).
import type ExcelJS from 'exceljs';
import type { Diagnostic, Lang } from '../diagnostics/diagnostic.js';
import type { Summary } from './types.js';
import { fixedDates, markAsOutput, stableBytes } from '../model/workbook/write-workbook.js';

const where = (d: Diagnostic): string => d.cell ?? [d.line, d.column].filter((x) => x !== undefined).join(':');
const severity = (d: Diagnostic, lang: Lang): string => (lang === 'en' ? d.severity : d.severity === 'error' ? '错误' : '警告');

function sheet(wb: ExcelJS.Workbook, name: string, headers: string[], widths: number[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const h = ws.addRow(headers);
  h.font = { bold: true };
  h.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } }));
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  return ws;
}

const DIAGNOSTIC_HEADERS = { zh: ['文件', '位置', '级别', '代码', '问题', '提示'], en: ['file', 'place', 'severity', 'code', 'message', 'hint'] };

function addDiagnostics(ws: ExcelJS.Worksheet, ds: readonly Diagnostic[], lang: Lang, lead: (d: Diagnostic) => (string | number)[] = () => []): void {
  for (const d of ds) {
    const row = ws.addRow([...lead(d), d.file, where(d), severity(d, lang), d.code, d.message, d.hint ?? '']);
    row.alignment = { vertical: 'top', wrapText: true };
    if (d.severity === 'error') row.getCell(lead(d).length + 3).font = { color: { argb: 'FFC00000' }, bold: true };
  }
}

/** `check --format xlsx`: every diagnostic as a row. */
export async function reviewWorkbook(diagnostics: readonly Diagnostic[], lang: Lang = 'zh'): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  fixedDates(wb);
  markAsOutput(wb);
  const ws = sheet(wb, lang === 'en' ? 'problems' : '问题清单', DIAGNOSTIC_HEADERS[lang], [40, 16, 8, 28, 70, 50]);
  addDiagnostics(ws, diagnostics, lang);
  return stableBytes(wb);
}

/** A batch's summary.xlsx: 部门 (status, pages, time) and 问题 (each diagnostic with its department). */
export async function summaryWorkbook(summary: Summary, lang: Lang = 'zh'): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  fixedDates(wb);
  markAsOutput(wb);
  const zh = lang !== 'en';
  const status = { built: zh ? '已生成' : 'built', failed: zh ? '失败' : 'failed', skipped: zh ? '未变（跳过）' : 'skipped' };
  const deps = sheet(
    wb,
    zh ? '部门' : 'departments',
    zh
      ? ['部门', '文件', '状态', '错误', '警告', '页数', '用时（秒）', '输出']
      : ['name', 'file', 'status', 'errors', 'warnings', 'pages', 'seconds', 'outputs'],
    [30, 50, 12, 8, 8, 8, 10, 50],
  );
  for (const d of summary.departments) {
    const row = deps.addRow([
      d.name,
      d.file,
      status[d.status],
      d.diagnostics.filter((x) => x.severity === 'error').length,
      d.diagnostics.filter((x) => x.severity === 'warning').length,
      d.pages ?? null,
      Math.round(d.ms / 10) / 100,
      (d.outputs ?? []).join(', '),
    ]);
    row.getCell(7).numFmt = '0.00';
    if (d.status === 'failed') row.getCell(3).font = { color: { argb: 'FFC00000' }, bold: true };
  }
  const t = summary.totals;
  const total = deps.addRow([zh ? '合计' : 'total', '', `${t.built}/${t.departments}`, t.errors, t.warnings, t.pages, Math.round(t.ms / 10) / 100, '']);
  total.font = { bold: true };
  const problems = sheet(wb, zh ? '问题' : 'problems', [zh ? '部门' : 'department', ...DIAGNOSTIC_HEADERS[lang]], [30, 40, 16, 8, 28, 70, 50]);
  for (const d of summary.departments) addDiagnostics(problems, d.diagnostics, lang, () => [d.name]);
  return stableBytes(wb);
}
