import { describe, expect, it } from 'vitest';
import { sampleData, sampleFigures } from './helpers/sample.js';
import { change } from '../src/figures/derive.js';
import { money, sum } from '../src/model/money.js';

describe('the sample data', () => {
  it('passes the schema', () => {
    const d = sampleData();
    expect(d.department.name).toBe('和田市社会保险管理局');
    expect(d.projects).toHaveLength(4);
  });
});

describe('money', () => {
  it('adds exactly, with no float drift', () => {
    const parts = ['102.46', '172.3', '14.33', '41.39', '25.05', '8.57', '2.1', '31.04'].map(money);
    expect(sum(parts).toString()).toBe('397.24');
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(money('0.1').plus(money('0.2')).toString()).toBe('0.3');
  });
});

describe('derived figures of the sample', () => {
  it('rolls 项 up to 款 and 类', async () => {
    const f = await sampleFigures();
    const byCode = Object.fromEntries(f.expenditure.rows.map((r) => [r.code, r]));
    expect(byCode['208']!.total.toFixed(2)).toBe('482.04');
    expect(byCode['20801']!.basic.toFixed(2)).toBe('401.91');
    expect(byCode['20805']!.total.toFixed(2)).toBe('41.39');
    expect(f.expenditure.basic.toFixed(2)).toBe('443.30');
    expect(f.expenditure.project.toFixed(2)).toBe('38.74');
  });

  it('computes 人员经费 and 公用经费 from the economic classes', async () => {
    const f = await sampleFigures();
    expect(f.economic.personnel.toString()).toBe('428.8');
    expect(f.economic.public.toString()).toBe('14.5');
    expect(f.economic.rows.find((r) => r.code === '301')!.amount.toString()).toBe('397.24');
  });

  it('computes shares that add up to 100%', async () => {
    const f = await sampleFigures();
    expect(f.expenditure.basicShare!.toString()).toBe('91.96');
    expect(f.expenditure.projectShare!.toString()).toBe('8.04');
    expect(f.incomeShares.general_budget!.toString()).toBe('100');
  });

  it('computes changes against last year, 42.93% not the printed 42.98%', async () => {
    const f = await sampleFigures();
    expect(f.changes.generalBasic!.diff.toString()).toBe('-333.42');
    expect(f.changes.generalBasic!.percent!.toString()).toBe('42.93');
    expect(f.changes.generalBasic!.direction).toBe('down');
    expect(f.changes.project!.diff.abs().toString()).toBe('16.58');
    expect(f.changes.income.general_budget!.diff.toString()).toBe('-350');
    expect(f.operatingCosts!.diff.toString()).toBe('-6.46');
    expect(f.operatingCosts!.percent!.toString()).toBe('30.82');
    const items = f.changes.items.map((i) => i.change!.percent!.toString());
    expect(items).toEqual(['43.65', '51.91']);
  });

  it('totals 三公 and 政府采购', async () => {
    const f = await sampleFigures();
    expect(f.threePublic!.total.toString()).toBe('2.1');
    expect(f.threePublic!.change!.direction).toBe('flat');
    expect(f.procurement!.total.toString()).toBe('2.5');
    expect(f.projects.total.toString()).toBe('38.74');
    expect(f.staff.actual).toBe(46);
  });

  it('rounds half up', () => {
    // 1/8 = 12.5%, 1/3 = 33.333…%, 0.0125/1 → 1.25%
    expect(change(money('7'), money('8')).percent!.toString()).toBe('12.5');
    expect(change(money('2'), money('3')).percent!.toString()).toBe('33.33');
    expect(change(money('1.00125'), money('1')).percent!.toString()).toBe('0.13');
    expect(change(money('1'), money('0')).percent).toBeNull();
  });
});

describe('departments with 政府性基金', () => {
  it('split basic and project by fund for 表五 and 表九', async () => {
    const { parse } = await import('yaml');
    const { departmentSchema } = await import('../src/model/schema.js');
    const { loadCatalogue } = await import('../src/catalogue/catalogue.js');
    const { deriveFigures } = await import('../src/figures/derive.js');
    const { sources } = await import('../src/tables/sources.js');
    const { sampleText } = await import('./helpers/sample.js');
    const raw = parse(sampleText);
    raw.income.government_fund = 10;
    raw.expenditure.push({ code: '2080199', fund: 'government_fund', basic: 4, project: 6 });
    const data = departmentSchema.parse(raw);
    const catalogue = await loadCatalogue(2020);
    const fig = deriveFigures(data, catalogue);
    const ctx = { data, fig, catalogue, labels: {} };
    const general = sources.general_functions!(ctx).total!;
    const fund = sources.fund_functions!(ctx).total!;
    expect([general.total, general.basic, general.project].map(String)).toEqual(['482.04', '443.3', '38.74']);
    expect([fund.total, fund.basic, fund.project].map(String)).toEqual(['10', '4', '6']);
    const row = sources.fund_functions!(ctx).rows.find((r) => r.name === '人力资源和社会保障管理事务')!;
    expect([row.total, row.basic, row.project].map(String)).toEqual(['10', '4', '6']);
  });
});

describe('rows paid from other income sources', () => {
  it('count for their source, not for 一般公共预算, in every figure built on it', async () => {
    const { deriveFigures } = await import('../src/figures/derive.js');
    const { loadCatalogue } = await import('../src/catalogue/catalogue.js');
    const data = sampleData();
    // the 养老 row (41.39) paid from 事业收入, the 208 类 stays mixed
    const expenditure = data.expenditure.map((e) => (e.code === '2080505' ? { ...e, fund: 'business' as const } : e));
    const f = deriveFigures({ ...data, expenditure, income: { general_budget: money('440.65'), business: money('41.39') } }, await loadCatalogue(2020));
    expect(f.expenditure.bySource.business.toString()).toBe('41.39');
    expect(f.expenditure.bySource.general_budget.toString()).toBe('440.65');
    expect(f.expenditure.general.toString()).toBe('440.65');
    expect(f.expenditure.total.toString()).toBe('482.04');
    // 第三部分 explains the rows 一般公共预算 pays for, and its classes with their general share
    expect(f.changes.items.map((i) => i.code)).toEqual(['2080101']);
    expect(f.expenditure.generalClasses.map((c) => [c.code, c.general.toString()])).toEqual([['208', '440.65']]);
    expect(f.expenditure.fiscalClasses.map((c) => [c.code, c.fiscal.total.toString()])).toEqual([['208', '440.65']]);
    const row = f.expenditure.rows.find((r) => r.code === '2080505')!;
    expect([row.general.toString(), row.byFund.business.basic.toString()]).toEqual(['0', '41.39']);
  });
});
