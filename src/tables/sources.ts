// Row sources: the rows a table layout can print, each a record of named
// fields. Sources only pick derived figures (src/figures); they never add up.
import type { Money } from '../model/money.js';
import { sum } from '../model/money.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { DepartmentData, FundSource } from '../model/schema.js';
import type { Figures, FunctionRow } from '../figures/derive.js';

export type Value = Money | string | number | undefined;
export type RowValues = Readonly<Record<string, Value>>;

export interface SourceResult {
  rows: RowValues[];
  /** the total row (its label comes from the layout) */
  total?: RowValues;
}

export interface SourceContext {
  data: DepartmentData;
  fig: Figures;
  catalogue: Catalogue;
  labels: Readonly<Record<string, string>>;
  /** with `source: extra`: the id of the extra table (layout `table:`) */
  table?: string | undefined;
}

const codeParts = (code: string) => ({
  class: code.slice(0, 3),
  kuan: code.length >= 5 ? code.slice(3, 5) : undefined,
  xiang: code.length >= 7 ? code.slice(5, 7) : undefined,
});

/** 表二's columns for the income sources other than the two 财政拨款 funds */
const SOURCE_FIELDS = {
  special: 'fiscal_special_account',
  business: 'business',
  operation: 'business_operation',
  other: 'other',
  reserve: 'reserve_fund',
  carryover: 'carryover',
} as const satisfies Record<string, FundSource>;

/** The amount each source pays, by 表二's field names (zero prints as the layout's `zero` says) */
const paidFrom = (amounts: Readonly<Record<FundSource, Money>>) => Object.fromEntries(Object.entries(SOURCE_FIELDS).map(([field, k]) => [field, amounts[k]]));

const functionRow = (r: FunctionRow): RowValues => ({
  ...codeParts(r.code),
  name: r.name,
  total: r.total,
  basic: r.basic,
  project: r.project,
  general: r.general,
  fund: r.fund,
  ...paidFrom(r.bySource),
});

const label = (ctx: SourceContext, key: string): string => ctx.labels[key] ?? key;

/** Income items of 表一, in the order the standard table prints them. */
const INCOME_ITEMS = [
  ['fiscal', 'fiscal'],
  ['general_budget', 'general_budget'],
  ['government_fund', 'government_fund'],
  ['fiscal_special_account', 'fiscal_special_account'],
  ['business', 'business'],
  ['business_operation', 'business_operation'],
  ['other', 'other'],
  ['reserve_fund', 'reserve_fund'],
] as const;

function summaryClassRows(ctx: SourceContext, pick: (r: FunctionRow | undefined) => RowValues): RowValues[] {
  return ctx.catalogue.summaryClasses().map((c) => {
    const row = ctx.fig.expenditure.classes.find((r) => r.code === c.code);
    return { out_name: `${c.code} ${c.name}`, ...pick(row) };
  });
}

function zipColumns(left: RowValues[], right: RowValues[]): RowValues[] {
  return Array.from({ length: Math.max(left.length, right.length) }, (_, i) => ({ ...left[i], ...right[i] }));
}

/** The rows of one fund, with that fund's basic and project parts only. */
function fundRows(ctx: SourceContext, fund: 'general_budget' | 'government_fund'): SourceResult {
  const e = ctx.fig.expenditure;
  const rows = fund === 'general_budget' ? e.generalRows : e.fundRows;
  const part = (r: FunctionRow) => r.byFund[fund];
  const classes = rows.filter((r) => r.level === 1);
  const basic = sum(classes.map((r) => part(r).basic));
  const project = sum(classes.map((r) => part(r).project));
  return {
    rows: rows.map((r) => ({ ...functionRow(r), total: part(r).basic.plus(part(r).project), basic: part(r).basic, project: part(r).project })),
    total: { total: basic.plus(project), basic, project },
  };
}

