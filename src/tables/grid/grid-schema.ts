// A grid layout: a table whose every figure is a query over the department's
// facts (src/figures/facts.ts). Rows say which aggregates are listed (codes of
// a classification at some levels, units, types, sources, or a fixed list);
// columns say what is summed for each row (a filter), or compute from other
// columns. The cell is the sum of the facts matching the table's filter, the
// row's and the column's together. Two or more `sides` make a side-by-side
// table (收入 | 支出), zipped row by row.
import { z } from 'zod';
import { dimensions, factKinds } from '../../figures/facts.js';
import { numberFormatSchema, type NumberFormat } from '../../numbers/number-format.js';
import { layoutSchema, type HeaderNode } from '../layout-schema.js';

/** A filter over the facts; codes may be written unquoted (201). */
const filterValue = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);
export const filterSchema = z.strictObject(
  Object.fromEntries(dimensions.map((d) => [d, filterValue.optional()])) as Record<(typeof dimensions)[number], z.ZodOptional<typeof filterValue>>,
);
export type FilterSpec = z.infer<typeof filterSchema>;

/** The fields a row gives its text columns. */
export const rowFields = ['code', 'class', 'kuan', 'xiang', 'name', 'label', 'level', 'unit_name', 'unit_code', 'unit_type', 'project', 'function_code', 'function_name', 'goal'] as const;
export type RowField = (typeof rowFields)[number];

export const computeOps = ['sum', 'diff', 'growth', 'share'] as const;

export interface GridColumn extends HeaderNode {
  /** a text the row gives (code, name, 单位名称 …) */
  field?: RowField | undefined;
  /** a name for computed columns to refer to */
  id?: string | undefined;
  /** the query of this column (combined with the row's and the table's) */
  value?: FilterSpec | undefined;
  /** a column computed from others: sum (Σ), diff (a − b), growth ((a − b) / b, %), share (a / b, %) */
  compute?: { op: (typeof computeOps)[number]; of: string[] } | undefined;
  /** printed after a computed percentage, e.g. "%" */
  suffix?: string | undefined;
  /** left out of the table when no row has a figure in it (a 单位预留机动经费 column of a department without one) */
  hide_if_empty?: boolean | undefined;
  children?: GridColumn[] | undefined;
}

const align = z.enum(['left', 'center', 'right']);

export const gridColumnSchema: z.ZodType<GridColumn> = z.lazy(() =>
  z.strictObject({
    label: z.string(),
    id: z.string().regex(/^[A-Za-z_][\w-]*$/).optional(),
    field: z.enum(rowFields).optional(),
    value: filterSchema.optional(),
    compute: z.strictObject({ op: z.enum(computeOps), of: z.array(z.string()).min(1) }).optional(),
    suffix: z.string().optional(),
    hide_if_empty: z.boolean().optional(),
    width: z.number().positive().optional(),
    align: align.optional(),
    number: numberFormatSchema.optional(),
    children: z.array(gridColumnSchema).min(1).optional(),
  }),
);

const fixedRowSchema = z.strictObject({
  label: z.string(),
  /** the row's query; left out: a row of text only (a heading line inside the table) */
  filter: filterSchema.optional(),
  /** printed in the code column(s) */
  code: z.string().optional(),
  bold: z.boolean().optional(),
  /** full-width spaces before the label */
  indent: z.number().int().min(0).max(8).optional(),
});

