// A department workbook → the same plain data a YAML file gives (amounts as
// SourceNumbers of their decimal text), with a locate(path) that names the
// cell each value came from, so the schema's and the checks' diagnostics
// point at `SHEET!CELL`. Problems only a workbook can have (a formula without
// a cached value, a merged cell over data, an unknown sheet or header, a
// hidden sheet with data) are found here, each at its cell.
import type ExcelJS from 'exceljs';
import { tr, type Diagnostic, type Lang, type Place } from '../../diagnostics/diagnostic.js';
import { checkXlsx } from '../../source/zip-check.js';
import { nearest } from '../validate.js';
import { legacyIndicatorKeys } from '../performance-schema.js';
import { cellRef, columnLetters, dataValue, plainValue, sheetRef, type Plain } from './cells.js';
import {
  DEPARTMENT_PERFORMANCE,
  GUIDE_SHEET,
  LAST_YEAR_CATEGORIES,
  LISTS,
  LISTS_SHEET,
  OVERVIEW_COUNTS,
  OVERVIEW_LISTS,
  SHEETS,
  type CellKind,
  type FormSheet,
  type ListSheet,
  type Path,
} from './layout.js';
import { FIELD_KIND_NAMES, FUND_NAMES, LEGACY_FORM, LEGACY_LEVEL2, THREE_PUBLIC_NAMES, TYPE_NAMES, BASE_NAMES, keyOf } from './names.js';

export interface WorkbookSource {
  file: string;
  /** the cell of the value at `path`, or of its nearest ancestor's first cell */
  locate(path: readonly PropertyKey[], which?: 'value' | 'key'): Place;
}

export const isWorkbookFile = (file: string): boolean => /\.xls[xm]$/i.test(file);

/** One data row of a list sheet: its cells by header, with their references. */
interface Row {
  r: number;
  get(header: string): { value: Plain; ref: string } | undefined;
  headers(): string[];
  firstRef: string;
}

class Reader {
  readonly raw: Record<string, unknown> = {};
  readonly places = new Map<string, string>();
  readonly diagnostics: Diagnostic[] = [];
  constructor(
    readonly file: string,
    readonly lang: Lang,
  ) {}

  error(ref: string, code: string, zh: string, en: string, hintZh?: string, hintEn?: string): void {
    this.diagnostics.push({
      severity: 'error',
      code: `workbook.${code}`,
      message: tr(this.lang, zh, en),
      ...(hintZh ? { hint: tr(this.lang, hintZh, hintEn ?? hintZh) } : {}),
      file: this.file,
      cell: ref,
    });
  }

  /** where `path` is; ancestors not yet placed take this cell too (a missing field is reported at its parent's first cell) */
  place(path: Path, ref: string): void {
    this.places.set(JSON.stringify(path.map(String)), ref);
    for (let i = 0; i < path.length; i++) {
      const k = JSON.stringify(path.slice(0, i).map(String));
      if (!this.places.has(k)) this.places.set(k, ref);
    }
  }

  put(path: Path, value: unknown, ref: string): void {
    if (value === undefined) return;
    let o: Record<string | number, unknown> = this.raw;
    path.forEach((step, i) => {
      if (i === path.length - 1) o[step] = value;
      else {
        if (o[step] === undefined || o[step] === null || typeof o[step] !== 'object') o[step] = typeof path[i + 1] === 'number' ? [] : {};
        o = o[step] as Record<string | number, unknown>;
      }
    });
    this.place(path, ref);
  }

  get(path: Path): unknown {
    let o: unknown = this.raw;
    for (const step of path) o = o && typeof o === 'object' ? (o as Record<string | number, unknown>)[step] : undefined;
    return o;
  }

  /** A cell's value as the data holds it; a word the drop-down does not offer is reported here. */
  value(cell: { value: Plain; ref: string } | undefined, kind: CellKind): unknown {
    if (!cell) return undefined;
    const v = dataValue(cell.value, kind);
    if ('bad' in v) {
      const words = typeof kind === 'object' ? Object.values(kind.choice) : [];
      this.error(
        cell.ref,
        'bad_choice',
        `“${v.bad}”不是可选的值`,
        `"${v.bad}" is not one of the choices`,
        `可选：${words.join('、')}`,
        `one of: ${words.join(', ')}`,
      );
      return undefined;
    }
    return v.value;
  }

