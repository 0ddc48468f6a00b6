// Each sheet of a tables workbook read through the layout whose title it
// bears: header rows matched to the layout's header (blank lines, 单位/编制部门
// lines and a 栏次 row skipped; merged cells count for every column they
// cover), columns to the leaves of the header, data rows to codes, fixed
// labels, projects; trailing 注 lines end the table. What comes out is a list of
// observations: a fact query, the amount the sheet prints for it, its cell.
// Rows that roll up others (类, 款, totals) give no observation: the tool
// computes them and they are compared with the sheet afterwards (check-printed.ts).
import { tr, type Diagnostic, type Lang } from '../../diagnostics/diagnostic.js';
import type { Filter } from '../../figures/facts.js';
import { type Money } from '../../model/money.js';
import type { Unit } from '../../numbers/number-format.js';
import { joinFilters } from '../../tables/grid/grid-rows.js';
import { cellRef } from '../../model/workbook/cells.js';
import { cellText, type GridCell, type SheetGrid } from './sheet-grid.js';
import { codeDigits, codeParts, labelKey, parseAmount, squeeze, titleKey, yearIn } from './normalize.js';
import type { ReadSpec, RowGroupSpec, SpecLeaf, SpecSide } from './read-spec.js';

export interface Observation {
  filter: Filter;
  /** in the department's unit, as the data would state it */
  amount: Money;
  ref: string;
  /** the sheet's title, for messages */
  table: string;
}

/** What a row prints besides its figures: the printed name of a code, a project's code and unit. */
export interface RowFacts {
  names: Map<string, { kind: 'function' | 'economic'; name: string; ref: string }>;
  projects: Map<string, { function_code?: string; unit?: string; ref: string; order: number }>;
}

export interface MatchedSheet {
  spec: ReadSpec;
  sheet: SheetGrid;
  title: string;
  /** sheet column (0-based) of each leaf, per side */
  columns: Map<SpecLeaf, number>;
  /** 0-based row indexes of the data rows, in order */
  dataRows: number[];
  /** the unit the sheet's amounts are in */
  unit: Unit;
  /** each data row's code, whole (a 款 or 项 printed alone completed from the rows above) */
  codes: Map<number, string>;
}

/** A table listing the codes with money under its filter: a code it leaves out has none there. */
export interface Listing {
  filter: Filter;
  dim: 'function' | 'economic';
  codes: Set<string>;
  ref: string;
  table: string;
}

export interface ReadResult {
  sheets: MatchedSheet[];
  observations: Observation[];
  listings: Listing[];
  rowFacts: RowFacts;
  diagnostics: Diagnostic[];
}

const META = /^(?:金额)?单位[:：]|^(?:编制|填报)(?:部门|单位)[:：]|^部门(?:名称)?[:：]|^(?:单位|部门)[:：]/;
const NOTE = /^(?:注|备注|说明|附注)(?:[:：\d一二三四五六七八九十、.．]|$)/;
const UNIT_IN = /单位[:：]\s*(亿元|万元|元)/;

const rowTexts = (row: GridCell[] | undefined): string[] => Array.from({ length: row?.length ?? 0 }, (_, c) => cellText(row?.[c]));
const isBlank = (row: GridCell[] | undefined) => rowTexts(row).every((t) => t === '');
const isNumbering = (texts: string[]) => {
  const t = texts.filter(Boolean);
  return t.length >= 2 && (t.some((x) => /^栏\s*次$|^栏次/.test(squeeze(x))) || t.every((x) => /^(?:\d{1,2}|[甲乙丙丁戊己])$/.test(squeeze(x))));
};
const looksNumeric = (c: GridCell | undefined) =>
  typeof c?.value === 'number' || (typeof c?.value === 'string' && /^-?\d{1,3}(,\d{3})+(\.\d+)?$|^-?\d+\.\d+$/.test(squeeze(c.value)));

const SCALE: Record<Unit, number> = { 元: 1, 万元: 10000, 亿元: 100000000 };
const convert = (m: Money, from: Unit, to: Unit): Money =>
  from === to ? m : SCALE[from] > SCALE[to] ? m.times(SCALE[from] / SCALE[to]) : m.div(SCALE[to] / SCALE[from]);

