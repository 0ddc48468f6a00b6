// Departments as workbooks (src/workbook): the sample's round trip, builds
// byte-identical to YAML's, every sheet read, each workbook mistake at its
// cell, and the workbooks the tool writes (tables, review, summary, fill-in).
import { readFileSync } from 'node:fs';
import { describe, it, expect, beforeAll } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'yaml';
import { build } from '../src/build.js';
import { parseYamlSource } from '../src/source/yaml-source.js';
import { validateDepartment } from '../src/model/validate.js';
import { loadTemplateSet } from '../src/templates/load.js';
import type { TemplateSet } from '../src/templates/load.js';
import { yamlToWorkbook, workbookToYaml } from '../src/workbook/convert.js';
import { readDepartmentSource, validateDepartmentSource } from '../src/model/department-source.js';
import { SHEETS, LISTS_SHEET } from '../src/model/workbook/layout.js';
import { amountText } from '../src/model/workbook/cells.js';
import { tablesWorkbook, printedNumber } from '../src/render/xlsx/tables-xlsx.js';
import { reviewWorkbook, summaryWorkbook } from '../src/batch/report-xlsx.js';
import { fillInWorkbook } from '../src/workbook/fill-in.js';
import { catalogueLayers } from '../src/catalogue/layers.js';
import { formatDiagnostic, type Diagnostic } from '../src/diagnostics/diagnostic.js';
import type { Summary } from '../src/batch/types.js';

const samplePath = 'data/hotan-social-insurance-2020.yaml';
const sampleText = readFileSync(samplePath, 'utf8');

/** The sample plus every part of the model it does not use. */
const richText = `${sampleText}
expenditure_types:
  - { key: reserve, name: 单位预留机动经费 }
units:
  - id: school1
    name: 第一学校
    type: 事业
    code: "000123"
    income: { general_budget: 10.5, carryover: { general_budget: 1, government_fund: 2.25 } }
    expenditure:
      - { code: "2080101", fund: government_fund, basic: 3, types: { reserve: 1.5 } }
    basic_by_economic:
      - { code: "30299", amount: 3, personnel: 1 }
project_listing: partial
project_count: 9
performance:
  unit_code: "001"
  period: 2020 年
  goal: [部门目标一, 部门目标二]
  indicators:
    - { level1: 产出指标, level2: 数量指标, name: 参保人数, value: "≥20000", unit: 人, kind: "≥", score: 10, weight: 20, note: 备注 }
meetings_training: { meetings: 1.2, training: 0.8 }
last_year:
  base: actual
  total: 900
  income: { general_budget: 832.04, total: 832.04 }
  types: { basic: 776.72, reserve: 1 }
  functions: { "208": 838.04, "2080101": 782.04 }
  economic: { "301": 500 }
  projects: 55.32
  three_public: { vehicle_operation: 2.1, total: 2.1 }
  meetings: 1
  training: 0.5
  operating_costs: 20.96
  units: { school1: 3 }
extra_tables:
  - id: capital
    fields: { item: text, amount: amount, count: number }
    rows:
      - { item: 甲, amount: 1.25, count: 3 }
      - { item: 乙, amount: 0 }
`.replace('  date: 2020-07-20\n', '  date: 2020-07-20\n  unit: 万元\n  type: 参公\n  code: "012"\n  previous_year: 2019\n  catalogue: "2020"\n');

const validated = async (file: string, text: string, bytes?: Uint8Array) => validateDepartmentSource(await readDepartmentSource(file, text, 'zh', bytes));
const toBook = async (text: string): Promise<Uint8Array> => {
  const r = await yamlToWorkbook('dept.yaml', text);
  if (!('bytes' in r)) throw new Error(JSON.stringify(r.diagnostics));
  return r.bytes;
};
const load = async (bytes: Uint8Array) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
};
const save = async (wb: ExcelJS.Workbook) => new Uint8Array(await wb.xlsx.writeBuffer());

let sampleBook: Uint8Array;
let templates: TemplateSet;
beforeAll(async () => {
  sampleBook = await toBook(sampleText);
  templates = await loadTemplateSet();
});