  locate = (path: readonly PropertyKey[]): Place => {
    for (let n = path.length; n >= 0; n--) {
      const ref = this.places.get(JSON.stringify(path.slice(0, n).map(String)));
      if (ref) return { file: this.file, cell: ref };
    }
    return { file: this.file, cell: `${sheetRef(SHEETS[0]!.name)}!A1` };
  };
}

/** Known header or not: the list's own, its extra columns (支出类型 names, 经济分类 类 codes). */
function headerAllowed(spec: ListSheet | FormSheet, h: string, typeNames: ReadonlySet<string>): boolean {
  if (spec.headers.includes(h)) return true;
  if (spec.shape === 'list' && spec.extraHeaders === 'economic-classes') return /^\d{3}(\s|$)/.test(h);
  if (spec.shape === 'list' && spec.extraHeaders === 'expenditure-types') return typeNames.has(h);
  return false;
}

/** The sheet's rows below its header, checked for what only a workbook can get wrong. */
function sheetRows(rd: Reader, ws: ExcelJS.Worksheet, spec: ListSheet | FormSheet, typeNames: ReadonlySet<string>): Row[] {
  const name = ws.name;
  const headerOf = new Map<number, string>();
  const seen = new Set<string>();
  const headerRow = ws.getRow(1);
  for (let c = 1; c <= ws.columnCount; c++) {
    const h = plainValue(headerRow.getCell(c).value).value;
    if (h === undefined) continue;
    const text = String(h).trim();
    const ref = cellRef(name, 1, c);
    if (!headerAllowed(spec, text, typeNames)) {
      const near = nearest(text, spec.headers);
      rd.error(
        ref,
        'unknown_header',
        `工作表“${name}”中不认识的列标题“${text}”`,
        `unknown column header "${text}" in sheet "${name}"`,
        near ? `是不是“${near}”？` : `可用的列：${spec.headers.join('、')}`,
        near ? `did you mean "${near}"?` : `the columns are: ${spec.headers.join(', ')}`,
      );
      continue;
    }
    if (seen.has(text)) {
      rd.error(
        ref,
        'duplicate_header',
        `列标题“${text}”出现了两次`,
        `the column header "${text}" appears twice`,
        '删去或改名重复的列',
        'remove or rename the repeated column',
      );
      continue;
    }
    seen.add(text);
    headerOf.set(c, text);
  }
  // a merged range over data hides all but its first cell's value
  const merges: string[] = ((ws as unknown as { model: { merges?: string[] } }).model.merges ?? []).filter((m) => !/^[A-Z]+1:[A-Z]+1$/.test(m));
  for (const m of merges) {
    const start = m.split(':')[0]!;
    rd.error(
      `${sheetRef(name)}!${start}`,
      'merged',
      `合并单元格 ${m} 盖住了数据`,
      `the merged cells ${m} cover data`,
      '取消合并，把值填到每一行各自的单元格',
      'unmerge them and give every row its own value',
    );
  }
  const rows: Row[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells = new Map<string, { value: Plain; ref: string }>();
    for (const [c, h] of headerOf) {
      const ref = cellRef(name, r, c);
      const pv = plainValue(row.getCell(c).value);
      if (pv.problem === 'formula_no_value')
        rd.error(
          ref,
          'formula_no_value',
          '这个公式没有保存计算结果',
          'this formula has no saved result',
          '在 Excel 或 WPS 中打开、重新计算后保存（程序只读公式的结果）',
          'open it in Excel or WPS, recalculate and save (only formula results are read)',
        );
      else if (pv.problem === 'error_value')
        rd.error(
          ref,
          'error_value',
          `单元格的值是错误 ${pv.error}`,
          `the cell holds the error ${pv.error}`,
          '改正公式或填上数值',
          'fix the formula or type the value',
        );
      if (pv.value !== undefined) cells.set(h, { value: pv.value, ref });
    }
    // a value under no header is data the clerk means, not a note
    for (let c = 1; c <= row.cellCount; c++)
      if (!headerOf.has(c) && plainValue(row.getCell(c).value).value !== undefined && plainValue(headerRow.getCell(c).value).value === undefined)
        rd.error(
          cellRef(name, r, c),
          'no_header',
          `第 ${columnLetters(c)} 列没有列标题，这个值无法读取`,
          `column ${columnLetters(c)} has no header, so this value cannot be read`,
          '在第 1 行给这一列写上列标题，或删去这个值',
          'give the column a header in row 1, or remove the value',
        );
    if (cells.size === 0) continue;
    rows.push({ r, get: (h) => cells.get(h), headers: () => [...cells.keys()], firstRef: [...cells.values()][0]!.ref });
  }
  return rows;
}

