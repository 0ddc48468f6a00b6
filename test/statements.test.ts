// Facts at the grain a document publishes them (src/figures/statements.ts),
// on the real 国家信访局 2026 data: every expected figure is worked out by hand
// from the published document (../shared/real/central-petitions-bureau-2026),
// the table or sentence named beside it.
import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync, mkdtempSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseYamlSource } from '../src/source/yaml-source.js';
import { validateDepartment } from '../src/model/validate.js';
import { deriveFigures } from '../src/figures/derive.js';
import { catalogueDir, loadCatalogue } from '../src/catalogue/catalogue.js';
import type { Facts } from '../src/figures/facts.js';
import { build } from '../src/build.js';
import { builtinTemplates, loadTemplateSet, type TemplateSet } from '../src/templates/load.js';

const DIR = 'data/central-petitions-bureau-2026';
const FILE = join(DIR, 'central-petitions-bureau-2026.yaml');
const TEXT = readFileSync(FILE, 'utf8');

async function factsOf(text: string): Promise<Facts> {
  const { source } = parseYamlSource(FILE, text);
  const { data, diagnostics } = validateDepartment(source!);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const cat = await loadCatalogue(2026, [catalogueDir, join(DIR, 'catalogue')]);
  return deriveFigures(data!, cat, { fiscalSources: ['general_budget', 'government_fund', 'state_capital'] }).facts;
}

let facts: Facts;
let central: TemplateSet;
beforeAll(async () => {
  facts = await factsOf(TEXT);
  central = await loadTemplateSet([builtinTemplates, 'template-sets/central']);
});
const s = (m: unknown) => (m === null ? null : String(m));

describe('statements answer queries from the finest statement covering them', () => {
  it('answers each table from its own statement, none of them split further than published', () => {
    // 表3 (all sources, 项 × type): 201 = 6,286.21 + 737.29 + 844.83 + 2,475.01 + 605.40 + 36,230.56
    expect(s(facts.q({ function: '201' }))).toBe('47179.3');
    expect(s(facts.q({ type: 'basic' }))).toBe('11056.07');
    // 表5 (一般公共预算 当年, 项 × type): 201 基本 = 5,826.21 + 236.83 + 605.40
    expect(s(facts.q({ function: '201', source: 'general_budget', type: 'basic' }))).toBe('6668.44');
    expect(s(facts.q({ source: 'general_budget' }))).toBe('16474.82');
    // 表4 (财政拨款 incl. 上年结转, by 类 only)
    expect(s(facts.q({ function: '201', source: 'fiscal' }))).toBe('15291.3');
    expect(s(facts.q({ source: 'fiscal' }))).toBe('18728.94');
  });

  it('refuses a query finer than anything stated, and answers a stated zero for every part of it', () => {
    // 财政拨款 is stated by 类: by 项 it is not published
    expect(() => facts.q({ function: '2014001', source: 'fiscal' })).toThrow(/uncovered/);
    // 其他收入 pays 31,888.00 万元 of 201, but which 项 is not published
    expect(() => facts.q({ function: '2014099', source: 'other' })).toThrow(/uncovered/);
    // 表7's note: no 政府性基金 expenditure at all, so none under any 项
    expect(s(facts.q({ function: '2014001', source: 'government_fund' }))).toBe('0');
  });

  it('prints a published total as published where its rounded parts add to a cent more', () => {
    // 表5, 201 2025 年执行数: printed 33,586.67; its 项 add to 5,555.07 + 66.44 + 236.83 + 2,014.50 + 570.60 + 25,143.24 = 33,586.68
    expect(s(facts.q({ function: '201', source: 'general_budget', year: 'last' }))).toBe('33586.67');
    expect(s(facts.q({ function: '2014', source: 'general_budget', year: 'last' }))).toBe('33586.68');
    expect(s(facts.q({ source: 'general_budget', year: 'last' }))).toBe('37241.42');
  });

  it('computes a whole without its part (扣除中央基建投资后) and its change', () => {
    // 表5 合计: 37,241.42 − 23,542.20 = 13,699.22; 16,474.82 − 13,699.22 = 2,775.60, 20.26%
    expect(s(facts.q({ source: 'general_budget', part: '!中央基建投资', year: 'last' }))).toBe('13699.22');
    const c = facts.chg({ source: 'general_budget', part: '!中央基建投资' })!;
    expect(s(c.diff)).toBe('2775.6');
    expect(s(c.percent)).toBe('20.26');
    // without the exclusion: 16,474.82 − 37,241.42 = −20,766.60, 55.76%
    expect(s(facts.chg({ source: 'general_budget' })!.percent)).toBe('55.76');
  });

  it('takes a stated change (持平, an amount and a percent) as a fact, and texts beside amounts', () => {
    // 第三部分七: 三公 与 2025 年预算持平
    const flat = facts.chg({ kind: 'three_public' })!;
    expect(flat.direction).toBe('flat');
    expect(s(flat.last)).toBe('112.61');
    // 第三部分八（二）: 机关运行经费 2,376.26, 增加 222.33 万元, 增幅 10.32% (so 2025: 2,153.93)
    const oc = facts.chg({ kind: 'operating_costs' })!;
    expect([s(oc.current), s(oc.diff), s(oc.last), s(oc.percent)]).toEqual(['2376.26', '222.33', '2153.93', '10.32']);
    expect(facts.text({ kind: 'operating_costs' }, 'reason')).toBe('编制内增人增支等经费增加');
    expect(facts.text({ function: '2014099', source: 'general_budget' })).toMatch(/^新建来访接待场所开办/);
    expect(facts.text({ function: '2014001', source: 'general_budget' })).toBeNull();
  });

  it('lists the 项 a statement states, last year’s only ones too', () => {
    // 表5 lists 2101101 行政单位医疗 with 2025 年执行数 218.91 and nothing in 2026
    expect(facts.values('function', { source: 'general_budget' })).toContain('2101101');
    expect(facts.values('function', {})).not.toContain('2101101');
  });
});

