// Every figure the disclosure prints that follows from other figures is computed
// here, once: roll-ups 项 → 款 → 类, totals, shares and changes against last year.
// Tables and narrative read these; nothing downstream adds numbers up again.
import type { Catalogue } from '../catalogue/catalogue.js';
import { fundSources, incomeKeys, type DepartmentData, type FundSource, type IncomeKey } from '../model/schema.js';
import { Money, ZERO, percent, sum } from '../model/money.js';

export interface Change {
  readonly current: Money;
  readonly last: Money;
  /** current − last */
  readonly diff: Money;
  /** |diff| / last × 100, half-up to 2 decimals; null when last year was 0 */
  readonly percent: Money | null;
  readonly direction: 'up' | 'down' | 'flat';
  readonly base: 'budget' | 'actual';
}

export function change(current: Money, last: Money, base: 'budget' | 'actual' = 'budget'): Change {
  const diff = current.minus(last);
  return {
    current,
    last,
    diff,
    percent: percent(diff.abs(), last),
    direction: diff.isZero() ? 'flat' : diff.isPositive() ? 'up' : 'down',
    base,
  };
}

/** A 功能分类 row at any level, with the amounts rolled up from its 项. */
export interface FunctionRow {
  readonly code: string;
  readonly level: 1 | 2 | 3;
  readonly name: string;
  /** name as the clerk printed it, when given */
  readonly printedName?: string;
  readonly basic: Money;
  readonly project: Money;
  readonly total: Money;
  readonly general: Money;
  readonly fund: Money;
  /** basic and project parts by the income source paying for them (表五, 表九) */
  readonly byFund: Readonly<Record<FundSource, { basic: Money; project: Money }>>;
  /** the whole amount each income source pays (表二) */
  readonly bySource: Readonly<Record<FundSource, Money>>;
}

export interface EconomicRow {
  readonly code: string;
  readonly level: 1 | 2;
  readonly name: string;
  readonly printedName?: string;
  readonly amount: Money;
  readonly personnel: Money;
  readonly public: Money;
}

export interface ProjectRow {
  readonly code: string;
  readonly level: 1 | 2 | 3;
  readonly name: string;
  readonly project?: string;
  readonly total: Money;
  readonly byClass: Readonly<Record<string, Money>>;
}

const levelOf = (code: string): 1 | 2 | 3 => (code.length === 3 ? 1 : code.length === 5 ? 2 : 3);
const ancestors = (code: string): string[] =>
  code.length === 7 ? [code.slice(0, 3), code.slice(0, 5), code] : code.length === 5 ? [code.slice(0, 3), code] : [code];

function functionRows(data: DepartmentData, cat: Catalogue): FunctionRow[] {
  type Acc = { basic: Money; project: Money; byFund: FunctionRow['byFund']; printed?: string };
  const acc = new Map<string, Acc>();
  const none = Object.fromEntries(fundSources.map((k) => [k, { basic: ZERO, project: ZERO }])) as FunctionRow['byFund'];
  for (const e of data.expenditure) {
    const basic = e.basic ?? ZERO;
    const project = e.project ?? ZERO;
    for (const code of ancestors(e.code)) {
      const a = acc.get(code) ?? { basic: ZERO, project: ZERO, byFund: none };
      const f = a.byFund[e.fund];
      acc.set(code, {
        byFund: { ...a.byFund, [e.fund]: { basic: f.basic.plus(basic), project: f.project.plus(project) } },
        basic: a.basic.plus(basic),
        project: a.project.plus(project),
        printed: code === e.code ? e.name : a.printed,
      });
    }
  }
  return [...acc.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, a]) => {
      const bySource = Object.fromEntries(fundSources.map((k) => [k, a.byFund[k].basic.plus(a.byFund[k].project)])) as Record<FundSource, Money>;
      return {
        code,
        level: levelOf(code),
        name: a.printed ?? cat.functionalName(code) ?? code,
        ...(a.printed ? { printedName: a.printed } : {}),
        basic: a.basic,
        project: a.project,
        total: a.basic.plus(a.project),
        general: bySource.general_budget,
        fund: bySource.government_fund,
        byFund: a.byFund,
        bySource,
      };
    });
}

function economicRows(data: DepartmentData, cat: Catalogue): EconomicRow[] {
  const acc = new Map<string, { amount: Money; printed?: string }>();
  for (const e of data.basic_by_economic) {
    for (const code of [e.code.slice(0, 3), e.code]) {
      const a = acc.get(code) ?? { amount: ZERO };
      acc.set(code, { amount: a.amount.plus(e.amount), printed: code === e.code ? e.name : a.printed });
    }
  }
  return [...acc.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, a]) => {
      const personnel = cat.isPersonnel(code);
      return {
        code,
        level: code.length === 3 ? 1 : 2,
        name: a.printed ?? cat.economicName(code) ?? code,
        ...(a.printed ? { printedName: a.printed } : {}),
        amount: a.amount,
        personnel: personnel ? a.amount : ZERO,
        public: personnel ? ZERO : a.amount,
      } as EconomicRow;
    });
}

