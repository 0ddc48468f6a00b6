// The data of one department's disclosure, as clerks keep it in YAML.
// Strict everywhere: an unknown key is a typo to report, never data to drop.
// Only facts are typed here; every total, roll-up, share and change is derived
// (src/figures). Where the reference prints a figure that can be derived, the
// YAML may state it too (`stated_*`), and the checks compare the two.
import { z } from 'zod';
import { Money } from './money.js';

/** An amount in 万元: a non-negative number with at most two decimals, read exactly. */
export const amount = z
  .union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)])
  .transform((v, ctx) => {
    const m = new Money(String(v));
    if (m.isNegative()) ctx.addIssue({ code: 'custom', message: 'amount.negative' });
    if (m.decimalPlaces() > 2) ctx.addIssue({ code: 'custom', message: 'amount.decimals' });
    return m;
  });

const count = z.number().int().nonnegative();
const text = z.string().min(1);
/** A signed change in a head-count, e.g. -23 */
const delta = z.number().int();

/** 功能分类 项 code (7 digits) or 经济分类 款 code (5 digits), as a string */
const functionCode = z.string().regex(/^\d{7}$/);
const economicCode = z.string().regex(/^\d{5}$/);

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'date.impossible');

/** Last year's figure and the base it is taken from (上年预算数 or 上年执行数). */
const lastYear = z.strictObject({
  amount,
  base: z.enum(['budget', 'actual']),
});

const reasoned = z.strictObject({
  last_year: lastYear,
  reason: text,
});

/**
 * A table the schema does not know (会议费/培训费, 国有资本经营预算 …), typed as
 * rows of cells. `fields` names each column's field and its kind: `amount`
 * (万元, exact, so a layout's unit and decimals apply and totals add up),
 * `number` (a count, printed as written) or `text`. A layout binds to it with
 * `source: extra` and `table: <id>`; its header names the fields.
 */
const fieldKind = z.enum(['text', 'amount', 'number']);
export type ExtraFieldKind = z.infer<typeof fieldKind>;
const extraCell = z.union([z.number(), z.string(), z.null()]);

const extraTable = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9][\w-]*$/),
    fields: z.record(z.string().regex(/^[A-Za-z_][\w]*$/), fieldKind),
    rows: z.array(z.record(z.string(), extraCell)).default([]),
  })
  .transform((t, ctx) => {
    const rows = t.rows.map((row, i) => {
      const out: Record<string, Money | string | number | undefined> = {};
      const unknown = Object.keys(row).filter((k) => !(k in t.fields));
      // reported like any unknown key, at the key itself
      if (unknown.length) ctx.addIssue({ code: 'unrecognized_keys', keys: unknown, path: ['rows', i], input: row });
      for (const [k, v] of Object.entries(row)) {
        const kind = t.fields[k];
        if (!kind || v === null) continue;
        if (kind === 'amount') {
          const r = amount.safeParse(v);
          if (r.success) out[k] = r.data;
          else for (const issue of r.error.issues) ctx.addIssue({ ...issue, path: ['rows', i, k, ...issue.path] } as never);
        } else if (kind === 'number') {
          if (typeof v === 'number') out[k] = v;
          else ctx.addIssue({ code: 'invalid_type', expected: 'number', input: v, path: ['rows', i, k] } as never);
        } else out[k] = String(v);
      }
      return out;
    });
    return { id: t.id, fields: t.fields, rows };
  });

/**
 * Where money comes from: the income sources of 表一, in its order. Each
 * expenditure row names the one that pays for it (`fund`), so 表二 can break
 * income down by 功能分类.
 */
export const fundSources = [
  'general_budget',
  'government_fund',
  'fiscal_special_account',
  'business',
  'business_operation',
  'other',
  'reserve_fund',
  'carryover',
] as const;
export type FundSource = (typeof fundSources)[number];
/** The sources of the year's own income: 上年结转 (carryover) is last year's money carried over. */
export type IncomeKey = Exclude<FundSource, 'carryover'>;
export const incomeKeys = fundSources.filter((k): k is IncomeKey => k !== 'carryover');