describe('a department as a workbook', () => {
  it('the sample: YAML → workbook → data deep-equal, and back to YAML gives the same data', async () => {
    const fromYaml = await validated(samplePath, sampleText);
    // the YAML path through department-source gives what the YAML reader always gave
    expect(fromYaml.data).toEqual(validateDepartment(parseYamlSource(samplePath, sampleText).source!).data);
    const fromBook = await validated('dept.xlsx', '', sampleBook);
    expect(fromBook.diagnostics).toEqual([]);
    expect(fromBook.data).toEqual(fromYaml.data);
    const y = await workbookToYaml('dept.xlsx', sampleBook);
    if (!('text' in y)) throw new Error('no yaml');
    expect((await validated('back.yaml', y.text)).data).toEqual(fromYaml.data);
    // codes stay text with their digits, amounts plain
    expect(y.text).toContain('code: "2080101"');
    expect(parse(y.text).income.general_budget).toBe(482.04);
  });

  it('every part of the model round-trips, and every sheet holds rows', async () => {
    const fromYaml = await validated('rich.yaml', richText);
    expect(fromYaml.diagnostics).toEqual([]);
    const book = await toBook(richText);
    const fromBook = await validated('rich.xlsx', '', book);
    expect(fromBook.diagnostics).toEqual([]);
    expect(fromBook.data).toEqual(fromYaml.data);
    const wb = await load(book);
    for (const s of SHEETS) expect(wb.getWorksheet(s.name)?.actualRowCount ?? 0, s.name).toBeGreaterThan(1);
    // codes as text cells, leading zeros kept; amounts as numbers
    expect(wb.getWorksheet('单位')!.getCell('D2').value).toBe('000123');
    expect(wb.getWorksheet('收入')!.getCell('D2').value).toBe(482.04);
  });

  it('builds byte-identical PDF and DOCX from the workbook and from the YAML', async () => {
    const a = await build({ file: samplePath, text: sampleText, templates });
    const b = await build({ file: 'data/hotan-social-insurance-2020.xlsx', text: '', bytes: sampleBook, templates });
    expect(b.name).toBe('hotan-social-insurance-2020');
    expect(b.files.map((f) => f.format)).toEqual(['pdf', 'docx']);
    for (const i of [0, 1]) expect(Buffer.compare(Buffer.from(a.files[i]!.bytes), Buffer.from(b.files[i]!.bytes))).toBe(0);
    // the checks' warnings point at cells
    expect(b.diagnostics.find((d) => d.code === 'check.name_mismatch')?.cell).toBe('支出!C3');
  }, 30000);

  it('an amount cell reads as its decimal: float noise dropped, more decimals reported', () => {
    expect(amountText(0.1 + 0.2)).toBe('0.3');
    expect(amountText(401.91)).toBe('401.91');
    expect(amountText(30)).toBe('30');
    expect(amountText(1.234)).toBe('1.234');
  });
});

