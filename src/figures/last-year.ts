// Last year's figures, by the aggregate they belong to. A document publishes
// last year's figure of some aggregates only (the total, a 类, 基本支出, a 三公
// item …), so last year is not a set of facts to add up but a table of stated
// aggregates, each under the key a query names it by. The data may state them
// in the `last_year:` block or where the form asks for them next to a reason
// (explanation.basic.last_year, an expenditure row's last_year …); the same
// aggregate stated twice with two amounts is a diagnostic.
import type { DepartmentData } from '../model/schema.js';
import type { Money } from '../model/money.js';
import { expenditureRows } from '../model/unit-rows.js';

export type Base = 'budget' | 'actual';

export interface LastYearEntry {
  readonly amount: Money;
  readonly base: Base;
  /** where the data states it */
  readonly path: readonly PropertyKey[];
}

export interface LastYearConflict {
  readonly key: string;
  readonly first: LastYearEntry;
  readonly second: LastYearEntry;
}

export interface LastYearTable {
  get(key: string): LastYearEntry | undefined;
  keys(): string[];
  readonly conflicts: readonly LastYearConflict[];
}

/**
 * The key of an aggregate: its dimensions in a fixed order, `dim:value` joined
 * by `|` (`function:201`, `type:basic|source:general_budget`, `total`).
 */
export function aggregateKey(filter: Readonly<Record<string, string | undefined>>): string {
  const parts = Object.entries(filter)
    .filter(([, v]) => v !== undefined && v !== '')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}:${v}`);
  return parts.length ? parts.join('|') : 'total';
}

export function lastYearTable(data: DepartmentData): LastYearTable {
  const map = new Map<string, LastYearEntry>();
  const conflicts: LastYearConflict[] = [];
  const put = (key: string, e: LastYearEntry, add = false) => {
    const had = map.get(key);
    if (!had) map.set(key, e);
    else if (add) map.set(key, { ...had, amount: had.amount.plus(e.amount) });
    else if (!had.amount.equals(e.amount)) conflicts.push({ key, first: had, second: e });
  };
  const ly = data.last_year;
  if (ly) {
    const base = ly.base;
    /** a map of the block: each key one aggregate of `kind` along `dim` (its `total`: the kind's whole) */
    const each = (m: Readonly<Record<string, Money>> | undefined, at: string, kind: string | undefined, dim: string) => {
      for (const [k, amount] of Object.entries(m ?? {}))
        put(aggregateKey({ kind, ...(k === 'total' ? {} : { [dim]: k }) }), { amount, base, path: ['last_year', at, k] });
    };
    if (ly.total) put('total', { amount: ly.total, base, path: ['last_year', 'total'] });
    each(ly.income, 'income', 'income', 'source');
    each(ly.types, 'types', undefined, 'type');
    each(ly.functions, 'functions', undefined, 'function');
    each(ly.economic, 'economic', 'economic', 'economic');
    each(ly.three_public, 'three_public', 'three_public', 'item');
    each(ly.units, 'units', undefined, 'unit');
    for (const k of ['projects', 'meetings', 'training', 'operating_costs'] as const) {
      const amount = ly[k];
      if (amount) put(aggregateKey({ kind: k }), { amount, base, path: ['last_year', k] });
    }
  }
  // where the form states them beside a reason
  const ex = data.explanation;
  for (const [k, e] of Object.entries(ex.income))
    if (e) put(aggregateKey({ kind: 'income', source: k }), { ...e.last_year, path: ['explanation', 'income', k, 'last_year', 'amount'] });
  if (ex.basic) put(aggregateKey({ type: 'basic' }), { ...ex.basic.last_year, path: ['explanation', 'basic', 'last_year', 'amount'] });
  if (ex.project) put(aggregateKey({ type: 'project' }), { ...ex.project.last_year, path: ['explanation', 'project', 'last_year', 'amount'] });
  if (ex.general_basic)
    put(aggregateKey({ type: 'basic', source: 'general_budget' }), {
      ...ex.general_basic.last_year,
      path: ['explanation', 'general_basic', 'last_year', 'amount'],
    });
  // a row's last year is what its source paid for the 项 (rows of several units add up)
  const seen = new Set<string>();
  for (const { row, path } of expenditureRows(data)) {
    if (!row.last_year) continue;
    const key = aggregateKey({ function: row.code, source: row.fund });
    put(key, { ...row.last_year, path: [...path, 'last_year', 'amount'] }, seen.has(key));
    seen.add(key);
  }
  const tp = data.three_public?.last_year;
  if (tp)
    for (const [k, amount] of Object.entries(tp))
      put(aggregateKey({ kind: 'three_public', item: k }), { amount, base: 'budget', path: ['three_public', 'last_year', k] });
  const oc = data.operating_costs?.last_year;
  if (oc) put(aggregateKey({ kind: 'operating_costs' }), { ...oc, path: ['operating_costs', 'last_year', 'amount'] });
  return { get: (k) => map.get(k), keys: () => [...map.keys()], conflicts };
}
