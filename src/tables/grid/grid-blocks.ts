// A grid of blocks: rows by indicator (a 绩效目标表), head rows above the
// column header, columns spanning several grid columns, and cells merged down
// a block (一级/二级 over their indicators, a project's columns beside its
// indicators in one continuous grid). Figures are the grid's: queries, the
// subject's money, computed columns, all printed in the layout's number format.
import type { Cell, Table } from '../../ir/types.js';
import { Money, sum } from '../../model/money.js';
import type { IndicatorGroup, Indicator } from '../../model/performance-schema.js';
import type { DepartmentData } from '../../model/schema.js';
import { formatAmount, type ResolvedFormat } from '../../numbers/number-format.js';
import { plainAmount } from '../../narrative/format.js';
import { cellText, columnFormat, rowValues, verticalText, type GridBuildOptions, type GridResult } from './grid-build.js';
import { groupRows, joinFilters, type GridRow, type RowContext } from './grid-rows.js';
import type { GridColumn, GridLayout, HeadCell, RowField, RowGroup } from './grid-schema.js';
import { indicatorFields } from './grid-schema.js';
import { projectSubject, type Subject } from './grid-subject.js';
import { columnNumberRow } from './grid-column-numbers.js';

const leavesOf = (n: GridColumn): GridColumn[] => (n.children ? n.children.flatMap(leavesOf) : [n]);
const physical = (c: GridColumn): number[] => c.widths ?? [c.width ?? 4];

/** A layout this module builds: it names a subject, head rows, indicator rows, or merged or widened columns. */
export function isBlockGrid(l: GridLayout): boolean {
  if (l.sides) return false;
  return (
    l.per !== undefined ||
    l.head !== undefined ||
    (l.rows ?? []).some((g) => g.by === 'indicator' || g.each !== undefined) ||
    (l.columns ?? []).flatMap(leavesOf).some((c) => c.merge || c.widths)
  );
}

/** The fields that print centred unless the layout says otherwise (short labels and numbers). */
const CENTERED: ReadonlySet<RowField> = new Set(['level1', 'level2', 'unit', 'kind', 'score', 'weight', 'score_or_weight']);

const indicatorText = (ind: Indicator | undefined, f: 'score' | 'weight' | 'score_or_weight'): string => {
  if (!ind) return '';
  const v = f === 'score_or_weight' ? (ind.score ?? ind.weight) : ind[f];
  return v === undefined ? '' : String(v);
};

interface Level2 {
  label: string;
  list: Indicator[];
  /** printed even without indicators (a 二级 of the layout's groups) */
  keep: boolean;
}

/** 一级 → 二级 → indicators: the layout's groups first, in their order, then what the data adds, in its order. */
function grouped(g: RowGroup, indicators: readonly Indicator[]): { label: string; items: Level2[] }[] {
  const out: { label: string; items: Level2[] }[] = [];
  const level1 = (label: string) => out.find((x) => x.label === label) ?? (out.push({ label, items: [] }), out[out.length - 1]!);
  const level2 = (x: { items: Level2[] }, label: string, keep: boolean) =>
    x.items.find((y) => y.label === label) ?? (x.items.push({ label, list: [], keep }), x.items[x.items.length - 1]!);
  for (const grp of g.groups ?? []) for (const it of grp.items) level2(level1(grp.label), it.label, g.empty_rows);
  for (const ind of indicators) level2(level1(ind.level1), ind.level2, false).list.push(ind);
  return out.map((x) => ({ label: x.label, items: x.items.filter((y) => y.list.length || y.keep) })).filter((x) => x.items.length);
}

/** A subject's indicator rows, each with the subject's texts and money beside the indicator's. */
function indicatorRows(g: RowGroup, s: Subject, base: GridRow['filter']): GridRow[] {
  const rows: GridRow[] = [];
  for (const l1 of grouped(g, s.indicators))
    for (const l2 of l1.items) {
      const list = l2.list.length ? l2.list : [undefined];
      for (const ind of list)
        rows.push({
          filter: joinFilters(base, s.filter),
          text: {
            ...s.text,
            level1: l1.label,
            level2: l2.label,
            name: ind?.name ?? '',
            content: ind?.content ?? '',
            standard: ind?.standard ?? '',
            unit: ind?.unit ?? '',
            kind: ind?.kind ?? '',
            value: ind?.value ?? '',
            note: ind?.note ?? '',
            score: indicatorText(ind, 'score'),
            weight: indicatorText(ind, 'weight'),
            score_or_weight: indicatorText(ind, 'score_or_weight'),
          },
          funds: s.funds,
          block: s.block,
          ...(g.bold ? { bold: true } : {}),
        });
    }
  return rows;
}

