// Department data (the plain data a YAML file gives, amounts as SourceNumbers)
// → a workbook of the sheets in layout.ts. The reader reads it back to the same
// data; form sheets list every item even when blank, so a clerk sees what can
// be filled in.
import type ExcelJS from 'exceljs';
import { SourceNumber } from '../../source/source-numbers.js';
import { legacyIndicatorKeys } from '../performance-schema.js';
import {
  DEPARTMENT_PERFORMANCE,
  LAST_YEAR_CATEGORIES,
  LISTS,
  OVERVIEW_COUNTS,
  SHEETS,
  type CellKind,
  type FormSheet,
  type ListSheet,
  type Path,
} from './layout.js';
import {
  BASE_NAMES,
  ECONOMIC_CLASS_NAMES,
  FIELD_KIND_NAMES,
  FUND_NAMES,
  LEGACY_FORM,
  LEGACY_LEVEL1,
  LEGACY_LEVEL2,
  THREE_PUBLIC_NAMES,
  TYPE_NAMES,
  wordOf,
} from './names.js';
import { OUTPUT_MARK } from '../../source/zip-check.js';

type Data = Record<string, unknown>;
type Value = string | number | undefined;
/** a cell to write and how: amounts get the number format, codes stay text */
export interface OutCell {
  value: Value;
  kind: 'text' | 'amount' | 'number' | 'code';
}

const at = (o: unknown, path: Path): unknown => {
  let v = o;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
};

function out(v: unknown, kind: CellKind): OutCell {
  if (v === undefined || v === null) return { value: undefined, kind: 'text' };
  if (typeof kind === 'object') return { value: wordOf(kind.choice, String(v)), kind: 'text' };
  if (kind === 'amount' || kind === 'decimal') return { value: v instanceof SourceNumber ? Number(v.text) : Number(v), kind: 'amount' };
  if (kind === 'int' || kind === 'number') return { value: v instanceof SourceNumber ? v.value : Number(v), kind: 'number' };
  const s = v instanceof SourceNumber ? v.text : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  return { value: s, kind: kind === 'code' ? 'code' : 'text' };
}
const t = (v: unknown): OutCell => out(v, 'text');
const amt = (v: unknown): OutCell => out(v, 'amount');
const code = (v: unknown): OutCell => out(v, 'code');

export interface SheetContent {
  spec: FormSheet | ListSheet;
  headers: string[];
  rows: OutCell[][];
}

function formContent(spec: FormSheet, d: Data): SheetContent {
  return {
    spec,
    headers: [...spec.headers],
    rows: spec.rows.map((row) => [
      t(row.label),
      ...spec.headers.slice(1).map((h) => (row.cells[h] ? out(at(d, row.cells[h].path), row.cells[h].kind) : t(undefined))),
    ]),
  };
}

const list = (v: unknown): Data[] => (Array.isArray(v) ? (v as Data[]) : []);

