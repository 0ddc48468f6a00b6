// What a 绩效目标表 layout (templates/tables/performance*.yaml) may say: the
// head rows above the indicators (cells of fixed wording or of a field from
// the data), the indicator columns, and how the indicators are grouped.
// `kind: performance` prints one table per project, `kind:
// performance-department` the 部门整体支出绩效目标表.
import { z } from 'zod';
import { tr, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';
import { legacyIndicatorKeys } from '../model/performance-schema.js';
import type { YamlSource } from '../source/yaml-source.js';

export const performanceKinds = ['performance', 'performance-department'] as const;
export type PerformanceKind = (typeof performanceKinds)[number];

/** What a head cell can print from the data, per kind of table. */
export const headFields: Record<PerformanceKind, readonly string[]> = {
  performance: ['unit_name', 'unit_code', 'year', 'project', 'period', 'goal', 'funds.total', 'funds.fiscal', 'funds.carryover', 'funds.other'],
  'performance-department': ['unit_name', 'unit_code', 'year', 'period', 'goal', 'funds.total', 'funds.basic', 'funds.project'],
};
const allHeadFields = [...new Set(Object.values(headFields).flat())] as [string, ...string[]];

/** The indicator columns a layout can print (score_or_weight: 分值, else 权重). */
export const indicatorFields = ['level1', 'level2', 'name', 'content', 'standard', 'unit', 'kind', 'value', 'score', 'weight', 'score_or_weight', 'note'] as const;
export type IndicatorField = (typeof indicatorFields)[number];

const align = z.enum(['left', 'center', 'right']);

const headCell = z.strictObject({
  /** fixed wording */
  label: z.string().optional(),
  /** or a value from the data */
  field: z.enum(allHeadFields).optional(),
  /** grid columns it spans */
  span: z.number().int().positive().optional(),
  /** rows it spans (项目资金 beside 年度资金总额 / 财政拨款 / 上年结转 / 其他资金) */
  rows: z.number().int().positive().optional(),
  align: align.optional(),
});
export type HeadCell = z.infer<typeof headCell>;

const column = z.strictObject({
  field: z.enum(indicatorFields),
  label: z.string(),
  /** relative width; default 4 */
  width: z.number().positive().optional(),
  /** or several grid columns of these widths, spanned by this column (so head rows can split them) */
  widths: z.array(z.number().positive()).min(1).optional(),
  align: align.optional(),
});
export type PerformanceColumn = z.infer<typeof column>;

/** The sample's wording keys (the 7-column form), kept for layouts written before `head`/`columns`. */
const legacyLabels = z.strictObject({
  unit: z.string(),
  project: z.string(),
  funds: z.string(),
  annual_total: z.string(),
  fiscal: z.string(),
  other_funds: z.string(),
  goal: z.string(),
  level1: z.string(),
  level2: z.string(),
  level3: z.string(),
  value: z.string(),
});

export const performanceLayoutSchema = z.strictObject({
  kind: z.enum(performanceKinds).default('performance'),
  /** the title, and the name listed before the tables; {{department}} and {{year}} are filled in */
  title: z.string(),
  /** each project's table title, e.g. "{{title}}（{{project}}）"; default the title */
  project_title: z.string().optional(),
  /**
   * which projects the document publishes a table for: every listed project (one without
   * performance data is left out with a notice), or only those with performance data
   * (documents that publish goals for some projects only)
   */
  projects: z.enum(['every', 'with_performance']).default('every'),
  orientation: z.enum(['portrait', 'landscape']).default('landscape'),
  font_size: z.number().positive().optional(),
  /** amounts in the head: plain (30, 5.24), fixed2 (30.00) or fixed2_thousands (2,134.87) */
  amounts: z.enum(['plain', 'fixed2', 'fixed2_thousands']).default('plain'),
  /** the head rows and the column labels repeat on every page the table runs onto */
  repeat_header: z.boolean().default(false),
  head: z.array(z.array(headCell).min(1)).optional(),
  columns: z.array(column).min(1).optional(),
  labels: legacyLabels.optional(),
  /**
   * 一级指标 → its 二级指标: their order, and for data in the sample's form
   * (cost, timeliness, …) the names its keys print under
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
  empty_rows: z.boolean().default(true),
  /** a 合计 row under the indicators: the label, and the column whose numbers it adds up */
  total: z.strictObject({ label: z.string(), field: z.enum(['score', 'weight', 'score_or_weight']) }).optional(),
});
export type PerformanceLayout = z.infer<typeof performanceLayoutSchema>;

/** A layout's head and columns, from `head`/`columns` or from the sample form's `labels`. */
export function layoutGrid(layout: PerformanceLayout): { head: HeadCell[][]; columns: PerformanceColumn[] } {
  if (layout.columns) return { head: layout.head ?? [], columns: layout.columns };
  const L = layout.labels!;
  return {
    head: [
      [{ label: L.unit }, { field: 'unit_name', span: 2 }, { label: L.project }, { field: 'project', span: 3 }],
      [{ label: L.funds }, { label: L.annual_total }, { field: 'funds.total' }, { label: L.fiscal }, { field: 'funds.fiscal' }, { label: L.other_funds }, { field: 'funds.other' }],
      [{ label: L.goal }, { field: 'goal', span: 6, align: 'left' }],
    ],
    columns: [
      { field: 'level1', label: L.level1, width: 4 },
      { field: 'level2', label: L.level2, width: 4 },
      { field: 'name', label: L.level3, widths: [5, 5, 5] },
      { field: 'value', label: L.value, widths: [6, 6] },
    ],
  };
}

export const gridWidths = (columns: readonly PerformanceColumn[]): number[] => columns.flatMap((c) => c.widths ?? [c.width ?? 4]);

/** The `kind:` a table layout file declares, before it is validated against either schema. */
export function declaredKind(text: string): string | undefined {
  return text.match(/^kind:\s*["']?([^\s"'#]+)/m)?.[1];
}

/** What the schema cannot say: head rows fill the grid exactly, each cell has a label or a field that fits the kind. */
export function checkPerformanceLayout(layout: PerformanceLayout, source: YamlSource, lang: Lang): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!layout.columns && !layout.labels) {
    out.push({
      severity: 'error',
      code: 'template.missing_field',
      message: tr(lang, '绩效目标表样式要用“columns:”写明指标的各列', 'a performance layout lists its indicator columns under “columns:”'),
      hint: tr(lang, '例如 columns: [{ field: level1, label: 一级指标 }, { field: name, label: 三级指标 }, { field: value, label: 指标值 }]', 'e.g. columns: [{ field: level1, label: 一级指标 }, { field: name, label: 三级指标 }, { field: value, label: 指标值 }]'),
      ...source.locate([]),
    });
    return out;
  }
  const width = gridWidths(layoutGrid(layout).columns).length;
  // rows spanned by cells of earlier rows, per grid column
  let carried = new Array<number>(width).fill(0);
  (layout.head ?? []).forEach((row, r) => {
    let col = 0;
    const next = carried.map((n) => Math.max(0, n - 1));
    row.forEach((cell, i) => {
      if ((cell.label === undefined) === (cell.field === undefined))
        out.push({
          severity: 'error',
          code: 'template.invalid_value',
          message: tr(lang, '表头单元格要写 label（固定文字）或 field（数据中的值），二者取一', 'a head cell has either a label (fixed text) or a field (a value from the data)'),
          ...source.locate(['head', r, i]),
        });
      if (cell.field !== undefined && !headFields[layout.kind].includes(cell.field))
        out.push({
          severity: 'error',
          code: 'template.unknown_field',
          message: tr(lang, `“${layout.kind}”表没有字段“${cell.field}”`, `a “${layout.kind}” table has no field “${cell.field}”`),
          hint: tr(lang, `可用的字段：${headFields[layout.kind].join('、')}`, `fields: ${headFields[layout.kind].join(', ')}`),
          ...source.locate(['head', r, i, 'field']),
        });
      while (col < width && carried[col]! > 0) col++;
      const span = cell.span ?? 1;
      for (let k = col; k < Math.min(width, col + span); k++) next[k] = (cell.rows ?? 1) - 1;
      col += span;
    });
    while (col < width && carried[col]! > 0) col++;
    if (col !== width)
      out.push({
        severity: 'error',
        code: 'template.invalid_value',
        message: tr(lang, `表头第 ${r + 1} 行占 ${col} 列，指标各列共 ${width} 列`, `head row ${r + 1} covers ${col} grid columns; the indicator columns make ${width}`),
        hint: tr(lang, '调整 span，或各列的 widths', 'adjust the spans, or the columns’ widths'),
        ...source.locate(['head', r]),
      });
    carried = next;
  });
  if (layout.total && !layoutGrid(layout).columns.some((c) => c.field === layout.total!.field))
    out.push({
      severity: 'error',
      code: 'template.unknown_field',
      message: tr(lang, `合计行要加总的列“${layout.total.field}”不在 columns 中`, `the total row adds up “${layout.total.field}”, which is not among the columns`),
      ...source.locate(['total', 'field']),
    });
  return out;
}
