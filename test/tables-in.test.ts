// A department's published tables as its input (src/workbook/tables-in): the
// tables workbook the tool writes, read back through the set's layouts with
// the texts YAML, builds the same PDF and DOCX byte for byte; a workbook typed
// as a document prints its tables reads the same; each kind of mistake comes
// back at its cell.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type BuildOutput } from '../src/build.js';
import { builtinTemplates, loadTemplateSet, type TemplateSet } from '../src/templates/load.js';
import { parseYamlSource } from '../src/source/yaml-source.js';
import { buildWithTables } from '../src/workbook/tables-in/build-with-tables.js';
import { readSpecs } from '../src/workbook/tables-in/read-spec.js';
import { textsYaml } from '../src/workbook/tables-in/texts.js';
import { checkZipBounds } from '../src/workbook/tables-in/zip-bounds.js';
import { formatDiagnostic, type Diagnostic } from '../src/diagnostics/diagnostic.js';
import { samplePath, sampleText } from './helpers/sample.js';
import { sheetsOf, workbookOf, type PlainSheet } from './helpers/sheets.js';

const easternDir = fileURLToPath(new URL('../template-sets/eastern/', import.meta.url));
const streetPath = fileURLToPath(new URL('../data/street-office-2025/street-office-2025.yaml', import.meta.url));
const streetText = readFileSync(streetPath, 'utf8');
const TABLES = 'TABLES.xlsx';
const fileOf = (o: BuildOutput, f: 'pdf' | 'docx' | 'xlsx') => o.files.find((x) => x.format === f)?.bytes;
const lines = (ds: readonly Diagnostic[]) => ds.map((d) => formatDiagnostic(d));
const errors = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === 'error');