function projectRows(data: DepartmentData, cat: Catalogue): ProjectRow[] {
  const rows: ProjectRow[] = [];
  const addInto = (target: Record<string, Money>, from: Readonly<Record<string, Money>>) => {
    for (const [k, v] of Object.entries(from)) target[k] = (target[k] ?? ZERO).plus(v);
  };
  const rollups = new Map<string, { total: Money; byClass: Record<string, Money> }>();
  for (const p of data.projects) {
    for (const code of ancestors(p.function_code).slice(0, -1)) {
      const r = rollups.get(code) ?? { total: ZERO, byClass: {} };
      addInto(r.byClass, p.economic);
      rollups.set(code, { total: r.total.plus(sum(Object.values(p.economic))), byClass: r.byClass });
    }
  }
  const codes = [...new Set([...rollups.keys(), ...data.projects.map((p) => p.function_code)])].sort();
  for (const code of codes) {
    const r = rollups.get(code);
    if (r) rows.push({ code, level: levelOf(code), name: cat.functionalName(code) ?? code, total: r.total, byClass: r.byClass });
    for (const p of data.projects.filter((x) => x.function_code === code)) {
      rows.push({
        code,
        level: 3,
        name: cat.functionalName(code) ?? code,
        project: p.name,
        total: sum(Object.values(p.economic)),
        byClass: p.economic,
      });
    }
  }
  return rows;
}

/** An extra table of the data (extra_tables): its rows as typed, and the sum of each amount field. */
export interface ExtraFigures {
  readonly fields: Readonly<Record<string, 'text' | 'amount' | 'number'>>;
  readonly rows: readonly Readonly<Record<string, Money | string | number | undefined>>[];
  readonly total: Readonly<Record<string, Money>>;
}

function extraTables(data: DepartmentData): Record<string, ExtraFigures> {
  const out: Record<string, ExtraFigures> = {};
  for (const t of data.extra_tables ?? []) {
    const total: Record<string, Money> = {};
    for (const [field, kind] of Object.entries(t.fields))
      if (kind === 'amount') total[field] = sum(t.rows.map((r) => r[field]).filter((v): v is Money => v instanceof Money));
    out[t.id] = { fields: t.fields, rows: t.rows, total };
  }
  return out;
}