function readForm(rd: Reader, ws: ExcelJS.Worksheet, spec: FormSheet): void {
  const labelRows = new Map(spec.rows.map((row) => [row.label, row]));
  // every labelled row's cells are placed, blank or not: a missing field is reported at its own cell
  for (const row of sheetRows(rd, ws, spec, new Set())) {
    const label = row.get(spec.headers[0]!);
    const others = row.headers().filter((h) => h !== spec.headers[0]);
    if (!label) {
      rd.error(
        row.firstRef,
        'no_label',
        `这一行没有“${spec.headers[0]}”`,
        `this row has no "${spec.headers[0]}"`,
        '填上项目名称，或删去这一行',
        'name the item, or remove the row',
      );
      continue;
    }
    const form = labelRows.get(String(label.value).trim());
    if (!form) {
      const near = nearest(String(label.value).trim(), [...labelRows.keys()]);
      if (others.length)
        rd.error(
          label.ref,
          'unknown_item',
          `工作表“${ws.name}”中不认识的项目“${String(label.value)}”`,
          `unknown item "${String(label.value)}" in sheet "${ws.name}"`,
          near ? `是不是“${near}”？` : undefined,
          near ? `did you mean "${near}"?` : undefined,
        );
      continue;
    }
    for (const h of others)
      if (!form.cells[h])
        rd.error(row.get(h)!.ref, 'not_applicable', `“${form.label}”没有“${h}”这一项`, `"${form.label}" has no "${h}"`, '删去这个值', 'remove this value');
    for (const [h, { path, kind }] of Object.entries(form.cells)) {
      const c = spec.headers.indexOf(h) + 1;
      rd.place(path, cellRef(ws.name, row.r, c));
      rd.put(path, rd.value(row.get(h), kind), cellRef(ws.name, row.r, c));
    }
  }
}

const text = (rd: Reader, row: Row, h: string): string | undefined => rd.value(row.get(h), 'text') as string | undefined;

/** The data path of a row's unit: the department's own (单位 blank) or a 下属单位's by its id. */
function unitBase(rd: Reader, row: Row): Path | null {
  const cell = row.get('单位');
  if (!cell) return [];
  const id = String(cell.value).trim();
  const units = (rd.get(['units']) as { id?: unknown }[] | undefined) ?? [];
  const i = units.findIndex((u) => u.id === id);
  if (i >= 0) return ['units', i];
  rd.error(
    cell.ref,
    'unknown_unit',
    `“单位”工作表中没有单位标识“${id}”`,
    `no unit with the id "${id}" in the sheet 单位`,
    '本级的行留空；下属单位填“单位”工作表中的单位标识',
    "leave it blank for the department's own rows; a 下属单位 by its id from the sheet 单位",
  );
  return null;
}

/** Appends an item to the list at `path`, placing the item at its row; returns its path. */
function nextItem(rd: Reader, path: Path, row: Row): Path {
  const list = (rd.get(path) as unknown[] | undefined) ?? [];
  if (!rd.get(path)) rd.put(path, list, row.firstRef);
  const at = [...path, list.length];
  list.push({});
  rd.place(at, row.firstRef);
  return at;
}

function cells(rd: Reader, row: Row, at: Path, columns: Record<string, [Path, CellKind]>): void {
  for (const [h, [sub, kind]] of Object.entries(columns)) {
    const c = row.get(h);
    if (c) rd.put([...at, ...sub], rd.value(c, kind), c.ref);
  }
}

