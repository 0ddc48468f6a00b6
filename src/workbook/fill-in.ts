// `disclosure workbook OUT.xlsx`: an empty department workbook to fill in,
// with a 说明 sheet, drop-down lists (the year's 功能分类 and 经济分类 codes
// with their names, income sources, units, 上年口径 …) kept on a 代码表
// sheet, number formats and frozen headers. No subtotal rows: a total typed
// or summed among the data rows would be read as a row of data, and the tool
// computes every printed figure itself (a clerk's own formulas in data cells
// are read by their saved results).
import type ExcelJS from 'exceljs';
import { catalogueFilesFor } from '../catalogue/files.js';
import { readCatalogueFile } from '../catalogue/read-file.js';
import { loadCatalogue, mergeCatalogue } from '../catalogue/catalogue.js';
import { DiagnosticError, type Lang } from '../diagnostics/diagnostic.js';
import { ASSETS, BASIC, EXPLANATION, GUIDE_SHEET, LISTS, LISTS_SHEET, PROCUREMENT, SHEETS, THREE_PUBLIC, type FormSheet } from '../model/workbook/layout.js';
import { AMOUNT_FORMAT, PAGE, fixedDates, stableBytes, workbookContent, writeSheets } from '../model/workbook/write-workbook.js';
import { BASE_NAMES, ECONOMIC_CLASS_NAMES, FIELD_KIND_NAMES, FUND_NAMES, LEGACY_FORM, LISTING_NAMES, UNIT_NAMES } from '../model/workbook/names.js';
import { OVERVIEW_COUNTS, OVERVIEW_LISTS, LAST_YEAR_CATEGORIES } from '../model/workbook/layout.js';

/** Rows of data validation a clerk gets in each list sheet (the sheet grows; the lists cover this many rows). */
const ROWS = 500;

interface CodeList {
  title: string;
  values: string[];
}

/** The year's codes with names: 功能分类 项 and 经济分类 款, as "code name" for the drop-down. */
async function catalogueLists(year: number, layers: readonly string[], lang: Lang): Promise<{ functional: string[]; economic: string[] }> {
  await loadCatalogue(year, layers, lang); // its diagnostics (a broken file, no catalogue) come from here
  const found = await catalogueFilesFor(year, layers, lang);
  const contents = await Promise.all(found.files.map((f) => readCatalogueFile(f, lang)));
  const data = mergeCatalogue(year, contents);
  const list = (m: ReadonlyMap<string, string>, len: number) =>
    [...m.entries()]
      .filter(([c]) => c.length === len)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([c, n]) => `${c} ${n}`);
  return { functional: list(data.names.functional, 7), economic: list(data.names.economic, 5) };
}

/** A drop-down over a column's data rows, from a list on the 代码表 sheet. */
function dropDown(ws: ExcelJS.Worksheet, col: number, listCol: string, count: number, prompt: string, strict = true): void {
  const letter = ws.getColumn(col).letter;
  for (let r = 2; r <= ROWS; r++)
    ws.getCell(`${letter}${r}`).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`${LISTS_SHEET}!$${listCol}$2:$${listCol}$${count + 1}`],
      showErrorMessage: strict,
      errorStyle: strict ? 'stop' : 'warning',
      errorTitle: '请从列表中选择',
      error: prompt,
      showInputMessage: true,
      promptTitle: ws.getCell(`${letter}1`).text,
      prompt,
    };
}

function formatColumn(ws: ExcelJS.Worksheet, col: number, numFmt: string): void {
  for (let r = 2; r <= ROWS; r++) ws.getCell(r, col).numFmt = numFmt;
}

