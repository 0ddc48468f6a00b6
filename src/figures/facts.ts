// The department's money as facts along dimensions, and one query over them.
// Every amount a table cell or a sentence prints that is not one of the named
// figures of derive.ts is a query: the sum of the facts that match a filter
// (this year), or the stated aggregate of last year (src/figures/last-year.ts).
// A table's row filter and column filter are simply combined, so any table is
// a grid of queries, and a sentence and a table can never disagree.
import type { Catalogue } from '../catalogue/catalogue.js';
import { Money, ZERO, percent } from '../model/money.js';
import { incomeKeys, type DepartmentData } from '../model/schema.js';
import { carryoverBySource, economicFactRows, expenditureRows, incomeBlocks, unitsOf } from '../model/unit-rows.js';
import { change, type Change } from './change.js';
import { personnelPart } from './personnel.js';
import { aggregateKey, type LastYearTable } from './last-year.js';

export const factKinds = ['expenditure', 'income', 'economic', 'projects', 'three_public', 'meetings', 'training', 'procurement', 'operating_costs'] as const;
export type FactKind = (typeof factKinds)[number];

/** The dimensions a filter can name; each fact has some of them. */
export const dimensions = ['kind', 'function', 'economic', 'type', 'source', 'from', 'unit', 'unit_type', 'item', 'cost', 'project', 'year'] as const;
export type Dimension = (typeof dimensions)[number];

export interface Fact {
  readonly kind: FactKind;
  readonly amount: Money;
  readonly unit: string;
  readonly unit_type?: string | undefined;
  /** 功能分类 code (项) */
  readonly function?: string | undefined;
  /** 部门经济分类 code (款, or 类 for projects) */
  readonly economic?: string | undefined;
  /** basic, project or a declared type's key */
  readonly type?: string | undefined;
  /** the income source paying (expenditure) or received (income); carryover: 上年结转 */
  readonly source?: string | undefined;
  /** for 上年结转 split by source: the source it came from */
  readonly from?: string | undefined;
  /** a named item: a 三公 item, a procurement kind */
  readonly item?: string | undefined;
  /** personnel (人员经费) or public (公用经费), for basic expenditure by 经济分类 */
  readonly cost?: 'personnel' | 'public' | undefined;
  readonly project?: string | undefined;
}

/** A filter as templates and layouts write it: every value a string; `year: last` asks for last year. */
export type Filter = Readonly<Partial<Record<Dimension, string>>>;

export interface QueryOptions {
  /** the income sources that make up 财政拨款 (`source: fiscal`) */
  fiscalSources: readonly string[];
}

export const DEFAULT_FISCAL_SOURCES = ['general_budget', 'government_fund'] as const;

export class QueryError extends Error {}

export interface Facts {
  readonly all: readonly Fact[];
  /** this year's sum, or last year's stated figure (null when not stated) */
  q(filter: Filter): Money | null;
  /** this year against last year's stated figure; null when last year is not stated */
  chg(filter: Filter): Change | null;
  /** share of a filter's sum in another's, in percent */
  share(part: Filter, whole: Filter): Money | null;
  /** the distinct values a dimension takes among the facts matching a filter */
  values(dim: Dimension, filter?: Filter): string[];
}

export const THREE_PUBLIC_ITEMS = ['overseas', 'vehicle_purchase', 'vehicle_operation', 'reception'] as const;
export const PROCUREMENT_ITEMS = ['goods', 'works', 'services'] as const;

/** The values a dimension can take whatever the department (the others depend on its data). */
export const FIXED_VALUES: Partial<Record<Dimension, readonly string[]>> = {
  kind: factKinds,
  source: [...incomeKeys, 'fiscal', 'current', 'carryover'],
  from: incomeKeys,
  cost: ['personnel', 'public'],
  year: ['this', 'last'],
};

/**
 * The dimensions the facts of each kind carry, as factsOf() makes them (kind
 * and year belong to every query): a filter naming another dimension of a
 * kind matches none of its facts, whatever the department. `only` lists the
 * values a dimension can take for that kind when they are fixed.
 */