const LIST_READERS: Record<string, (rd: Reader, rows: Row[], ws: ExcelJS.Worksheet) => void> = {
  [LISTS.overview.name]: (rd, rows) => {
    for (const row of rows) {
      const cat = row.get('类别');
      const content = row.get('内容');
      const word = cat ? String(cat.value).trim() : '';
      if (word in OVERVIEW_LISTS) {
        const key = OVERVIEW_LISTS[word as keyof typeof OVERVIEW_LISTS];
        const path: Path = key === 'offices' ? ['overview', 'organization', 'offices'] : ['overview', key];
        const at = nextItem(rd, path, row);
        rd.put(at, rd.value(content, 'text') ?? '', content?.ref ?? row.firstRef);
      } else if (word in OVERVIEW_COUNTS) {
        const key = OVERVIEW_COUNTS[word as keyof typeof OVERVIEW_COUNTS];
        rd.put(['overview', 'organization', key], rd.value(content, 'int'), content?.ref ?? row.firstRef);
      } else
        rd.error(
          cat?.ref ?? row.firstRef,
          'unknown_item',
          `不认识的类别“${word}”`,
          `unknown category "${word}"`,
          `可选：${[...Object.keys(OVERVIEW_LISTS), ...Object.keys(OVERVIEW_COUNTS)].join('、')}`,
        );
    }
  },
  [LISTS.types.name]: (rd, rows) => {
    for (const row of rows) cells(rd, row, nextItem(rd, ['expenditure_types'], row), { 键: [['key'], 'text'], 名称: [['name'], 'text'] });
  },
  [LISTS.units.name]: (rd, rows) => {
    for (const row of rows)
      cells(rd, row, nextItem(rd, ['units'], row), {
        单位标识: [['id'], 'text'],
        单位名称: [['name'], 'text'],
        单位类型: [['type'], 'text'],
        单位编码: [['code'], 'code'],
      });
  },
  [LISTS.income.name]: (rd, rows) => {
    for (const row of rows) {
      const unit = unitBase(rd, row);
      if (!unit) continue;
      const src = rd.value(row.get('收入来源'), { choice: FUND_NAMES }) as string | undefined;
      const from = rd.value(row.get('结转来源'), { choice: FUND_NAMES }) as string | undefined;
      const amount = row.get('金额');
      if (!src) {
        if (!row.get('收入来源'))
          rd.error(row.firstRef, 'no_label', '这一行没有“收入来源”', 'this row has no "收入来源"', `可选：${Object.values(FUND_NAMES).join('、')}`);
        continue;
      }
      const path: Path = [...unit, 'income', src, ...(src === 'carryover' && from ? [from] : [])];
      rd.place(path, amount?.ref ?? row.firstRef);
      rd.put(path, rd.value(amount, 'amount'), amount?.ref ?? row.firstRef);
    }
  },
  [LISTS.expenditure.name]: (rd, rows) => {
    const types = ((rd.get(['expenditure_types']) as { key?: string; name?: string }[] | undefined) ?? []).filter((t) => t.key);
    for (const row of rows) {
      const unit = unitBase(rd, row);
      if (!unit) continue;
      const at = nextItem(rd, [...unit, 'expenditure'], row);
      cells(rd, row, at, {
        功能分类编码: [['code'], 'code'],
        科目名称: [['name'], 'text'],
        资金来源: [['fund'], { choice: FUND_NAMES }],
        基本支出: [['basic'], 'amount'],
        项目支出: [['project'], 'amount'],
        上年数: [['last_year', 'amount'], 'amount'],
        上年口径: [['last_year', 'base'], { choice: BASE_NAMES }],
        变动原因: [['reason'], 'text'],
      });
      for (const t of types) {
        const c = row.get(t.name ?? '') ?? row.get(t.key!);
        if (c) rd.put([...at, 'types', t.key!], rd.value(c, 'amount'), c.ref);
      }
    }
  },
  [LISTS.economic.name]: (rd, rows) => {
    for (const row of rows) {
      const unit = unitBase(rd, row);
      if (!unit) continue;
      cells(rd, row, nextItem(rd, [...unit, 'basic_by_economic'], row), {
        经济分类编码: [['code'], 'code'],
        科目名称: [['name'], 'text'],
        金额: [['amount'], 'amount'],
        其中人员经费: [['personnel'], 'amount'],
      });
    }
  },
  [LISTS.projects.name]: (rd, rows) => {
    for (const row of rows) {
      const at = nextItem(rd, ['projects'], row);
      rd.put([...at, 'economic'], {}, row.firstRef);
      cells(rd, row, at, {
        项目名称: [['name'], 'text'],
        功能分类编码: [['function_code'], 'code'],
        说明中名称: [['name_in_explanation'], 'text'],
        立项依据: [['basis'], 'text'],
        项目规模: [['scale'], 'text'],
        实施单位: [['unit'], 'text'],
        所属单位: [['unit_id'], 'text'],
        资金分配: [['allocation'], 'text'],
        执行: [['execution'], 'text'],
        财政拨款: [['funds', 'fiscal'], 'amount'],
        上年结转资金: [['funds', 'carryover'], 'amount'],
        其他资金: [['funds', 'other'], 'amount'],
        绩效表名称: [['performance', 'name'], 'text'],
        绩效表其他资金: [['performance', 'other_funds'], 'amount'],
        绩效单位编码: [['performance', 'unit_code'], 'code'],
        实施期: [['performance', 'period'], 'text'],
      });
      for (const h of row.headers()) {
        const cls = /^(\d{3})(\s|$)/.exec(h)?.[1];
        if (cls) rd.put([...at, 'economic', cls], rd.value(row.get(h), 'amount'), row.get(h)!.ref);
      }
      const form = row.get('指标写法');
      if (form) {
        const w = String(form.value).trim();
        if (w === LEGACY_FORM) rd.put([...at, 'performance', 'indicators'], Object.fromEntries(legacyIndicatorKeys.map((k) => [k, []])), form.ref);
        else if (w !== '列表')
          rd.error(form.ref, 'bad_choice', `“${w}”不是可选的值`, `"${w}" is not one of the choices`, `可选：列表、${LEGACY_FORM}（留空为列表）`);
      }
    }
  },
  [LISTS.goals.name]: (rd, rows) => {
    for (const row of rows) {
      const perf = performanceOf(rd, row);
      if (!perf) continue;
      const g = row.get('目标');
      const at = nextItem(rd, [...perf, 'goal'], row);
      rd.put(at, rd.value(g, 'text') ?? '', g?.ref ?? row.firstRef);
    }
  },
  [LISTS.indicators.name]: (rd, rows) => {
    for (const row of rows) {
      const perf = performanceOf(rd, row);
      if (!perf) continue;
      const existing = rd.get([...perf, 'indicators']);
      if (existing && !Array.isArray(existing)) {
        // the sample's form: the 二级 names one of nine fixed keys
        const l2 = row.get('二级指标');
        const key = l2 ? keyOf(LEGACY_LEVEL2, String(l2.value)) : undefined;
        if (!key) {
          rd.error(
            l2?.ref ?? row.firstRef,
            'bad_choice',
            `“${l2 ? String(l2.value) : ''}”不是${LEGACY_FORM}写法的二级指标`,
            `"${l2 ? String(l2.value) : ''}" is not a 二级指标 of the fixed form`,
            `可选：${Object.values(LEGACY_LEVEL2).join('、')}`,
          );
          continue;
        }
        const at = nextItem(rd, [...perf, 'indicators', key], row);
        cells(rd, row, at, { 三级指标: [['name'], 'text'], 指标值: [['value'], 'text'] });
        continue;
      }
      const at = nextItem(rd, [...perf, 'indicators'], row);
      cells(rd, row, at, {
        一级指标: [['level1'], 'text'],
        二级指标: [['level2'], 'text'],
        三级指标: [['name'], 'text'],
        指标值: [['value'], 'text'],
        指标值内容: [['content'], 'text'],
        度量单位: [['unit'], 'text'],
        指标值类型: [['kind'], 'text'],
        评分标准: [['standard'], 'text'],
        分值: [['score'], 'number'],
        权重: [['weight'], 'number'],
        备注: [['note'], 'text'],
      });
    }
  },
  [LISTS.lastYear.name]: (rd, rows) => {
    for (const row of rows) {
      const cat = row.get('类别');
      const item = row.get('项目');
      const amount = row.get('金额');
      const word = cat ? String(cat.value).trim() : '';
      const key = LAST_YEAR_CATEGORIES[word as keyof typeof LAST_YEAR_CATEGORIES];
      if (!key) {
        rd.error(
          cat?.ref ?? row.firstRef,
          'unknown_item',
          `不认识的类别“${word}”`,
          `unknown category "${word}"`,
          `可选：${Object.keys(LAST_YEAR_CATEGORIES).join('、')}`,
        );
        continue;
      }
      if (key === 'base') {
        rd.put(['last_year', 'base'], rd.value(item, { choice: BASE_NAMES }), item?.ref ?? row.firstRef);
        continue;
      }
      const ref = amount?.ref ?? row.firstRef;
      if (key === 'total' || key === 'projects' || key === 'operating_costs') {
        rd.put(['last_year', key], rd.value(amount, 'amount'), ref);
        continue;
      }
      const names: Record<string, string> =
        key === 'income' ? { ...FUND_NAMES, total: '合计' } : key === 'types' ? TYPE_NAMES : key === 'three_public' ? THREE_PUBLIC_NAMES : {};
      const sub = item ? (keyOf(names, String(rd.value(item, 'code'))) ?? String(rd.value(item, 'code'))) : '';
      rd.place(['last_year', key, sub], ref);
      rd.put(['last_year', key, sub], rd.value(amount, 'amount'), ref);
    }
  },
  [LISTS.extra.name]: (rd, rows) => {
    const tables = new Map<string, { at: Path; kinds: Map<string, string> }>();
    for (const row of rows) {
      const id = text(rd, row, '表ID');
      const field = text(rd, row, '字段');
      if (!id || !field) {
        rd.error(row.firstRef, 'no_label', '附表的每一行都要填“表ID”和“字段”', 'every row of 附表 needs 表ID and 字段');
        continue;
      }
      let t = tables.get(id);
      if (!t) {
        const at = nextItem(rd, ['extra_tables'], row);
        rd.put([...at, 'id'], id, row.get('表ID')!.ref);
        rd.put([...at, 'fields'], {}, row.firstRef);
        rd.put([...at, 'rows'], [], row.firstRef);
        t = { at, kinds: new Map() };
        tables.set(id, t);
      }
      const n = row.get('行号');
      if (!n) {
        const kind = rd.value(row.get('类型'), { choice: FIELD_KIND_NAMES }) as string | undefined;
        rd.put([...t.at, 'fields', field], kind, row.get('类型')?.ref ?? row.firstRef);
        if (kind) t.kinds.set(field, kind);
        continue;
      }
      const i = Number(n.value) - 1;
      if (!Number.isInteger(i) || i < 0) {
        rd.error(n.ref, 'bad_row_number', '行号应是 1、2、3 … 这样的整数', 'a row number is a whole number 1, 2, 3 …');
        continue;
      }
      const kind = t.kinds.get(field);
      const list = rd.get([...t.at, 'rows']) as unknown[];
      for (let k = list.length; k <= i; k++) list.push({});
      const v = row.get('值');
      rd.put([...t.at, 'rows', i, field], v ? rd.value(v, kind === 'amount' ? 'amount' : kind === 'number' ? 'number' : 'text') : null, v?.ref ?? n.ref);
    }
  },
};

