// Observations → the department's facts at the grain the tables publish.
// A table cell is a sum over facts (表三's 基本支出 of a 项 sums every source,
// 表二's 一般公共预算 of the same 项 every type). Facts are found by peeling: a
// cell whose facts are all known but one gives that one; a cell of 0 makes all
// of its facts 0; a cell whose facts are all known is a check, and a mismatch is
// reported at that cell and at the cells its facts were read from. What no
// cell pins down (two sources, two types, each only summed) is said, not guessed.
import { tr, type Diagnostic, type Lang } from '../../diagnostics/diagnostic.js';
import type { Filter } from '../../figures/facts.js';
import { type Money, ZERO } from '../../model/money.js';
import { fundSources } from '../../model/schema.js';
import type { Listing, Observation } from './read-tables.js';

/** One fact's place in its kind: the key that groups (a 项 code, a project) and the atom inside it. */
type Dim = 'type' | 'source' | 'cost' | 'economic' | 'item';

interface KindGrain {
  /** the dimension whose value groups facts (function for expenditure) */
  key?: 'function' | 'economic' | 'project';
  /** the dimensions an atom is made of, each with its values */
  atoms: Dim[];
}

const GRAINS: Record<string, KindGrain> = {
  expenditure: { key: 'function', atoms: ['type', 'source'] },
  income: { atoms: ['source'] },
  economic: { key: 'economic', atoms: ['cost'] },
  projects: { key: 'project', atoms: ['economic'] },
  three_public: { atoms: ['item'] },
  meetings: { atoms: [] },
  training: { atoms: [] },
  procurement: { atoms: ['item'] },
};

/** dimensions a kind's facts always have the same value in: a filter on them selects all or nothing */
const CONSTANT: Record<string, Filter> = {
  economic: { type: 'basic', source: 'general_budget' },
  projects: { type: 'project' },
};

export interface SolveOptions {
  file: string;
  lang: Lang;
  /** the set's 财政拨款 sources (`source: fiscal`) */
  fiscalSources: readonly string[];
  /** declared expenditure types (besides basic and project) */
  types: readonly string[];
}

export interface Atom {
  /** dimension → value */
  at: Readonly<Record<string, string>>;
  amount: Money;
  /** the cell it was read from (or first found by) */
  ref: string;
}

/** kind → key ('' when the kind has none) → its atoms with their values (zeros too) */
export type SolvedFacts = Map<string, Map<string, Atom[]>>;

const VALUES: Record<Dim, (o: SolveOptions, seen: Set<string>) => string[]> = {
  type: (o, seen) => [...new Set(['basic', 'project', ...o.types, ...seen])],
  source: () => [...fundSources],
  cost: () => ['personnel', 'public'],
  economic: (_o, seen) => [...seen],
  item: (_o, seen) => [...seen],
};

function valueMatches(dim: string, have: string, raw: string, o: SolveOptions): boolean {
  // one plain value, as nearly every cell's query has: no lists to split
  if (raw[0] !== '!' && !raw.includes(',') && raw !== 'fiscal' && raw !== 'current')
    return dim === 'economic' || dim === 'function' ? have.startsWith(raw) : have === raw;
  const negate = raw.startsWith('!');
  const any = (negate ? raw.slice(1) : raw).split(',').some((w0) => {
    const w = w0.trim();
    if (dim === 'source' && w === 'fiscal') return o.fiscalSources.includes(have);
    if (dim === 'source' && w === 'current') return have !== 'carryover';
    if (dim === 'economic' || dim === 'function') return have.startsWith(w);
    return have === w;
  });
  return any !== negate;
}

const CONSTANT_ENTRIES: Record<string, [keyof Filter, string][]> = Object.fromEntries(
  Object.entries(CONSTANT).map(([k, f]) => [k, Object.entries(f) as [keyof Filter, string][]]),
);

/** a dimension no observation names takes the value the data's schema defaults to */
const DEFAULT_VALUE: Partial<Record<Dim, string>> = { source: 'general_budget', type: 'basic' };

