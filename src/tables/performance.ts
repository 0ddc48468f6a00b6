// 绩效目标表: a project's (one per project) or the department's whole
// (部门整体支出绩效目标表). The layout decides the head rows and the indicator
// columns (src/tables/performance-layout.ts); the data gives the indicators
// in the general model (src/model/performance-schema.ts); money comes from
// the figures, never typed twice. 一级/二级 cells span their indicators' rows.
import { formatAmount, resolveFormat } from '../numbers/number-format.js';
import type { Cell, Table } from '../ir/types.js';
import { Money, ZERO, sum } from '../model/money.js';
import { indicatorsOf, type Indicator, type IndicatorGroup } from '../model/performance-schema.js';
import type { DepartmentData, Project } from '../model/schema.js';
import { fixedAmount, plainAmount } from '../narrative/format.js';
import { gridWidths, layoutGrid, type IndicatorField, type PerformanceLayout } from './performance-layout.js';

export { performanceLayoutSchema, type PerformanceLayout } from './performance-layout.js';

/** What one table prints: the values of its head fields and its indicators. */
export interface PerformanceSubject {
  head: Record<string, string | Money | undefined>;
  indicators: Indicator[];
}

/** A project's money by source: 财政拨款 is what 上年结转 and 其他资金 leave of its amount. */
export function projectFunds(p: Project & { amount: Money }): { total: Money; fiscal: Money; carryover?: Money; other?: Money } {
  const f = p.funds;
  const other = f?.other ?? p.performance?.other_funds;
  const carryover = f?.carryover;
  const fiscal = f?.fiscal ?? p.amount.minus(carryover ?? ZERO).minus(f?.other ?? ZERO);
  return { total: p.amount, fiscal, ...(carryover ? { carryover } : {}), ...(other ? { other } : {}) };
}

/** The groups that name the sample form's indicators: the layout's own, else the set's performance.yaml's. */
const groupsFor = (layout: PerformanceLayout, fallback: readonly IndicatorGroup[] | undefined) => layout.groups ?? fallback ?? [];

const THOUSANDS_FIXED2 = resolveFormat({ unit: '万元', decimals: 2, fixed: true, thousands: true, zero: 'fixed' });

export function projectSubject(
  layout: PerformanceLayout,
  p: Project & { amount: Money },
  data: DepartmentData,
  fallbackGroups?: readonly IndicatorGroup[],
): PerformanceSubject {
  const perf = p.performance!;
  const funds = projectFunds(p);
  // a 下属单位's project is printed under that unit's name and code
  const unit = p.unit_id === undefined ? undefined : data.units.find((u) => u.id === p.unit_id);
  return {
    head: {
      unit_name: perf.unit_name ?? unit?.name ?? data.department.name,
      unit_code: perf.unit_code ?? unit?.code ?? data.performance?.unit_code ?? data.department.code,
      year: String(data.department.year),
      project: perf.name ?? p.name,
      period: perf.period,
      goal: perf.goal.join('\n'),
      'funds.total': funds.total,
      'funds.fiscal': funds.fiscal,
      'funds.carryover': funds.carryover,
      'funds.other': funds.other,
    },
    indicators: indicatorsOf(perf.indicators, groupsFor(layout, fallbackGroups)),
  };
}

export function departmentSubject(data: DepartmentData, expenditure: { total: Money; basic: Money; project: Money }): PerformanceSubject {
  const perf = data.performance!;
  return {
    head: {
      unit_name: data.department.name,
      unit_code: perf.unit_code,
      year: String(data.department.year),
      period: perf.period,
      goal: perf.goal.join('\n'),
      'funds.total': expenditure.total,
      'funds.basic': expenditure.basic,
      'funds.project': expenditure.project,
    },
    indicators: indicatorsOf({ form: 'list', list: perf.indicators }, []),
  };
}

/**
 * A layout's title with {{title}} and {{project}} put in; the rest (e.g.
 * {{department.name}}) is left to `fill`, the narrative's Handlebars, which
 * knows no project.
 */
export function performanceTitle(template: string, fill: (s: string) => string, values: { title: string; project?: string }): string {
  const mark = (k: string) => `\uE000${k}\uE000`;
  const marked = template.replace(/\{\{\s*(title|project)\s*\}\}/g, (_, k: string) => mark(k));
  return fill(marked).replace(/\uE000(title|project)\uE000/g, (_, k: 'title' | 'project') => (k === 'title' ? fill(values.title) : (values.project ?? '')));
}

/**
 * The ::table directives of the manifest's tables, as the narrative lists
 * them (`tables`): a per-project 绩效目标表 stands for one table per project
 * with performance data, in project order ("id index").
 */
export function tableDirectives(
  ids: readonly string[],
  performanceTables: Readonly<Record<string, { layout: PerformanceLayout }>> | undefined,
  projects: readonly { performance?: unknown }[],
): string[] {
  return ids.flatMap((id) =>
    performanceTables?.[id]?.layout.kind === 'performance' ? projects.flatMap((p, i) => (p.performance ? [`${id} ${i}`] : [])) : [id],
  );
}

