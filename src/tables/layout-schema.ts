// What a declarative table layout (templates/tables/*.yaml) may say.
// A layout names a row source, a header tree and how each column prints;
// row/col spans of the header follow from the tree.
import { z } from 'zod';
import { layoutStructureKeys } from '../narrative/structure.js';
import { numberFormatSchema, unitSchema, type NumberFormat } from '../numbers/number-format.js';

export const formatSchema = z.enum(['fixed2', 'plain', 'text', 'code']);

/** decimal places an amount prints with: 0 (whole 元) … 4 */
export const decimalsSchema = z.number().int().min(0).max(4);

/** the font roles of styles.yaml a table may print in */
export const fontRoles = ['table', 'body', 'kai', 'heading', 'title'] as const;

const marginsSchema = z.strictObject({
  top: z.number().min(0).max(300).optional(),
  right: z.number().min(0).max(300).optional(),
  bottom: z.number().min(0).max(300).optional(),
  left: z.number().min(0).max(300).optional(),
});

export interface HeaderNode {
  label: string;
  field?: string | undefined;
  width?: number | undefined;
  align?: 'left' | 'center' | 'right' | undefined;
  format?: z.infer<typeof formatSchema> | undefined;
  zero?: 'blank' | 'show' | undefined;
  decimals?: number | undefined;
  number?: NumberFormat | undefined;
  children?: HeaderNode[] | undefined;
}

export const headerNodeSchema: z.ZodType<HeaderNode> = z.lazy(() =>
  z.strictObject({
    label: z.string(),
    field: z.string().optional(),
    width: z.number().positive().optional(),
    align: z.enum(['left', 'center', 'right']).optional(),
    format: formatSchema.optional(),
    zero: z.enum(['blank', 'show']).optional(),
    /** decimals of this column's amounts (overrides the table's `decimals`) */
    decimals: decimalsSchema.optional(),
    /** this column's number format (src/numbers), over the table's */
    number: numberFormatSchema.optional(),
    children: z.array(headerNodeSchema).min(1).optional(),
  }),
);

export const layoutSchema = z.strictObject({
  title: z.string(),
  /** 编制部门 / 填报部门 / 编制单位 */
  issuer_label: z.string().default('编制部门'),
  // unit, decimals, format and zero have no default here: left out, they come
  // from the set's numbers.yaml (src/tables/table-format.ts)
  /** amounts are kept in 万元; a table in 元 prints them × 10000, in 亿元 ÷ 10000 (exact decimal) */
  unit: unitSchema.optional(),
  /** decimal places of the amounts (both `fixed2` and `plain`); default 2 */
  decimals: decimalsSchema.optional(),
  /** the number format of the table's figures (src/numbers), over the keys above */
  number: numberFormatSchema.optional(),
  orientation: z.enum(['portrait', 'landscape']).default('portrait'),
  /** page margins of this table's pages (points); sides left out keep styles.yaml's */
  margins: marginsSchema.optional(),
  /** the font role (styles.yaml `fonts`) the table's cells print in; default `table` */
  font: z.enum(fontRoles).optional(),
  /** the row source, see src/tables/sources */
  source: z.string(),
  /** with `source: extra`: the `id` of the department's `extra_tables` entry */
  table: z.string().min(1).optional(),
  /** source-specific wording (labels of fixed rows) */
  labels: z.record(z.string(), z.string()).default({}),
  format: formatSchema.optional(),
  zero: z.enum(['blank', 'show']).optional(),
  /** points; default styles.yaml `sizes.table` */
  font_size: z.number().min(5).max(30).optional(),
  header: z.array(headerNodeSchema).min(1),
  /** the label of the total row and the column it is written in */
  total: z.strictObject({ label: z.string(), field: z.string() }).optional(),
  /**
   * group rows with subtotals, outermost first: rows with the same value of `field` are gathered
   * under (or above) a row that prints `label` ({{value}}, {{cn}} 一 二 …, {{n}} 1 2 …) in the
   * column of `into` (default the first column) and the sum of each figure column
   */
  groups: z
    .array(
      z.strictObject({
        field: z.string(),
        label: z.string().default('{{value}}'),
        into: z.string().optional(),
        position: z.enum(['first', 'last']).default('first'),
        bold: z.boolean().optional(),
      }),
    )
    .min(1)
    .optional(),
  /**
   * the line above the table: `none`, or its left and right parts as templates ({{unit}} is the
   * table's unit), e.g. { right: "单位:{{unit}}" }; default 编制部门：… | 单位：万元
   */
  info: z.union([z.literal('none'), z.strictObject({ left: z.string().optional(), right: z.string().optional() })]).optional(),
  /** the title and the line above the table repeat at the top of every following page of a long table */
  repeat_title: z.boolean().optional(),
  /** printed under the table */
  note: z.string().optional(),
  /** printed under the table when it has no rows */
  empty_note: z.string().optional(),
  // label, toc_text, new_page, page_numbers: see narrative/structure.ts
  ...layoutStructureKeys,
  /** body rows print adjacent code columns (类 款 项) as one cell "208 01 01" under their separate headings */
  merge_codes: z.boolean().default(true),
  /** minimum height of header rows (points): narrow merged cells must not be clipped */
  header_row_height: z.number().positive().optional(),
});

export type TableLayout = z.infer<typeof layoutSchema>;
