// A department with 下属单位 (inline and in files of their own), declared
// expenditure types, a 元 data file, and the query over the facts: figures
// consolidate, diagnostics point into the unit's own file, and every expected
// figure here is worked out by hand from the YAML below.
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../src/build.js';
import { builtinTemplates, loadTemplateSet, type TemplateSet } from '../src/templates/load.js';
import { parseYamlSource } from '../src/source/yaml-source.js';
import { validateDepartment } from '../src/model/validate.js';
import { deriveFigures } from '../src/figures/derive.js';
import { loadCatalogue } from '../src/catalogue/catalogue.js';
import { sampleText } from './helpers/sample.js';

/** The sample, in 元, with a 事业 unit inline and a 参公 unit in a file of its own. */
function department(units: string): string {
  return sampleText
    .replace('  date: 2020-07-20\n', '  date: 2020-07-20\n  unit: 元\n  type: 行政\n')
    .replace('income: # 收入预算（按来源）\n  general_budget: 482.04 # 一般公共预算', 'income: # 收入预算（按来源）\n  general_budget: 4820400')
    .replace(/basic: 401\.91/, 'basic: 4019100')
    .replace(/project: 38\.74/, 'project: 387400')
    .replace(/basic: 41\.39\n/, 'basic: 413900\n')
    .replace(/(- \{ code: "\d{5}",(?: name: [^,]+,)? amount: )([\d.]+) \}/g, (_m, a: string, v: string) => `${a}${(Number(v) * 10000).toFixed(0)} }`)
    .replace(/economic: \{ "302": ([\d.]+) \}/g, (_m, v: string) => `economic: { "302": ${(Number(v) * 10000).toFixed(0)} }`)
    .replace(
      /last_year: \{ amount: ([\d.]+), base: (budget|actual) \}/g,
      (_m, v: string, b: string) => `last_year: { amount: ${(Number(v) * 10000).toFixed(0)}, base: ${b} }`,
    )
    .replace(/(overseas|vehicle_purchase|vehicle_operation|reception): ([\d.]+)/g, (_m, k: string, v: string) => `${k}: ${(Number(v) * 10000).toFixed(0)}`)
    .replace(
      /(goods|works|services|sme_reserved|micro_reserved|furniture|other|value): ([\d.]+)/g,
      (_m, k: string, v: string) => `${k}: ${(Number(v) * 10000).toFixed(0)}`,
    )
    .replace(/ +stated_change_percent:.*\n/, '')
    .replace('overview:\n', `units:\n${units}\nexpenditure_types:\n  - { key: reserve, name: 单位预留机动经费 }\n\noverview:\n`);
}

const INLINE_UNIT = `  - id: center
    name: 社保服务中心
    type: 事业
    income: { general_budget: 123456.78 }
    expenditure:
      - { code: "2080101", basic: 100000, types: { reserve: 23456.78 } }
    basic_by_economic:
      - { code: "30201", amount: 60000 }
      - { code: "30101", amount: 40000 }`;

const FILE_UNIT = `  - id: inspect
    name: 社保稽核所
    type: 参公
    file: units/inspect.yaml`;

const INSPECT = `income: { general_budget: 50000.5 }
expenditure:
  - { code: "2080101", basic: 50000.5 }
basic_by_economic:
  - { code: "30201", amount: 30000.5 }
  - { code: "30101", amount: 20000 }
`;

let dir: string;
let templates: TemplateSet;
const write = (name: string, text: string) => {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'units-'));
  templates = await loadTemplateSet([builtinTemplates]);
});

async function figuresOf(file: string) {
  const out = await build({ file, text: (await import('node:fs')).readFileSync(file, 'utf8'), templates, render: false });
  return out;
}