export const KIND_DIMENSIONS: Readonly<Record<FactKind, { dims: readonly Dimension[]; only?: Partial<Record<Dimension, readonly string[]>> }>> = {
  expenditure: { dims: ['unit', 'unit_type', 'function', 'source', 'type'] },
  income: { dims: ['unit', 'unit_type', 'source', 'item', 'from'] },
  economic: { dims: ['unit', 'unit_type', 'economic', 'type', 'source', 'cost'], only: { type: ['basic'], source: ['general_budget'] } },
  projects: { dims: ['unit', 'unit_type', 'function', 'economic', 'type', 'project'], only: { type: ['project'] } },
  three_public: { dims: ['unit', 'item'], only: { unit: ['self'], item: THREE_PUBLIC_ITEMS } },
  meetings: { dims: ['unit'], only: { unit: ['self'] } },
  training: { dims: ['unit'], only: { unit: ['self'] } },
  procurement: { dims: ['unit', 'item'], only: { unit: ['self'], item: PROCUREMENT_ITEMS } },
  operating_costs: { dims: ['unit'], only: { unit: ['self'] } },
};

function factsOf(data: DepartmentData, cat: Catalogue): Fact[] {
  const units = new Map(unitsOf(data).map((u) => [u.id, u.type]));
  const out: Fact[] = [];
  const push = (f: Fact) => {
    if (!f.amount.isZero()) out.push(f);
  };
  for (const { row, unit } of expenditureRows(data)) {
    const base = { kind: 'expenditure' as const, unit, unit_type: units.get(unit), function: row.code, source: row.fund };
    if (row.basic) push({ ...base, type: 'basic', amount: row.basic });
    if (row.project) push({ ...base, type: 'project', amount: row.project });
    for (const [type, amount] of Object.entries(row.types)) push({ ...base, type, amount });
  }
  for (const { row, unit } of incomeBlocks(data)) {
    const base = { kind: 'income' as const, unit, unit_type: units.get(unit) };
    for (const k of incomeKeys) {
      if (!row[k]) continue;
      // a source published with its parts (一般公共预算: 经费拨款, 纳入专户管理的非税收入拨款 …): one fact per part
      const parts = Object.entries(row.detail?.[k] ?? {});
      if (parts.length) for (const [item, amount] of parts) push({ ...base, source: k, item, amount });
      else push({ ...base, source: k, amount: row[k] });
    }
    for (const [from, amount] of Object.entries(carryoverBySource(row)))
      if (amount) push({ ...base, source: 'carryover', ...(from === 'carryover' ? {} : { from }), amount });
  }
  for (const { row, unit } of economicFactRows(data)) {
    const personnel = personnelPart(row, cat);
    const base = { kind: 'economic' as const, unit, unit_type: units.get(unit), economic: row.code, type: 'basic', source: 'general_budget' };
    push({ ...base, cost: 'personnel', amount: personnel });
    push({ ...base, cost: 'public', amount: row.amount.minus(personnel) });
  }
  for (const p of data.projects) {
    const unit = p.unit_id ?? 'self';
    for (const [economic, amount] of Object.entries(p.economic))
      push({ kind: 'projects', unit, unit_type: units.get(unit), function: p.function_code, economic, type: 'project', project: p.name, amount });
  }
  const tp = data.three_public;
  if (tp) for (const item of THREE_PUBLIC_ITEMS) push({ kind: 'three_public', unit: 'self', item, amount: tp[item] });
  const mt = data.meetings_training;
  if (mt?.meetings) push({ kind: 'meetings', unit: 'self', amount: mt.meetings });
  if (mt?.training) push({ kind: 'training', unit: 'self', amount: mt.training });
  const pr = data.procurement;
  if (pr) for (const item of PROCUREMENT_ITEMS) if (pr[item]) push({ kind: 'procurement', unit: 'self', item, amount: pr[item] });
  return out;
}