const GUIDE = (year: number): string[][] => [
  [`部门预算公开数据工作簿（${year} 年）`],
  [''],
  ['怎样填写'],
  ['1. 先填“基本信息”：部门名称、地区、年度、日期；“金额单位”选 万元 或 元，整个工作簿的金额都按这个单位填写（数字，不写单位、不加逗号）。'],
  ['2. 每个工作表第 1 行是列标题，不要改动；从第 2 行起每行一条。编码列按文本填写（前面的 0 会保留），可从下拉列表中选择“编码 名称”，程序只取编码。'],
  ['3. “支出”按功能分类“项”（7 位编码）逐行填写基本支出、项目支出；类、款的合计，占比、增减额、增减幅度都由程序计算，不要手工填写。'],
  ['4. “基本支出经济分类”按经济分类“款”（5 位编码）填写一般公共预算基本支出。'],
  ['5. “项目”每个项目一行；按经济分类“类”的金额填在以类编码开头的列。“绩效目标”“绩效指标”的“项目名称”与“项目”表一致；部门整体绩效填“部门整体”。'],
  ['6. 有公式的单元格请在 Excel 或 WPS 中保存（程序读取公式的计算结果）；不要合并数据区的单元格，不要隐藏有数据的工作表。'],
  ['7. 保存后运行：disclosure check 部门.xlsx 检查，问题会指出工作表和单元格（如 部门.xlsx:收入!D3）；再运行 disclosure build 部门.xlsx 生成 PDF 和 Word。'],
  [''],
  ['工作表', '内容'],
  ...SHEETS.map((s) => [s.name, s.note]),
  [LISTS_SHEET, '下拉列表的取值（科目编码和名称、收入来源等），不用填写'],
];