export interface BlockContext extends Omit<RowContext, 'base'> {
  data: DepartmentData;
  /** the indicator names of data in the sample's form where the layout's row group names none */
  fallbackGroups?: readonly IndicatorGroup[] | undefined;
}

const spans = (colSpan: number, rowSpan = 1): Partial<Cell> => ({ ...(colSpan > 1 ? { colSpan } : {}), ...(rowSpan > 1 ? { rowSpan } : {}) });

/** The column header from the tree, each cell over the grid columns of its leaves. */
function columnHeader(tree: readonly GridColumn[]): Cell[][] {
  const depthOf = (n: GridColumn): number => 1 + Math.max(0, ...(n.children ?? []).map(depthOf));
  const depth = Math.max(...tree.map(depthOf));
  const rows: Cell[][] = Array.from({ length: depth }, () => []);
  const place = (n: GridColumn, level: number) => {
    const colSpan = leavesOf(n).reduce((k, l) => k + physical(l).length, 0);
    rows[level]!.push({ text: n.vertical ? verticalText(n.label) : n.label, align: 'center', ...spans(colSpan, n.children ? 1 : depth - level) });
    n.children?.forEach((c) => place(c, level + 1));
  };
  tree.forEach((n) => place(n, 0));
  return rows;
}

function headText(h: HeadCell, s: Subject | null, layout: GridLayout, ctx: BlockContext, fmt: ResolvedFormat): string {
  if (h.label !== undefined) return h.label;
  if (h.field !== undefined) return s?.text[h.field] ?? '';
  if (h.funds !== undefined) {
    const m = s?.funds[h.funds];
    return m ? formatAmount(m, fmt) : '';
  }
  if (h.value !== undefined) {
    const m = ctx.facts.q(joinFilters(layout.filter, s?.filter, h.value));
    return m ? formatAmount(m, fmt) : '';
  }
  return '';
}