const CENTERED: ReadonlySet<IndicatorField> = new Set(['level1', 'level2', 'unit', 'kind', 'score', 'weight', 'score_or_weight']);

function cellText(ind: Indicator | undefined, field: IndicatorField): string {
  if (!ind) return '';
  switch (field) {
    case 'score_or_weight':
      return ind.score !== undefined ? String(ind.score) : ind.weight !== undefined ? String(ind.weight) : '';
    case 'score':
    case 'weight':
      return ind[field] !== undefined ? String(ind[field]) : '';
    default:
      return ind[field] ?? '';
  }
}

interface Level2 {
  label: string;
  list: Indicator[];
  /** printed even without indicators (a 二级 of the layout's groups) */
  keep: boolean;
}

/** 一级 → 二级 → indicators: the layout's groups first, in their order, then what the data adds, in its order. */
function grouped(layout: PerformanceLayout, indicators: readonly Indicator[]): { label: string; items: Level2[] }[] {
  const out: { label: string; items: Level2[] }[] = [];
  const level1 = (label: string) => out.find((g) => g.label === label) ?? (out.push({ label, items: [] }), out[out.length - 1]!);
  const level2 = (g: { items: Level2[] }, label: string, keep: boolean) =>
    g.items.find((x) => x.label === label) ?? (g.items.push({ label, list: [], keep }), g.items[g.items.length - 1]!);
  for (const g of layout.groups ?? []) for (const it of g.items) level2(level1(g.label), it.label, layout.empty_rows);
  for (const ind of indicators) level2(level1(ind.level1), ind.level2, false).list.push(ind);
  return out
    .map((g) => ({ label: g.label, items: g.items.filter((x) => x.list.length || x.keep) }))
    .filter((g) => g.items.length);
}

export function performanceTable(layout: PerformanceLayout, subject: PerformanceSubject, font: Table['font'], size: number): Table {
  const { head, columns } = layoutGrid(layout);
  const widths = gridWidths(columns);
  const money = (m: Money) =>
    layout.amounts === 'fixed2' ? fixedAmount(m) : layout.amounts === 'fixed2_thousands' ? formatAmount(m, THOUSANDS_FIXED2) : plainAmount(m);
  const value = (field: string): string => {
    const v = subject.head[field];
    return v === undefined ? '' : v instanceof Money ? money(v) : v;
  };
  const spans = (colSpan: number, rowSpan = 1): Partial<Cell> => ({ ...(colSpan > 1 ? { colSpan } : {}), ...(rowSpan > 1 ? { rowSpan } : {}) });

  const rows: Cell[][] = head.map((row) =>
    row.map((h) => ({ text: h.field !== undefined ? value(h.field) : (h.label ?? ''), align: h.align ?? 'center', ...spans(h.span ?? 1, h.rows) })),
  );
  const spanOf = (c: (typeof columns)[number]) => c.widths?.length ?? 1;
  rows.push(columns.map((c) => ({ text: c.label, align: 'center', ...spans(spanOf(c)) })));
  const headerRows = layout.repeat_header ? rows.length : 0;

  for (const g of grouped(layout, subject.indicators)) {
    const groupSpan = g.items.reduce((n, l) => n + Math.max(1, l.list.length), 0);
    g.items.forEach((l, li) => {
      const n = Math.max(1, l.list.length);
      for (let k = 0; k < n; k++) {
        const ind = l.list[k];
        const row: Cell[] = [];
        for (const c of columns) {
          if (c.field === 'level1') {
            if (li === 0 && k === 0) row.push({ text: g.label, align: c.align ?? 'center', ...spans(1, groupSpan) });
          } else if (c.field === 'level2') {
            if (k === 0) row.push({ text: l.label, align: c.align ?? 'center', ...spans(1, n) });
          } else row.push({ text: cellText(ind, c.field), ...spans(spanOf(c)), align: c.align ?? (CENTERED.has(c.field) ? 'center' : 'left') });
        }
        rows.push(row);
      }
    });
  }

  if (layout.total) {
    const field = layout.total.field;
    const at = columns.findIndex((c) => c.field === field);
    const before = columns.slice(0, at).reduce((n, c) => n + spanOf(c), 0);
    const total = sum(subject.indicators.map((i) => new Money(cellText(i, field) || 0)));
    const row: Cell[] = [];
    if (before) row.push({ text: layout.total.label, align: 'center', ...spans(before) });
    row.push({ text: plainAmount(total, 4), align: 'center', ...spans(spanOf(columns[at]!)) });
    for (const c of columns.slice(at + 1)) row.push({ text: '', ...spans(spanOf(c)) });
    rows.push(row);
  }

  return {
    kind: 'table',
    columns: widths.map((width) => ({ width })),
    headerRows,
    rows,
    font,
    size: layout.font_size ?? size,
    // one indicator's text can outgrow a page: its row splits rather than being lost
    rowsMayBreak: true,
  };
}