/** The list sheets' rows, by the data's blocks. */
function listContent(spec: ListSheet, d: Data): SheetContent {
  const rows: OutCell[][] = [];
  const headers = [...spec.headers];
  const units: [string | undefined, Data][] = [[undefined, d], ...list(d.units).map((u): [string | undefined, Data] => [String(u.id), u])];
  switch (spec.name) {
    case LISTS.overview.name: {
      const ov = (d.overview ?? {}) as Data;
      const org = (ov.organization ?? {}) as Data;
      for (const [word, key] of [
        ['职能', 'functions'],
        ['段落', 'paragraphs'],
        ['主要任务', 'tasks'],
      ] as const)
        for (const x of list(ov[key])) rows.push([t(word), t(x)]);
      for (const x of list(org.offices)) rows.push([t('内设机构'), t(x)]);
      for (const [word, key] of Object.entries(OVERVIEW_COUNTS)) if (org[key] !== undefined) rows.push([t(word), out(org[key], 'int')]);
      break;
    }
    case LISTS.types.name:
      for (const x of list(d.expenditure_types)) rows.push([t(x.key), t(x.name)]);
      break;
    case LISTS.units.name:
      for (const u of list(d.units)) rows.push([t(u.id), t(u.name), t(u.type), code(u.code)]);
      break;
    case LISTS.income.name:
      for (const [id, u] of units) {
        const inc = (u.income ?? {}) as Data;
        for (const [k, v] of Object.entries(inc)) {
          if (k === 'carryover' && v && typeof v === 'object' && !(v instanceof SourceNumber))
            for (const [from, a] of Object.entries(v as Data)) rows.push([t(id), t(FUND_NAMES.carryover), t(wordOf(FUND_NAMES, from)), amt(a)]);
          else rows.push([t(id), t(wordOf(FUND_NAMES, k)), t(undefined), amt(v)]);
        }
      }
      break;
    case LISTS.expenditure.name: {
      const types = list(d.expenditure_types);
      headers.splice(6, 0, ...types.map((x) => String(x.name)));
      for (const [id, u] of units)
        for (const e of list(u.expenditure)) {
          const ly = (e.last_year ?? {}) as Data;
          rows.push([
            t(id),
            code(e.code),
            t(e.name),
            out(e.fund, { choice: FUND_NAMES }),
            amt(e.basic),
            amt(e.project),
            ...types.map((x) => amt(at(e, ['types', String(x.key)]))),
            amt(ly.amount),
            out(ly.base, { choice: BASE_NAMES }),
            t(e.reason),
          ]);
        }
      break;
    }
    case LISTS.economic.name:
      for (const [id, u] of units) for (const e of list(u.basic_by_economic)) rows.push([t(id), code(e.code), t(e.name), amt(e.amount), amt(e.personnel)]);
      break;
    case LISTS.projects.name: {
      const classes = [...new Set(list(d.projects).flatMap((p) => Object.keys((p.economic ?? {}) as Data)))].sort();
      const econ = classes.map((c) => `${c} ${ECONOMIC_CLASS_NAMES[c] ?? ''}`.trim());
      headers.splice(2, 0, ...econ);
      for (const p of list(d.projects)) {
        const perf = (p.performance ?? {}) as Data;
        const legacy = perf.indicators !== undefined && !Array.isArray(perf.indicators);
        rows.push([
          t(p.name),
          code(p.function_code),
          ...classes.map((c) => amt(at(p, ['economic', c]))),
          t(p.name_in_explanation),
          t(p.basis),
          t(p.scale),
          t(p.unit),
          t(p.unit_id),
          t(p.allocation),
          t(p.execution),
          amt(at(p, ['funds', 'fiscal'])),
          amt(at(p, ['funds', 'carryover'])),
          amt(at(p, ['funds', 'other'])),
          t(perf.name),
          amt(perf.other_funds),
          code(perf.unit_code),
          t(perf.period),
          t(legacy ? LEGACY_FORM : undefined),
        ]);
      }
      break;
    }
    case LISTS.goals.name:
      for (const [name, perf] of performances(d)) for (const g of list(perf.goal)) rows.push([t(name), t(g)]);
      break;
    case LISTS.indicators.name:
      for (const [name, perf] of performances(d)) {
        const ind = perf.indicators;
        if (Array.isArray(ind))
          for (const x of ind as Data[])
            rows.push([
              t(name),
              t(x.level1),
              t(x.level2),
              t(x.name),
              t(x.value),
              t(x.content),
              t(x.unit),
              t(x.kind),
              t(x.standard),
              out(x.score, 'number'),
              out(x.weight, 'number'),
              t(x.note),
            ]);
        else if (ind && typeof ind === 'object')
          for (const k of legacyIndicatorKeys)
            for (const x of list((ind as Data)[k])) rows.push([t(name), t(LEGACY_LEVEL1[k]), t(LEGACY_LEVEL2[k]), t(x.name), t(x.value)]);
      }
      break;
    case LISTS.lastYear.name: {
      const ly = (d.last_year ?? {}) as Data;
      const word = (key: string) => Object.entries(LAST_YEAR_CATEGORIES).find(([, k]) => k === key)![0];
      if (ly.base !== undefined) rows.push([t(word('base')), out(ly.base, { choice: BASE_NAMES }), t(undefined)]);
      for (const key of ['total', 'projects', 'operating_costs'] as const) if (ly[key] !== undefined) rows.push([t(word(key)), t(undefined), amt(ly[key])]);
      const names: Record<string, Record<string, string>> = {
        income: { ...FUND_NAMES, total: '合计' },
        types: TYPE_NAMES,
        three_public: THREE_PUBLIC_NAMES,
        functions: {},
        economic: {},
        units: {},
      };
      for (const [key, ns] of Object.entries(names))
        for (const [k, v] of Object.entries((ly[key] ?? {}) as Data))
          rows.push([t(word(key)), key === 'functions' || key === 'economic' ? code(k) : t(wordOf(ns, k)), amt(v)]);
      break;
    }
    case LISTS.extra.name:
      for (const tb of list(d.extra_tables)) {
        const fields = (tb.fields ?? {}) as Record<string, string>;
        for (const [f, kind] of Object.entries(fields)) rows.push([t(tb.id), t(f), t(wordOf(FIELD_KIND_NAMES, kind)), t(undefined), t(undefined)]);
        list(tb.rows).forEach((row, i) => {
          for (const [f, v] of Object.entries(row))
            if (v !== null && v !== undefined)
              rows.push([t(tb.id), t(f), t(undefined), out(i + 1, 'int'), fields[f] === 'amount' ? amt(v) : fields[f] === 'number' ? out(v, 'number') : t(v)]);
        });
      }
      break;
  }
  return { spec, headers, rows };
}