export function buildBlockGrid(layout: GridLayout, ctx: BlockContext, subject: Subject | null, opts: GridBuildOptions): GridResult {
  const tree = layout.columns!;
  const leaves = tree.flatMap(leavesOf);
  const base = joinFilters(layout.filter, subject?.filter);
  const rctx: RowContext = { ...ctx, base };
  const formats = leaves.map((c) => columnFormat(layout, c, opts.numbers));
  const tableFmt = columnFormat(layout, {} as GridColumn, opts.numbers);

  const lines: GridRow[] = [];
  for (const g of layout.rows!) {
    const groups = g.groups ?? ctx.fallbackGroups ?? [];
    if (g.by === 'indicator') {
      if (subject) lines.push(...indicatorRows(g, subject, layout.filter ?? null));
    } else if (g.by === 'project' && g.each === 'indicator') {
      ctx.fig.projects.list.forEach((p, i) => {
        if (layout.projects === 'with_performance' && !p.performance) return;
        lines.push(...indicatorRows(g, projectSubject(p, i, ctx.data, groups), joinFilters(layout.filter, g.filter)));
      });
    } else lines.push(...groupRows(g, rctx));
  }

  // beside indicator rows, a row of no subject (合计, a unit) has no indicator texts and no label column
  const blocks = lines.some((l) => l.block !== undefined);
  type Line = { row: GridRow; cells: Cell[]; keys: string[] };
  const build = (row: GridRow, labelField?: RowField): Line => {
    const bare = blocks && row.block === undefined;
    const vals = rowValues(row, leaves, rctx).map((v, i) => {
      const col = leaves[i]!;
      const indicatorText = col.field !== undefined && col.field !== labelField && indicatorFields.has(col.field);
      return bare && (col.text !== undefined || indicatorText) ? { kind: 'text' as const, v: '' } : v;
    });
    const cells = vals.map((v, i): Cell => {
      const col = leaves[i]!;
      const fallback: Cell['align'] = v.kind !== 'text' ? 'right' : col.text !== undefined || (col.field && CENTERED.has(col.field)) ? 'center' : 'left';
      return { text: cellText(v, col, formats[i]!), align: col.align ?? fallback, ...spans(physical(col).length), ...(row.bold ? { bold: true } : {}) };
    });
    // 二级 merges within its 一级: its key carries the 一级's
    const keys = leaves.map((col, i) => (col.field === 'level2' ? `${row.text.level1 ?? ''}\u0000${row.text.level2 ?? ''}` : cells[i]!.text));
    return { row, cells, keys };
  };
  const body = lines
    .filter((r) => !(r.hideZero && rowValues(r, leaves, rctx).every((v) => v.kind === 'text' || v.v === null || v.v.isZero())))
    .map((r) => build(r));

  const t = layout.total;
  let totalRow: Cell[] | null = null;
  if (t && t.position !== 'none') {
    if (t.sum) {
      // 分值/权重 are indicator texts: their numbers are added as written
      const at = leaves.findIndex((c) => c.field === t.sum);
      const before = leaves.slice(0, at).reduce((n, c) => n + physical(c).length, 0);
      const total = sum(body.map((l) => new Money(l.row.text[t.sum!] || 0)));
      totalRow = [
        ...(before ? [{ text: t.label, align: 'center' as const, ...spans(before) }] : []),
        { text: plainAmount(total, 4), align: 'center', ...spans(physical(leaves[at]!).length) },
        ...leaves.slice(at + 1).map((c): Cell => ({ text: '', ...spans(physical(c).length) })),
      ];
    } else {
      const field = t.field ?? leaves.find((l) => l.field)?.field;
      const row: GridRow = { filter: joinFilters(base, t.filter), text: field ? { [field]: t.label } : {} };
      totalRow = build(row, field).cells.map((c, i) => (leaves[i]!.field === field ? { ...c, align: 'center' as const } : c));
    }
  }

  // merged columns: a cell equal to the one above, in the same block, is covered by it
  const merged: Cell[][] = body.map((l) => [...l.cells]);
  leaves.forEach((col, i) => {
    if (!col.merge) return;
    for (let r = 0; r < body.length;) {
      let end = r + 1;
      const block = body[r]!.row.block;
      while (block !== undefined && end < body.length && body[end]!.row.block === block && body[end]!.keys[i] === body[r]!.keys[i]) end++;
      if (end - r > 1) {
        merged[r]![i] = { ...merged[r]![i]!, rowSpan: end - r };
        for (let k = r + 1; k < end; k++) merged[k]![i] = null as unknown as Cell;
      }
      r = end;
    }
  });
  const bodyRows = merged.map((cells) => cells.filter((c) => c !== null));

  const head = (layout.head ?? []).map((row) =>
    row.map((h): Cell => {
      const text = headText(h, subject, layout, ctx, tableFmt);
      return { text: h.vertical ? verticalText(text) : text, align: h.align ?? 'center', ...spans(h.span ?? 1, h.rows) };
    }),
  );
  const header = [
    ...head,
    ...columnHeader(tree),
    ...(layout.column_numbers ? [columnNumberRow(leaves, layout.column_numbers, (c) => physical(c).length)] : []),
  ];
  const rows = [...header];
  if (totalRow && t?.position === 'first') rows.push(totalRow);
  rows.push(...bodyRows);
  if (totalRow && t?.position !== 'first') rows.push(totalRow);

  const table: Table = {
    kind: 'table',
    columns: leaves.flatMap(physical).map((width) => ({ width })),
    headerRows: layout.repeat_header ? header.length : 0,
    rows,
    font: layout.font ?? opts.font,
    size: layout.font_size ?? opts.size,
    ...(layout.header_row_height ? { rowHeightPt: layout.header_row_height } : {}),
    // one indicator's text can outgrow a page: its row splits rather than being lost
    rowsMayBreak: true,
  };
  return { table, rowCount: body.length };
}