/** amounts typed in a YAML text, by top-level section (counts, years, percentages and indicators left out) */
function amountsBySection(text: string): Record<string, number> {
  const NOT_AMOUNT =
    /^(year|previous_year|subordinate_units|authorized_staff|in_service\w*|retired\w*|veteran_retired\w*|administrative_units|institution_units|project_count|count|area_m2|stated_change_percent|equipment_over_\d+|vehicles|value)$/;
  const out: Record<string, number> = {};
  let section = '';
  let inIndicators = false;
  for (const line of text.split('\n')) {
    const top = /^([a-z_]+):/.exec(line);
    if (top) {
      section = top[1]!;
      inIndicators = false;
    }
    if (/^\s+indicators:/.test(line)) inIndicators = true;
    else if (/^\s{0,4}[a-z_]+:/.test(line) && !/^\s{6,}/.test(line)) inIndicators = false;
    if (inIndicators) continue;
    for (const m of line.replace(/#.*$/, '').matchAll(/([a-z_0-9"]+)"?:\s*(-?\d+(?:\.\d+)?)\s*(?=[,}]|$)/g))
      if (!NOT_AMOUNT.test(m[1]!.replace(/"/g, '')) || /^"\d{3}"$/.test(m[1]!)) out[section] = (out[section] ?? 0) + 1;
  }
  return out;
}

interface Sample {
  path: string;
  text: string;
  set: TemplateSet;
  full: BuildOutput;
  texts: string;
}

async function sample(path: string, text: string, layers: string[]): Promise<Sample> {
  const set = await loadTemplateSet([builtinTemplates, ...layers]);
  const full = await build({ file: path, text, templates: set, formats: ['pdf', 'docx', 'xlsx'] });
  expect(errors(full.diagnostics)).toEqual([]);
  const texts = textsYaml(parseYamlSource(path, text).source!.doc, readSpecs(set))!;
  return { path, text, set, full, texts };
}

const fromTables = (s: Sample, tablesBytes: Uint8Array, render = true) =>
  buildWithTables({ file: s.path, text: s.texts, templates: s.set, tablesFile: TABLES, tablesBytes, formats: ['pdf', 'docx'], render });

describe('the 2020 sample (built-in set)', () => {
  let s: Sample;
  let tables: Uint8Array;
  beforeAll(async () => {
    s = await sample(samplePath, sampleText, []);
    tables = fileOf(s.full, 'xlsx')!;
  }, 120_000);

  it('the texts and the tables workbook build the YAML build byte for byte', async () => {
    const r = await fromTables(s, tables);
    expect(errors(r.diagnostics)).toEqual([]);
    expect(Buffer.compare(Buffer.from(fileOf(r, 'pdf')!), Buffer.from(fileOf(s.full, 'pdf')!))).toBe(0);
    expect(Buffer.compare(Buffer.from(fileOf(r, 'docx')!), Buffer.from(fileOf(s.full, 'docx')!))).toBe(0);
  }, 120_000);

  it('the texts keep no amount a table shows: what is left is last year, 政府采购 and 资产, which no table of the set prints', () => {
    const full = amountsBySection(s.text);
    const left = amountsBySection(s.texts);
    expect(full.income).toBe(1);
    expect(full.basic_by_economic).toBe(16);
    expect(left.income ?? 0).toBe(0);
    expect(left.basic_by_economic ?? 0).toBe(0);
    expect(left.projects ?? 0).toBe(0);
    // expenditure rows keep only last year's figure; 三公 only last year's four
    expect(left.expenditure).toBe(2);
    expect(left.three_public).toBe(4);
    expect(Object.keys(left).sort()).toEqual(['assets', 'expenditure', 'explanation', 'operating_costs', 'procurement', 'three_public']);
  });

  it('a changed cell: the two tables that print the same money disagree, at both cells', async () => {
    const sheets = await sheetsOf(tables);
    const t3 = sheets.find((x) => x.name.includes('部门支出总体情况表'))!;
    expect(t3.rows[6]![5]).toBe(401.91);
    t3.rows[6]![5] = 400.91;
    const r = await fromTables(s, await workbookOf(sheets), false);
    const d = errors(r.diagnostics).find((x) => x.code === 'tables.disagree');
    expect(d, lines(r.diagnostics).join('\n')).toBeDefined();
    const all = [d!.cell, ...(d!.related ?? []).map((x) => x.cell)];
    expect(all).toContain("'3 部门支出总体情况表'!F7");
    expect(all.some((c) => c?.startsWith("'5 一般公共预算支出情况表'!"))).toBe(true);
    expect(r.files).toEqual([]);
  }, 60_000);

  it('a total that does not add up: an error at the total cell', async () => {
    const sheets = await sheetsOf(tables);
    const t3 = sheets.find((x) => x.name.includes('部门支出总体情况表'))!;
    expect(t3.rows[9]![4]).toBe(482.04);
    t3.rows[9]![4] = 482.4;
    const r = await fromTables(s, await workbookOf(sheets), false);
    expect(lines(errors(r.diagnostics))).toEqual([
      `${TABLES}:'3 部门支出总体情况表'!E10 错误 表中是 482.4，按读入的数据应为 482.04 [tables.printed_mismatch]\n  提示：合计、小计和类、款的数由程序按明细计算：核对这一格和它汇总的各格`,
    ]);
  }, 60_000);

  it('across tables: income of 表一 and 表四 against the expenditure the other tables read, at both cells', async () => {
    const sheets = await sheetsOf(tables);
    for (const t of sheets.filter((x) => /部门收支总体情况表|财政拨款收支预算总体情况表/.test(x.name)))
      for (const row of t.rows) if (row[1] === 482.04) row[1] = 480;
    const r = await fromTables(s, await workbookOf(sheets), false);
    const d = errors(r.diagnostics).find((x) => x.code === 'check.unbalanced');
    expect(d?.cell).toBe("'1 部门收支总体情况表'!B5");
    expect(d?.related?.[0]?.cell).toBe("'5 一般公共预算支出情况表'!F7");
    expect(d?.message).toContain('480');
  }, 60_000);

  it('a table missing from the workbook is named', async () => {
    const sheets = (await sheetsOf(tables)).filter((x) => !x.name.includes('基本支出情况表'));
    const r = await fromTables(s, await workbookOf(sheets), false);
    expect(errors(r.diagnostics).map((d) => [d.code, d.message])).toContainEqual(['tables.table_missing', '工作簿中没有“一般公共预算基本支出情况表”这张表']);
  }, 60_000);

  it('a shifted header: the figures under no column name are found at their cell', async () => {
    const sheets = await sheetsOf(tables);
    const t8 = sheets.find((x) => x.name.includes('三公'))!;
    // both header rows typed one column to the right
    t8.rows[1] = [null, ...t8.rows[1]!];
    t8.rows[2] = [null, ...t8.rows[2]!];
    const r = await fromTables(s, await workbookOf(sheets), false);
    const d = errors(r.diagnostics).find((x) => x.code === 'tables.unheaded');
    expect(d?.cell).toBe("'8 一般公共预算“三公”经费支出情况表'!A4");
  }, 60_000);

  it('a sheet of another year is refused at its title', async () => {
    const sheets = await sheetsOf(tables);
    const t1 = sheets[0]!;
    t1.rows[0] = t1.rows[0]!.map(() => '和田市社会保险管理局2019年部门收支总体情况表');
    const r = await fromTables(s, await workbookOf(sheets), false);
    const d = errors(r.diagnostics).find((x) => x.code === 'tables.other_year');
    expect(d?.cell).toBe("'1 部门收支总体情况表'!A1");
    expect(d?.message).toContain('2019 年');
  }, 60_000);

  it('the texts and the tables must agree where both state a figure (cell and YAML line)', async () => {
    const texts = s.texts.replace(/^(three_public:.*\n)/m, '$1  vehicle_operation: 3.1\n');
    const r = await buildWithTables({ file: s.path, text: texts, templates: s.set, tablesFile: TABLES, tablesBytes: tables, render: false });
    const d = errors(r.diagnostics).find((x) => x.code === 'tables.texts_disagree');
    expect(d?.cell).toBe("'8 一般公共预算“三公”经费支出情况表'!E4");
    expect(d?.related?.[0]?.line).toBeGreaterThan(100);
  }, 60_000);

  it('a workbook typed as the document prints its tables reads the same', async () => {
    const typed = (await sheetsOf(tables)).map((x) => asPrinted(x));
    const r = await fromTables(s, await workbookOf(typed));
    expect(lines(errors(r.diagnostics))).toEqual([]);
    expect(Buffer.compare(Buffer.from(fileOf(r, 'pdf')!), Buffer.from(fileOf(s.full, 'pdf')!))).toBe(0);
  }, 120_000);

  it('a workbook over the bounds is not inflated', () => {
    expect(checkZipBounds(tables).ok).toBe(true);
    expect(checkZipBounds(tables, { maxEntries: 3, maxInflated: 1e9 })).toMatchObject({ ok: false, why: 'entries' });
    expect(checkZipBounds(tables, { maxEntries: 1000, maxInflated: 1000 })).toMatchObject({ ok: false, why: 'inflated' });
    expect(checkZipBounds(new Uint8Array(100))).toMatchObject({ ok: false, why: 'not_zip' });
  });
});

/**
 * A sheet as budget systems export it and documents print it: a 编制部门/单位
 * line under the title, header cells merged, a 栏次 row, codes in 类/款/项
 * cells of their own, names indented, amounts as text with separators, "-" for
 * nothing, 注 lines under the table.
 */
function asPrinted(sheet: PlainSheet, issuer = '和田市社会保险管理局', unit = '万元'): PlainSheet {
  const [title, ...rest] = sheet.rows;
  const width = Math.max(...sheet.rows.map((r) => r.length));
  const headerRows = rest.findIndex((r) => r.some((v) => typeof v === 'number' || (typeof v === 'string' && /^\d{3}( \d{2}){0,2}$/.test(v))));
  const head = rest.slice(0, headerRows < 0 ? 1 : headerRows);
  const body = rest.slice(head.length).map((row) => {
    // "208 01 01" repeated over 类/款/项 → 208 | 01 | 01
    const out = [...row];
    for (let c = 0; c + 2 < out.length; c++)
      if (typeof out[c] === 'string' && /^\d{3}( \d{2}){0,2}$/.test(out[c] as string) && out[c] === out[c + 1] && out[c] === out[c + 2]) {
        const parts = (out[c] as string).split(' ');
        out[c] = parts.length === 1 ? parts[0]! : '';
        out[c + 1] = parts.length === 2 ? parts[1]! : '';
        out[c + 2] = parts.length === 3 ? parts[2]! : '';
        if (parts.length >= 2) out[c] = '';
        if (parts.length === 3) out[c + 1] = '';
      }
    return out.map((v) => (typeof v === 'number' ? v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : v === '' ? '-' : v));
  });
  const numbering = ['栏次', ...Array.from({ length: width - 1 }, (_, i) => String(i + 1))];
  const rows = [
    title!.slice(0, 1),
    [`编制部门：${issuer}`, null, null, `单位：${unit}`],
    ...head,
    numbering,
    ...body,
    ['注：本表为部门预算公开表。'],
    ['注：“-”表示无数。'],
  ];
  // header cells merged where the same word spans columns
  const merges: [number, number, number, number][] = [];
  head.forEach((row, i) => {
    for (let c = 0; c < row.length;) {
      let e = c;
      while (e + 1 < row.length && row[e + 1] === row[c] && row[c]) e++;
      if (e > c) merges.push([i + 3, c + 1, i + 3, e + 1]);
      c = e + 1;
    }
  });
  return { name: sheet.name, rows, merges };
}

describe('the street office (eastern set, 元, three units)', () => {
  let s: Sample;
  beforeAll(async () => {
    s = await sample(streetPath, streetText, [easternDir]);
  }, 120_000);

  it('the texts and the tables workbook build the YAML build byte for byte', async () => {
    const r = await fromTables(s, fileOf(s.full, 'xlsx')!);
    expect(lines(errors(r.diagnostics))).toEqual([]);
    expect(Buffer.compare(Buffer.from(fileOf(r, 'pdf')!), Buffer.from(fileOf(s.full, 'pdf')!))).toBe(0);
    expect(Buffer.compare(Buffer.from(fileOf(r, 'docx')!), Buffer.from(fileOf(s.full, 'docx')!))).toBe(0);
  }, 120_000);

  it('the texts keep the units, last year, 政府采购: the facts no table of the set shows', () => {
    const left = amountsBySection(s.texts);
    expect(left.income ?? 0).toBe(0);
    expect(left.expenditure ?? 0).toBe(0);
    expect(left.basic_by_economic ?? 0).toBe(0);
    expect(left.meetings_training ?? 0).toBe(0);
    expect(Object.keys(left).sort()).toEqual(['explanation', 'last_year', 'operating_costs', 'procurement', 'three_public', 'units']);
  });

  it('typed as printed (amounts as text with separators, merged headers, 栏次, 注 lines) it reads the same', async () => {
    const typed = (await sheetsOf(fileOf(s.full, 'xlsx')!)).map((x) => asPrinted(x, '滨江区望川路街道办事处', '元'));
    const income = typed.find((x) => x.name.includes('部门收入总表'))!;
    expect(income.rows.flat()).toContain('28,159,655.39');
    expect(income.rows.flat()).toContain('栏次');
    const r = await fromTables(s, await workbookOf(typed));
    expect(lines(errors(r.diagnostics))).toEqual([]);
    expect(Buffer.compare(Buffer.from(fileOf(r, 'pdf')!), Buffer.from(fileOf(s.full, 'pdf')!))).toBe(0);
  }, 120_000);
});

describe('the CLI', () => {
  const run = async (args: string[]) => {
    const { main } = await import('../src/cli/main.js');
    const { PassThrough } = await import('node:stream');
    const out = new PassThrough();
    const err = new PassThrough();
    const chunks: Buffer[] = [];
    err.on('data', (c: Buffer) => chunks.push(c));
    const code = await main(args, out, err);
    return { code, err: Buffer.concat(chunks).toString('utf8') };
  };

  it('convert --to texts, then check --tables: the pair reads with no error; a folder with --tables is bad usage', async () => {
    const { mkdtempSync, writeFileSync, existsSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const d = mkdtempSync(join(tmpdir(), 'tables-in-cli-'));
    const texts = join(d, 'dept.yaml');
    expect((await run(['convert', samplePath, '--to', 'texts', '--out', texts])).code).toBe(0);
    expect(existsSync(texts)).toBe(true);
    expect(readFileSync(texts, 'utf8')).not.toMatch(/basic_by_economic/);
    const set = await loadTemplateSet([builtinTemplates]);
    const full = await build({ file: samplePath, text: sampleText, templates: set, formats: ['xlsx'] });
    const tablesPath = join(d, '公开表.xlsx');
    writeFileSync(tablesPath, fileOf(full, 'xlsx')!);
    const ok = await run(['check', texts, '--tables', tablesPath]);
    expect(ok.err).toContain('0 个错误');
    expect(ok.code).toBe(0);
    const folder = await run(['build', d, '--tables', tablesPath]);
    expect(folder.code).toBe(2);
    expect(folder.err).toContain('not a folder');
  }, 120_000);
});
