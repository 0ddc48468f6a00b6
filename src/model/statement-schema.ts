// Statements: facts at the grain a document publishes them. A statement is a
// set of rows with one shape: what every row lies in (`of`, a filter such as
// { source: general_budget } or { kind: three_public }) and what the rows
// break it down by (a 功能分类 code at one level, a 经济分类 code, an item, and
// the expenditure type when a row gives basic/project). A row without an
// amount states no money: it attaches a stated change or a text to the
// aggregate it names (src/figures/statements.ts answers queries from them).
import { z } from 'zod';
import type { Money } from './money.js';
import { SourceNumber } from '../source/source-numbers.js';

const text = z.string().min(1);
const ident = z.string().regex(/^[A-Za-z][\w-]*$/);
/** a filter value as written: codes may be unquoted numbers */
const filterValue = z
  .union([z.string().min(1), z.number().int().nonnegative(), z.instanceof(SourceNumber)])
  .transform((v) => (v instanceof SourceNumber ? v.text : String(v)));
const code = (re: RegExp) =>
  z
    .union([z.string(), z.number().int(), z.instanceof(SourceNumber)])
    .transform((v) => (v instanceof SourceNumber ? v.text : String(v)))
    .pipe(z.string().regex(re));

/** The dimensions a statement's `of:` may fix (the query dimensions of src/figures/facts.ts, and `part`). */
export const statementDimensions = [
  'kind',
  'function',
  'economic',
  'type',
  'source',
  'from',
  'unit',
  'unit_type',
  'item',
  'cost',
  'project',
  'year',
  'part',
] as const;

export function statementSchemas<A extends z.ZodType<Money>, D extends z.ZodType<Money>, P extends z.ZodType<Money>>(amount: A, signed: D, decimal: P) {
  /** A stated change against last year: an amount (signed), a percent, or 持平 (flat). */
  const change = z.strictObject({
    amount: signed.optional(),
    /** in percent, as printed (3.1 for 3.1%) */
    percent: decimal.optional(),
    flat: z.literal(true).optional(),
  });
  const row = z.strictObject({
    /** 功能分类 code at 类 (3), 款 (5) or 项 (7 digits); every row of a statement at the same level */
    function: code(/^(\d{3}|\d{5}|\d{7})$/).optional(),
    /** 部门经济分类 类 (3) or 款 (5) */
    economic: code(/^(\d{3}|\d{5})$/).optional(),
    /** an income source (kind: income statements: last year's income per source) */
    source: text.optional(),
    /** a named item (a 三公 item, a procurement kind, a category the set declares) */
    item: text.optional(),
    /** a listed project (projects[].name): the row is that project's money (广东 表12 publishes it by project × source) */
    project_name: text.optional(),
    /** the row's amount, where the statement does not break it down by expenditure type */
    amount: amount.optional(),
    basic: amount.optional(),
    project: amount.optional(),
    /** amounts of declared expenditure types, by key */
    types: z.record(ident, amount).optional(),
    /** last year's amount of the same cell (on the statement's `base`) */
    last_year: amount.optional(),
    /** the change the document states, where it states one instead of (or beside) last year's amount */
    change: change.optional(),
    /** the purpose the document prints for this row (主要用于…) */
    text: text.optional(),
    /** the reason the document gives for the change */
    reason: text.optional(),
  });
  const statement = z.strictObject({
    /** what every row lies in (a filter); left out: the department's whole expenditure */
    of: z.partialRecord(z.enum(statementDimensions), filterValue).default({}),
    /** last year's amounts are 上年预算数 (budget) or 上年执行数 (actual) */
    base: z.enum(['budget', 'actual']).default('budget'),
    /** the amounts were typed from a publication rounded to 0.01 of the data's unit: sums of n parts may differ by n × 0.005 */
    rounded: z.boolean().default(false),
    rows: z.array(row).min(1),
  });
  return { statement, row, change };
}

export type StatementsSchemas = ReturnType<typeof statementSchemas>;