export interface ReadOptions {
  file: string;
  year: number;
  /** the unit the department's amounts are stated in */
  dataUnit: '万元' | '元';
  lang: Lang;
  /** the set's unit names per ids: 下属单位 names → ids ('self' for the department) */
  unitIds: ReadonlyMap<string, string>;
  /** titles of the set's tables that hold no figures to read (绩效目标表) */
  quiet?: readonly string[];
}

export function readTables(sheets: SheetGrid[], specs: ReadSpec[], o: ReadOptions): ReadResult {
  const diagnostics: Diagnostic[] = [];
  const err = (cell: string | undefined, code: string, zh: string, en: string, severity: 'error' | 'warning' = 'error', hint?: [string, string]): void => {
    diagnostics.push({
      severity,
      code: `tables.${code}`,
      message: tr(o.lang, zh, en),
      file: o.file,
      ...(cell ? { cell } : {}),
      ...(hint ? { hint: tr(o.lang, hint[0], hint[1]) } : {}),
    });
  };
  const out: ReadResult = { sheets: [], observations: [], listings: [], rowFacts: { names: new Map(), projects: new Map() }, diagnostics };
  const taken = new Set<ReadSpec>();
  for (const sheet of sheets) {
    // the title: the first cell (within the first rows) naming one of the set's tables; the longest name wins
    let found: { spec: ReadSpec; r: number; c: number; text: string } | undefined;
    for (let r = 0; r < Math.min(8, sheet.rows.length) && !found; r++)
      rowTexts(sheet.rows[r]).forEach((t, c) => {
        if (!t || found) return;
        const k = titleKey(t);
        const hits = specs.filter((s) => titleKey(s.title) && k.endsWith(titleKey(s.title)));
        const best = hits.sort((a, b) => titleKey(b.title).length - titleKey(a.title).length)[0];
        if (best) found = { spec: best, r, c, text: t };
      });
    if (!found) {
      const quiet = (o.quiet ?? []).map(titleKey).filter(Boolean);
      if (sheet.rows.slice(0, 8).some((row) => rowTexts(row).some((t) => t && quiet.some((q) => titleKey(t).includes(q))))) continue;
      if (sheet.rows.some((row) => rowTexts(row).some((t) => parseAmount(t) !== 'bad' && t !== '')))
        err(
          cellRef(sheet.name, 1, 1),
          'unknown_table',
          `工作表“${sheet.name}”的标题不是本模板集的任何一张表，未读取`,
          `the sheet "${sheet.name}" has no title of this set's tables; not read`,
          'warning',
          [`本模板集的表：${specs.map((s) => titleKey(s.title)).join('、')}`, `the set's tables: ${specs.map((s) => titleKey(s.title)).join(', ')}`],
        );
      continue;
    }
    const { spec } = found;
    const titleRef = cellRef(sheet.name, found.r + 1, found.c + 1);
    const year = yearIn(found.text);
    if (year !== undefined && year !== o.year) {
      err(
        titleRef,
        'other_year',
        `这张表是 ${year} 年的（${found.text}），部门数据是 ${o.year} 年`,
        `this table is of ${year} (${found.text}); the department's data is of ${o.year}`,
        'error',
        ['换成本年度的表', "use this year's table"],
      );
      continue;
    }
    if (taken.has(spec)) {
      err(
        titleRef,
        'duplicate_table',
        `“${found.text}”在工作簿中出现了两次，只读第一张`,
        `"${found.text}" appears twice in the workbook; only the first is read`,
      );
      continue;
    }
    if (sheet.hidden) {
      err(titleRef, 'hidden_sheet', `工作表“${sheet.name}”是隐藏的`, `the sheet "${sheet.name}" is hidden`, 'error', [
        '取消隐藏，核对后保存（隐藏的数据不会被悄悄使用）',
        'unhide it and check it (hidden data is never used silently)',
      ]);
      continue;
    }
    taken.add(spec);
    const m = readSheet(sheet, spec, found.r, titleRef, o, err, out);
    if (m) out.sheets.push({ ...m, title: found.text });
  }
  for (const s of specs)
    if (!taken.has(s))
      err(undefined, 'table_missing', `工作簿中没有“${titleKey(s.title)}”这张表`, `the workbook has no sheet with the table "${titleKey(s.title)}"`, 'error', [
        '每张公开表一个工作表，第一行（或前几行）是表的标题',
        'one sheet per published table, titled in its first rows',
      ]);
  return out;
}

