// `--format xlsx`: the disclosure's tables as a workbook, one sheet per table
// of the IR, headers merged as printed, figures as numbers in the format they
// print with (1,234.56 → #,##0.00), as many sites publish them beside the PDF.
import type { Cell, DocumentIR, Table } from '../../ir/types.js';
import { fixedDates, markAsOutput, stableBytes } from '../../model/workbook/write-workbook.js';

/** A printed figure as a number and its Excel format; anything else stays text. */
export function printedNumber(text: string): { value: number; numFmt: string } | undefined {
  const m = /^(-?)([\d,]+)(?:\.(\d+))?(%?)$/.exec(text.trim());
  if (!m || (m[2]!.includes(',') && !/^\d{1,3}(,\d{3})+$/.test(m[2]!))) return undefined;
  // codes (2080101) and years print without separators and are not amounts: kept as text
  if (!m[3] && !m[2]!.includes(',') && !m[4]) return undefined;
  const decimals = m[3]?.length ?? 0;
  const n = Number(`${m[1]}${m[2]!.replace(/,/g, '')}${m[3] ? `.${m[3]}` : ''}`);
  const body = `${m[2]!.includes(',') ? '#,##0' : '0'}${decimals ? `.${'0'.repeat(decimals)}` : ''}`;
  return m[4] ? { value: n / 100, numFmt: `${body}%` } : { value: n, numFmt: body };
}

/** Every table with its title: the paragraph or heading printed just before it. */
export function tablesOf(doc: DocumentIR): { title: string; table: Table }[] {
  const out: { title: string; table: Table }[] = [];
  for (const s of doc.sections) {
    let title = '';
    for (const b of s.blocks) {
      if (b.kind === 'paragraph')
        title =
          b.runs
            .map((r) => r.text)
            .join('')
            .trim() || title;
      else if (b.kind === 'heading') title = b.text;
      else if (b.kind === 'table' && b.borders !== 'none') out.push({ title, table: b });
    }
  }
  return out;
}

const sheetName = (n: number, title: string, used: Set<string>): string => {
  const base = `${n} ${title.replace(/[\\/?*[\]:]/g, '')}`.slice(0, 31).trim();
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base.slice(0, 28)}(${i})`;
  used.add(name);
  return name;
};

export async function tablesWorkbook(doc: DocumentIR): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  fixedDates(wb);
  markAsOutput(wb);
  const used = new Set<string>();
  tablesOf(doc).forEach(({ title, table }, i) => {
    const ws = wb.addWorksheet(sheetName(i + 1, title, used), { views: [{ state: 'frozen', ySplit: table.headerRows + 1 }] });
    const cols = table.columns.length;
    const totalWidth = table.columns.reduce((a, c) => a + c.width, 0);
    table.columns.forEach((c, j) => (ws.getColumn(j + 1).width = Math.max(6, Math.round((c.width / totalWidth) * 120))));
    ws.getCell(1, 1).value = title;
    ws.getCell(1, 1).font = { bold: true, size: 14 };
    ws.getCell(1, 1).alignment = { horizontal: 'center' };
    if (cols > 1) ws.mergeCells(1, 1, 1, cols);
    // cells covered by a span from above are left out of a row, as in the IR
    const taken: boolean[][] = [];
    table.rows.forEach((row: readonly Cell[], r) => {
      let c = 0;
      for (const cell of row) {
        while (taken[r]?.[c]) c++;
        const rs = cell.rowSpan ?? 1;
        const cs = cell.colSpan ?? 1;
        for (let dr = 0; dr < rs; dr++) for (let dc = 0; dc < cs; dc++) (taken[r + dr] ??= [])[c + dc] = true;
        const x = ws.getCell(r + 2, c + 1);
        const num = r >= table.headerRows ? printedNumber(cell.text) : undefined;
        if (num) {
          x.value = num.value;
          x.numFmt = num.numFmt;
        } else x.value = cell.text;
        x.alignment = {
          horizontal: num ? 'right' : ((cell.align === 'justify' ? 'left' : cell.align) ?? (r < table.headerRows ? 'center' : 'left')),
          vertical: 'middle',
          wrapText: true,
        };
        if (cell.bold || r < table.headerRows) x.font = { bold: true };
        x.border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
        if (rs > 1 || cs > 1) ws.mergeCells(r + 2, c + 1, r + 1 + rs, c + cs);
        c += cs;
      }
    });
  });
  return stableBytes(wb);
}