export function solveFacts(read: readonly Observation[], listings: readonly Listing[], o: SolveOptions): { facts: SolvedFacts; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  // a code a listing table leaves out has nothing under that table's filter: a 0 observed at its title
  const observations = [...read];
  for (const l of listings) {
    const kind = l.filter.kind ?? (l.dim === 'economic' ? 'economic' : 'expenditure');
    const codes = new Set(read.filter((ob) => (ob.filter.kind ?? 'expenditure') === kind && ob.filter[l.dim] !== undefined).map((ob) => ob.filter[l.dim]!));
    for (const c of codes) if (!l.codes.has(c)) observations.push({ filter: { ...l.filter, [l.dim]: c }, amount: ZERO, ref: l.ref, table: l.table });
  }
  // the values a dimension takes: those some table names (a source no table shows cannot be told apart)
  const named = new Map<string, Set<string>>();
  const ATOM_DIMS = ['type', 'source', 'cost', 'economic', 'item'] as const;
  for (const ob of observations)
    for (const d of ATOM_DIMS) {
      const v = ob.filter[d];
      if (v === undefined) continue;
      const k = `${ob.filter.kind ?? 'expenditure'}:${d}`;
      if (!named.has(k)) named.set(k, new Set());
      for (const w of v.includes(',') || v[0] === '!' ? v.replace(/^!/, '').split(',') : [v]) {
        if (d === 'source' && w === 'fiscal') o.fiscalSources.forEach((s) => named.get(k)!.add(s));
        else if (d === 'source' && w === 'current') continue;
        else named.get(k)!.add(w.trim());
      }
    }
  const facts: SolvedFacts = new Map();
  // grouped by kind and key; observations this grain cannot use (a unit's, last year's) are left to the printed check
  const groups = new Map<string, { kind: string; key: string; obs: Observation[] }>();
  for (const ob of observations) {
    const f = ob.filter;
    const kind = f.kind ?? 'expenditure';
    const grain = GRAINS[kind];
    if (!grain || f.year !== undefined) continue;
    if (f.unit !== undefined && !(f.unit === 'self' && !['expenditure', 'income', 'economic'].includes(kind))) continue;
    if (f.unit_type !== undefined || f.from !== undefined) continue;
    let key = '';
    if (grain.key) {
      key = f[grain.key] ?? '';
      const whole = grain.key === 'function' ? 7 : grain.key === 'economic' ? 5 : 1;
      if (key.length < whole || /[,!]/.test(key)) continue;
    }
    const constant = CONSTANT_ENTRIES[kind];
    if (constant && constant.some(([d, v]) => f[d] !== undefined && !valueMatches(d, v, f[d], o))) continue;
    const id = `${kind}\0${key}`;
    if (!groups.has(id)) groups.set(id, { kind, key, obs: [] });
    groups.get(id)!.obs.push(ob);
  }
  const say = (d: Omit<Diagnostic, 'file' | 'severity'>) => diagnostics.push({ severity: 'error', file: o.file, ...d });
  for (const { kind, key, obs } of groups.values()) {
    const grain = GRAINS[kind]!;
    const seen = new Map<Dim, Set<string>>(grain.atoms.map((d) => [d, new Set()]));
    // a 类 only zeros name (a blank 资本性支出 cell of a project) makes no fact: left out of the atoms
    // (items keep theirs: 三公 states its four, 0 included)
    for (const ob of obs)
      for (const d of grain.atoms) {
        if (d === 'economic' && ob.amount.isZero()) continue;
        const v = ob.filter[d];
        if (v !== undefined && /^[\w]+$/.test(v)) seen.get(d)!.add(v);
      }
    // every combination of the atom dimensions' values
    let atoms: Record<string, string>[] = [{}];
    for (const d of grain.atoms) {
      const names = named.get(`${kind}:${d}`);
      let values = VALUES[d](o, seen.get(d)!).filter((v) => names?.has(v));
      if (!values.length && DEFAULT_VALUE[d]) values = [DEFAULT_VALUE[d]];
      atoms = atoms.flatMap((a) => values.map((v) => ({ ...a, [d]: v })));
    }
    const covers = obs.map((ob) => {
      const out: number[] = [];
      for (let i = 0; i < atoms.length; i++) {
        let all = true;
        for (const d of grain.atoms) {
          const want = ob.filter[d];
          if (want !== undefined && !valueMatches(d, atoms[i]![d]!, want, o)) {
            all = false;
            break;
          }
        }
        if (all) out.push(i);
      }
      return out;
    });
    const known = new Map<number, { v: Money; ref: string }>();
    const conflict = (ob: Observation, expected: Money, refs: string[]) =>
      say({
        code: 'tables.disagree',
        cell: ob.ref,
        message: tr(
          o.lang,
          `这一格是 ${ob.amount.toFixed()}，但按 ${refs.join('、')} 的数应为 ${expected.toFixed()}`,
          `this cell is ${ob.amount.toFixed()}, but the figures at ${refs.join(', ')} make it ${expected.toFixed()}`,
        ),
        hint: tr(o.lang, '同一笔钱在几张表里要一致：核对这几格', 'the same money must agree across the tables: check these cells'),
        related: refs.map((r) => ({ file: o.file, cell: r, message: tr(o.lang, '相关的格', 'related cell') })),
      });
    obs.forEach((ob, i) => {
      if (!ob.amount.isZero()) return;
      for (const a of covers[i]!) if (!known.has(a)) known.set(a, { v: ZERO, ref: ob.ref });
    });
    const checked = new Set<number>();
    // the narrowest cells first: a fact printed on its own (表五's 一般公共预算 基本支出 of a 项) is taken
    // before a sum that holds it, so one mistyped cell is the one reported, not every cell that agrees
    const order = obs.map((_, i) => i).sort((a, b) => covers[a]!.length - covers[b]!.length || a - b);
    for (let progress = true; progress;) {
      progress = false;
      for (const i of order) {
        if (checked.has(i)) continue;
        const ob = obs[i]!;
        let unknown = -1;
        let unknowns = 0;
        let sumKnown = ZERO;
        for (const a of covers[i]!) {
          const k = known.get(a);
          if (k) sumKnown = k.v.isZero() ? sumKnown : sumKnown.plus(k.v);
          else {
            unknown = a;
            unknowns++;
          }
        }
        if (unknowns > 1) continue;
        const refs = () => [
          ...new Set(covers[i]!.filter((a) => known.has(a) && known.get(a)!.ref !== ob.ref && !known.get(a)!.v.isZero()).map((a) => known.get(a)!.ref)),
        ];
        if (unknowns === 1) {
          const v = sumKnown.isZero() ? ob.amount : ob.amount.minus(sumKnown);
          if (v.isNegative()) conflict(ob, sumKnown, refs());
          known.set(unknown, { v: v.isNegative() ? ZERO : v, ref: ob.ref });
          checked.add(i);
          progress = true;
        } else {
          if (!sumKnown.eq(ob.amount)) {
            const r = refs();
            conflict(ob, sumKnown, r.length ? r : [ob.ref]);
          }
          checked.add(i);
        }
      }
    }
    obs.forEach((ob, i) => {
      if (checked.has(i)) return;
      say({
        code: 'tables.ambiguous',
        cell: ob.ref,
        message: tr(
          o.lang,
          `表中的数说不清这一格的 ${ob.amount.toFixed()} 如何分到各项（例如由哪个收入来源安排、属于哪类支出）`,
          `the tables do not say how this cell's ${ob.amount.toFixed()} divides (which source pays it, which type of expenditure it is)`,
        ),
        hint: tr(
          o.lang,
          '在文字 YAML 中写明这一行（code、fund、basic/project），或在工作簿中加上按来源分列的表',
          'state the row in the texts YAML (code, fund, basic/project), or include the table that splits it by source',
        ),
      });
    });
    const out: Atom[] = [];
    known.forEach(({ v, ref }, a) => {
      out.push({ at: atoms[a]!, amount: v, ref });
    });
    if (!facts.has(kind)) facts.set(kind, new Map());
    facts.get(kind)!.set(key, out);
  }
  return { facts, diagnostics };
}
