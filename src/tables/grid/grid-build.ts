// A grid layout → an IR table. Each figure cell is one query: the table's
// filter, the side's, the row's and the column's, joined. A computed column
// works on the exact values of the row's other columns, and is rounded only
// when printed, like every figure.
import type { Cell, Table } from '../../ir/types.js';
import { Money } from '../../model/money.js';
import { formatAmount, formatPercent, resolveFormat, TABLE_DEFAULT, type NumberFormat, type ResolvedFormat } from '../../numbers/number-format.js';
import { headerRows } from '../header.js';
import { joinFilters, groupRows, type GridRow, type RowContext } from './grid-rows.js';
import { sidesOf, type GridColumn, type GridLayout, type GridSide, type RowField } from './grid-schema.js';
import { tableFormat } from '../table-format.js';
import { columnNumberRow } from './grid-column-numbers.js';
import type { TableLayout } from '../layout-schema.js';
import { QueryError, type Filter } from '../../figures/facts.js';

/** A cell's query the data cannot answer (finer than anything it states): reported at the column that asks. */
export class GridQueryError extends Error {
  constructor(
    readonly path: PropertyKey[],
    readonly filter: Filter,
    readonly reason: string,
  ) {
    super(reason);
  }
  column?: GridColumn;
  withColumn(col: GridColumn): this {
    this.column = col;
    return this;
  }
}

/** A row group's rows; a listing finer than the data states is reported at the group. */
function rowsOf(g: Parameters<typeof groupRows>[0], ctx: RowContext, path: PropertyKey[]): GridRow[] {
  try {
    return groupRows(g, ctx);
  } catch (e) {
    if (e instanceof QueryError) throw new GridQueryError(path, joinFilters(ctx.base, g.filter), e.message);
    throw e;
  }
}

/** The path of a column in its layout (sides[i].columns…children…), found by identity. */
export function columnPath(layout: GridLayout, col: GridColumn): PropertyKey[] {
  const walk = (cols: GridColumn[], at: PropertyKey[]): PropertyKey[] | null => {
    for (let i = 0; i < cols.length; i++) {
      if (cols[i] === col) return [...at, i];
      const inner = cols[i]!.children ? walk(cols[i]!.children!, [...at, i, 'children']) : null;
      if (inner) return inner;
    }
    return null;
  };
  if (layout.sides) {
    for (let s = 0; s < layout.sides.length; s++) {
      const p = walk(layout.sides[s]!.columns, ['sides', s, 'columns']);
      if (p) return p;
    }
    return ['sides'];
  }
  return walk(layout.columns ?? [], ['columns']) ?? ['columns'];
}

export type Value = { kind: 'money'; v: Money | null } | { kind: 'percent'; v: Money | null; suffix?: string } | { kind: 'text'; v: string };

export interface GridBuildOptions {
  font: Table['font'];
  size: number;
  /** the set's numbers.yaml `table` format */
  numbers?: NumberFormat | undefined;
}

const leavesOf = (n: GridColumn): GridColumn[] => (n.children ? n.children.flatMap(leavesOf) : [n]);

export function columnFormat(layout: GridLayout, col: GridColumn, set: NumberFormat | undefined): ResolvedFormat {
  return resolveFormat(tableFormat(layout as unknown as TableLayout, set ?? TABLE_DEFAULT), col.number);
}

/** "{{unit_code}}_{{unit_name}}" with the row's fields put in (a field the row lacks prints nothing). */
export const fillRowTemplate = (template: string, text: GridRow['text']): string =>
  template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => (Object.hasOwn(text, k) ? (text[k as keyof typeof text] ?? '') : ''));