describe('statement checks and located errors', () => {
  let dir: string;
  const copy = (text: string) => {
    dir = mkdtempSync(join(tmpdir(), 'statements-'));
    mkdirSync(join(dir, 'catalogue'));
    cpSync(join(DIR, 'catalogue'), join(dir, 'catalogue'), { recursive: true });
    const f = join(dir, 'central-petitions-bureau-2026.yaml');
    writeFileSync(f, text);
    return f;
  };
  const run = async (text: string, templates = central) => {
    const file = copy(text);
    return { file, out: await build({ file, text, templates, render: false }) };
  };

  it('builds the sample without errors', async () => {
    const { out } = await run(TEXT);
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('reconciles a published 类 total with its 项 beyond the rounding they may carry', async () => {
    // 201's six 项 add to 33,586.68: 33,586.67 is within rounding, 33,586.80 is not
    const { file, out } = await run(TEXT.replace('{ function: "201", last_year: 33586.67 }', '{ function: "201", last_year: 33586.80 }'));
    const d = out.diagnostics.find((x) => x.code === 'check.statements_disagree');
    expect(d).toMatchObject({ file, message: expect.stringContaining('33586.8') });
    expect(TEXT.split('\n')[d!.line! - 1]).toContain('function: "201", last_year');
  });

  it('reports a stated part larger than its whole', async () => {
    const { out } = await run(TEXT.replace('{ function: "2014099", amount: 23542.20 }', '{ function: "2014099", amount: 25143.25 }'));
    expect(out.diagnostics.map((x) => x.code)).toContain('check.part_exceeds_whole');
  });

  it('reports a table asking finer than the data states at the column that asks', async () => {
    const dirT = mkdtempSync(join(tmpdir(), 'central-set-'));
    cpSync('template-sets/central', dirT, { recursive: true });
    const layout = join(dirT, 'tables/fiscal-summary.yaml');
    // 财政拨款 by 项: the data states it by 类 only
    writeFileSync(
      layout,
      readFileSync(layout, 'utf8').replace(
        '        levels: [1]\n        code: none\n        name: paren_ordinal',
        '        levels: [3]\n        code: none\n        name: plain',
      ),
    );
    const set = await loadTemplateSet([builtinTemplates, dirT]);
    const file = copy(TEXT);
    const out = await build({ file, text: TEXT, templates: set, formats: ['pdf'] });
    const d = out.diagnostics.find((x) => x.code === 'template.uncovered_query');
    expect(d).toMatchObject({ file: layout, message: expect.stringContaining('source=fiscal') });
    expect(out.files).toEqual([]);
  });
});

describe('parts, 结转下年, last year per source, optional facts', () => {
  const variant = (from: string, to: string) => {
    expect(TEXT).toContain(from);
    return TEXT.replace(from, to);
  };

  it('prints a part (其中) of a whole, zero where the whole is zero, and checks it is no larger', async () => {
    // 表2's 事业收入 其中：教育收费: 国家信访局 has no 事业收入, so its 教育收费 is zero without being stated
    expect(s(facts.q({ kind: 'income', source: 'business', part: '教育收费' }))).toBe('0');
    // a department with 事业收入 5.00 of which 教育收费 3.00
    const text = variant('  other: 31888.00 # 其他收入', '  other: 31883.00\n  business: 5.00').replace(
      'statements:\n',
      'statements:\n  - of: { kind: income, source: business, part: 教育收费 }\n    rows: [{ amount: 3.00 }]\n',
    );
    const f = await factsOf(text);
    expect(s(f.q({ kind: 'income', source: 'business', part: '教育收费' }))).toBe('3');
    const file = join(mkdtempSync(join(tmpdir(), 'parts-')), 'd.yaml');
    mkdirSync(join(file, '..', 'catalogue'));
    cpSync(join(DIR, 'catalogue'), join(file, '..', 'catalogue'), { recursive: true });
    const bad = text.replace('rows: [{ amount: 3.00 }]', 'rows: [{ amount: 6.00 }]');
    writeFileSync(file, bad);
    const out = await build({ file, text: bad, templates: central, render: false });
    expect(out.diagnostics.find((d) => d.code === 'check.part_exceeds_whole')).toMatchObject({
      file,
      line: bad.split('\n').findIndex((l) => l.includes('amount: 6.00')) + 1,
    });
  });

  it('balances 收入总计 against 支出总计 and 结转下年 where the data states one', async () => {
    const more = variant('  other: 31888.00 # 其他收入', '  other: 31988.00');
    const file = join(mkdtempSync(join(tmpdir(), 'carry-')), 'd.yaml');
    mkdirSync(join(file, '..', 'catalogue'));
    cpSync(join(DIR, 'catalogue'), join(file, '..', 'catalogue'), { recursive: true });
    const codes = async (text: string) => {
      writeFileSync(file, text);
      return (await build({ file, text, templates: central, render: false })).diagnostics.map((d) => d.code);
    };
    // 50,716.94 of income against 50,616.94 of expenditure: unbalanced until 100.00 万元 is carried forward
    expect(await codes(more)).toContain('check.unbalanced');
    const carried = more.replace('statements:\n', 'statements:\n  - of: { kind: carry_forward }\n    rows: [{ amount: 100.00 }]\n');
    expect(await codes(carried)).not.toContain('check.unbalanced');
    const f = await factsOf(carried);
    expect(s(f.q({ kind: 'expenditure,carry_forward' }))).toBe('50716.94');
  });

  it('takes last year’s income per source from a statement', async () => {
    // an income statement of last year only: 一般公共预算 2025 执行数 37,241.42 (表5 合计); 16,474.82 − 37,241.42 = −20,766.60
    const f = await factsOf(
      variant('statements:\n', 'statements:\n  - of: { kind: income }\n    base: actual\n    rows: [{ source: general_budget, last_year: 37241.42 }]\n'),
    );
    const c = f.chg({ kind: 'income', source: 'general_budget' })!;
    expect([s(c.diff), s(c.percent), c.base]).toEqual(['-20766.6', '55.76', 'actual']);
    // a source the statement leaves out is a zero of it, as an empty row of a published table
    expect(s(f.chg({ kind: 'income', source: 'other' })!.last)).toBe('0');
    // the data without that statement states no last year for income
    expect(facts.chg({ kind: 'income', source: 'general_budget' })).toBeNull();
  });

  it('reads a month-only date, units by name only, and projects published without codes', async () => {
    const { helpers } = await import('../src/narrative/helpers.js');
    expect(helpers.cnDate!('2026-03')).toBe('二〇二六年三月');
    expect(helpers.date!('2026-03')).toBe('2026 年 3 月');
    const text = variant('department:\n', 'department:\n').replace('overview:\n', 'units:\n  - { id: center, name: 国家信访局信息中心 }\n\noverview:\n');
    const { source } = parseYamlSource(FILE, text);
    const { data, diagnostics } = validateDepartment(source!);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(data!.department.date).toBe('2026-03');
    expect(data!.units[0]!.type).toBeUndefined();
    const cat = await loadCatalogue(2026, [catalogueDir, join(DIR, 'catalogue')]);
    // 信息化运行维护: 财政拨款 1,384.87 + 上年结转 750.00 = 年度资金总额 2,134.87
    expect(s(deriveFigures(data!, cat).projects.list[0]!.amount)).toBe('2134.87');
  });
});

describe('an indicator printed without a 二级 label', () => {
  it('validates, passes the indicator catalogue and prints an empty 二级 cell', async () => {
    const text = TEXT.replace('{ level1: 成本指标, level2: 经济成本指标, name: 项目总成本,', '{ level1: 成本指标, name: 项目总成本,');
    expect(text).not.toBe(TEXT);
    const dir = mkdtempSync(join(tmpdir(), 'level2-'));
    cpSync(join(DIR, 'catalogue'), join(dir, 'catalogue'), { recursive: true });
    const file = join(dir, 'd.yaml');
    writeFileSync(file, text);
    const out = await build({ file, text, templates: central, formats: ['pdf'], keepIr: true });
    expect(out.diagnostics.filter((d) => d.severity === 'error' || d.code.startsWith('check.indicator'))).toEqual([]);
    const rows: { text?: string }[][] = [];
    JSON.stringify(out.ir, (k, v) => (k === 'rows' && Array.isArray(v) ? (rows.push(...(v as { text?: string }[][])), v) : v));
    const row = rows.find((r) => Array.isArray(r) && r.some((c) => c?.text === '项目总成本'))!;
    const at = row.findIndex((c) => c?.text === '项目总成本');
    expect(row.slice(at - 2, at).map((c) => c.text)).toEqual(['成本指标', '']);
    // the 实施单位 as the table prints it (performance.unit_name), beside 主管部门及代码
    expect(
      rows.some(
        (r) =>
          Array.isArray(r) &&
          r
            .map((c) => c?.text)
            .join('|')
            .includes('[292]国家信访局|实施单位|国家信访局本级'),
      ),
    ).toBe(true);
  });
});

describe('rounding policy: percentages from exact or from printed amounts', () => {
  it('prints one sentence both ways', async () => {
    const { narrativeEnv } = await import('../src/narrative/env.js');
    const t = narrativeEnv().compile(
      '{{money (q kind="income" source="general_budget")}} 亿元，占 {{pct (qshare kind="income" source="general_budget")}}；{{#with (chg source="general_budget")}}{{dir this}} {{diff this}} 亿元，{{pct percent}}{{/with}}',
    );
    const fmt = { unit: '亿元', decimals: 2, fixed: true };
    // exact: 16,474.82 / 50,616.94 = 32.55%; 20,766.60 / 37,241.42 = 55.76%
    expect(t({ fig: { facts }, numberFormat: fmt })).toBe('1.65 亿元，占 32.55%；减少 2.08 亿元，55.76%');
    // printed: 1.65 / 5.06 = 32.61%; 1.65 − 3.72 = −2.07, 2.07 / 3.72 = 55.65%
    expect(t({ fig: { facts }, numberFormat: { ...fmt, percent_from: 'printed' } })).toBe('1.65 亿元，占 32.61%；减少 2.07 亿元，55.65%');
  });
});

describe('a sentence asking finer than the data states', () => {
  it('is an error at the template line that asks, never a silent zero', async () => {
    const dirT = mkdtempSync(join(tmpdir(), 'central-narrative-'));
    cpSync('template-sets/central', dirT, { recursive: true });
    const part = join(dirT, 'narrative/part4-glossary.hbs');
    // 财政拨款 of 行政运行: the data states 财政拨款 by 类 only
    writeFileSync(part, '# 第四部分 名词解释\n行政运行 {{money (q function="2014001" source="fiscal")}} 万元。\n');
    const set = await loadTemplateSet([builtinTemplates, dirT]);
    const dir = mkdtempSync(join(tmpdir(), 'central-data-'));
    cpSync(join(DIR, 'catalogue'), join(dir, 'catalogue'), { recursive: true });
    const file = join(dir, 'd.yaml');
    writeFileSync(file, TEXT);
    const out = await build({ file, text: TEXT, templates: set, formats: ['pdf'] });
    const d = out.diagnostics.find((x) => x.severity === 'error');
    expect(d).toMatchObject({ file: part, line: 2, message: expect.stringContaining('比数据写明的更细') });
    expect(out.files).toEqual([]);
  });
});
