// Queries answered from statements: facts at the grain the document publishes
// them (src/model/statement-schema.ts). A query is answered by the finest
// statement that covers it: the query lies inside the statement's `of`, and
// every dimension the query names besides those is one the statement breaks
// its rows down by, at the query's level or finer. The answer is the sum of
// the statement's matching cells (a row left out is a zero, as an empty cell
// of a published table). A query inside a statement but finer than it is
// still answered where the statement's covering cell is zero: amounts are not
// negative, so every part of a stated zero is zero. Nothing else is guessed.
import type { Money } from '../model/money.js';
import { ZERO } from '../model/money.js';
import type { DepartmentData } from '../model/schema.js';

export type StatementFilter = Readonly<Record<string, string>>;

/** One cell of a statement: its coordinates (the statement's `of` with the row's own) and its amount. */
export interface StatedCell {
  readonly at: StatementFilter;
  readonly amount: Money;
  /** where the data states it */
  readonly path: readonly PropertyKey[];
}

export interface StatedAggregate {
  readonly at: StatementFilter;
  readonly path: readonly PropertyKey[];
  readonly change?: { amount?: Money | undefined; percent?: Money | undefined; flat?: true | undefined } | undefined;
  readonly text?: string | undefined;
  readonly reason?: string | undefined;
  readonly base: 'budget' | 'actual';
}

export interface Statement {
  readonly index: number;
  /** the filter every cell lies in (kind and year filled in) */
  readonly of: StatementFilter;
  /** the dimensions the rows break down by, with the code length for code dimensions (0 otherwise) */
  readonly grain: ReadonlyMap<string, number>;
  readonly cells: readonly StatedCell[];
  readonly rounded: boolean;
  /** last year's amounts are budget or actual figures */
  readonly base: 'budget' | 'actual';
  readonly path: readonly PropertyKey[];
}

const CODE_DIMS = new Set(['function', 'economic']);

/**
 * Is the query's value `want` the statement's fixed value `have`? A statement knows only the sum over what it
 * fixes: 财政拨款 by 类 cannot say what 政府性基金 alone paid, nor a 类 what one of its 项 did.
 */
function inside(_dim: string, want: string, have: string): boolean {
  return want === have;
}

/** Does a cell's coordinate match a query value (codes at any level above it, alternatives, negation, source sets)? */
function cellMatches(dim: string, have: string | undefined, raw: string, sets: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  const negate = raw.startsWith('!');
  const any = (negate ? raw.slice(1) : raw).split(',').some((w0) => {
    const w = w0.trim();
    if (have === undefined) return false;
    if (CODE_DIMS.has(dim)) return have.startsWith(w);
    return have === w || (dim === 'source' && (sets.get(w)?.has(have) ?? false));
  });
  return any !== negate;
}

export type Coverage = { kind: 'covered'; statement: Statement } | { kind: 'zero' } | { kind: 'none' };

export interface StatementIndex {
  readonly statements: readonly Statement[];
  readonly aggregates: readonly StatedAggregate[];
  /** does any statement hold money of this kind and year (so a query it cannot answer is an error, not the legacy facts')? */
  states(kind: string, year: string): boolean;
  /** the finest statement covering a query (kind and year filled in), the zero rule, or none */
  cover(q: StatementFilter): Coverage;
  /** the sum of a statement's cells matching a query */
  sum(s: Statement, q: StatementFilter): Money;
  /** the values of a dimension among the cells of the statements covering the query with that dimension */
  values(dim: string, q: StatementFilter): string[] | null;
  /** the stated change / text of exactly this aggregate */
  aggregate(q: StatementFilter): StatedAggregate | undefined;
  /** does a statement answer a query by summing its own cells (at the query's level or finer)? */
  answers(s: Statement, q: StatementFilter): boolean;
  /** the cells of a statement a query sums */
  cellsOf(s: Statement, q: StatementFilter): StatedCell[];
}

/** A query with its defaults filled in, as statements compare them. */
export const normal = (q: Readonly<Record<string, string | undefined>>): StatementFilter => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') out[k] = v;
  out.kind ??= 'expenditure';
  out.year ??= 'this';
  return out;
};