/** The values of one row, column by column. */
export function rowValues(row: GridRow, leaves: GridColumn[], ctx: RowContext): Value[] {
  const out: Value[] = leaves.map((col): Value => {
    if (col.field) return { kind: 'text', v: row.text[col.field] ?? '' };
    if (col.text !== undefined) return { kind: 'text', v: col.text };
    if (col.template !== undefined) return { kind: 'text', v: fillRowTemplate(col.template, row.text) };
    // money the subject does not have (a project without 其他资金) prints nothing
    if (col.funds) return { kind: 'money', v: row.funds?.[col.funds] ?? null };
    if (col.value && row.filter) {
      const filter = joinFilters(row.filter, col.value);
      try {
        return { kind: 'money', v: ctx.facts.q(filter) };
      } catch (e) {
        if (e instanceof QueryError) throw new GridQueryError([], filter, e.message).withColumn(col);
        throw e;
      }
    }
    return { kind: 'money', v: null };
  });
  // computed columns once the columns they use are known: a 合计 printed before
  // the 小计 it adds up is computed after it (a cycle is refused when the set loads: grid-queries.ts)
  const byId = new Map<string, number>();
  leaves.forEach((c, i) => c.id && byId.set(c.id, i));
  const pending = new Set(leaves.flatMap((c, i) => (c.compute && row.filter ? [i] : [])));
  for (let progress = true; progress && pending.size;) {
    progress = false;
    for (const i of pending) {
      const of = leaves[i]!.compute!.of.map((id) => byId.get(id)!);
      if (of.some((j) => pending.has(j))) continue;
      const args = of.map((j) => {
        const v = out[j];
        return v && v.kind !== 'text' ? v.v : null;
      });
      out[i] = compute(leaves[i]!.compute!.op, args);
      pending.delete(i);
      progress = true;
    }
  }
  return out;
}

/**
 * Rows computed from named rows (an 增减变化 row under this year's and last
 * year's), column by column on their exact figures; text columns keep the
 * row's own text. Rows are computed in order, so one may use an earlier one.
 */
function computeRows(lines: { row: GridRow; vals: Value[] }[], leaves: GridColumn[]): void {
  const byId = new Map<string, Value[]>();
  for (const line of lines) {
    const c = line.row.compute;
    if (c)
      line.vals = line.vals.map((v, i) => {
        if (leaves[i]!.field) return v;
        const args = c.of.map((id) => {
          const x = byId.get(id)?.[i];
          return x && x.kind !== 'text' ? x.v : null;
        });
        const r = compute(c.op, args);
        return r.kind === 'percent' ? { kind: 'percent', v: r.v, suffix: line.row.suffix ?? '%' } : r;
      });
    if (line.row.id) byId.set(line.row.id, line.vals);
  }
}

function compute(op: NonNullable<GridColumn['compute']>['op'], args: (Money | null)[]): Value {
  const [a, b] = args;
  switch (op) {
    case 'sum':
      return { kind: 'money', v: args.some((x) => x === null) ? null : args.reduce((s: Money, x) => s.plus(x!), new Money(0)) };
    case 'diff':
      return { kind: 'money', v: a == null || b == null ? null : a.minus(b) };
    case 'growth':
      return { kind: 'percent', v: a == null || b == null || b.isZero() ? null : a.minus(b).div(b).times(100) };
    case 'share':
      return { kind: 'percent', v: a == null || b == null || b.isZero() ? null : a.div(b).times(100) };
  }
}

/** One character a line: a narrow label column read top to bottom. */
export const verticalText = (s: string): string => [...s.replace(/\n/g, '')].join('\n');

export function cellText(v: Value, col: GridColumn, fmt: ResolvedFormat): string {
  if (v.kind === 'text') return col.vertical ? verticalText(v.v) : v.v;
  // a figure last year's data does not state is unknown, not zero: left blank
  if (v.v === null) return '';
  if (v.kind === 'percent') return formatPercent(v.v, fmt).replace(/%$/, v.suffix ?? col.suffix ?? '');
  return formatAmount(v.v, fmt);
}

const isZeroRow = (vals: Value[]) => vals.every((v) => v.kind === 'text' || v.v === null || v.v.isZero());

interface SideOut {
  /** the side's header tree, without hidden columns */
  columns: GridColumn[];
  leaves: GridColumn[];
  body: Cell[][];
  pinned: Cell[][];
  totalFirst: Cell[] | null;
  totalLast: Cell[] | null;
  rowCount: number;
}