/** Does a code-valued dimension match? A filter code matches itself and every code below it (201 ⊃ 20101 ⊃ 2010101). */
const codeMatch = (have: string | undefined, want: string) => have !== undefined && have.startsWith(want);

export function makeFacts(data: DepartmentData, cat: Catalogue, lastYear: LastYearTable, opts: QueryOptions, operatingCosts: Money): Facts {
  const all = factsOf(data, cat);
  all.push({ kind: 'operating_costs', unit: 'self', amount: operatingCosts });
  const fiscal = new Set(opts.fiscalSources);

  const check = (filter: Filter) => {
    for (const [k, v] of Object.entries(filter)) {
      if (!(dimensions as readonly string[]).includes(k)) throw new QueryError(`unknown_dimension:${k}`);
      if (typeof v !== 'string' || v === '') throw new QueryError(`bad_value:${k}`);
    }
    if (filter.kind !== undefined && !(factKinds as readonly string[]).includes(filter.kind)) throw new QueryError(`unknown_kind:${filter.kind}`);
    if (filter.year !== undefined && filter.year !== 'this' && filter.year !== 'last') throw new QueryError(`bad_year:${filter.year}`);
  };

  /** One value of a filter: a code at any level, a set's name for sources (fiscal, current), or a plain value. */
  const matchOne = (f: Fact, k: Dimension, want: string): boolean => {
    switch (k) {
      case 'function':
      case 'economic':
        return codeMatch(f[k], want);
      case 'source':
        // fiscal: the set's 财政拨款 sources; current: this year's own income, every source but 上年结转
        return want === 'fiscal' ? fiscal.has(f.source ?? '') : want === 'current' ? f.source !== undefined && f.source !== 'carryover' : f.source === want;
      default:
        return (f as unknown as Record<string, string | undefined>)[k] === want;
    }
  };
  // a value may list alternatives (basic,project) or exclude them (!carry_forward,surplus)
  const matches = (f: Fact, filter: Filter): boolean => {
    if (f.kind !== (filter.kind ?? 'expenditure')) return false;
    for (const [k, raw] of Object.entries(filter) as [Dimension, string][]) {
      if (k === 'kind' || k === 'year') continue;
      const negate = raw.startsWith('!');
      const any = (negate ? raw.slice(1) : raw).split(',').some((w) => matchOne(f, k, w.trim()));
      if (any === negate) return false;
    }
    return true;
  };

  const thisYear = (filter: Filter): Money => {
    let s = ZERO;
    for (const f of all) if (matches(f, filter)) s = s.plus(f.amount);
    return s;
  };
  const lastOf = (filter: Filter) => {
    const { year: _y, ...rest } = filter;
    const key = aggregateKey(rest.kind === 'expenditure' ? { ...rest, kind: undefined } : rest);
    const stated = lastYear.get(key);
    if (stated || rest.kind !== 'three_public' || Object.keys(rest).length !== 1) return stated ?? null;
    // 三公 as a whole, where the data states last year's four items only: their sum (as derive.ts does)
    const parts = THREE_PUBLIC_ITEMS.map((item) => lastYear.get(aggregateKey({ kind: 'three_public', item })));
    if (!parts.every((p) => p !== undefined)) return null;
    return { ...parts[0]!, amount: parts.reduce((s, p) => s.plus(p.amount), ZERO) };
  };

  return {
    all,
    q(filter) {
      check(filter);
      return filter.year === 'last' ? (lastOf(filter)?.amount ?? null) : thisYear(filter);
    },
    chg(filter) {
      check(filter);
      const l = lastOf(filter);
      return l ? change(thisYear(filter), l.amount, l.base) : null;
    },
    share(part, whole) {
      check(part);
      check(whole);
      return percent(thisYear(part), thisYear(whole));
    },
    values(dim, filter = {}) {
      check(filter);
      const seen = new Set<string>();
      for (const f of all) if (matches(f, filter)) {
        const v = (f as unknown as Record<string, string | undefined>)[dim];
        if (v !== undefined) seen.add(v);
      }
      return [...seen].sort();
    },
  };
}

export { Money };
