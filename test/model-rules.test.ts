// The model's newer parts (declared expenditure types, 下属单位, 人员经费 per
// 款, last_year:, project_listing) and exact amounts: every inconsistency a
// clerk can type is a located diagnostic, and the sample stays clean.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseYamlSource } from '../src/source/yaml-source.js';
import { validateDepartment } from '../src/model/validate.js';
import { loadCatalogue } from '../src/catalogue/catalogue.js';
import { withDataNames } from '../src/catalogue/data-names.js';
import { deriveFigures } from '../src/figures/derive.js';
import { runChecks } from '../src/checks/rules.js';
import type { Diagnostic, Lang } from '../src/diagnostics/diagnostic.js';
import { sampleText } from './helpers/sample.js';

const HEAD = `department: { name: 测试局, region: 和田市, year: 2020, date: 2020-07-20 }\n`;
/** A small balanced department: 本级 100 万元 of 一般公共预算, all basic. */
const BASE = `${HEAD}income: { general_budget: 100 }
expenditure:
  - { code: "2080101", basic: 100 }
basic_by_economic:
  - { code: "30101", amount: 100 }
`;

async function check(text: string, lang?: Lang) {
  const { source } = parseYamlSource('t.yaml', text, lang);
  if (!source) throw new Error('yaml');
  const { data, diagnostics } = validateDepartment(source, lang);
  if (!data) return { schema: diagnostics, checks: [] as Diagnostic[], data: null, fig: null };
  const cat = await loadCatalogue(2020);
  const fig = deriveFigures(data, withDataNames(cat, data));
  return { schema: diagnostics, checks: runChecks({ data, fig, catalogue: cat, locate: source.locate, lang }), data, fig };
}

/** The diagnostics of these codes (others, e.g. 情况说明 warnings, are not about the model). */
async function diags(text: string, codes: string[], lang?: Lang) {
  const r = await check(text, lang);
  expect(r.schema).toEqual([]);
  return r.checks.filter((d) => codes.includes(d.code));
}

/** 1-based line of the first line containing `needle` (after line `after`), and the column of the needle. */
function where(text: string, needle: string, after = 0): { line: number; column: number } {
  const lines = text.split('\n');
  for (let i = after; i < lines.length; i++) {
    const c = lines[i]!.indexOf(needle);
    if (c >= 0) return { line: i + 1, column: c + 1 };
  }
  throw new Error(`no ${needle}`);
}

const MODEL_CODES = [
  'check.undeclared_type',
  'check.unused_type',
  'check.duplicate_type',
  'check.reserved_type',
  'check.unknown_unit',
  'check.duplicate_unit',
  'check.reserved_unit_id',
  'check.unit_unbalanced',
  'check.unbalanced',
  'check.personnel_exceeds_amount',
  'check.last_year_conflict',
  'check.last_year_dropped',
  'check.last_year_unknown_code',
  'check.last_year_unknown_source',
  'check.last_year_unknown_item',
  'check.projects_exceed_row',
  'check.total_mismatch',
  'check.project_without_expenditure',
  'check.project_count_too_small',
  'check.unknown_code',
];

describe('baseline', () => {
  it('the sample and the small department raise none of these diagnostics', async () => {
    expect(await diags(sampleText, MODEL_CODES)).toEqual([]);
    expect(await diags(BASE, MODEL_CODES)).toEqual([]);
  });
});