const keyOf = (f: StatementFilter) =>
  Object.entries(f)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}:${v}`)
    .join('|');

export function statementIndex(data: DepartmentData, sets: ReadonlyMap<string, ReadonlySet<string>>): StatementIndex {
  const statements: Statement[] = [];
  const aggregates: StatedAggregate[] = [];
  (data.statements ?? []).forEach((st, si) => {
    const of = normal(st.of);
    const path = ['statements', si];
    const thisCells: StatedCell[] = [];
    const lastCells: StatedCell[] = [];
    const grain = new Map<string, number>();
    st.rows.forEach((r, ri) => {
      const rp = [...path, 'rows', ri];
      const at: Record<string, string> = { ...of };
      for (const dim of ['function', 'economic', 'source', 'item'] as const) {
        const v = r[dim];
        if (v === undefined) continue;
        at[dim] = v;
        grain.set(dim, CODE_DIMS.has(dim) ? v.length : 0);
      }
      // `project` is the row's 项目支出 amount, so a row names its project with project_name
      if (r.project_name !== undefined) {
        at.project = r.project_name;
        grain.set('project', 0);
      }
      const typed: [string, Money][] = [
        ...(r.basic ? ([['basic', r.basic]] as [string, Money][]) : []),
        ...(r.project ? ([['project', r.project]] as [string, Money][]) : []),
        ...Object.entries(r.types ?? {}),
      ];
      if (typed.length) {
        grain.set('type', 0);
        for (const [type, amount] of typed)
          thisCells.push({ at: { ...at, type }, amount, path: [...rp, type === 'basic' || type === 'project' ? type : 'types'] });
      } else if (r.amount) thisCells.push({ at, amount: r.amount, path: [...rp, 'amount'] });
      if (r.last_year) lastCells.push({ at: { ...at, year: 'last' }, amount: r.last_year, path: [...rp, 'last_year'] });
      if (r.change || r.text || r.reason) aggregates.push({ at, path: rp, change: r.change, text: r.text, reason: r.reason, base: st.base });
    });
    if (thisCells.length) statements.push({ index: statements.length, of, grain, cells: thisCells, rounded: st.rounded, base: st.base, path });
    // last year's amounts of the same rows: a statement of their own, on the statement's base
    if (lastCells.length)
      statements.push({
        index: statements.length,
        of: { ...of, year: 'last' },
        grain: new Map([...grain].filter(([d]) => d !== 'type')),
        cells: lastCells,
        rounded: st.rounded,
        base: st.base,
        path,
      });
  });

  /** the query's dimensions the statement must break down by (those its `of` does not fix) */
  const coverage = (s: Statement, q: StatementFilter): 'covered' | 'finer' | 'outside' => {
    for (const [dim, have] of Object.entries(s.of)) {
      const want = q[dim];
      if (want === undefined || !inside(dim, want, have)) return 'outside';
    }
    let finer = false;
    for (const [dim, want] of Object.entries(q)) {
      if (dim in s.of) continue;
      const level = s.grain.get(dim);
      if (level === undefined) {
        finer = true;
        continue;
      }
      if (
        CODE_DIMS.has(dim) &&
        want
          .replace(/^!/, '')
          .split(',')
          .some((w) => w.trim().length > level)
      )
        finer = true;
    }
    return finer ? 'finer' : 'covered';
  };
  const sumOf = (s: Statement, q: StatementFilter, coarse: boolean): Money => {
    let total = ZERO;
    for (const c of s.cells) {
      let ok = true;
      for (const [dim, want] of Object.entries(q)) {
        if (dim in s.of) continue;
        const level = s.grain.get(dim);
        if (level === undefined) {
          if (coarse) continue;
          ok = false;
          break;
        }
        // a finer code asked of a coarser statement: its covering cell (the zero rule)
        const w =
          coarse && CODE_DIMS.has(dim)
            ? want
                .replace(/^!/, '')
                .split(',')
                .map((x) => x.trim().slice(0, level))
                .join(',')
            : want;
        if (!cellMatches(dim, c.at[dim], w, sets)) {
          ok = false;
          break;
        }
      }
      if (ok) total = total.plus(c.amount);
    }
    return total;
  };
  const matchesRest = (s: Statement, c: StatedCell, q: StatementFilter): boolean =>
    Object.entries(q).every(([dim, want]) => dim in s.of || !s.grain.has(dim) || cellMatches(dim, c.at[dim], want, sets));
  /** the query names exactly the statement's breakdown: each code at the statement's level, nothing it sums over */
  const isExact = (s: Statement, q: StatementFilter): boolean => {
    for (const [dim, level] of s.grain) {
      const want = q[dim];
      if (want === undefined || want.startsWith('!') || want.includes(',')) return false;
      if (CODE_DIMS.has(dim) && want.length !== level) return false;
    }
    return Object.keys(q).every((dim) => dim in s.of || s.grain.has(dim));
  };
  const fineness = (s: Statement) => [...s.grain.values()].reduce((n, l) => n + 1 + l, 0);

  return {
    statements,
    aggregates,
    states: (kind, year) => statements.some((s) => s.of.kind === kind && s.of.year === year),
    cover(q) {
      const covering = statements.filter((s) => coverage(s, q) === 'covered');
      // a statement that prints the asked cell itself answers as published (a 类 total rounded from 元 may
      // differ from the sum of its rounded 项 by a cent); else the finest one sums its cells
      const exact = covering.filter((s) => isExact(s, q));
      if (exact.length) return { kind: 'covered', statement: exact[0]! };
      if (covering.length) return { kind: 'covered', statement: covering.reduce((a, b) => (fineness(b) > fineness(a) ? b : a)) };
      if (statements.some((s) => coverage(s, q) === 'finer' && sumOf(s, q, true).isZero())) return { kind: 'zero' };
      return { kind: 'none' };
    },
    sum: (s, q) => sumOf(s, q, false),
    values(dim, q) {
      // the rows a statement lists: this year's cells and last year's (a 项 stated for last year only is listed too)
      const { [dim]: _d, ...rest } = q;
      let found = false;
      const seen = new Set<string>();
      for (const year of ['this', 'last']) {
        const qq = { ...rest, year };
        const covering = statements.filter((s) => s.grain.has(dim) && coverage(s, qq) === 'covered');
        if (!covering.length) continue;
        found = true;
        const best = covering.reduce((a, b) => ((b.grain.get(dim) ?? 0) > (a.grain.get(dim) ?? 0) ? b : a));
        for (const c of best.cells) {
          const v = c.at[dim];
          if (v !== undefined && matchesRest(best, c, qq)) seen.add(v);
        }
      }
      return found ? [...seen].sort() : null;
    },
    answers: (s, q) => coverage(s, q) === 'covered',
    cellsOf: (s, q) => s.cells.filter((c) => !sumOf({ ...s, cells: [c] }, q, false).isZero() || (c.amount.isZero() && matchesRest(s, c, q))),
    aggregate(q) {
      const k = keyOf(q);
      return aggregates.find((a) => keyOf(a.at) === k);
    },
  };
}

export { keyOf as statementKey };
