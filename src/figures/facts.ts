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
import { normal, statementIndex, type StatementIndex } from './statements.js';

export const factKinds = [
  'expenditure',
  'income',
  'economic',
  'projects',
  'three_public',
  'meetings',
  'training',
  'procurement',
  'operating_costs',
  'vehicles',
  'equipment',
  'carry_forward',
] as const;
export type FactKind = (typeof factKinds)[number];

/** The dimensions a filter can name; each fact has some of them. */
export const dimensions = ['kind', 'function', 'economic', 'type', 'source', 'from', 'unit', 'unit_type', 'item', 'cost', 'project', 'year', 'part'] as const;
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
  /** the text the data attaches to exactly this aggregate: its purpose (`text`) or the reason for its change */
  text(filter: Filter, field?: 'text' | 'reason'): string | null;
  /** the statements the data holds (facts at the grain the document publishes them) */
  readonly statements: StatementIndex;
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
  // `part`: any aggregate may have parts (其中) stated in the data's statements
  expenditure: { dims: ['unit', 'unit_type', 'function', 'source', 'type', 'part'] },
  income: { dims: ['unit', 'unit_type', 'source', 'item', 'from', 'part'] },
  // the basic_by_economic block is 一般公共预算 basic; statements may state 项目支出 and other sources by 经济分类 (广东 表7)
  economic: { dims: ['unit', 'unit_type', 'economic', 'type', 'source', 'cost', 'part'] },
  // by source where statements state them so (广东 表12: each project × 财政拨款, 财政专户, 其他资金)
  projects: { dims: ['unit', 'unit_type', 'function', 'economic', 'type', 'project', 'source', 'part'], only: { type: ['project'] } },
  // 三公 and 行政经费 by source where statements state them so (广东 表8)
  three_public: { dims: ['unit', 'item', 'source', 'part'], only: { unit: ['self'], item: THREE_PUBLIC_ITEMS } },
  meetings: { dims: ['unit', 'part'], only: { unit: ['self'] } },
  training: { dims: ['unit', 'part'], only: { unit: ['self'] } },
  procurement: { dims: ['unit', 'item', 'function', 'part'], only: { unit: ['self'], item: PROCUREMENT_ITEMS } },
  operating_costs: { dims: ['unit', 'source', 'part'], only: { unit: ['self'] } },
  // stated only in statements: counts by the set's categories, 结转下年 by 功能分类 and source
  vehicles: { dims: ['item', 'part'] },
  equipment: { dims: ['item', 'part'] },
  carry_forward: { dims: ['function', 'source', 'type', 'part'] },
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
    for (const k of filter.kind?.split(',') ?? []) if (!(factKinds as readonly string[]).includes(k.trim())) throw new QueryError(`unknown_kind:${k.trim()}`);
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

  const current = [...incomeKeys] as string[];
  const st = statementIndex(
    data,
    new Map<string, ReadonlySet<string>>([
      ['fiscal', fiscal],
      ['current', new Set(current)],
    ]),
  );
  const legacyKinds = new Set(all.filter((f) => f.kind !== 'operating_costs' || !f.amount.isZero()).map((f) => f.kind));

  /** This year's figure: from the statement covering it, else the facts of the friendly blocks. */
  // a department without 下属单位 is its 本级: unit self asks for the whole, which statements state without a unit
  const single = (data.units ?? []).length === 0;
  const whole = (filter: Filter): Filter => {
    if (!single || filter.unit !== 'self') return filter;
    const { unit: _u, ...rest } = filter;
    return rest;
  };
  const thisYearOf = (filter0: Filter): Money => {
    const filter = whole(filter0);
    // kinds listed together add up (支出总计 = 本年支出 + 结转下年: kind="expenditure,carry_forward")
    if (filter.kind?.includes(',')) return filter.kind.split(',').reduce((s, k) => s.plus(thisYearOf({ ...filter, kind: k.trim() })), ZERO);
    // a whole without one of its parts (扣除中央基建投资后): the whole less the part
    if (filter.part?.startsWith('!')) {
      const { part, ...whole } = filter;
      return thisYearOf(whole).minus(thisYearOf({ ...whole, part: part.slice(1) }));
    }
    const n = normal({ ...filter, year: 'this' });
    const cov = st.cover(n);
    if (cov.kind === 'covered') return st.sum(cov.statement, n);
    if (cov.kind === 'zero') return ZERO;
    if (filter.part !== undefined) {
      // a part of nothing is nothing (其中：教育收费 of a department without 事业收入)
      const { part: _p, ...whole } = filter;
      if (thisYearOf(whole).isZero()) return ZERO;
      throw new QueryError(`uncovered:${describe(filter)}`);
    }
    if (st.states(n.kind!, 'this') && !legacyKinds.has(n.kind as FactKind)) throw new QueryError(`uncovered:${describe(filter)}`);
    return thisYear(filter);
  };
  /** Last year's figure: a statement's, else the stated aggregate of the last_year block (null: not stated). */
  const lastYearOf = (filter0: Filter): { amount: Money; base: 'budget' | 'actual' } | null => {
    const filter = whole(filter0);
    if (filter.part?.startsWith('!')) {
      const { part, ...whole } = filter;
      const w = lastYearOf(whole);
      const p = lastYearOf({ ...whole, part: part.slice(1) });
      return w && p ? { amount: w.amount.minus(p.amount), base: w.base } : null;
    }
    const n = normal({ ...filter, year: 'last' });
    const cov = st.cover(n);
    if (cov.kind === 'covered') return { amount: st.sum(cov.statement, n), base: cov.statement.base };
    if (cov.kind === 'zero') return { amount: ZERO, base: 'budget' };
    return lastOf(filter);
  };

  const out: Facts = {
    all,
    statements: st,
    q(filter) {
      check(filter);
      return filter.year === 'last' ? (lastYearOf(filter)?.amount ?? null) : thisYearOf(filter);
    },
    chg(filter) {
      check(filter);
      const { year: _y, ...rest } = filter;
      const stated = st.aggregate(normal(rest))?.change ? st.aggregate(normal(rest))! : undefined;
      if (stated?.change) {
        // the document states the change, not last year's amount: last year follows from it
        const now = thisYearOf(rest);
        const diff = stated.change.flat ? ZERO : stated.change.amount;
        if (diff === undefined) {
          const l = lastYearOf(rest);
          return l ? { ...change(now, l.amount, l.base), ...(stated.change.percent ? { percent: stated.change.percent.abs() } : {}) } : null;
        }
        const c = change(now, now.minus(diff), stated.base);
        return stated.change.percent ? { ...c, percent: stated.change.percent.abs() } : c;
      }
      const l = lastYearOf(rest);
      return l ? change(thisYearOf(rest), l.amount, l.base) : null;
    },
    share(part, whole) {
      check(part);
      check(whole);
      return percent(thisYearOf(part), thisYearOf(whole));
    },
    values(dim, filter = {}) {
      check(filter);
      if (dim === 'unit' && single && filter.unit === undefined) {
        try {
          return thisYearOf(filter).isZero() ? [] : ['self'];
        } catch (e) {
          if (!(e instanceof QueryError)) throw e;
        }
      }
      const stated = st.values(dim, normal({ ...filter, year: 'this' }));
      if (stated) return stated;
      const seen = new Set<string>();
      for (const f of all)
        if (matches(f, filter)) {
          const v = (f as unknown as Record<string, string | undefined>)[dim];
          if (v !== undefined) seen.add(v);
        }
      return [...seen].sort();
    },
    text(filter, field = 'text') {
      check(filter);
      const { year: _y, ...rest } = filter;
      return st.aggregate(normal(rest))?.[field] ?? null;
    },
  };
  // the index is the checks' and the query's; templates read statements through q, chg and text
  Object.defineProperty(out, 'statements', { enumerable: false });
  return out;
}

/** A filter as the clerk reads it in a message: dim=value, … */
export const describe = (filter: Filter): string =>
  Object.entries(filter)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ') || 'total';

export { Money };