type Err = (cell: string | undefined, code: string, zh: string, en: string, severity?: 'error' | 'warning', hint?: [string, string]) => void;

function readSheet(
  sheet: SheetGrid,
  spec: ReadSpec,
  titleRow: number,
  titleRef: string,
  o: ReadOptions,
  err: Err,
  out: ReadResult,
): Omit<MatchedSheet, 'title'> | null {
  const fixedLabels = new Set(
    spec.sides.flatMap((s) => [
      ...s.groups.flatMap((g) => (g.by === 'fixed' ? g.rows.map((r) => labelKey(r.label)) : [])),
      ...(s.totalLabel ? [labelKey(s.totalLabel)] : []),
    ]),
  );
  let unit = spec.unit;
  const header: number[] = [];
  let r = titleRow + 1;
  for (; r < sheet.rows.length; r++) {
    const row = sheet.rows[r];
    const texts = rowTexts(row);
    if (isBlank(row)) continue;
    if (texts.some((t) => META.test(squeeze(t)))) {
      const u = texts.map((t) => UNIT_IN.exec(squeeze(t))?.[1]).find(Boolean) as Unit | undefined;
      if (u) unit = u;
      continue;
    }
    if (isNumbering(texts)) continue;
    const first = texts.find(Boolean) ?? '';
    const data =
      header.length > 0 && (row!.some((c) => looksNumeric(c)) || /^\d{3}(?:[\s-]*\d{2}){0,2}$/.test(first.trim()) || fixedLabels.has(labelKey(first)));
    if (data) break;
    header.push(r);
  }
  if (!header.length) {
    err(titleRef, 'no_header', `“${sheet.name}”在标题下面没有表头`, `"${sheet.name}" has no header under its title`);
    return null;
  }
  const width = Math.max(...sheet.rows.map((x) => x?.length ?? 0));
  // each column's header words, top down, a merged cell's once
  const heads: string[][] = Array.from({ length: width }, (_, c) => {
    const words: string[] = [];
    for (const hr of header) {
      const t = squeeze(cellText(sheet.rows[hr]?.[c]));
      if (t && words[words.length - 1] !== t) words.push(t);
    }
    return words;
  });
  const columns = new Map<SpecLeaf, number>();
  const used = new Set<number>();
  for (const side of spec.sides)
    for (const leaf of side.leaves) {
      const label = squeeze(leaf.path[leaf.path.length - 1]!);
      const parents = leaf.path.slice(0, -1).map(squeeze);
      let best = -1;
      let score = -1;
      heads.forEach((words, c) => {
        if (used.has(c) || words[words.length - 1] !== label) return;
        const s = parents.filter((p) => words.includes(p)).length;
        if (s > score) {
          best = c;
          score = s;
        }
      });
      // codes in one column where the layout splits them into 类/款/项 (or the other way round)
      if (best < 0 && leaf.role.role === 'code')
        heads.forEach((words, c) => {
          if (best < 0 && !used.has(c) && /编码|代码|^类$|^款$|^项$/.test(words[words.length - 1] ?? '')) best = c;
        });
      if (best >= 0) {
        columns.set(leaf, best);
        // a code column over 类/款/项 answers for all three
        if (leaf.role.role !== 'code' || !/编码|代码/.test(heads[best]![heads[best]!.length - 1] ?? '')) used.add(best);
      } else if (!leaf.optional && leaf.role.role !== 'text' && leaf.role.role !== 'computed')
        err(
          cellRef(sheet.name, header[header.length - 1]! + 1, 1),
          'column_missing',
          `表头中找不到“${leaf.path.join('/')}”这一列`,
          `the header has no column "${leaf.path.join('/')}"`,
          'error',
          ['表头要和公开表一致（列的顺序可以不同）', "the header must name the published table's columns (in any order)"],
        );
    }
  const dataRows: number[] = [];
  const firstData = r;
  for (; r < sheet.rows.length; r++) {
    const texts = rowTexts(sheet.rows[r]);
    if (texts.every((t) => t === '')) continue;
    if (NOTE.test(squeeze(texts.find(Boolean)!))) break;
    dataRows.push(r);
  }
  // figures under no header: most often a header moved by a column
  const mapped = new Set(columns.values());
  for (let c = 0; c < width; c++) {
    if (mapped.has(c)) continue;
    const at = dataRows.find((dr) => looksNumeric(sheet.rows[dr]?.[c]));
    if (at !== undefined)
      err(
        cellRef(sheet.name, at + 1, c + 1),
        'unheaded',
        `这一列有金额，但表头中没有对应的列名`,
        `this column holds amounts but the header names none of the table's columns over it`,
        'error',
        ['检查表头是否错位（整行右移或左移了一格）', 'check whether the header row is shifted by a column'],
      );
  }
  const codes = new Map<number, string>();
  const ctx: SideContext = { sheet, o, err, out, unit, columns, titleRef, codes };
  for (const side of spec.sides) readSide(side, dataRows, ctx);
  void firstData;
  return { spec, sheet, columns, dataRows, unit, codes };
}