describe('errors at the cell', () => {
  const problems = async (edit: (wb: ExcelJS.Workbook) => void): Promise<Diagnostic[]> => {
    const wb = await load(sampleBook);
    edit(wb);
    const bytes = await save(wb);
    const r = await build({ file: 'book.xlsx', text: '', bytes, templates, render: true });
    // nothing is written on an error
    expect(r.files).toEqual([]);
    return r.diagnostics.filter((d) => d.severity === 'error');
  };
  const at = (ds: Diagnostic[]) => ds.map((d) => `${d.code} ${d.cell}`);

  it('text where an amount belongs: the YAML sentence, at SHEET!CELL', async () => {
    const ds = await problems((wb) => (wb.getWorksheet('收入')!.getCell('D2').value = '四百八十二'));
    expect(at(ds)).toEqual(['schema.amount_not_number 收入!D2']);
    expect(formatDiagnostic(ds[0]!)).toMatch(/^book\.xlsx:收入!D2 错误 “income\.general_budget”：金额必须是数字/);
    expect(ds[0]!.hint).toBe('例如 401.91');
  }, 15000);

  it('more than two decimals and a negative amount', async () => {
    const ds = await problems((wb) => {
      wb.getWorksheet('支出')!.getCell('E2').value = 401.915;
      wb.getWorksheet('基本支出经济分类')!.getCell('D2').value = -1;
    });
    expect(at(ds)).toEqual(expect.arrayContaining(['schema.amount_decimals 支出!E2', 'schema.amount_negative 基本支出经济分类!D2']));
  }, 15000);

  it('a formula without its cached value, and an error value', async () => {
    const ds = await problems((wb) => {
      wb.getWorksheet('收入')!.getCell('D2').value = { formula: 'SUM(1,2)' };
      wb.getWorksheet('支出')!.getCell('E3').value = { error: '#DIV/0!' };
    });
    expect(at(ds)).toEqual(expect.arrayContaining(['workbook.formula_no_value 收入!D2', 'workbook.error_value 支出!E3']));
  }, 15000);

  it('a formula with its cached value reads as the value', async () => {
    const wb = await load(sampleBook);
    wb.getWorksheet('收入')!.getCell('D2').value = { formula: '400+82.04', result: 482.04 };
    const r = await validated('book.xlsx', '', await save(wb));
    expect(r.diagnostics).toEqual([]);
    expect(r.data!.income.general_budget!.toString()).toBe('482.04');
  });

  it('a merged cell over data, an unknown sheet, an unknown header, a hidden sheet with data', async () => {
    const ds = await problems((wb) => {
      wb.getWorksheet('支出')!.mergeCells('I2:I3');
      wb.addWorksheet('备注').getCell('A1').value = '随便写写';
      wb.getWorksheet('基本支出经济分类')!.getCell('F1').value = '金 额';
      wb.getWorksheet('资产')!.state = 'hidden';
    });
    expect(at(ds)).toEqual(
      expect.arrayContaining([
        'workbook.merged 支出!I2',
        'workbook.unknown_sheet 备注!A1',
        'workbook.unknown_header 基本支出经济分类!F1',
        'workbook.hidden_sheet 资产!A1',
      ]),
    );
    expect(ds.find((d) => d.code === 'workbook.unknown_header')!.hint).toBe('是不是“金额”？');
  }, 15000);

  it('a missing field and a wrong drop-down word are reported at their cells', async () => {
    const ds = await problems((wb) => {
      wb.getWorksheet('基本信息')!.getCell('B2').value = null;
      wb.getWorksheet('支出')!.getCell('H2').value = '去年的数';
    });
    expect(at(ds)).toEqual(expect.arrayContaining(['schema.missing_field 基本信息!B2', 'workbook.bad_choice 支出!H2']));
  }, 15000);

  it('a workbook that is not one: a located diagnostic, no exception', async () => {
    const r = await build({ file: 'book.xlsx', text: '', bytes: new TextEncoder().encode('not a zip'), templates });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['workbook.not_xlsx']);
  });
});

