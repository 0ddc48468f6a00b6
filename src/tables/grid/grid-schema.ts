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
import { legacyIndicatorKeys } from '../../model/performance-schema.js';
import { layoutSchema, type HeaderNode } from '../layout-schema.js';

/** A filter over the facts; codes may be written unquoted (201). */
const filterValue = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);
export const filterSchema = z.strictObject(
  Object.fromEntries(dimensions.map((d) => [d, filterValue.optional()])) as Record<(typeof dimensions)[number], z.ZodOptional<typeof filterValue>>,
);
export type FilterSpec = z.infer<typeof filterSchema>;

/** The fields a row gives its text columns. */
export const rowFields = [
  'code',
  'class',
  'kuan',
  'xiang',
  'name',
  'label',
  'level',
  'unit_name',
  'unit_code',
  'unit_type',
  'project',
  'function_code',
  'function_name',
  // a project's (or the department's) performance: its 实施期, 年度目标 and the budget year
  'period',
  'goal',
  'year',
  // an indicator (`by: indicator`): 一级, 二级, 三级 is `name`; unit is 度量单位, kind 指标值类型; score_or_weight: 分值, else 权重
  'level1',
  'level2',
  'content',
  'standard',
  'unit',
  'kind',
  'value',
  'score',
  'weight',
  'score_or_weight',
  'note',
] as const;

/** The row fields an indicator gives (its 三级 is `name`). */
export const indicatorFields: ReadonlySet<string> = new Set(['name', ...rowFields.slice(rowFields.indexOf('level1'))]);
export type RowField = (typeof rowFields)[number];

export const computeOps = ['sum', 'diff', 'growth', 'share'] as const;

/**
 * The money of the table's subject (a project: its amount and the part of each source; the
 * department: its expenditure and the 基本/项目 parts), from the figures.
 */
export const fundFields = ['total', 'fiscal', 'carryover', 'other', 'basic', 'project'] as const;
export type FundField = (typeof fundFields)[number];

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
  /** fixed wording printed on every row (a label column such as 绩效指标, merged with `merge`) */
  text?: string | undefined;
  /** a text made of the row's fields: "{{unit_code}}_{{unit_name}}" */
  template?: string | undefined;
  /** the subject's money (`funds: fiscal`: a project's 财政拨款) */
  funds?: FundField | undefined;
  /** equal cells of adjacent rows of one block (a project, an 一级 group) become one cell */
  merge?: boolean | undefined;
  /** the text runs top to bottom, one character a line */
  vertical?: boolean | undefined;
  /** one column over several grid columns of these widths, so head rows can split them */
  widths?: number[] | undefined;
  children?: GridColumn[] | undefined;
}

const align = z.enum(['left', 'center', 'right']);

export const gridColumnSchema: z.ZodType<GridColumn> = z.lazy(() =>
  z.strictObject({
    label: z.string(),
    id: z
      .string()
      .regex(/^[A-Za-z_][\w-]*$/)
      .optional(),
    field: z.enum(rowFields).optional(),
    value: filterSchema.optional(),
    compute: z.strictObject({ op: z.enum(computeOps), of: z.array(z.string()).min(1) }).optional(),
    suffix: z.string().optional(),
    hide_if_empty: z.boolean().optional(),
    text: z.string().optional(),
    template: z.string().optional(),
    funds: z.enum(fundFields).optional(),
    merge: z.boolean().optional(),
    vertical: z.boolean().optional(),
    widths: z.array(z.number().positive()).min(1).optional(),
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
  /** a name for computed rows to refer to */
  id: z
    .string()
    .regex(/^[A-Za-z_][\w-]*$/)
    .optional(),
  /** a row computed from other fixed rows, column by column: an 增减变化 row is { op: diff, of: [this_year, last_year] } */
  compute: z.strictObject({ op: z.enum(computeOps), of: z.array(z.string()).min(1) }).optional(),
  /** printed after a computed percentage (op growth or share); default "%" */
  suffix: z.string().optional(),
});

export const rowGroupSchema = z.strictObject({
  /** the dimension whose values are the rows */
  by: z.enum(['function', 'economic', 'unit', 'type', 'source', 'item', 'project', 'indicator']).optional(),
  /** with `by: project`: each project's rows are its indicators, the project's columns beside them (one continuous grid) */
  each: z.enum(['indicator']).optional(),
  /**
   * with `by: indicator` (or `each: indicator`): 一级 → its 二级, their order, and for data in the
   * sample's form (cost, timeliness, …) the names its keys print under
   */
  groups: z
    .array(
      z.strictObject({
        label: z.string(),
        items: z.array(z.strictObject({ label: z.string(), indicators: z.enum(legacyIndicatorKeys).optional() })).min(1),
      }),
    )
    .optional(),
  /** a 二级 of `groups` without indicators still prints its row */
  empty_rows: z.boolean().default(false),
  /** rows written out one by one, each with its own query */
  fixed: z.array(fixedRowSchema).optional(),
  /** levels of a classification: 1 类, 2 款, 3 项 (经济分类: 1 类, 2 款) */
  levels: z
    .array(z.union([z.literal(1), z.literal(2), z.literal(3)]))
    .min(1)
    .optional(),
  /** used: the codes the department has money under; catalogue: every 类 of the year's catalogue */
  list: z.enum(['used', 'catalogue']).default('used'),
  /** the kind of facts listed and summed (default: expenditure; economic for `by: economic`) */
  kind: z.enum(factKinds).optional(),
  /** restricts the rows (and their figures) */
  filter: filterSchema.optional(),
  /**
   * the values listed, in this order (default: those used, codes in code order): with `by:
   * function|economic` codes at any level (204 before 201, as a document lists them)
   */
  values: z.array(z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String)).optional(),
  /** printed names of values (types, sources, items), over the built-in ones */
  names: z.record(z.string(), z.string()).optional(),
  /**
   * how a code prints: the whole code 2010101, split into 类/款/项 columns, only its own last digits
   * (with the 类/款/项 columns filled as split), `own`: each level's column only its own digits (a
   * 款 row prints 11 under 款 and nothing under 类), or not at all
   */
  code: z.enum(['whole', 'split', 'last', 'own', 'none']).default('whole'),
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
  /** an indicator table's total: adds up the numbers of this text column (分值 or 权重) */
  sum: z.enum(['score', 'weight', 'score_or_weight']).optional(),
});

