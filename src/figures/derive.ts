// Every figure the disclosure prints that follows from other figures is computed
// here, once: roll-ups 项 → 款 → 类, totals, shares and changes against last year.
// Tables and narrative read these; nothing downstream adds numbers up again.
import type { Catalogue } from '../catalogue/catalogue.js';
import { fundSources, incomeKeys, type DepartmentData, type FundSource, type IncomeKey } from '../model/schema.js';
import { Money, ZERO, percent, sum } from '../model/money.js';
import { consolidatedIncome, economicFactRows, expenditureRows, unitsOf } from '../model/unit-rows.js';
import { aggregateKey, lastYearTable } from './last-year.js';

export { change, type Change } from './change.js';
import { change, type Change } from './change.js';
import { personnelPart } from './personnel.js';
export { personnelPart };
import { makeFacts, DEFAULT_FISCAL_SOURCES } from './facts.js';

/** A 功能分类 row at any level, with the amounts rolled up from its 项. */
export interface FunctionRow {
  readonly code: string;
  readonly level: 1 | 2 | 3;
  readonly name: string;
  /** name as the clerk printed it, when given */
  readonly printedName?: string;
  readonly basic: Money;
  readonly project: Money;
  /** basic + project + every declared expenditure type */
  readonly total: Money;
  /** amounts of the declared expenditure types, by key */
  readonly types: Readonly<Record<string, Money>>;
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
  type Acc = { basic: Money; project: Money; types: Record<string, Money>; other: Record<string, Money>; byFund: FunctionRow['byFund']; printed?: string };
  const acc = new Map<string, Acc>();
  const none = Object.fromEntries(fundSources.map((k) => [k, { basic: ZERO, project: ZERO }])) as FunctionRow['byFund'];
  for (const { row: e } of expenditureRows(data)) {
    const basic = e.basic ?? ZERO;
    const project = e.project ?? ZERO;
    const typed = sum(Object.values(e.types));
    for (const code of ancestors(e.code)) {
      const a = acc.get(code) ?? { basic: ZERO, project: ZERO, types: {}, other: {}, byFund: none };
      const f = a.byFund[e.fund];
      const types = { ...a.types };
      for (const [k, v] of Object.entries(e.types)) types[k] = (types[k] ?? ZERO).plus(v);
      acc.set(code, {
        byFund: { ...a.byFund, [e.fund]: { basic: f.basic.plus(basic), project: f.project.plus(project) } },
        basic: a.basic.plus(basic),
        project: a.project.plus(project),
        types,
        // what each source pays for the declared types (added to the source's share of the row)
        other: { ...a.other, [e.fund]: (a.other[e.fund] ?? ZERO).plus(typed) },
        printed: code === e.code ? (e.name ?? a.printed) : a.printed,
      });
    }
  }
  return [...acc.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, a]) => {
      const bySource = Object.fromEntries(fundSources.map((k) => [k, a.byFund[k].basic.plus(a.byFund[k].project).plus(a.other[k] ?? ZERO)])) as Record<
        FundSource,
        Money
      >;
      const typed = sum(Object.values(a.types));
      return {
        code,
        level: levelOf(code),
        name: a.printed ?? cat.functionalName(code) ?? code,
        ...(a.printed ? { printedName: a.printed } : {}),
        basic: a.basic,
        project: a.project,
        total: a.basic.plus(a.project).plus(typed),
        types: a.types,
        general: bySource.general_budget,
        fund: bySource.government_fund,
        byFund: a.byFund,
        bySource,
      };
    });
}