export async function fillInWorkbook(opts: { year: number; catalogues: readonly string[]; lang?: Lang }): Promise<Uint8Array> {
  const lang = opts.lang ?? 'zh';
  const cat = await catalogueLists(opts.year, opts.catalogues, lang);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  fixedDates(wb);
  const guide = wb.addWorksheet(GUIDE_SHEET, { pageSetup: PAGE });
  for (const row of GUIDE(opts.year)) guide.addRow(row);
  guide.getColumn(1).width = 22;
  guide.getCell('A1').font = { bold: true, size: 16 };
  guide.getCell('A3').font = { bold: true };
  guide.getRow(12).font = { bold: true };
  for (let r = 4; r <= 10; r++) {
    guide.mergeCells(r, 1, r, 2);
    guide.getCell(r, 1).alignment = { wrapText: true, vertical: 'top' };
    guide.getRow(r).height = 36;
  }
  guide.getColumn(2).width = 130;

  // the sheets with their headers and form items, and 年度 filled in
  const content = workbookContent({ department: { year: opts.year, unit: '万元' } });
  writeSheets(wb, content);

  const lists: CodeList[] = [
    { title: '功能分类（项）', values: cat.functional },
    { title: '经济分类（款）', values: cat.economic },
    { title: '收入来源', values: Object.values(FUND_NAMES) },
    { title: '金额单位', values: Object.values(UNIT_NAMES) },
    { title: '上年口径', values: Object.values(BASE_NAMES) },
    { title: '项目清单', values: Object.values(LISTING_NAMES) },
    { title: '指标写法', values: ['列表', LEGACY_FORM] },
    { title: '概况类别', values: [...Object.keys(OVERVIEW_LISTS), ...Object.keys(OVERVIEW_COUNTS)] },
    { title: '上年数类别', values: Object.keys(LAST_YEAR_CATEGORIES) },
    { title: '附表类型', values: Object.values(FIELD_KIND_NAMES) },
    { title: '经济分类（类）', values: Object.entries(ECONOMIC_CLASS_NAMES).map(([c, n]) => `${c} ${n}`) },
  ];
  const codes = wb.addWorksheet(LISTS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: PAGE });
  const col: Record<string, string> = {};
  lists.forEach((l, i) => {
    const c = codes.getColumn(i + 1);
    col[l.title] = c.letter;
    c.width = i < 2 ? 44 : 18;
    codes.getCell(1, i + 1).value = l.title;
    codes.getCell(1, i + 1).font = { bold: true };
    l.values.forEach((v, r) => {
      codes.getCell(r + 2, i + 1).value = v;
      codes.getCell(r + 2, i + 1).numFmt = '@';
    });
  });
  const size = (t: string) => lists.find((l) => l.title === t)!.values.length;
  const ws = (name: string) => wb.getWorksheet(name)!;
  const colOf = (sheet: string) => ws(sheet).getRow(1).values as unknown[];
  const at = (sheet: string, header: string) => colOf(sheet).indexOf(header);
  const list = (sheet: string, header: string, title: string, prompt: string, strict = true) =>
    dropDown(ws(sheet), at(sheet, header), col[title]!, size(title), prompt, strict);

  // codes: pick "code name" or type the code; a code the catalogue lacks is only warned about (a bureau may have its own)
  list(LISTS.expenditure.name, '功能分类编码', '功能分类（项）', '选择或输入 7 位功能分类编码（程序只取编码）', false);
  list(LISTS.expenditure.name, '资金来源', '收入来源', '留空为一般公共预算');
  list(LISTS.expenditure.name, '上年口径', '上年口径', '上年预算数或上年执行数');
  list(LISTS.projects.name, '功能分类编码', '功能分类（项）', '选择或输入 7 位功能分类编码', false);
  list(LISTS.projects.name, '指标写法', '指标写法', '留空为列表');
  list(LISTS.economic.name, '经济分类编码', '经济分类（款）', '选择或输入 5 位经济分类编码', false);
  list(LISTS.income.name, '收入来源', '收入来源', '选择收入来源');
  list(LISTS.income.name, '结转来源', '收入来源', '上年结转按来源分行时填写');
  list(LISTS.overview.name, '类别', '概况类别', '选择类别');
  list(LISTS.lastYear.name, '类别', '上年数类别', '选择类别');
  list(LISTS.extra.name, '类型', '附表类型', '文本、金额或数字');
  for (const [sheet, header] of [
    [LISTS.expenditure.name, '基本支出'],
    [LISTS.expenditure.name, '项目支出'],
    [LISTS.expenditure.name, '上年数'],
    [LISTS.economic.name, '金额'],
    [LISTS.economic.name, '其中人员经费'],
    [LISTS.income.name, '金额'],
    [LISTS.lastYear.name, '金额'],
    [LISTS.projects.name, '财政拨款'],
    [LISTS.projects.name, '上年结转资金'],
    [LISTS.projects.name, '其他资金'],
  ] as const)
    formatColumn(ws(sheet), at(sheet, header), AMOUNT_FORMAT);
  for (const [sheet, header] of [
    [LISTS.expenditure.name, '功能分类编码'],
    [LISTS.economic.name, '经济分类编码'],
    [LISTS.projects.name, '功能分类编码'],
    [LISTS.units.name, '单位编码'],
  ] as const)
    formatColumn(ws(sheet), at(sheet, header), '@');
  // 项目: the usual 经济分类 类 columns, ready to fill
  const projects = ws(LISTS.projects.name);
  const econCols = ['301', '302', '303', '310', '399'].map((c) => `${c} ${ECONOMIC_CLASS_NAMES[c]}`);
  projects.spliceColumns(3, 0, ...econCols.map((h) => [h]));
  econCols.forEach((_, i) => {
    const c = projects.getColumn(3 + i);
    c.width = 14;
    projects.getCell(1, 3 + i).font = { bold: true };
    projects.getCell(1, 3 + i).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    formatColumn(projects, 3 + i, AMOUNT_FORMAT);
  });
  // the forms' drop-downs, at their own cells
  const formCell = (spec: FormSheet, label: string, header: string) =>
    ws(spec.name).getCell(spec.rows.findIndex((r) => r.label === label) + 2, spec.headers.indexOf(header) + 1);
  const formList = (spec: FormSheet, label: string, header: string, title: string) =>
    (formCell(spec, label, header).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`${LISTS_SHEET}!$${col[title]}$2:$${col[title]}$${size(title) + 1}`],
      showErrorMessage: true,
    });
  formList(BASIC, '金额单位', '内容', '金额单位');
  formList(BASIC, '项目清单', '内容', '项目清单');
  formCell(BASIC, '金额单位', '内容').value = '万元';
  for (const spec of [THREE_PUBLIC, EXPLANATION]) for (const row of spec.rows) if (row.cells['上年口径']) formList(spec, row.label, '上年口径', '上年口径');
  for (const spec of [THREE_PUBLIC, PROCUREMENT, ASSETS, EXPLANATION])
    for (const [i, row] of spec.rows.entries())
      for (const [h, c] of Object.entries(row.cells)) if (c.kind === 'amount') ws(spec.name).getCell(i + 2, spec.headers.indexOf(h) + 1).numFmt = AMOUNT_FORMAT;
  return stableBytes(wb);
}

export { DiagnosticError };