export const sources: Record<string, (ctx: SourceContext) => SourceResult> = {
  /** 表一 部门收支总体情况表 */
  budget_summary: (ctx) => {
    const inc = ctx.fig.income;
    const left = INCOME_ITEMS.map(([key, field]) => ({ in_name: label(ctx, key), in_amount: inc[field] }));
    const right = summaryClassRows(ctx, (r) => ({ out_amount: r?.total }));
    const rows = zipColumns(left, right);
    rows.push({ out_name: label(ctx, 'subtotal'), out_amount: ctx.fig.expenditure.total });
    rows.push({ in_name: label(ctx, 'carryover'), in_amount: inc.carryover });
    rows.push({
      in_name: label(ctx, 'income_total'),
      in_amount: inc.total,
      out_name: label(ctx, 'expenditure_total'),
      out_amount: ctx.fig.expenditure.total,
    });
    return { rows };
  },
  /** 表四 财政拨款收支预算总体情况表 */
  fiscal_summary: (ctx) => {
    const inc = ctx.fig.income;
    const left = (['fiscal', 'general_budget', 'government_fund'] as const).map((k) => ({
      in_name: label(ctx, k),
      in_amount: inc[k],
    }));
    const right = summaryClassRows(ctx, (r) => ({ out_amount: r ? r.general.plus(r.fund) : undefined, out_general: r?.general, out_fund: r?.fund }));
    const rows = zipColumns(left, right);
    const e = ctx.fig.expenditure;
    rows.push({
      in_name: label(ctx, 'income_total'),
      in_amount: inc.fiscal,
      out_name: label(ctx, 'expenditure_total'),
      out_amount: e.general.plus(e.fund),
      out_general: e.general,
      out_fund: e.fund,
    });
    return { rows };
  },
  /** 表二, 表三: every 功能分类 row */
  functions: (ctx) => {
    const e = ctx.fig.expenditure;
    return {
      rows: e.rows.map(functionRow),
      total: { total: e.total, basic: e.basic, project: e.project, general: e.general, fund: e.fund, ...paidFrom(e.bySource) },
    };
  },
  /** 表五: 一般公共预算 rows */
  general_functions: (ctx) => fundRows(ctx, 'general_budget'),
  /** 表九: 政府性基金预算 rows */
  fund_functions: (ctx) => fundRows(ctx, 'government_fund'),
  /** 表六: 一般公共预算基本支出 by 经济分类 */
  economic: (ctx) => {
    const ec = ctx.fig.economic;
    return {
      rows: ec.rows.map((r) => ({
        class: r.code.slice(0, 3),
        kuan: r.code.length === 5 ? r.code.slice(3, 5) : undefined,
        name: r.name,
        total: r.amount,
        personnel: r.personnel.isZero() ? undefined : r.personnel,
        public: r.public.isZero() ? undefined : r.public,
      })),
      total: { total: ec.total, personnel: ec.personnel, public: ec.public },
    };
  },
  /** 表七: 项目支出, rolled up by 功能分类 */
  projects: (ctx) => {
    const p = ctx.fig.projects;
    const byClass = (m: Readonly<Record<string, Money>>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [`e${k}`, v]));
    return {
      rows: p.rows.map((r) => ({
        ...codeParts(r.code),
        // the reference names a project's 项 with its 款 (人力资源和社会保障管理事务行政运行)
        name: r.project && r.code.length === 7 ? `${ctx.catalogue.functionalName(r.code.slice(0, 5)) ?? ''}${r.name}` : r.name,
        project: r.project ?? label(ctx, 'rollup_project'),
        total: r.total,
        ...byClass(r.byClass),
      })),
      total: { total: p.total, ...byClass(p.byClass) },
    };
  },
  /** 财政拨款支出表: 一般公共预算 + 政府性基金 by 功能分类 */
  fiscal_functions: (ctx) => {
    const e = ctx.fig.expenditure;
    return {
      rows: e.fiscalRows.map((r) => ({ ...functionRow(r), total: r.fiscal.total, basic: r.fiscal.basic, project: r.fiscal.project })),
      total: { total: e.fiscal.total, basic: e.fiscal.basic, project: e.fiscal.project, general: e.general, fund: e.fund },
    };
  },
  /** 机关运行经费 (= 公用经费) by 部门经济分类 类/款 */
  operating_costs: (ctx) => {
    const ec = ctx.fig.economic;
    return {
      rows: ec.publicRows.map((r) => ({
        class: r.code.slice(0, 3),
        kuan: r.code.length === 5 ? r.code.slice(3, 5) : undefined,
        name: r.name,
        amount: r.public,
      })),
      total: { amount: ec.public, last_year: ctx.fig.operatingCosts?.last, change: ctx.fig.operatingCosts?.diff },
    };
  },
  /** 政府采购: 货物 / 工程 / 服务 (row names from the layout's labels) */
  procurement: (ctx) => {
    const p = ctx.fig.procurement;
    if (!p) return { rows: [] };
    return {
      rows: (['goods', 'works', 'services'] as const).map((k) => ({ name: label(ctx, k), amount: p[k] })),
      total: { amount: p.total },
    };
  },
  /** a table of the data's extra_tables (layout `table:` names its id); fields as the data types them */
  extra: (ctx) => {
    const t = ctx.table === undefined ? undefined : ctx.fig.extra[ctx.table];
    return t ? { rows: [...t.rows], total: t.total } : { rows: [] };
  },
  /** 表八: 三公 经费, one row */
  three_public: (ctx) => {
    const t = ctx.fig.threePublic;
    if (!t) return { rows: [] };
    return {
      rows: [
        {
          total: t.total,
          overseas: t.overseas,
          vehicles: t.vehicles,
          vehicle_purchase: t.vehiclePurchase,
          vehicle_operation: t.vehicleOperation,
          reception: t.reception,
        },
      ],
    };
  },
};

export const sourceNames = Object.keys(sources);

const FUNCTION_FIELDS = ['class', 'kuan', 'xiang', 'name', 'total', 'basic', 'project', 'general', 'fund', ...Object.keys(SOURCE_FIELDS)];

/** The fields each source provides, so a layout naming another is reported, not printed blank. */
export const sourceFields: Record<string, (field: string) => boolean> = {
  budget_summary: (f) => ['in_name', 'in_amount', 'out_name', 'out_amount'].includes(f),
  fiscal_summary: (f) => ['in_name', 'in_amount', 'out_name', 'out_amount', 'out_general', 'out_fund'].includes(f),
  functions: (f) => FUNCTION_FIELDS.includes(f),
  general_functions: (f) => FUNCTION_FIELDS.includes(f),
  fund_functions: (f) => FUNCTION_FIELDS.includes(f),
  economic: (f) => ['class', 'kuan', 'name', 'total', 'personnel', 'public'].includes(f),
  // e301 … e399: one column per 部门经济分类 类
  projects: (f) => ['class', 'kuan', 'xiang', 'name', 'project', 'total'].includes(f) || /^e\d{3}$/.test(f),
  three_public: (f) => ['total', 'overseas', 'vehicles', 'vehicle_purchase', 'vehicle_operation', 'reception'].includes(f),
  fiscal_functions: (f) => FUNCTION_FIELDS.includes(f),
  operating_costs: (f) => ['class', 'kuan', 'name', 'amount'].includes(f),
  procurement: (f) => ['name', 'amount'].includes(f),
  // the fields of an extra table are the data's: checked against the department's extra_tables when it is built
  extra: () => true,
};