interface SideContext {
  sheet: SheetGrid;
  o: ReadOptions;
  err: Err;
  out: ReadResult;
  unit: Unit;
  columns: Map<SpecLeaf, number>;
  titleRef: string;
  codes: Map<number, string>;
}

function readSide(side: SpecSide, dataRows: number[], x: SideContext): void {
  const { sheet, columns } = x;
  const col = (role: string) => side.leaves.filter((l) => l.role.role === role && columns.has(l)).map((l) => columns.get(l)!);
  const codeCols = [...new Set(col('code'))].sort((a, b) => a - b);
  // codes printed in 类, 款 and 项 columns of their own
  const split =
    codeCols.length === 3 && side.leaves.filter((l) => l.role.role === 'code' && columns.has(l)).every((l) => (l.role as { part: string }).part !== 'whole');
  const nameCol = col('name')[0];
  const projectCol = col('project')[0];
  const unitCol = col('unit')[0];
  const fnCol = col('function_code')[0];
  const facts = side.leaves.filter((l) => l.role.role === 'fact' && columns.has(l));
  const total = side.totalLabel ? labelKey(side.totalLabel) : undefined;
  let prefix = '';
  let ones = 0;
  // a reference per cell: the sheet's part and the column letters worked out once
  const refHead = cellRef(sheet.name, 1, 1).replace(/A1$/, '');
  const letters = new Map<number, string>();
  const refOf = (r: number, c: number) => {
    let l = letters.get(c);
    if (l === undefined) letters.set(c, (l = cellRef(sheet.name, 1, c + 1).slice(refHead.length, -1)));
    return `${refHead}${l}${r + 1}`;
  };
  const labelCols = side.leaves.filter((l) => l.role.role !== 'fact' && l.role.role !== 'computed' && columns.has(l)).map((l) => columns.get(l)!);
  const listings = new Map<RowGroupSpec, Listing>();
  for (const g of side.groups)
    // only a table that prints codes lists them (a 类 list by name alone, 一、一般公共服务支出, tells nothing of 项)
    if ((g.by === 'function' || g.by === 'economic') && codeCols.length && side.leaves.some((l) => l.role.role === 'fact' && columns.has(l))) {
      const l: Listing = { filter: g.filter, dim: g.by, codes: new Set(), ref: x.titleRef, table: sheet.name };
      listings.set(g, l);
      x.out.listings.push(l);
    }
  for (const r of dataRows) {
    const row = sheet.rows[r];
    const text = (c: number | undefined) => (c === undefined ? '' : cellText(row?.[c]));
    // the code: digits of the code columns, a merged cell's once; a 款/项 printed alone takes its 类 from the rows above
    let code = '';
    // a code repeated over its 类/款/项 cells (merged, or unmerged with its value copied) is read once; 款 01 | 项 01 are two
    const parts = codeParts(codeCols.filter((c) => !row?.[c]?.slave).map((c) => text(c)));
    if (parts.some(Boolean)) {
      if (split && parts.length === 3 && !parts.some((p) => p.length > 3)) {
        // 类 | 款 | 项 cells: one left blank under a printed 款 or 项 is the one above it
        const [c, k, xi] = parts as [string, string, string];
        code = (c || prefix.slice(0, 3)) + (k || (xi ? prefix.slice(3, 5) : '')) + xi;
      } else code = parts.join('');
      if (code.length === 3 || code.length === 5) prefix = code;
      x.codes.set(r, code);
    }
    const name = text(nameCol);
    // the total row: its label in any of the side's text columns (over the codes, the name, the project …)
    if (total && labelCols.some((c) => labelKey(text(c)) === total)) continue;
    let rowFilter: Filter | 'skip' | null = null;
    for (const g of side.groups) {
      rowFilter = rowOf(
        g,
        {
          code,
          name,
          project: text(projectCol),
          unit: text(unitCol),
          fn: codeDigits(text(fnCol)),
          first: ones === 0,
          nameCol: nameCol ?? projectCol ?? codeCols[0] ?? 0,
        },
        x,
        r,
      );
      if (rowFilter) {
        listings.get(g)?.codes.add(code);
        break;
      }
    }
    if (side.groups.some((g) => g.by === 'one') && rowFilter) ones++;
    if (!rowFilter || rowFilter === 'skip') continue;
    for (const leaf of facts) {
      const c = columns.get(leaf)!;
      const cell = row?.[c];
      if (cell?.slave) continue;
      const ref = refOf(r, c);
      if (cell?.problem) {
        x.err(
          ref,
          'formula_no_value',
          cell.problem === 'error_value' ? '这个单元格是错误值（如 #DIV/0!）' : '这个公式没有保存计算结果',
          cell.problem === 'error_value' ? 'this cell holds an error value (such as #DIV/0!)' : 'this formula has no saved result',
          'error',
          ['在 Excel 或 WPS 中打开并保存一次', 'open and save it once in Excel or WPS'],
        );
        continue;
      }
      const a = parseAmount(cell?.value);
      if (a === 'bad') {
        x.err(ref, 'not_amount', `“${cellText(cell)}”不是金额`, `"${cellText(cell)}" is not an amount`, 'error', [
          '金额写数字（可带千分位逗号），0 可以写 - 或留空',
          'write amounts as numbers (separators allowed); zero as - or blank',
        ]);
        continue;
      }
      if (a.isNegative()) {
        x.err(ref, 'negative', '金额不能是负数', 'an amount cannot be negative');
        continue;
      }
      const filter = joinFilters(rowFilter, (leaf.role as { filter: Filter }).filter);
      x.out.observations.push({ filter, amount: convert(a, x.unit, x.o.dataUnit), ref, table: sheet.name });
    }
  }
}