describe('a department with units', () => {
  it('consolidates an inline unit and a unit kept in its own file', async () => {
    write('units/inspect.yaml', INSPECT);
    const file = write('dept.yaml', department(`${INLINE_UNIT}\n${FILE_UNIT}`));
    const out = await figuresOf(file);
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const { source } = parseYamlSource(file, department(`${INLINE_UNIT}`));
    const { data } = validateDepartment(source!);
    const fig = deriveFigures(data!, await loadCatalogue(2020));
    // 4,820,400 + 123,456.78 元 = 4,943,856.78 元 = 494.385678 万元, kept exactly
    expect(fig.expenditure.total.toString()).toBe('494.385678');
    expect(fig.income.general_budget.toString()).toBe('494.385678');
    expect(fig.expenditure.types.reserve!.toString()).toBe('2.345678');
    const q = fig.facts;
    expect(q.q({ unit: 'center' })!.toString()).toBe('12.345678');
    expect(q.q({ type: 'reserve' })!.toString()).toBe('2.345678');
    expect(q.q({ function: '208', type: 'basic' })!.toString()).toBe('453.3');
    expect(q.q({ kind: 'income', unit: 'self' })!.toString()).toBe('482.04');
    // last year stated for the 项 of 一般公共预算; this year 440.65 + 10 (the unit's basic) + 2.345678 (its reserve)
    expect(q.chg({ function: '2080101', source: 'general_budget' })!.diff.toString()).toBe('-329.044322');
    expect(q.q({ function: '208', year: 'last' })).toBeNull();
    // 人员 / 公用 of the whole department: the unit adds 4 万元 of 301 and 6 of 302
    expect(fig.economic.personnel.toString()).toBe('432.8');
  });

  it('counts 机关运行经费 over 行政 and 参公 units only, and as the template set says', async () => {
    write('units/inspect.yaml', INSPECT);
    const file = write('dept2.yaml', department(`${INLINE_UNIT}\n${FILE_UNIT}`));
    const { source } = parseYamlSource(file, (await import('node:fs')).readFileSync(file, 'utf8'));
    const { data } = validateDepartment(source!);
    const { withUnitFiles } = await import('../src/model/unit-files.js');
    const merged = await withUnitFiles(file, data!, source!);
    const cat = await loadCatalogue(2020);
    // 本级 公用经费 14.50 万元 (302 款 of the sample: 6.43 + 1.16 + 1.72 + 3.09 + 2.10) + the 参公 unit's 30,000.5 元; the 事业 unit's 60,000 元 is left out
    expect(deriveFigures(merged.data!, cat).operatingCostsAmount.toString()).toBe('17.50005');
    expect(deriveFigures(merged.data!, cat, { operatingCostsScope: ['行政'] }).operatingCostsAmount.toString()).toBe('14.5');
  });

  it('reports a mistake in a unit file at its own line', async () => {
    write('units/inspect.yaml', INSPECT.replace('basic: 50000.5', 'basic: 50000.555'));
    const file = write('dept3.yaml', department(`${INLINE_UNIT}\n${FILE_UNIT}`));
    const out = await figuresOf(file);
    const d = out.diagnostics.find((x) => x.code === 'schema.amount_decimals');
    expect(d).toMatchObject({ file: join(dir, 'units/inspect.yaml'), line: 3 });
    expect(out.files).toEqual([]);
  });

  it('refuses a unit file outside the department folder, and a file beside inline facts', async () => {
    const file = write('dept4.yaml', department(FILE_UNIT.replace('units/inspect.yaml', '../elsewhere.yaml')));
    const out = await figuresOf(file);
    expect(out.diagnostics.find((x) => x.code === 'schema.unit_file')).toMatchObject({ file, message: expect.stringContaining('不在部门数据所在的文件夹中') });
    const both = write('dept5.yaml', department(`${FILE_UNIT}\n    income: { general_budget: 1 }`));
    const out2 = await figuresOf(both);
    expect(out2.diagnostics.map((x) => x.code)).toContain('schema.unit_file');
  });

  it('points a unit file’s balance problem at the unit file', async () => {
    write('units/inspect.yaml', INSPECT.replace('income: { general_budget: 50000.5 }', 'income: { general_budget: 50000 }'));
    const file = write('dept6.yaml', department(`${INLINE_UNIT}\n${FILE_UNIT}`));
    const out = await figuresOf(file);
    const d = out.diagnostics.find((x) => x.code === 'check.unit_unbalanced');
    expect(d?.file).toBe(join(dir, 'units/inspect.yaml'));
  });
});