/** The header tree without the given leaves (a parent left without children goes too). */
function pruneColumns(cols: GridColumn[], hidden: Set<GridColumn>): GridColumn[] {
  return cols.flatMap((c) => {
    if (!c.children) return hidden.has(c) ? [] : [c];
    const children = pruneColumns(c.children, hidden);
    return children.length ? [{ ...c, children }] : [];
  });
}

/** The kind of facts every row group lists, where they agree: what the total sums by default. */
function groupsKind(side: GridSide): string | undefined {
  const kinds = new Set(
    side.rows.map(
      (g) => g.kind ?? g.filter?.kind ?? (g.by === 'economic' ? 'economic' : g.by === 'project' ? 'projects' : g.fixed ? undefined : 'expenditure'),
    ),
  );
  return kinds.size === 1 ? [...kinds][0] : undefined;
}

function buildSide(layout: GridLayout, side: GridSide, ctx: RowContext, opts: GridBuildOptions, at: PropertyKey[]): SideOut {
  const base = joinFilters(layout.filter, side.filter);
  const rctx = { ...ctx, base };
  const allLeaves = side.columns.flatMap(leavesOf);
  type Line = { row: GridRow; vals: Value[] };
  const lines: Line[] = [];
  for (const [gi, g] of side.rows.entries())
    for (const row of rowsOf(g, rctx, [...at, 'rows', gi])) {
      const vals = rowValues(row, allLeaves, rctx);
      if (row.hideZero && isZeroRow(vals)) continue;
      lines.push({ row, vals });
    }
  computeRows(lines, allLeaves);
  let total: Line | null = null;
  const t = side.total;
  const labelField: RowField | undefined = t?.field ?? allLeaves.find((l) => l.field)?.field;
  if (t && t.position !== 'none') {
    // the total sums what the rows list: their kind of facts unless the layout's filter says otherwise
    const kind = base.kind === undefined && t.filter?.kind === undefined ? groupsKind(side) : undefined;
    const row: GridRow = { filter: joinFilters(base, kind ? { kind } : null, t.filter), text: labelField ? { [labelField]: t.label } : {} };
    total = { row, vals: rowValues(row, allLeaves, rctx) };
  }
  // a column marked hide_if_empty is left out when none of the side's rows has a figure in it
  const hidden = new Set(
    allLeaves.filter(
      (c, i) =>
        c.hide_if_empty &&
        lines.every(({ vals }) => {
          const v = vals[i]!;
          return v.kind === 'text' || v.v === null || v.v.isZero();
        }),
    ),
  );
  const keep = allLeaves.map((c) => !hidden.has(c));
  const leaves = allLeaves.filter((_, i) => keep[i]);
  const formats = allLeaves.map((c) => columnFormat(layout, c, opts.numbers));
  const cells = ({ row, vals }: Line): Cell[] =>
    vals.flatMap((v, i) =>
      keep[i]
        ? [
            {
              text: cellText(v, allLeaves[i]!, formats[i]!),
              align: allLeaves[i]!.align ?? (v.kind === 'text' ? 'left' : 'right'),
              ...(row.bold ? { bold: true } : {}),
            },
          ]
        : [],
    );
  const body: Cell[][] = [];
  const pinned: Cell[][] = [];
  let rowCount = 0;
  for (const line of lines) {
    (line.row.pinned ? pinned : body).push(cells(line));
    if (line.row.filter) rowCount++;
  }
  let totalFirst: Cell[] | null = null;
  let totalLast: Cell[] | null = null;
  if (total && t) {
    const c = cells(total).map((cell, i) => (leaves[i]!.field === labelField ? { ...cell, align: 'center' as const } : cell));
    if (t.position === 'first') totalFirst = c;
    else totalLast = c;
  }
  return { columns: pruneColumns(side.columns, hidden), leaves, body, pinned, totalFirst, totalLast, rowCount };
}