interface RowWords {
  code: string;
  name: string;
  project: string;
  unit: string;
  fn: string;
  first: boolean;
  /** the column the row's name (or project) is printed in */
  nameCol: number;
}

/** The query of an atomic row of this group (a 项, a 款 of 经济分类, a project, a fixed label); 'skip' for a row the tool rolls up; null: not this group's. */
function rowOf(g: RowGroupSpec, w: RowWords, x: SideContext, r: number): Filter | 'skip' | null {
  const nameRef = cellRef(x.sheet.name, r + 1, w.nameCol + 1);
  switch (g.by) {
    case 'function':
    case 'economic': {
      const leaf = g.by === 'function' ? 7 : 5;
      if (![3, 5, 7].includes(w.code.length) || (g.by === 'economic' && w.code.length === 7)) return null;
      if (w.code.length !== leaf) return 'skip';
      if (w.name) x.out.rowFacts.names.set(`${g.by}:${w.code}`, { kind: g.by, name: labelKey(w.name), ref: nameRef });
      return joinFilters(g.filter, { [g.by]: w.code });
    }
    case 'project': {
      if (!w.project) return null;
      if (w.code && w.code.length < 7) return 'skip';
      const fn = w.fn || (w.code.length === 7 ? w.code : '');
      const prev = x.out.rowFacts.projects.get(w.project);
      if (!prev)
        x.out.rowFacts.projects.set(w.project, {
          ...(fn ? { function_code: fn } : {}),
          ...(w.unit ? { unit: w.unit } : {}),
          ref: nameRef,
          order: x.out.rowFacts.projects.size,
        });
      return joinFilters(g.filter, { project: w.project });
    }
    case 'fixed': {
      const k = labelKey(w.name);
      const hit = g.rows.find((row) => labelKey(row.label) === k);
      return hit?.filter ?? null;
    }
    case 'one':
      return w.first ? g.filter : null;
    default:
      return null;
  }
}