describe('expenditure types', () => {
  const doc = `${HEAD}income: { general_budget: 110 }
expenditure_types:
  - { key: reserve, name: 单位预留机动经费 }
  - { key: remit, name: 上缴上级支出 }
expenditure:
  - { code: "2080101", basic: 100, types: { reserv: 10 } }
basic_by_economic:
  - { code: "30101", amount: 100 }
`;
  it('an undeclared key is an error at the key, with a did-you-mean; a declared type no row uses (or misspells) is a warning', async () => {
    const ds = await diags(doc, MODEL_CODES);
    const undeclared = ds.find((d) => d.code === 'check.undeclared_type')!;
    expect(undeclared).toMatchObject({ severity: 'error', ...where(doc, 'reserv:') });
    expect(undeclared.hint).toBe('是不是“reserve”？');
    // reserve is what the misspelt key meant: one mistake, one diagnostic
    const unused = ds.filter((d) => d.code === 'check.unused_type');
    expect(unused.map((d) => [d.severity, d.line])).toEqual([['warning', where(doc, 'key: remit').line]]);
  });
  it('with no type declared the hint says how to declare one (English too)', async () => {
    const t = `${HEAD}income: { general_budget: 110 }
expenditure:
  - { code: "2080101", basic: 100, types: { reserve: 10 } }
basic_by_economic:
  - { code: "30101", amount: 100 }
`;
    const [d] = await diags(t, ['check.undeclared_type'], 'en');
    expect(d!.message).toBe('expenditure type "reserve" is not declared in expenditure_types');
    expect(d!.hint).toContain('expenditure_types');
  });
  it('a used declared type counts in the balance; basic/project cannot be declared, nor a key twice', async () => {
    const t = `${HEAD}income: { general_budget: 110 }
expenditure_types:
  - { key: reserve, name: 单位预留机动经费 }
  - { key: reserve, name: 机动 }
  - { key: basic, name: 基本 }
expenditure:
  - { code: "2080101", basic: 100, types: { reserve: 10 } }
basic_by_economic:
  - { code: "30101", amount: 100 }
`;
    const ds = await diags(t, MODEL_CODES);
    expect(ds.map((d) => [d.code, d.line])).toEqual([
      ['check.duplicate_type', 5],
      ['check.reserved_type', 6],
    ]);
    expect(ds[0]!.related![0]!.line).toBe(4);
  });
});

