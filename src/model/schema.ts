// The data of one department's disclosure, as clerks keep it in YAML.
// Strict everywhere: an unknown key is a typo to report, never data to drop.
// Only facts are typed here; every total, roll-up, share and change is derived
// (src/figures). Where the reference prints a figure that can be derived, the
// YAML may state it too (`stated_*`), and the checks compare the two.
//
// Amounts are typed in the department's unit (`department.unit`: 万元, the
// default, or 元), at most two decimals in that unit, and are read from their
// source text (src/source/source-numbers.ts). Internally every amount is an
// exact decimal in 万元: a 元 amount is divided by 10000 without rounding, so
// 123456.78 元 is 12.345678 万元, and rounding happens only when printed.
import { z } from 'zod';
import { Money } from './money.js';
import { SourceNumber, numberOf } from '../source/source-numbers.js';
import { performanceSchemas } from './performance-schema.js';
import { statementSchemas } from './statement-schema.js';

export const moneyUnits = ['万元', '元'] as const;
export type MoneyUnit = (typeof moneyUnits)[number];

const DECIMAL_TEXT = /^[+-]?\d+(\.\d+)?$/;

/**
 * A decimal read from its source text: a number scalar as written, or a quoted
 * string of digits. 0x1A, 1e308, .inf, .nan are numbers to YAML, never figures
 * a clerk means: reported, not read.
 */
const exactDecimal = z.union([z.instanceof(SourceNumber), z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]).transform((v, ctx) => {
  const text = (v instanceof SourceNumber ? v.text : String(v)).trim();
  if (DECIMAL_TEXT.test(text)) return new Money(text);
  ctx.addIssue({ code: 'custom', message: 'amount.not_number' });
  return z.NEVER;
});

/** An amount in the data's unit: a non-negative decimal with at most two places, read exactly, kept in 万元. */
const amountIn = (unit: MoneyUnit) =>
  exactDecimal.transform((m, ctx) => {
    if (m.isNegative()) ctx.addIssue({ code: 'custom', message: 'amount.negative' });
    if (m.decimalPlaces() > 2) ctx.addIssue({ code: 'custom', message: 'amount.decimals' });
    return unit === '元' ? m.div(10000) : m;
  });

/** A figure that is not money (a stated percentage): exact, any sign, never converted. */
const decimalValue = exactDecimal;

const count = z.preprocess(numberOf, z.number().int().nonnegative());
const text = z.string().min(1);
/** A signed change in a head-count, e.g. -23 */
const delta = z.preprocess(numberOf, z.number().int());

/** 功能分类 项 code (7 digits) or 经济分类 款 code (5 digits), as a string */
const functionCode = z.string().regex(/^\d{7}$/);
/** 功能分类 code at any level: 类 (3), 款 (5) or 项 (7 digits) */
const functionCodeAnyLevel = z.string().regex(/^(\d{3}|\d{5}|\d{7})$/);
const economicCode = z.string().regex(/^\d{5}$/);
/** an identifier clerks choose (a unit, an expenditure type): letters, digits, _ and - */
const ident = z.string().regex(/^[A-Za-z][\w-]*$/);