const blankRow = (n: number): Cell[] => Array.from({ length: n }, () => ({ text: '' }));

/**
 * Text cells of a row that hold nothing next to a text cell that does are
 * merged into it (a total's label over the code columns, a label across 类/款/项).
 */
function mergeEmptyText(cells: Cell[], leaves: GridColumn[]): Cell[] {
  const out: Cell[] = [];
  for (let i = 0; i < cells.length;) {
    const c = cells[i]!;
    let j = i + 1;
    if (leaves[i]!.field && c.text !== '') while (j < cells.length && leaves[j]!.field && cells[j]!.text === '') j++;
    out.push(j - i > 1 ? { ...c, colSpan: j - i } : c);
    i = j;
  }
  return out;
}

export interface GridResult {
  table: Table;
  /** rows with figures (0: an empty table, whose empty_note prints) */
  rowCount: number;
}

export function buildGridTable(layout: GridLayout, ctx: Omit<RowContext, 'base'>, opts: GridBuildOptions): GridResult {
  const sides = sidesOf(layout).map((s, i) => buildSide(layout, s, { ...ctx, base: {} }, opts, layout.sides ? ['sides', i] : []));
  const leaves = sides.flatMap((s) => s.leaves);
  const { rows: columnHeader } = headerRows(sides.flatMap((s) => s.columns));
  // head rows above the column header span grid columns across sides (支出 over 功能分类 and 支出用途)
  const tableFmt = columnFormat(layout, {} as GridColumn, opts.numbers);
  const above: Cell[][] = (layout.head ?? []).map((row) =>
    row.map((h): Cell => {
      const m = h.value !== undefined ? ctx.facts.q(joinFilters(layout.filter, h.value)) : null;
      const text = h.label ?? (m ? formatAmount(m, tableFmt) : '');
      return {
        text: h.vertical ? verticalText(text) : text,
        align: h.align ?? 'center',
        ...((h.span ?? 1) > 1 ? { colSpan: h.span } : {}),
        ...((h.rows ?? 1) > 1 ? { rowSpan: h.rows } : {}),
      };
    }),
  );
  const head = [...above, ...columnHeader, ...(layout.column_numbers ? [columnNumberRow(leaves, layout.column_numbers)] : [])];
  const height = Math.max(...sides.map((s) => s.body.length));
  const pinnedHeight = Math.max(...sides.map((s) => s.pinned.length));
  const zip = (pick: (s: SideOut, i: number) => Cell[] | null): Cell[] | null => {
    const parts = sides.map((s, i) => pick(s, i));
    if (parts.every((p) => p === null)) return null;
    return parts.flatMap((p, i) => p ?? blankRow(sides[i]!.leaves.length));
  };
  const rows: Cell[][] = [];
  const first = zip((s) => s.totalFirst);
  if (first) rows.push(first);
  for (let r = 0; r < height; r++) rows.push(zip((s) => s.body[r] ?? null)!);
  // pinned rows sit at the bottom of their side, above the last total, aligned across sides
  for (let r = 0; r < pinnedHeight; r++) rows.push(zip((s) => s.pinned[r - (pinnedHeight - s.pinned.length)] ?? null)!);
  const last = zip((s) => s.totalLast);
  if (last) rows.push(last);
  // merge per side, so a label never spans into the other side
  const merged = rows.map((cells) => {
    let at = 0;
    return sides.flatMap((s) => {
      const part = cells.slice(at, at + s.leaves.length);
      at += s.leaves.length;
      return mergeEmptyText(part, s.leaves);
    });
  });
  return {
    table: {
      kind: 'table',
      columns: leaves.map((l) => ({ width: l.width ?? 4 })),
      headerRows: head.length,
      rows: [...head, ...merged],
      font: layout.font ?? opts.font,
      size: layout.font_size ?? opts.size,
      ...(layout.header_row_height ? { rowHeightPt: layout.header_row_height } : {}),
    },
    rowCount: sides.reduce((n, s) => n + s.rowCount, 0),
  };
}