export const departmentSchema = z.strictObject({
  department: z.strictObject({
    name: text,
    /** the level of government that publishes, e.g. 和田市 (used in 名词解释) */
    region: text,
    year: z.number().int().min(2000).max(2100),
    /** the date signed at the end, also the fixed creation date of the files */
    date: isoDate,
    catalogue: z.string().regex(/^\d{4}$/).optional(),
  }),

  overview: z.strictObject({
    functions: z.array(text).min(1),
    organization: z.strictObject({
      subordinate_units: count,
      offices: z.array(text),
      authorized_staff: count,
      in_service: count,
      in_service_change: delta,
      retired: count,
      retired_change: delta,
      veteran_retired: count,
      veteran_retired_change: delta,
    }),
  }),

  /** 收入: by source; sources without income may be left out */
  income: z.strictObject({
    general_budget: amount.optional(),
    government_fund: amount.optional(),
    fiscal_special_account: amount.optional(),
    business: amount.optional(),
    business_operation: amount.optional(),
    other: amount.optional(),
    reserve_fund: amount.optional(),
    carryover: amount.optional(),
  }),

  /** 支出: one row per 功能分类 项; 类 and 款 rows are rolled up */
  expenditure: z.array(
    z.strictObject({
      code: functionCode,
      /** the name as the clerk printed it; checked against the catalogue */
      name: text.optional(),
      /** the income source that pays for this row (default 一般公共预算) */
      fund: z.enum(fundSources).default('general_budget'),
      basic: amount.optional(),
      project: amount.optional(),
      last_year: lastYear.optional(),
      reason: text.optional(),
    }),
  ),

  /** 一般公共预算基本支出 by 部门经济分类 款 (表六); 人员经费 / 公用经费 follow from the 类 */
  basic_by_economic: z.array(
    z.strictObject({
      code: economicCode,
      name: text.optional(),
      amount,
    }),
  ),

  projects: z.array(
    z.strictObject({
      name: text,
      function_code: functionCode,
      /** 经济分类 类 (301, 302, …) → amount, for 表七's columns */
      economic: z.record(z.string().regex(/^\d{3}$/), amount),
      /** the name used in 第三部分, when the clerk wrote another one */
      name_in_explanation: text.optional(),
      basis: text,
      scale: text,
      unit: text.optional(),
      allocation: text,
      execution: text,
      performance: z.strictObject({
        name: text.optional(),
        other_funds: amount.optional(),
        goal: z.array(text).min(1),
        indicators: z.strictObject({
          cost: z.array(z.strictObject({ name: text, value: text })).default([]),
          timeliness: z.array(z.strictObject({ name: text, value: text })).default([]),
          quantity: z.array(z.strictObject({ name: text, value: text })).default([]),
          quality: z.array(z.strictObject({ name: text, value: text })).default([]),
          economic: z.array(z.strictObject({ name: text, value: text })).default([]),
          sustainable: z.array(z.strictObject({ name: text, value: text })).default([]),
          social: z.array(z.strictObject({ name: text, value: text })).default([]),
          ecological: z.array(z.strictObject({ name: text, value: text })).default([]),
          satisfaction: z.array(z.strictObject({ name: text, value: text })).default([]),
        }),
      }),
    }),
  ),

  explanation: z.strictObject({
    /** 第三部分 二: last year's income and the reason for the change, per income source of this year */
    income: z.strictObject(
      Object.fromEntries(incomeKeys.map((k) => [k, reasoned.optional()])) as Record<IncomeKey, z.ZodOptional<typeof reasoned>>,
    ),
    basic: reasoned,
    project: reasoned,
    /** 第三部分 四: what the fiscal appropriation is mainly used for */
    fiscal_use: text,
    /** 第三部分 五（一）: 一般公共预算 basic expenditure against last year */
    general_basic: reasoned.extend({ stated_change_percent: amount.optional() }),
    other_matters: text,
  }),

  /** 三公 经费: this year and last year */
  three_public: z.strictObject({
    overseas: amount,
    vehicle_purchase: amount,
    vehicle_operation: amount,
    reception: amount,
    last_year: z.strictObject({
      overseas: amount,
      vehicle_purchase: amount,
      vehicle_operation: amount,
      reception: amount,
    }),
    reasons: z.strictObject({
      overseas: text,
      vehicle_purchase: text,
      vehicle_operation: text,
      reception: text,
    }),
  }),

  /** 机关运行经费: this year's equals 公用经费; only last year's is typed */
  operating_costs: z.strictObject({
    administrative_units: count,
    institution_units: count,
    last_year: lastYear,
    reason: text,
  }),

  procurement: z.strictObject({
    goods: amount,
    works: amount,
    services: amount,
    sme_reserved: amount,
    micro_reserved: amount,
  }),

  assets: z.strictObject({
    as_of: text,
    buildings: z.strictObject({ area_m2: z.number().nonnegative(), value: amount }),
    vehicles: z.strictObject({
      general: z.strictObject({ count, value: amount }),
      law_enforcement: z.strictObject({ count, value: amount }),
      other: z.strictObject({ count, value: amount }),
    }),
    furniture: amount,
    other: amount,
    equipment_over_50: count,
    equipment_over_100: count,
    planned: z.strictObject({
      vehicles: count,
      equipment_over_50: count,
      equipment_over_100: count,
    }),
  }),

  /** tables the schema does not know, printed by layouts with `source: extra` */
  extra_tables: z
    .array(extraTable)
    .superRefine((tables, ctx) => {
      tables.forEach((t, i) => {
        if (tables.findIndex((u) => u.id === t.id) !== i) ctx.addIssue({ code: 'custom', message: 'extra.duplicate_id', path: [i, 'id'] });
      });
    })
    .optional(),
});

export type DepartmentData = z.infer<typeof departmentSchema>;
export type Project = DepartmentData['projects'][number];
export type ExtraTable = NonNullable<DepartmentData['extra_tables']>[number];
export type IndicatorKey = keyof Project['performance']['indicators'];