/** A date as the document prints it: a day (2020-07-20) or only a month (2024-04). YAML reads 2020-07-20 as a Date: taken back as its day. */
const isoDate = z
  .preprocess((v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v), z.string())
  .pipe(z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/))
  .refine((s) => {
    const day = s.length === 7 ? `${s}-01` : s;
    const d = new Date(`${day}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(day);
  }, 'date.impossible');

/**
 * Where money comes from: the income sources of 表一, in its order. Each
 * expenditure row names the one that pays for it (`fund`), so 表二 can break
 * income down by 功能分类.
 */
export const fundSources = [
  'general_budget',
  'government_fund',
  /** 国有资本经营预算 */
  'state_capital',
  'fiscal_special_account',
  'business',
  'business_operation',
  /** 上级补助收入 */
  'superior_subsidy',
  /** 附属单位上缴收入 */
  'subordinate_remit',
  'other',
  'reserve_fund',
  'carryover',
] as const;
export type FundSource = (typeof fundSources)[number];
/** The sources of the year's own income: 上年结转 (carryover) is last year's money carried over. */
export type IncomeKey = Exclude<FundSource, 'carryover'>;
export const incomeKeys = fundSources.filter((k): k is IncomeKey => k !== 'carryover');

const fieldKind = z.enum(['text', 'amount', 'number']);
export type ExtraFieldKind = z.infer<typeof fieldKind>;

function makeSchema(unit: MoneyUnit) {
  const amount = amountIn(unit);
  const perf = performanceSchemas(amount);
  /** a signed amount (a stated change), in the data's unit, kept in 万元 */
  const signedAmount = exactDecimal.transform((m, ctx) => {
    if (m.decimalPlaces() > 2) ctx.addIssue({ code: 'custom', message: 'amount.decimals' });
    return unit === '元' ? m.div(10000) : m;
  });
  const stmt = statementSchemas(amount, signedAmount, exactDecimal);

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
  const extraCell = z.union([z.instanceof(SourceNumber), z.number(), z.string(), z.null()]);

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
            else for (const issue of r.error.issues) ctx.addIssue({ ...issue, path: ['rows', i, k, ...issue.path] });
          } else if (kind === 'number') {
            const n = numberOf(v);
            if (typeof n === 'number') out[k] = n;
            else ctx.addIssue({ code: 'invalid_type', expected: 'number', input: v, path: ['rows', i, k] } as never);
          } else out[k] = String(v);
        }
        return out;
      });
      return { id: t.id, fields: t.fields, rows };
    });

  /** income by source; sources without income may be left out. 上年结转 may be split by the source it came from. */
  const incomeSchema = z.strictObject({
    ...(Object.fromEntries(incomeKeys.map((k) => [k, amount.optional()])) as Record<IncomeKey, z.ZodOptional<typeof amount>>),
    /** a source's parts as published (一般公共预算: { 经费拨款: …, 纳入专户管理的非税收入拨款: … }); they must add up to the source */
    detail: z.partialRecord(z.enum(incomeKeys as unknown as [IncomeKey, ...IncomeKey[]]), z.record(text, amount)).optional(),
    carryover: z
      .union([amount, z.strictObject(Object.fromEntries(incomeKeys.map((k) => [k, amount.optional()])) as Record<IncomeKey, z.ZodOptional<typeof amount>>)])
      .optional(),
  });

  const expenditureRow = z.strictObject({
    code: functionCode,
    /** the name as the clerk printed it; checked against the catalogue */
    name: text.optional(),
    /** the income source that pays for this row (default 一般公共预算) */
    fund: z.enum(fundSources).default('general_budget'),
    basic: amount.optional(),
    project: amount.optional(),
    /** amounts of the declared expenditure_types, by key */
    types: z.record(ident, amount).default({}),
    last_year: lastYear.optional(),
    reason: text.optional(),
  });

  const economicRow = z.strictObject({
    code: economicCode,
    name: text.optional(),
    amount,
    /**
     * the part of this 款 that is 人员经费 (the rest is 公用经费), where a 款 is split between
     * them (302 99 其他商品和服务支出); by default the 类 decides (301, 303: 人员经费)
     */
    personnel: amount.optional(),
  });

  /** A 下属单位: its own income, expenditure and basic expenditure by 经济分类, consolidated into the department's. */
  const unitFacts = {
    income: incomeSchema.default({}),
    expenditure: z.array(expenditureRow).default([]),
    basic_by_economic: z.array(economicRow).default([]),
  };
  /** A unit's facts kept in a file of their own beside the department's (units[].file). */
  const unitFileSchema = z.strictObject(unitFacts);

  const unitSchema = z.strictObject({
    id: ident,
    name: text,
    /** 行政, 参公, 事业 … (left out where the document names the unit only) */
    type: text.optional(),
    code: text.optional(),
    /** a YAML file beside the department's holding this unit's income, expenditure and basic_by_economic */
    // where it lies (beside the department's, not above it, not elsewhere) is checked when it is read, with a sentence saying so
    file: z
      .string()
      .regex(/\.ya?ml$/i)
      .optional(),
    ...unitFacts,
  });

  const amounts = z.record(z.string(), amount);
  /** Last year's figure of any aggregate the document publishes, keyed the way queries name them. */
  const lastYearSchema = z.strictObject({
    base: z.enum(['budget', 'actual']).default('budget'),
    /** 收支总计 */
    total: amount.optional(),
    /** by income source key, and `total` for this year's income */
    income: amounts.optional(),
    /** by expenditure type: basic, project, or a declared type's key */
    types: amounts.optional(),
    /** 功能分类 code at any level (201, 20101, 2010101) */
    functions: z.record(functionCodeAnyLevel, amount).optional(),
    /** 部门经济分类 类 or 款 */
    economic: z.record(z.string().regex(/^(\d{3}|\d{5})$/), amount).optional(),
    /** 项目支出 of the listed projects as a whole */
    projects: amount.optional(),
    /** 三公: overseas, vehicle_purchase, vehicle_operation, reception (and total) */
    three_public: amounts.optional(),
    meetings: amount.optional(),
    training: amount.optional(),
    operating_costs: amount.optional(),
    /** a 下属单位's total expenditure, by unit id */
    units: amounts.optional(),
  });

  const departmentSchema = z.strictObject({
    department: z.strictObject({
      name: text,
      /** the level of government that publishes, e.g. 和田市 (used in the built-in set's 名词解释; left out where the document names none) */
      region: text.optional(),
      year: z.preprocess(numberOf, z.number().int().min(2000).max(2100)),
      /**
       * the date signed at the end, also the fixed creation date of the files: a day, a month
       * (2024-04: the document prints only the month), or left out (it prints none; the files are dated 1 January of the year)
       */
      date: isoDate.optional(),
      catalogue: z
        .string()
        .regex(/^\d{4}$/)
        .optional(),
      /** the unit amounts are typed in: 万元 (default) or 元 */
      unit: z.enum(moneyUnits).default('万元'),
      /** the year last year's figures belong to (default: year − 1) */
      previous_year: z.preprocess(numberOf, z.number().int().min(1999).max(2099)).optional(),
      /** the type of the department's own unit (本级): 行政, 参公, 事业 … (机关运行经费 counts by type) */
      type: text.optional(),
      /** 单位编码, where a table prints it */
      code: text.optional(),
    }),

    /**
     * Expenditure types besides 基本支出 (basic) and 项目支出 (project): 单位预留机动经费,
     * 事业单位经营支出, 对附属单位补助支出, 上缴上级支出 … Rows give their amounts under `types:`.
     */
    expenditure_types: z.array(z.strictObject({ key: ident, name: text })).default([]),

    /** 下属单位: each with its own facts, consolidated into the department's; the department's own are its 本级 */
    units: z.array(unitSchema).default([]),

    overview: z
      .strictObject({
        functions: z.array(text).default([]),
        /** 机构设置 and other free paragraphs, printed as written */
        paragraphs: z.array(text).default([]),
        /** 主要工作任务 */
        tasks: z.array(text).default([]),
        organization: z
          .strictObject({
            subordinate_units: count.optional(),
            offices: z.array(text).default([]),
            /** a count where the document gives no names */
            office_count: count.optional(),
            authorized_staff: count.optional(),
            in_service: count.optional(),
            in_service_change: delta.optional(),
            retired: count.optional(),
            retired_change: delta.optional(),
            veteran_retired: count.optional(),
            veteran_retired_change: delta.optional(),
          })
          .optional(),
      })
      .default({ functions: [], paragraphs: [], tasks: [] }),

    /** 收入: by source; sources without income may be left out */
    income: incomeSchema.default({}),

    /** 支出: one row per 功能分类 项; 类 and 款 rows are rolled up */
    expenditure: z.array(expenditureRow).default([]),

    /**
     * Facts at the grain the document publishes them (src/model/statement-schema.ts): 支出 by 项 × type of
     * all sources, 一般公共预算 by 项, 财政拨款 by 类 …; queries answer from the finest statement covering them.
     * Rows without an amount attach a stated change or a text to an aggregate.
     */
    statements: z.array(stmt.statement).default([]),

    /** 一般公共预算基本支出 by 部门经济分类 款 (表六); 人员经费 / 公用经费 follow from the 类 */
    basic_by_economic: z.array(economicRow).default([]),

    /**
     * `complete` (the default when projects are listed): every row's 项目支出 equals its listed
     * projects; `partial`: only some projects are listed (their sum may not exceed the row's)
     */
    project_listing: z.enum(['complete', 'partial']).optional(),
    /** the number of projects the document states, where it does not list them all */
    project_count: count.optional(),

    /** 部门整体支出绩效目标表: the department's own goals and indicators */
    performance: perf.department.optional(),

    projects: z
      .array(
        z.strictObject({
          name: text,
          /** the 功能分类 项 the project is budgeted under, where the document gives it */
          function_code: functionCode.optional(),
          /** 经济分类 类 (301, 302, …) → amount, for 表七's columns, where the document gives them */
          economic: z.record(z.string().regex(/^\d{3}$/), amount).default({}),
          /**
           * the project's named passages as the document prints them, under its headings in order
           * (项目概述: [paragraphs], 立项依据: […] …)
           */
          sections: z.record(text, z.array(text)).optional(),
          /** the name used in 第三部分, when the clerk wrote another one */
          name_in_explanation: text.optional(),
          basis: text.optional(),
          scale: text.optional(),
          unit: text.optional(),
          /** the 下属单位 (units[].id) the project belongs to; the 本级 when left out */
          unit_id: ident.optional(),
          allocation: text.optional(),
          execution: text.optional(),
          /** where the project's money comes from (财政拨款, 上年结转, 其他资金); default all 财政拨款 */
          funds: perf.funds.optional(),
          /** its 项目支出绩效目标表 (src/model/performance-schema.ts) */
          performance: perf.project.optional(),
        }),
      )
      .default([]),

    explanation: z
      .strictObject({
        /** 第三部分 二: last year's income and the reason for the change, per income source of this year */
        income: z.strictObject(Object.fromEntries(incomeKeys.map((k) => [k, reasoned.optional()])) as Record<IncomeKey, z.ZodOptional<typeof reasoned>>),
        basic: reasoned.optional(),
        project: reasoned.optional(),
        /** 第三部分 四: what the fiscal appropriation is mainly used for */
        fiscal_use: text.optional(),
        /** 第三部分 五（一）: 一般公共预算 basic expenditure against last year */
        general_basic: reasoned.extend({ stated_change_percent: decimalValue.optional() }).optional(),
        other_matters: text.optional(),
      })
      .default({ income: {} }),

    /** 三公 经费: this year and last year */
    three_public: z
      .strictObject({
        overseas: amount,
        vehicle_purchase: amount,
        vehicle_operation: amount,
        reception: amount,
        last_year: z
          .strictObject({
            overseas: amount,
            vehicle_purchase: amount,
            vehicle_operation: amount,
            reception: amount,
          })
          .optional(),
        reasons: z
          .strictObject({
            overseas: text.optional(),
            vehicle_purchase: text.optional(),
            vehicle_operation: text.optional(),
            reception: text.optional(),
          })
          .default({}),
      })
      .optional(),

    /** 会议费 and 培训费 (printed beside 三公 in many table sets); last year's go under last_year */
    meetings_training: z.strictObject({ meetings: amount.optional(), training: amount.optional() }).optional(),

    /**
     * 机关运行经费: computed from 公用经费 of the units whose type is in the template set's scope
     * (all units when no unit has a type), unless the document publishes its own `amount`
     */
    operating_costs: z
      .strictObject({
        amount: amount.optional(),
        administrative_units: count.optional(),
        institution_units: count.optional(),
        last_year: lastYear.optional(),
        reason: text.optional(),
      })
      .optional(),

    procurement: z
      .strictObject({
        goods: amount.optional(),
        works: amount.optional(),
        services: amount.optional(),
        sme_reserved: amount.optional(),
        micro_reserved: amount.optional(),
      })
      .optional(),

    /** last year's figures of any aggregate, where the document publishes them (see README) */
    last_year: lastYearSchema.optional(),

    assets: z
      .strictObject({
        as_of: text.optional(),
        buildings: z.strictObject({ area_m2: z.preprocess(numberOf, z.number().nonnegative()), value: amount }),
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
      })
      .optional(),

    /** named passages of the document (名词解释, notes …) that belong to the department, printed where the set says ({{#each texts.glossary}}) */
    texts: z.record(ident, z.array(text)).default({}),

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

  return { department: departmentSchema, unitFile: unitFileSchema };
}

const schemas = { 万元: makeSchema('万元'), 元: makeSchema('元') } as const;
/** The schema of data typed in `unit` (its amounts are converted to 万元 as they are read). */
export const departmentSchemaFor = (unit: MoneyUnit) => schemas[unit].department;
/** The schema of a unit's own file (units[].file), in the department's unit. */
export const unitFileSchemaFor = (unit: MoneyUnit) => schemas[unit].unitFile;
/** The schema of data typed in 万元 (the default unit). */
export const departmentSchema = schemas['万元'].department;

export type DepartmentData = z.infer<typeof departmentSchema>;
export type Unit = DepartmentData['units'][number];
export type ExpenditureRow = DepartmentData['expenditure'][number];
export type EconomicFactRow = DepartmentData['basic_by_economic'][number];
export type Project = DepartmentData['projects'][number];
export type ExtraTable = NonNullable<DepartmentData['extra_tables']>[number];
export type { LegacyIndicatorKey as IndicatorKey } from './performance-schema.js';
