// What a declarative table layout (templates/tables/*.yaml) may say.
// A layout names a row source, a header tree and how each column prints;
// row/col spans of the header follow from the tree.
import { z } from 'zod';

export const formatSchema = z.enum(['fixed2', 'plain', 'text', 'code']);

export interface HeaderNode {
  label: string;
  field?: string | undefined;
  width?: number | undefined;
  align?: 'left' | 'center' | 'right' | undefined;
  format?: z.infer<typeof formatSchema> | undefined;
  zero?: 'blank' | 'show' | undefined;
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
    children: z.array(headerNodeSchema).min(1).optional(),
  }),
);

export const layoutSchema = z.strictObject({
  title: z.string(),
  /** 编制部门 / 填报部门 / 编制单位 */
  issuer_label: z.string().default('编制部门'),
  unit: z.enum(['万元', '元']).default('万元'),
  orientation: z.enum(['portrait', 'landscape']).default('portrait'),
  /** the row source, see src/tables/sources */
  source: z.string(),
  /** source-specific wording (labels of fixed rows) */
  labels: z.record(z.string(), z.string()).default({}),
  format: formatSchema.default('fixed2'),
  zero: z.enum(['blank', 'show']).default('blank'),
  font_size: z.number().positive().optional(),
  header: z.array(headerNodeSchema).min(1),
  /** the label of the total row and the column it is written in */
  total: z.strictObject({ label: z.string(), field: z.string() }).optional(),
  /** printed under the table */
  note: z.string().optional(),
  /** printed under the table when it has no rows */
  empty_note: z.string().optional(),
  /** body rows print adjacent code columns (类 款 项) as one cell "208 01 01" under their separate headings */
  merge_codes: z.boolean().default(true),
  /** minimum height of header rows (points): narrow merged cells must not be clipped */
  header_row_height: z.number().positive().optional(),
});

export type TableLayout = z.infer<typeof layoutSchema>;