describe('workbooks out', () => {
  it('--format xlsx: one sheet per table, headers merged, figures as numbers in their format', async () => {
    const r = await build({ file: samplePath, text: sampleText, templates, formats: ['xlsx'], keepIr: true });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const xlsx = r.files.find((f) => f.format === 'xlsx')!;
    const wb = await load(xlsx.bytes);
    expect(wb.worksheets.length).toBeGreaterThanOrEqual(8);
    const first = wb.worksheets[0]!;
    expect(String(first.getCell('A1').value)).toContain('收支');
    const merges = (first as unknown as { model: { merges: string[] } }).model.merges;
    expect(merges.length).toBeGreaterThan(1);
    let numbers = 0;
    first.eachRow((row) => row.eachCell((c) => void (typeof c.value === 'number' && c.numFmt && numbers++)));
    expect(numbers).toBeGreaterThan(3);
    // the same IR gives the same sheets (the zip entries carry their write time, so bytes may differ)
    const again = await load(await tablesWorkbook(r.ir!));
    expect(again.worksheets.map((w) => w.name)).toEqual(wb.worksheets.map((w) => w.name));
    expect(printedNumber('1,234.50')).toEqual({ value: 1234.5, numFmt: '#,##0.00' });
    expect(printedNumber('2080101')).toBeUndefined();
  }, 30000);

  it('check --format xlsx: every diagnostic a row; summary.xlsx: departments and their problems', async () => {
    const d: Diagnostic = {
      severity: 'error',
      code: 'schema.amount_not_number',
      message: '金额必须是数字',
      file: 'a.xlsx',
      cell: '收入!D2',
      hint: '例如 401.91',
    };
    const review = (await load(await reviewWorkbook([d]))).worksheets[0]!;
    expect(review.getRow(2).values).toEqual([undefined, 'a.xlsx', '收入!D2', '错误', 'schema.amount_not_number', '金额必须是数字', '例如 401.91']);
    const summary: Summary = {
      version: '1',
      startedAt: '',
      jobs: 1,
      formats: ['pdf'],
      departments: [
        { file: 'a.xlsx', name: 'a', status: 'failed', diagnostics: [d], bytes: 0, ms: 10 },
        { file: 'b.yaml', name: 'b', status: 'built', diagnostics: [], pages: 29, bytes: 1, ms: 2000, outputs: ['b.pdf'] },
      ],
      totals: { departments: 2, built: 1, failed: 1, skipped: 0, warnings: 0, errors: 1, pages: 29, bytes: 1, ms: 2100 },
    };
    const wb = await load(await summaryWorkbook(summary));
    expect(wb.getWorksheet('部门')!.getRow(3).values).toEqual([undefined, 'b', 'b.yaml', '已生成', 0, 0, 29, 2, 'b.pdf']);
    expect(wb.getWorksheet('问题')!.getCell('C2').value).toBe('收入!D2');
  });

  it('the fill-in workbook: guidance, drop-downs of the catalogue, formats, frozen headers; it reads back', async () => {
    const bytes = await fillInWorkbook({ year: 2020, catalogues: catalogueLayers({}) });
    const wb = await load(bytes);
    expect(wb.worksheets[0]!.name).toBe('说明');
    const codes = wb.getWorksheet(LISTS_SHEET)!;
    const functional: string[] = [];
    codes.getColumn(1).eachCell((c) => void functional.push(String(c.value)));
    expect(functional).toContain('2080101 行政运行');
    const ws = wb.getWorksheet('支出')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getCell('B2').dataValidation).toMatchObject({ type: 'list', formulae: [expect.stringMatching(/^代码表!\$A\$2:\$A\$\d+$/)] });
    expect(ws.getCell('D5').dataValidation.formulae?.[0]).toMatch(/^代码表!\$C/);
    expect(ws.getCell('E2').numFmt).toBe('#,##0.00');
    expect(wb.getWorksheet('基本信息')!.getCell('B6').dataValidation.type).toBe('list');
    // a clerk picks "2080101 行政运行" from the list: the code is read
    ws.getCell('B2').value = '2080101 行政运行';
    ws.getCell('E2').value = 12.5;
    const r = await readDepartmentSource('new.xlsx', '', 'zh', await save(wb));
    expect(r.diagnostics).toEqual([]);
    expect((r.raw as { expenditure: { code: string }[] }).expenditure[0]!.code).toBe('2080101');
    expect((r.raw as { department: { year: number } }).department.year).toBe(2020);
  });
});

describe('workbooks the tool writes', () => {
  it('are the same bytes for the same data, whenever they are written', async () => {
    const { workbookBytes } = await import('../src/model/workbook/write-workbook.js');
    const data = parse(readFileSync(new URL('../data/hotan-social-insurance-2020.yaml', import.meta.url), 'utf8'));
    const first = await workbookBytes(data);
    // zip entries carry a time to 2 s: written 2 s apart, a stamped workbook would differ
    await new Promise((r) => setTimeout(r, 2_100));
    expect(Buffer.compare(Buffer.from(first), Buffer.from(await workbookBytes(data)))).toBe(0);
  });
});