/** The performance block a 绩效目标/绩效指标 row belongs to: a project's by its name, or the department's. */
function performanceOf(rd: Reader, row: Row): Path | null {
  const cell = row.get('项目名称');
  const name = cell ? String(cell.value).trim() : '';
  if (name === DEPARTMENT_PERFORMANCE) return ['performance'];
  const projects = (rd.get(['projects']) as { name?: unknown }[] | undefined) ?? [];
  const matches = projects.flatMap((p, i) => (p.name === name ? [i] : []));
  if (matches.length === 1) return ['projects', matches[0]!, 'performance'];
  if (matches.length > 1)
    rd.error(
      cell!.ref,
      'ambiguous_project',
      `“项目”工作表中有 ${matches.length} 个项目叫“${name}”`,
      `${matches.length} projects in the sheet 项目 are named "${name}"`,
      '项目名称不能重复',
      'give the projects different names',
    );
  else
    rd.error(
      cell?.ref ?? row.firstRef,
      'unknown_project',
      `“项目”工作表中没有项目“${name}”`,
      `no project "${name}" in the sheet 项目`,
      `填“项目”工作表中的项目名称，或“${DEPARTMENT_PERFORMANCE}”`,
    );
  return null;
}

/** Sheets whose facts others refer to are read first (支出类型 before 支出, 单位 before 收入, 项目 before 绩效). */
const ORDER = [LISTS.types.name, LISTS.units.name, LISTS.projects.name];