describe('grid layouts', () => {
  it('leave out a hide_if_empty column without figures, and total what their rows list', async () => {
    const { buildGridTable } = await import('../src/tables/grid/grid-build.js');
    const { gridLayoutSchema } = await import('../src/tables/grid/grid-schema.js');
    const { parse } = await import('yaml');
    const { sampleData } = await import('./helpers/sample.js');
    const cat = await loadCatalogue(2020);
    const fig = deriveFigures(sampleData(), cat);
    const layout = gridLayoutSchema.parse(
      parse(`title: t
rows: [{ by: economic, levels: [1] }]
columns:
  - { label: 科目, field: name }
  - { label: 合计, value: {} }
  - { label: 人员经费, value: { cost: personnel } }
  - { label: 预留, value: { type: reserve }, hide_if_empty: true }
total: { label: 合计, position: first }`),
    );
    const { table } = buildGridTable(layout, { fig, facts: fig.facts, catalogue: cat, sourceNames: {} }, { font: 'table', size: 10 });
    expect(table.columns).toHaveLength(3);
    expect(table.rows[0]!.map((c) => c.text)).toEqual(['科目', '合计', '人员经费']);
    // the total of rows by 经济分类 sums 经济分类 facts (443.30), not all expenditure (482.04)
    expect(table.rows[1]!.map((c) => c.text)).toEqual(['合计', '443.30', '428.80']);
    expect(table.rows.slice(2).map((r) => r[0]!.text)).toEqual(['工资福利支出', '商品和服务支出', '对个人和家庭的补助']);
  });
});

describe('queries', () => {
  const detailed = (parts: string) =>
    sampleText.replace(
      'income: # 收入预算（按来源）\n  general_budget: 482.04 # 一般公共预算',
      `income: # 收入预算（按来源）\n  general_budget: 482.04\n  detail:\n    general_budget: ${parts}`,
    );

  it('reach a source’s published parts, and list or exclude values', async () => {
    const file = join(dir, 'detail.yaml');
    writeFileSync(file, detailed('{ 经费拨款: 450, 纳入专户管理的非税收入拨款: 32.04 }'));
    const out = await build({ file, text: (await import('node:fs')).readFileSync(file, 'utf8'), templates, render: false });
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const { source } = parseYamlSource(file, detailed('{ 经费拨款: 450, 纳入专户管理的非税收入拨款: 32.04 }'));
    const fig = deriveFigures(validateDepartment(source!).data!, await loadCatalogue(2020));
    expect(fig.facts.q({ kind: 'income', source: 'general_budget', item: '经费拨款' })!.toString()).toBe('450');
    expect(fig.facts.q({ kind: 'income', source: 'general_budget' })!.toString()).toBe('482.04');
    expect(fig.facts.q({ type: 'basic,project' })!.toString()).toBe('482.04');
    expect(fig.facts.q({ type: '!project' })!.toString()).toBe('443.3');
    expect(fig.facts.q({ function: '2080101,2080505', type: 'basic' })!.toString()).toBe('443.3');
    expect(fig.facts.q({ function: '!20805' })!.toString()).toBe('440.65');
  });

  it('report parts that do not add up to their source', async () => {
    const file = join(dir, 'detail-bad.yaml');
    const text = detailed('{ 经费拨款: 450, 纳入专户管理的非税收入拨款: 30 }');
    writeFileSync(file, text);
    const out = await build({ file, text, templates, render: false });
    const d = out.diagnostics.find((x) => x.code === 'check.income_detail_mismatch');
    expect(d).toMatchObject({ severity: 'error', line: 34, column: 5 });
    expect(d!.message).toContain('480');
  });
});