const headCellSchema = z.strictObject({
  /** fixed wording */
  label: z.string().optional(),
  /** or a text of the subject (unit_name, project, period, goal …) */
  field: z.enum(rowFields).optional(),
  /** or a query, joined with the subject's filter */
  value: filterSchema.optional(),
  /** or the subject's money */
  funds: z.enum(fundFields).optional(),
  /** grid columns it spans */
  span: z.number().int().positive().optional(),
  /** rows it spans */
  rows: z.number().int().positive().optional(),
  align: align.optional(),
  vertical: z.boolean().optional(),
});
export type HeadCell = z.infer<typeof headCellSchema>;

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
    /**
     * whose table it is: one per project (its indicators, its money; numbered as one table) or the
     * department's (部门整体支出绩效目标表); left out: the department's figures, no indicators
     */
    per: z.enum(['project', 'department']).optional(),
    /** which projects print (`per: project`, `each: indicator`): every listed one, or those with performance data */
    projects: z.enum(['every', 'with_performance']).default('every'),
    /** each project's table title, e.g. "{{title}}（{{project}}）"; default the title */
    project_title: z.string().optional(),
    /** rows above the column header: cells of fixed wording, of the subject's texts, money or queries */
    head: z.array(z.array(headCellSchema).min(1)).optional(),
    /** the head rows and the column header repeat on every page the table runs onto */
    repeat_header: z.boolean().default(true),
    /** a row under the column header numbering the figure columns: 栏次 | 1 | 2 | 3 … (text columns print `first`, then `text`) */
    column_numbers: z.strictObject({ first: z.string().default('栏次'), text: z.string().default('') }).optional(),
  })
  .superRefine((l, ctx) => {
    const simple = l.rows !== undefined || l.columns !== undefined;
    if (simple === (l.sides !== undefined)) ctx.addIssue({ code: 'custom', message: 'grid.rows_or_sides', path: l.sides ? ['sides'] : [] });
    else if (simple && (!l.rows || !l.columns)) ctx.addIssue({ code: 'custom', message: 'grid.rows_and_columns', path: l.rows ? ['rows'] : ['columns'] });
  });
export type GridLayout = z.infer<typeof gridLayoutSchema>;

/** A layout is a grid when it says `rows:` or `sides:` (a legacy layout names a `source:`). */
export const isGridLayout = (raw: unknown): boolean => typeof raw === 'object' && raw !== null && ('rows' in raw || 'sides' in raw) && !('source' in raw);

/** The sides of a layout: a simple grid is one side. */
export const sidesOf = (l: GridLayout): GridSide[] => l.sides ?? [{ rows: l.rows!, columns: l.columns!, ...(l.total ? { total: l.total } : {}) }];

export type { NumberFormat };