export async function readWorkbook(
  file: string,
  bytes: Uint8Array,
  lang: Lang = 'zh',
): Promise<{ source: WorkbookSource | null; raw: unknown; diagnostics: Diagnostic[] }> {
  const rd = new Reader(file, lang);
  // bounded and identified before exceljs inflates anything (src/source/zip-check.ts)
  const notWorkbook = checkXlsx(file, bytes, lang, 'workbook');
  if (notWorkbook) return { source: null, raw: null, diagnostics: [notWorkbook] };
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    // the library's own sentence (English, a URL) is not the clerk's
    const d: Diagnostic = {
      severity: 'error',
      code: 'workbook.unreadable',
      message: tr(
        lang,
        '无法读取这个 Excel 文件：它的内容已损坏或不是 Excel 保存的格式',
        'cannot read this Excel file: its content is damaged or not in the form Excel saves',
      ),
      hint: tr(lang, '用 Excel 或 WPS 打开后“另存为”Excel 工作簿（.xlsx）', 'open it in Excel or WPS and save it as an Excel workbook (.xlsx)'),
      file,
    };
    return { source: null, raw: null, diagnostics: [d] };
  }
  const specs = new Map(SHEETS.map((s) => [s.name, s]));
  const first = ORDER.flatMap((n) => wb.worksheets.filter((ws) => ws.name === n));
  const sheets = [...first, ...wb.worksheets.filter((ws) => !ORDER.includes(ws.name))];
  const hasData = (ws: ExcelJS.Worksheet): boolean => {
    let any = false;
    ws.eachRow((row) => row.eachCell((c) => void (any ||= plainValue(c.value).value !== undefined)));
    return any;
  };
  for (const ws of sheets) {
    if (ws.name === GUIDE_SHEET || ws.name === LISTS_SHEET) continue;
    const spec = specs.get(ws.name);
    const a1 = `${sheetRef(ws.name)}!A1`;
    if (!spec) {
      if (hasData(ws)) {
        const near = nearest(ws.name, [...specs.keys()]);
        rd.error(
          a1,
          'unknown_sheet',
          `不认识的工作表“${ws.name}”`,
          `unknown sheet "${ws.name}"`,
          near ? `是不是“${near}”？` : `可用的工作表：${[...specs.keys()].join('、')}；备注请写在“${GUIDE_SHEET}”工作表`,
          near ? `did you mean "${near}"?` : `the sheets are: ${[...specs.keys()].join(', ')}; notes go in the sheet ${GUIDE_SHEET}`,
        );
      }
      continue;
    }
    if (ws.state !== 'visible' && hasData(ws)) {
      rd.error(
        a1,
        'hidden_sheet',
        `工作表“${ws.name}”是隐藏的，但里面有数据`,
        `the sheet "${ws.name}" is hidden but holds data`,
        '取消隐藏，核对后保存（隐藏的数据不会被悄悄使用）',
        'unhide it and check it (hidden data is never used silently)',
      );
      continue;
    }
    const typeNames = new Set(
      ((rd.get(['expenditure_types']) as { key?: string; name?: string }[] | undefined) ?? []).flatMap((t) => [t.key, t.name].filter((x): x is string => !!x)),
    );
    if (spec.shape === 'form') readForm(rd, ws, spec);
    else LIST_READERS[spec.name]!(rd, sheetRows(rd, ws, spec, typeNames), ws);
  }
  // 说明文字 given without any income line still needs its (empty) income block
  const ex = rd.raw.explanation as Record<string, unknown> | undefined;
  if (ex && !ex.income) ex.income = {};
  return { source: { file, locate: rd.locate }, raw: rd.raw, diagnostics: rd.diagnostics };
}