export const rowGroupSchema = z.strictObject({
  /** the dimension whose values are the rows */
  by: z.enum(['function', 'economic', 'unit', 'type', 'source', 'item', 'project']).optional(),
  /** rows written out one by one, each with its own query */
  fixed: z.array(fixedRowSchema).optional(),
  /** levels of a classification: 1 类, 2 款, 3 项 (经济分类: 1 类, 2 款) */
  levels: z.array(z.union([z.literal(1), z.literal(2), z.literal(3)])).min(1).optional(),
  /** used: the codes the department has money under; catalogue: every 类 of the year's catalogue */
  list: z.enum(['used', 'catalogue']).default('used'),
  /** the kind of facts listed and summed (default: expenditure; economic for `by: economic`) */
  kind: z.enum(factKinds).optional(),
  /** restricts the rows (and their figures) */
  filter: filterSchema.optional(),
  /** with `by: type|source|item|unit`: the values listed, in this order (default: those used) */
  values: z.array(z.string()).optional(),
  /** printed names of values (types, sources, items), over the built-in ones */
  names: z.record(z.string(), z.string()).optional(),
  /** how a code prints: the whole code 2010101, split into 类/款/项 columns, only its own last digits, or not at all */
  code: z.enum(['whole', 'split', 'last', 'none']).default('whole'),
  /** how a name prints: as is, 类 numbered 一、二、… or （一）（二）…, indented by level, or both; bracket_indent: [2010101]行政运行, indented */
  name: z.enum(['plain', 'ordinal', 'paren_ordinal', 'indent', 'ordinal_indent', 'bracket_indent']).default('plain'),
  /** with `by: project`: only the projects the data names in 第三部分 (name_in_explanation), as Guangdong's 重点项目 */
  explained_only: z.boolean().optional(),
  /** leave out rows whose figures are all zero */
  hide_zero: z.boolean().default(false),
  /** rows kept at the bottom of a side (收入总计 | 支出总计 on one line) */
  pin: z.enum(['bottom']).optional(),
  bold: z.boolean().optional(),
});
export type RowGroup = z.infer<typeof rowGroupSchema>;

export const gridTotalSchema = z.strictObject({
  label: z.string(),
  /** first (under the header), last, or none */
  position: z.enum(['first', 'last', 'none']).default('last'),
  /** the text field the label is written in (default: the first text column) */
  field: z.enum(rowFields).optional(),
  /** the total's query, over the table's (default: the table's alone) */
  filter: filterSchema.optional(),
});

export const sideSchema = z.strictObject({
  filter: filterSchema.optional(),
  rows: z.array(rowGroupSchema).min(1),
  columns: z.array(gridColumnSchema).min(1),
  total: gridTotalSchema.optional(),
});
export type GridSide = z.infer<typeof sideSchema>;

/** Keys every table layout has (title, label, unit, number, fonts, notes …), without the legacy row-source keys. */
const common = layoutSchema.omit({ source: true, table: true, header: true, total: true, labels: true, merge_codes: true, format: true });

export const gridLayoutSchema = common
  .extend({
    /** applies to every cell */
    filter: filterSchema.optional(),
    rows: z.array(rowGroupSchema).min(1).optional(),
    columns: z.array(gridColumnSchema).min(1).optional(),
    total: gridTotalSchema.optional(),
    /** a side-by-side table: each side its own rows and columns, zipped row by row */
    sides: z.array(sideSchema).min(2).optional(),
  })
  .superRefine((l, ctx) => {
    const simple = l.rows !== undefined || l.columns !== undefined;
    if (simple === (l.sides !== undefined))
      ctx.addIssue({ code: 'custom', message: 'grid.rows_or_sides', path: l.sides ? ['sides'] : [] });
    else if (simple && (!l.rows || !l.columns)) ctx.addIssue({ code: 'custom', message: 'grid.rows_and_columns', path: l.rows ? ['rows'] : ['columns'] });
  });
export type GridLayout = z.infer<typeof gridLayoutSchema>;

/** A layout is a grid when it says `rows:` or `sides:` (a legacy layout names a `source:`). */
export const isGridLayout = (raw: unknown): boolean =>
  typeof raw === 'object' && raw !== null && ('rows' in raw || 'sides' in raw) && !('source' in raw);

/** The sides of a layout: a simple grid is one side. */
export const sidesOf = (l: GridLayout): GridSide[] =>
  l.sides ?? [{ rows: l.rows!, columns: l.columns!, ...(l.total ? { total: l.total } : {}) }];

export type { NumberFormat };