function economicRows(data: DepartmentData, cat: Catalogue): EconomicRow[] {
  const acc = new Map<string, { amount: Money; personnel: Money; printed?: string | undefined }>();
  for (const { row: e } of economicFactRows(data)) {
    const personnel = personnelPart(e, cat);
    for (const code of [e.code.slice(0, 3), e.code]) {
      const a = acc.get(code) ?? { amount: ZERO, personnel: ZERO };
      acc.set(code, { amount: a.amount.plus(e.amount), personnel: a.personnel.plus(personnel), printed: code === e.code ? (e.name ?? a.printed) : a.printed });
    }
  }
  return [...acc.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, a]) => ({
      code,
      level: code.length === 3 ? 1 : 2,
      name: a.printed ?? cat.economicName(code) ?? code,
      ...(a.printed ? { printedName: a.printed } : {}),
      amount: a.amount,
      personnel: a.personnel,
      public: a.amount.minus(a.personnel),
    }));
}

function projectRows(data: DepartmentData, cat: Catalogue): ProjectRow[] {
  const rows: ProjectRow[] = [];
  const addInto = (target: Record<string, Money>, from: Readonly<Record<string, Money>>) => {
    for (const [k, v] of Object.entries(from)) target[k] = (target[k] ?? ZERO).plus(v);
  };
  const rollups = new Map<string, { total: Money; byClass: Record<string, Money> }>();
  // projects published without a 功能分类 code have no row in a table by 功能分类
  const coded = data.projects.filter((p): p is typeof p & { function_code: string } => p.function_code !== undefined);
  for (const p of coded) {
    for (const code of ancestors(p.function_code).slice(0, -1)) {
      const r = rollups.get(code) ?? { total: ZERO, byClass: {} };
      addInto(r.byClass, p.economic);
      rollups.set(code, { total: r.total.plus(sum(Object.values(p.economic))), byClass: r.byClass });
    }
  }
  const codes = [...new Set([...rollups.keys(), ...coded.map((p) => p.function_code)])].sort();
  for (const code of codes) {
    const r = rollups.get(code);
    if (r) rows.push({ code, level: levelOf(code), name: cat.functionalName(code) ?? code, total: r.total, byClass: r.byClass });
    for (const p of coded.filter((x) => x.function_code === code)) {
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

export interface FigureOptions {
  /** unit types whose 公用经费 is 机关运行经费 (the template set's figures.yaml); all units when none has a type */
  operatingCostsScope?: readonly string[];
  /** the income sources that make up 财政拨款 in queries (`source: fiscal`); default 一般公共预算 + 政府性基金 */
  fiscalSources?: readonly string[];
}

/** The national definition: 行政单位 and 参照公务员法管理的事业单位 */
export const DEFAULT_OPERATING_SCOPE = ['行政', '参公'] as const;

export function deriveFigures(data: DepartmentData, cat: Catalogue, options: FigureOptions = {}) {
  const incomeSources = consolidatedIncome(data);
  const lastYear = lastYearTable(data);
  // 财政拨款: the income sources the template set counts as such (一般公共预算 + 政府性基金 by default)
  const fiscal = sum((options.fiscalSources ?? DEFAULT_FISCAL_SOURCES).map((k) => incomeSources[k as keyof typeof incomeSources] ?? ZERO));
  const incomeThisYear = sum(incomeKeys.map((k) => incomeSources[k]));
  const incomeTotal = incomeThisYear.plus(incomeSources.carryover);

  const functions = functionRows(data, cat);
  const leaves = functions.filter((r) => r.level === 3);
  const basic = sum(leaves.map((r) => r.basic));
  const project = sum(leaves.map((r) => r.project));
  const types = Object.fromEntries(data.expenditure_types.map((t) => [t.key, sum(leaves.map((r) => r.types[t.key] ?? ZERO))]));
  const expenditure = basic.plus(project).plus(sum(Object.values(types)));
  const general = sum(leaves.map((r) => r.general));
  /** 一般公共预算基本支出: what 表六 breaks down by 经济分类 */
  const generalBasic = sum(leaves.map((r) => r.byFund.general_budget.basic));
  const fund = sum(leaves.map((r) => r.fund));
  /** what each income source pays for, summed over the 项 rows (表二's total row; checked against income) */
  const bySource = Object.fromEntries(fundSources.map((k) => [k, sum(leaves.map((r) => r.bySource[k]))])) as Record<FundSource, Money>;
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
  for (const p of data.projects) for (const [k, v] of Object.entries(p.economic)) projectByClass[k] = (projectByClass[k] ?? ZERO).plus(v);

  const tp = data.three_public;
  const ly = (key: Record<string, string>) => lastYear.get(aggregateKey(key));
  /** this year against the stated last year, or null where the document states none */
  const against = (current: Money, key: Record<string, string>): Change | null => {
    const l = ly(key);
    return l ? change(current, l.amount, l.base) : null;
  };
  const threePublicFigures =
    tp &&
    (() => {
      const vehicles = tp.vehicle_purchase.plus(tp.vehicle_operation);
      const total = tp.overseas.plus(vehicles).plus(tp.reception);
      const item = (k: string, v: Money) => against(v, { kind: 'three_public', item: k });
      const last = (['overseas', 'vehicle_purchase', 'vehicle_operation', 'reception'] as const).map((k) => ly({ kind: 'three_public', item: k }));
      const stated = ly({ kind: 'three_public' });
      const lastTotal = stated ?? (last.every(Boolean) ? { amount: sum(last.map((l) => l!.amount)), base: 'budget' as const } : undefined);
      return {
        total,
        overseas: tp.overseas,
        vehicles,
        vehiclePurchase: tp.vehicle_purchase,
        vehicleOperation: tp.vehicle_operation,
        reception: tp.reception,
        change: lastTotal ? change(total, lastTotal.amount, lastTotal.base) : null,
        changes: {
          overseas: item('overseas', tp.overseas),
          vehiclePurchase: item('vehicle_purchase', tp.vehicle_purchase),
          vehicleOperation: item('vehicle_operation', tp.vehicle_operation),
          reception: item('reception', tp.reception),
        },
      };
    })();

  const proc = data.procurement;
  const procurementFigures = proc && {
    total: (proc.goods ?? ZERO).plus(proc.works ?? ZERO).plus(proc.services ?? ZERO),
    goods: proc.goods ?? ZERO,
    works: proc.works ?? ZERO,
    services: proc.services ?? ZERO,
  };

  // 机关运行经费: 公用经费 of the units in scope, unless the document publishes its own figure
  const units = unitsOf(data);
  const typed = units.some((u) => u.type !== undefined);
  const scope = new Set(options.operatingCostsScope ?? DEFAULT_OPERATING_SCOPE);
  const inScope = new Set(units.filter((u) => !typed || (u.type !== undefined && scope.has(u.type))).map((u) => u.id));
  const scopedPublic = sum(
    economicFactRows(data)
      .filter((r) => inScope.has(r.unit))
      .map(({ row }) => row.amount.minus(personnelPart(row, cat))),
  );
  const operatingCostsAmount = data.operating_costs?.amount ?? scopedPublic;

  const mt = data.meetings_training;
  const a = data.assets;
  const org = data.overview.organization;
  // a project published without its 经济分类 is the sum of its funds (财政拨款 + 上年结转 + 其他资金)
  const listedAmount = (p: (typeof data.projects)[number]) =>
    Object.keys(p.economic).length || !p.funds
      ? sum(Object.values(p.economic))
      : sum([p.funds.fiscal, p.funds.carryover, p.funds.other].filter((x): x is Money => x !== undefined));
  return {
    /** 收入 by source (上年结转 as `carryover`), with `fiscal` (财政拨款), `thisYear` (without 上年结转) and `total` (收入总计) */
    income: { ...incomeSources, fiscal, thisYear: incomeThisYear, total: incomeTotal },
    expenditure: {
      /** 支出总计: basic + project + every declared expenditure type */
      total: expenditure,
      /** 基本支出 */
      basic,
      /** 项目支出 */
      project,
      /** the declared expenditure types' totals, by key */
      types,
      /** what 一般公共预算 pays for */
      general,
      generalBasic,
      /** what 政府性基金 pays for */
      fund,
      bySource,
      /** every 功能分类 row, 类 → 款 → 项 in code order */
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
      /** the 项 rows only */
      leaves,
      /** 基本支出 and 项目支出 as shares of all expenditure */
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
      /** the number the document states, else the number listed */
      count: data.project_count ?? data.projects.length,
      listedCount: data.projects.length,
      list: data.projects.map((p) => ({ ...p, amount: listedAmount(p) })),
    },
    /** null where the data has no 三公 block */
    threePublic: threePublicFigures ?? null,
    /** 会议费 and 培训费, with their changes where last year is stated */
    meetingsTraining: mt
      ? {
          meetings: mt.meetings ?? ZERO,
          training: mt.training ?? ZERO,
          changes: {
            meetings: against(mt.meetings ?? ZERO, { kind: 'meetings' }),
            training: against(mt.training ?? ZERO, { kind: 'training' }),
          },
        }
      : null,
    /** null where the data has no 政府采购 block */
    procurement: procurementFigures ?? null,
    /** extra_tables of the data, by id */
    extra: extraTables(data),
    /** 机关运行经费 this year (published, or 公用经费 of the units in scope) */
    operatingCostsAmount,
    /** … against last year, null where last year is not stated */
    operatingCosts: against(operatingCostsAmount, { kind: 'operating_costs' }),
    /** last year's stated figures, by aggregate key (see src/figures/last-year.ts) */
    lastYear,
    /** every amount as a fact along dimensions, and the query over them (src/figures/facts.ts) */
    facts: makeFacts(data, cat, lastYear, { fiscalSources: options.fiscalSources ?? DEFAULT_FISCAL_SOURCES }, operatingCostsAmount),
    changes: {
      /** income sources explained in 第三部分 二: this year's amount against last year's */
      income: Object.fromEntries(incomeKeys.map((k) => [k, against(incomeSources[k], { kind: 'income', source: k })])) as Record<IncomeKey, Change | null>,
      basic: against(basic, { type: 'basic' }),
      project: against(project, { type: 'project' }),
      generalBasic: against(generalBasic, { type: 'basic', source: 'general_budget' }),
      total: against(expenditure, {}),
      // the rows 一般公共预算 pays for: 第三部分 explains each of them (a 项 of several units once)
      items: [
        ...new Set(
          expenditureRows(data)
            .filter(({ row }) => row.fund === 'general_budget')
            .map(({ row }) => row.code),
        ),
      ].map((code) => {
        const row = functions.find((r) => r.code === code)!;
        const first = expenditureRows(data).find(({ row: e }) => e.code === code && e.fund === 'general_budget')!.row;
        return {
          code,
          path: ancestors(code).map((c) => cat.functionalName(c) ?? c),
          total: row.general,
          change: against(row.general, { function: code, source: 'general_budget' }),
          reason: first.reason,
        };
      }),
    },
    assets: a
      ? {
          vehicles: {
            count: a.vehicles.general.count + a.vehicles.law_enforcement.count + a.vehicles.other.count,
            value: a.vehicles.general.value.plus(a.vehicles.law_enforcement.value).plus(a.vehicles.other.value),
          },
        }
      : null,
    staff: {
      actual:
        org?.in_service !== undefined && org.retired !== undefined && org.veteran_retired !== undefined
          ? org.in_service + org.retired + org.veteran_retired
          : null,
    },
    /** each source's share of this year's income */
    incomeShares: Object.fromEntries(incomeKeys.map((k) => [k, percent(incomeSources[k], incomeThisYear)])) as Record<IncomeKey, ReturnType<typeof percent>>,
    /** the department's units (本级 first) */
    units,
    /** the declared expenditure types beyond 基本支出 and 项目支出 */
    expenditureTypes: data.expenditure_types,
    /** the year last year's figures belong to */
    previousYear: data.department.previous_year ?? data.department.year - 1,
  };
}

export type Figures = ReturnType<typeof deriveFigures>;