describe('the README example (test/fixtures/model/unit-and-last-year.yaml)', () => {
  it('gives these diagnostics at these lines', async () => {
    const text = readFileSync(fileURLToPath(new URL('./fixtures/model/unit-and-last-year.yaml', import.meta.url)), 'utf8');
    const ds = await diags(text, MODEL_CODES);
    const byLine = [...ds].sort((a, b) => a.line! - b.line!);
    expect(byLine.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`)).toEqual([
      '3:9 error check.unbalanced',
      '7:45 error check.undeclared_type',
      '14:13 error check.unit_unbalanced',
      '20:16 warning check.last_year_dropped',
      '21:12 error check.unknown_unit',
    ]);
  });
});

describe('units', () => {
  const unit = (income: string, rows: string, extra = '') => `${BASE}units:
  - id: school
    name: 第一学校
    type: 事业
    income: ${income}
    expenditure:
${rows}
${extra}`;
  it('a balanced unit is consolidated: the department balances and its totals include the unit', async () => {
    const t = unit(
      '{ general_budget: 40, carryover: { general_budget: 10 } }',
      '      - { code: "2080101", basic: 50 }',
      '    basic_by_economic:\n      - { code: "30101", amount: 50 }',
    );
    const r = await check(t);
    expect(r.checks.filter((d) => MODEL_CODES.includes(d.code))).toEqual([]);
    expect(r.fig!.income.total.toString()).toBe('150');
    expect(r.fig!.expenditure.total.toString()).toBe('150');
  });
  it("a unit whose income (上年结转 included) differs from its expenditure is an error at the unit's income, related its expenditure", async () => {
    const t = unit(
      '{ general_budget: 40, carryover: 5 }',
      '      - { code: "2080101", basic: 50 }',
      '    basic_by_economic:\n      - { code: "30101", amount: 50 }',
    );
    const ds = await diags(t, ['check.unit_unbalanced', 'check.unbalanced']);
    const d = ds.find((x) => x.code === 'check.unit_unbalanced')!;
    expect(d).toMatchObject({ severity: 'error', line: where(t, 'income: { general_budget: 40').line });
    expect(d.message).toContain('45 万元');
    expect(d.related![0]!.line).toBe(where(t, '- { code: "2080101", basic: 50').line);
    // the consolidated figures are off by the same 5: the department-level rule still sees the units
    expect(ds.map((x) => x.code)).toContain('check.unbalanced');
  });
  it('a 元 file reports a unit in 元', async () => {
    const t = unit('{ general_budget: 400000 }', '      - { code: "2080101", basic: 500000 }')
      .replace('date: 2020-07-20', 'date: 2020-07-20, unit: 元')
      .replace('general_budget: 100 }', 'general_budget: 1000000 }')
      .replace('basic: 100 }', 'basic: 1000000 }')
      .replace('amount: 100 }', 'amount: 1000000 }');
    const [d] = await diags(t, ['check.unit_unbalanced']);
    expect(d!.message).toContain('400000 元');
    expect(d!.message).toContain('500000 元');
  });
  it('a project or last_year.units naming no unit, a duplicate id and the reserved id "self" are errors where they are written', async () => {
    const t = `${unit('{ general_budget: 50 }', '      - { code: "2080101", basic: 50 }')}  - id: school
    name: 第二学校
    type: 事业
  - id: self
    name: 本级
    type: 行政
projects:
  - { name: 培训, function_code: "2080101", unit_id: shcool, economic: { "302": 1 } }
last_year:
  units: { school: 40, clinic: 3 }
`;
    const ds = await diags(t, ['check.unknown_unit', 'check.duplicate_unit', 'check.reserved_unit_id']);
    expect(ds.map((d) => [d.code, d.line])).toEqual([
      ['check.duplicate_unit', where(t, 'id: school', where(t, 'id: school').line).line],
      ['check.reserved_unit_id', where(t, 'id: self').line],
      ['check.unknown_unit', where(t, 'unit_id: shcool').line],
      ['check.unknown_unit', where(t, 'clinic:').line],
    ]);
    expect(ds[0]!.related![0]!.line).toBe(where(t, 'id: school').line);
    expect(ds[2]!).toMatchObject({ column: where(t, 'shcool').column });
    expect(ds[2]!.hint).toContain('school');
    expect(ds[3]!.column).toBe(where(t, 'clinic').column);
  });
  it("a unit row's code no catalogue knows is located at the unit's row (catalogue rule iterates units)", async () => {
    const t = unit('{ general_budget: 50 }', '      - { code: "2089998", basic: 50 }', '    basic_by_economic:\n      - { code: "30101", amount: 50 }');
    const ds = await diags(t, ['check.unknown_code']);
    expect(ds.length).toBeGreaterThan(0);
    expect(ds[0]!.line).toBe(where(t, '2089998').line);
  });
});

describe('personnel part of a 款', () => {
  it('greater than the amount is an error at personnel, related the amount, in a unit too', async () => {
    const t = `${HEAD}income: { general_budget: 100 }
expenditure:
  - { code: "2080101", basic: 100 }
basic_by_economic:
  - { code: "30299", amount: 60, personnel: 20 }
  - { code: "30201", amount: 40, personnel: 40.01 }
`;
    const ds = await diags(t, ['check.personnel_exceeds_amount']);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ severity: 'error', ...where(t, '40.01') });
    expect(ds[0]!.related![0]!.column).toBe(where(t, '40, personnel').column);
  });
});

describe('last_year', () => {
  const t = `${BASE}expenditure_types:
  - { key: reserve, name: 单位预留机动经费 }
last_year:
  types: { basic: 90, resrve: 1 }
  functions: { "208": 95, "212": 5, "9990101": 1 }
  economic: { "302": 3 }
  income: { general_budgt: 1, carryover: 2 }
  three_public: { reception: 1, gifts: 1 }
explanation:
  income: {}
  basic:
    last_year: { amount: 80, base: budget }
    reason: 减少
`;
  it('an aggregate stated twice with two amounts is an error at the second, related the first', async () => {
    const [d] = await diags(t, ['check.last_year_conflict']);
    expect(d).toMatchObject({ severity: 'error', ...where(t, '80, base') });
    expect(d!.related![0]).toMatchObject(where(t, '90,'));
  });
  it('a code dropped this year warns, an unknown code is an error, unknown types, sources and items are errors at their keys', async () => {
    const ds = await diags(t, [
      'check.last_year_dropped',
      'check.last_year_unknown_code',
      'check.undeclared_type',
      'check.last_year_unknown_source',
      'check.last_year_unknown_item',
    ]);
    expect(ds.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([
      ['check.last_year_dropped', 'warning', ...Object.values(where(t, '"212"'))],
      ['check.last_year_unknown_code', 'error', ...Object.values(where(t, '"9990101"'))],
      ['check.last_year_dropped', 'warning', ...Object.values(where(t, '"302"'))],
      ['check.undeclared_type', 'error', ...Object.values(where(t, 'resrve'))],
      ['check.last_year_unknown_source', 'error', ...Object.values(where(t, 'general_budgt'))],
      ['check.last_year_unknown_item', 'error', ...Object.values(where(t, 'gifts'))],
    ]);
    expect(ds[0]!.message).toBe('本年没有科目 212（城乡社区支出）的支出，上年数将只在查询中可用');
    expect(ds[3]!.hint).toContain('reserve');
    expect(ds[4]!.hint).toContain('general_budget');
  });
});

describe('project listing', () => {
  const doc = (listing: string, projects: string) => `${HEAD}income: { general_budget: 100 }
${listing}
expenditure:
  - { code: "2080101", basic: 50, project: 30 }
  - { code: "2080505", basic: 10, project: 10 }
basic_by_economic:
  - { code: "30101", amount: 60 }
projects:
${projects}
`;
  const p = (name: string, amount: number, more = '') => `  - { name: ${name}, function_code: "2080101", economic: { "302": ${amount} }${more} }`;
  const codes = ['check.total_mismatch', 'check.projects_exceed_row', 'check.project_count_too_small', 'check.project_without_expenditure'];

  it('complete (the default when projects are listed): every row equals its listed projects', async () => {
    const t = doc('', [p('甲', 20), p('乙', 10)].join('\n'));
    const ds = await diags(t, codes);
    // 2080505 lists none of its 10
    expect(ds.map((d) => [d.code, d.line])).toEqual([['check.total_mismatch', where(t, '"2080505"').line]]);
  });
  it('partial: listed projects may fall short, rows without any are fine, but they may not exceed the row', async () => {
    expect(await diags(doc('project_listing: partial', p('甲', 20)), codes)).toEqual([]);
    const t = doc('project_listing: partial', [p('甲', 20), p('乙', 10.01)].join('\n'));
    const ds = await diags(t, codes);
    expect(ds.map((d) => [d.code, d.line, d.column])).toEqual([['check.projects_exceed_row', where(t, '"2080101"').line, where(t, '30 }').column]]);
    expect(ds[0]!.related!.map((r) => r.message)).toEqual(['甲', '乙']);
  });
  it('a department listing no projects has nothing to check', async () => {
    const t = doc('', '').replace('projects:\n', '');
    expect(await diags(t, codes)).toEqual([]);
  });
  it('project_count smaller than the projects listed is an error at project_count', async () => {
    const t = doc('project_listing: partial\nproject_count: 1', [p('甲', 20), p('乙', 10)].join('\n'));
    const ds = await diags(t, codes);
    expect(ds.map((d) => [d.code, d.line])).toEqual([['check.project_count_too_small', where(t, 'project_count').line]]);
    expect(await diags(t.replace('project_count: 1', 'project_count: 7'), codes)).toEqual([]);
  });
  it("a unit's projects are checked against the unit's rows, at the unit's row", async () => {
    const t = `${HEAD}income: { general_budget: 60 }
expenditure:
  - { code: "2080101", basic: 60 }
basic_by_economic:
  - { code: "30101", amount: 80 }
units:
  - id: school
    name: 第一学校
    type: 事业
    income: { general_budget: 40 }
    expenditure:
      - { code: "2080505", basic: 20, project: 20 }
projects:
  - { name: 甲, function_code: "2080505", unit_id: school, economic: { "302": 15 } }
  - { name: 乙, function_code: "2080505", economic: { "302": 5 } }
`;
    const ds = await diags(t, codes);
    expect(ds.map((d) => [d.code, d.line])).toEqual([
      ['check.total_mismatch', where(t, 'project: 20').line],
      ['check.project_without_expenditure', where(t, '- { name: 乙').line],
    ]);
    expect(ds[0]!.message).toBe('下属单位“第一学校”：科目 2080505 的项目支出 20 万元与所列项目合计 15 万元不相等');
  });
});

describe('amounts are read exactly', () => {
  const amountDoc = (value: string, unit = '') => `department: { name: 测试局, region: 和田市, year: 2020, date: 2020-07-20${unit} }
income: { general_budget: ${value} }
`;
  it('99999999999999.99 stays exact in 万元 and in 元', async () => {
    const wan = await check(amountDoc('99999999999999.99'));
    expect(wan.data!.income.general_budget!.toFixed()).toBe('99999999999999.99');
    const yuan = await check(amountDoc('99999999999999.99', ', unit: 元'));
    expect(yuan.data!.income.general_budget!.toFixed()).toBe('9999999999.999999');
  });
  it('123456.78 in a 元 file is exactly 12.345678 万元', async () => {
    const r = await check(amountDoc('123456.78', ', unit: 元'));
    expect(r.data!.income.general_budget!.toFixed()).toBe('12.345678');
  });
  it.each([
    ['0x1A', 'schema.amount_not_number'],
    ['1e308', 'schema.amount_not_number'],
    ['.inf', 'schema.amount_not_number'],
    ['.nan', 'schema.amount_not_number'],
    ['1.234', 'schema.amount_decimals'],
    ['-5', 'schema.amount_negative'],
  ])('%s is a located error %s', async (value, code) => {
    const t = amountDoc(value);
    const r = await check(t);
    expect(r.data).toBeNull();
    expect(r.schema.map((d) => [d.code, d.line, d.column])).toEqual([[code, 2, where(t, `: ${value}`).column + 2]]);
  });
  it('1.234 in a 元 file is still three decimals (two at most in the data unit)', async () => {
    const r = await check(amountDoc('1.234', ', unit: 元'));
    expect(r.schema.map((d) => d.code)).toEqual(['schema.amount_decimals']);
  });
  it('department.unit: 美元 is a located error', async () => {
    const t = amountDoc('1', ', unit: 美元');
    const r = await check(t);
    expect(r.data).toBeNull();
    expect(r.schema).toHaveLength(1);
    expect(r.schema[0]).toMatchObject({ severity: 'error', line: 1, column: where(t, '美元').column });
  });
});

describe('--lang en', () => {
  it('every model diagnostic reads in English (quoted names and 万元 aside)', async () => {
    const t = `department: { name: 测试局, region: 和田市, year: 2020, date: 2020-07-20, unit: 元 }
income: { general_budget: 1000000 }
expenditure_types:
  - { key: reserve, name: 机动 }
  - { key: reserve, name: 机动 }
  - { key: project, name: 项目 }
expenditure:
  - { code: "2080101", basic: 1000000, project: 100, types: { other: 1 } }
basic_by_economic:
  - { code: "30299", amount: 10, personnel: 20 }
units:
  - { id: self, name: 本级, type: 行政, income: { general_budget: 1 } }
  - { id: a, name: 甲, type: 事业 }
  - { id: a, name: 乙, type: 事业 }
project_listing: partial
project_count: 0
projects:
  - { name: 甲, function_code: "2080101", unit_id: b, economic: { "302": 1 } }
  - { name: 乙, function_code: "2080101", economic: { "302": 200 } }
last_year:
  types: { basic: 9, x: 1 }
  functions: { "212": 1, "9990101": 1 }
  income: { y: 1 }
  three_public: { z: 1 }
  units: { c: 1 }
explanation:
  income: {}
  basic: { last_year: { amount: 8, base: budget }, reason: 因 }
`;
    const r = await check(t, 'en');
    expect(r.schema).toEqual([]);
    const ds = r.checks.filter((d) => MODEL_CODES.includes(d.code) && d.code !== 'check.unknown_code');
    expect(new Set(ds.map((d) => d.code)).size).toBeGreaterThanOrEqual(16);
    const terms = /“[^”]*”|"[^"]*"|万元/g;
    const chinese = ds.filter((d) => /[\u4e00-\u9fff]/.test(`${d.message} ${d.hint ?? ''}`.replace(terms, '')));
    expect(chinese.map((d) => `${d.code}: ${d.message} ${d.hint ?? ''}`)).toEqual([]);
    expect(ds.every((d) => (d.line !== undefined && d.line > 1) || d.code === 'check.unbalanced')).toBe(true);
  });
});