/** Each performance block with the name its rows go under: 部门整体, then the projects'. */
function performances(d: Data): [string, Data][] {
  const outList: [string, Data][] = [];
  if (d.performance) outList.push([DEPARTMENT_PERFORMANCE, d.performance as Data]);
  for (const p of list(d.projects)) if (p.performance) outList.push([String(p.name), p.performance as Data]);
  return outList;
}

/** Every sheet's header and rows for the data (empty data: the headers and the form items only). */
export function workbookContent(data: unknown): SheetContent[] {
  const d = (data ?? {}) as Data;
  return SHEETS.map((spec) => (spec.shape === 'form' ? formContent(spec, d) : listContent(spec, d)));
}

export const AMOUNT_FORMAT = '#,##0.00';
/** printed A4 landscape, all columns on one page wide (a clerk prints a sheet to check it) */
export const PAGE: Partial<ExcelJS.PageSetup> = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };

/** The sheets written into `wb`, headers bold and frozen, codes as text, amounts as numbers. */
export function writeSheets(wb: ExcelJS.Workbook, contents: readonly SheetContent[]): void {
  for (const { spec, headers, rows } of contents) {
    const ws = wb.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: PAGE });
    ws.pageSetup.printTitlesRow = '1:1';
    const header = ws.addRow(headers);
    header.font = { bold: true };
    header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    header.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } }));
    rows.forEach((row) => {
      const r = ws.addRow(row.map((c) => c.value ?? null));
      row.forEach((c, i) => {
        const cell = r.getCell(i + 1);
        if (c.kind === 'amount') cell.numFmt = AMOUNT_FORMAT;
        if (c.kind === 'code') cell.numFmt = '@';
        cell.alignment = { vertical: 'top', wrapText: c.kind === 'text' };
      });
    });
    const widths = spec.shape === 'list' ? spec.widths : undefined;
    headers.forEach((h, i) => {
      ws.getColumn(i + 1).width = spec.shape === 'form' ? (i === 0 ? 26 : spec.headers[i] === '说明' ? 50 : 16) : (widths?.[spec.headers.indexOf(h)] ?? 14);
    });
  }
}

/** The data as a workbook's bytes. */
export async function workbookBytes(data: unknown): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  fixedDates(wb);
  writeSheets(wb, workbookContent(data));
  return stableBytes(wb);
}

/**
 * The workbook's bytes, the same for the same content: exceljs stamps every zip
 * entry with the time it was written, so the parts are zipped again here with
 * the DOS epoch as their time, in exceljs's order.
 */
export async function stableBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  const { unzipSync, zipSync } = await import('fflate');
  const parts = unzipSync(new Uint8Array(await wb.xlsx.writeBuffer()));
  const epoch = new Date(1980, 0, 1, 0, 0, 0);
  return zipSync(Object.fromEntries(Object.entries(parts).map(([name, bytes]) => [name, [bytes, { mtime: epoch }]])), { level: 6 });
}

/** fixed creation dates: the same data gives the same workbook */
/** An output workbook (summary, review, tables): marked so a batch never reads it back as a department. */
export function markAsOutput(wb: ExcelJS.Workbook): void {
  wb.category = OUTPUT_MARK;
}

export function fixedDates(wb: ExcelJS.Workbook): void {
  wb.created = new Date(Date.UTC(2000, 0, 1));
  wb.modified = wb.created;
  wb.creator = 'disclosure';
}