export function deriveFigures(data: DepartmentData, cat: Catalogue) {
  const inc = data.income;
  const incomeSources = {
    general_budget: inc.general_budget ?? ZERO,
    government_fund: inc.government_fund ?? ZERO,
    fiscal_special_account: inc.fiscal_special_account ?? ZERO,
    business: inc.business ?? ZERO,
    business_operation: inc.business_operation ?? ZERO,
    other: inc.other ?? ZERO,
    reserve_fund: inc.reserve_fund ?? ZERO,
    carryover: inc.carryover ?? ZERO,
  };
  const fiscal = incomeSources.general_budget.plus(incomeSources.government_fund);
  const incomeThisYear = sum(incomeKeys.map((k) => incomeSources[k]));
  const incomeTotal = incomeThisYear.plus(incomeSources.carryover);

  const functions = functionRows(data, cat);
  const leaves = functions.filter((r) => r.level === 3);
  const basic = sum(leaves.map((r) => r.basic));
  const project = sum(leaves.map((r) => r.project));
  const expenditure = basic.plus(project);
  const general = sum(leaves.map((r) => r.general));
  /** 一般公共预算基本支出: what 表六 breaks down by 经济分类 */
  const generalBasic = sum(leaves.map((r) => r.byFund.general_budget.basic));
  const fund = sum(leaves.map((r) => r.fund));
  /** what each income source pays for, summed over the 项 rows (表二's total row; checked against income) */
  const bySource = Object.fromEntries(
    fundSources.map((k) => [k, sum(leaves.map((r) => r.bySource[k]))]),
  ) as Record<FundSource, Money>;
  const generalRows = functions.filter((r) => !r.general.isZero());
  const fundRows = functions.filter((r) => !r.fund.isZero());
  // 财政拨款 (一般公共预算 + 政府性基金) by 功能分类, basic and project parts of both funds
  const fiscalPart = (r: FunctionRow) => ({
    basic: r.byFund.general_budget.basic.plus(r.byFund.government_fund.basic),
    project: r.byFund.general_budget.project.plus(r.byFund.government_fund.project),
  });
  const fiscalRows = functions
    .filter((r) => !r.general.isZero() || !r.fund.isZero())
    .map((r) => ({ ...r, fiscal: { ...fiscalPart(r), total: r.general.plus(r.fund) } }));
  const fiscalLeaves = fiscalRows.filter((r) => r.level === 3);
  const fiscalExpenditure = {
    total: sum(fiscalLeaves.map((r) => r.fiscal.total)),
    basic: sum(fiscalLeaves.map((r) => r.fiscal.basic)),
    project: sum(fiscalLeaves.map((r) => r.fiscal.project)),
  };

  const economic = economicRows(data, cat);
  const economicClasses = economic.filter((r) => r.level === 1);
  const personnel = sum(economicClasses.map((r) => r.personnel));
  const publicCost = sum(economicClasses.map((r) => r.public));
  const basicEconomic = personnel.plus(publicCost);

  const projects = projectRows(data, cat);
  const projectTotal = sum(data.projects.map((p) => sum(Object.values(p.economic))));
  const projectByClass: Record<string, Money> = {};
  for (const p of data.projects)
    for (const [k, v] of Object.entries(p.economic)) projectByClass[k] = (projectByClass[k] ?? ZERO).plus(v);

  const tp = data.three_public;
  const vehicles = tp.vehicle_purchase.plus(tp.vehicle_operation);
  const threePublic = tp.overseas.plus(vehicles).plus(tp.reception);
  const tpl = tp.last_year;
  const threePublicLast = tpl.overseas.plus(tpl.vehicle_purchase).plus(tpl.vehicle_operation).plus(tpl.reception);

  const proc = data.procurement;
  const procurement = proc.goods.plus(proc.works).plus(proc.services);

  const ex = data.explanation;
  const a = data.assets;
  return {
    income: { ...incomeSources, fiscal, thisYear: incomeThisYear, total: incomeTotal },
    expenditure: {
      total: expenditure,
      basic,
      project,
      general,
      generalBasic,
      fund,
      bySource,
      rows: functions,
      generalRows,
      fundRows,
      /** 财政拨款支出表: rows with 一般公共预算 or 政府性基金 money, and their totals */
      fiscalRows,
      fiscal: fiscalExpenditure,
      classes: functions.filter((r) => r.level === 1),
      /** 类 rows with 一般公共预算 money (第三部分's structure of the general budget) */
      generalClasses: generalRows.filter((r) => r.level === 1),
      /** 类 rows with 财政拨款 money, and its amount as `fiscal.total` */
      fiscalClasses: fiscalRows.filter((r) => r.level === 1),
      leaves,
      basicShare: percent(basic, expenditure),
      projectShare: percent(project, expenditure),
    },
    /** 表六: 一般公共预算基本支出 by 经济分类 */
    economic: {
      rows: economic,
      total: basicEconomic,
      personnel,
      public: publicCost,
      /** 机关运行经费 (= 公用经费) by 经济分类 */
      publicRows: economic.filter((r) => !r.public.isZero()),
    },
    projects: {
      rows: projects,
      total: projectTotal,
      byClass: projectByClass,
      count: data.projects.length,
      list: data.projects.map((p) => ({ ...p, amount: sum(Object.values(p.economic)) })),
    },
    threePublic: {
      total: threePublic,
      overseas: tp.overseas,
      vehicles,
      vehiclePurchase: tp.vehicle_purchase,
      vehicleOperation: tp.vehicle_operation,
      reception: tp.reception,
      change: change(threePublic, threePublicLast),
      changes: {
        overseas: change(tp.overseas, tpl.overseas),
        vehiclePurchase: change(tp.vehicle_purchase, tpl.vehicle_purchase),
        vehicleOperation: change(tp.vehicle_operation, tpl.vehicle_operation),
        reception: change(tp.reception, tpl.reception),
      },
    },
    procurement: { total: procurement, goods: proc.goods, works: proc.works, services: proc.services },
    /** extra_tables of the data, by id */
    extra: extraTables(data),
    operatingCosts: change(publicCost, data.operating_costs.last_year.amount, data.operating_costs.last_year.base),
    changes: {
      /** income sources explained in 第三部分 二: this year's amount against last year's */
      income: Object.fromEntries(
        incomeKeys.map((k) => {
          const e = ex.income[k];
          return [k, e ? change(incomeSources[k], e.last_year.amount, e.last_year.base) : null];
        }),
      ) as Record<IncomeKey, Change | null>,
      basic: change(basic, ex.basic.last_year.amount, ex.basic.last_year.base),
      project: change(project, ex.project.last_year.amount, ex.project.last_year.base),
      generalBasic: change(generalBasic, ex.general_basic.last_year.amount, ex.general_basic.last_year.base),
      // the rows 一般公共预算 pays for: 第三部分 explains each of them
      items: data.expenditure.filter((e) => e.fund === 'general_budget').map((e) => {
        const row = functions.find((r) => r.code === e.code)!;
        return {
          code: e.code,
          path: ancestors(e.code).map((c) => cat.functionalName(c) ?? c),
          total: row.general,
          change: e.last_year ? change(row.general, e.last_year.amount, e.last_year.base) : null,
          reason: e.reason,
        };
      }),
    },
    assets: {
      vehicles: {
        count: a.vehicles.general.count + a.vehicles.law_enforcement.count + a.vehicles.other.count,
        value: a.vehicles.general.value.plus(a.vehicles.law_enforcement.value).plus(a.vehicles.other.value),
      },
    },
    staff: {
      actual:
        data.overview.organization.in_service + data.overview.organization.retired + data.overview.organization.veteran_retired,
    },
    /** each source's share of this year's income */
    incomeShares: Object.fromEntries(incomeKeys.map((k) => [k, percent(incomeSources[k], incomeThisYear)])) as Record<
      IncomeKey,
      ReturnType<typeof percent>
    >,
  };
}

export type Figures = ReturnType<typeof deriveFigures>;
