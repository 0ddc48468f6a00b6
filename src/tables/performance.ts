// 项目支出绩效目标表: one per project. Its shape is fixed by the national form
// (一级 → 二级 → 三级 indicators with row spans); its wording comes from the
// layout file templates/tables/performance.yaml.
import { z } from 'zod';
import type { Cell, Table } from '../ir/types.js';
import type { Money } from '../model/money.js';
import type { IndicatorKey, Project } from '../model/schema.js';
import { plainAmount } from '../narrative/format.js';

const indicatorKeys = ['cost', 'timeliness', 'quantity', 'quality', 'economic', 'sustainable', 'social', 'ecological', 'satisfaction'] as const;

export const performanceLayoutSchema = z.strictObject({
  title: z.string(),
  orientation: z.enum(['portrait', 'landscape']).default('landscape'),
  font_size: z.number().positive().optional(),
  labels: z.strictObject({
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
  }),
  /** 一级指标 → its 二级指标, each bound to a list of the project's indicators */
  groups: z.array(
    z.strictObject({
      label: z.string(),
      items: z.array(z.strictObject({ label: z.string(), indicators: z.enum(indicatorKeys) })).min(1),
    }),
  ),
});
export type PerformanceLayout = z.infer<typeof performanceLayoutSchema>;

// 7 columns: 一级 | 二级 | 三级 (3 columns) | 指标值 (2 columns)
const WIDTHS = [4, 4, 5, 5, 5, 6, 6];

export function performanceTable(
  layout: PerformanceLayout,
  p: Project & { amount: Money },
  department: string,
  font: Table['font'],
  size: number,
): Table {
  const L = layout.labels;
  const c = (text: string, extra: Partial<Cell> = {}): Cell => ({ text, align: 'center', ...extra });
  const rows: Cell[][] = [
    [c(L.unit), c(department, { colSpan: 2 }), c(L.project), c(p.performance.name ?? p.name, { colSpan: 3 })],
    [
      c(L.funds),
      c(L.annual_total),
      c(plainAmount(p.amount)),
      c(L.fiscal),
      c(plainAmount(p.amount)),
      c(L.other_funds),
      c(p.performance.other_funds ? plainAmount(p.performance.other_funds) : ''),
    ],
    [c(L.goal), c(p.performance.goal.join('\n'), { colSpan: 6, align: 'left' })],
    [c(L.level1), c(L.level2), c(L.level3, { colSpan: 3 }), c(L.value, { colSpan: 2 })],
  ];
  for (const g of layout.groups) {
    const lines = g.items.map((it) => ({ label: it.label, list: p.performance.indicators[it.indicators as IndicatorKey] }));
    const groupSpan = lines.reduce((n, l) => n + Math.max(1, l.list.length), 0);
    lines.forEach((l, li) => {
      const n = Math.max(1, l.list.length);
      for (let k = 0; k < n; k++) {
        const row: Cell[] = [];
        if (li === 0 && k === 0) row.push(c(g.label, groupSpan > 1 ? { rowSpan: groupSpan } : {}));
        if (k === 0) row.push(c(l.label, n > 1 ? { rowSpan: n } : {}));
        const ind = l.list[k];
        row.push({ text: ind?.name ?? '', colSpan: 3, align: 'left' }, { text: ind?.value ?? '', colSpan: 2, align: 'left' });
        rows.push(row);
      }
    });
  }
  return {
    kind: 'table',
    columns: WIDTHS.map((width) => ({ width })),
    headerRows: 0,
    rows,
    font,
    size: layout.font_size ?? size,
  };
}
