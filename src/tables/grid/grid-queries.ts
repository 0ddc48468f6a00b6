// The queries of a grid layout, checked before any department is built: a
// value no dimension can take (an income source misspelt), a filter that can
// match no fact of its kind by construction (income has no 功能分类), a column
// no row can give a figure, computed columns that refer to each other. Each is
// reported at its line; left alone, each prints blank cells and exits 0.
import { tr, type Diagnostic, type Lang } from '../../diagnostics/diagnostic.js';
import { FIXED_VALUES as VOCABULARY, KIND_DIMENSIONS, type Dimension, type FactKind, type Filter } from '../../figures/facts.js';
import { nearest } from '../../model/validate.js';
import type { YamlSource } from '../../source/yaml-source.js';
import { joinFilters } from './grid-rows.js';
import { sidesOf, type FilterSpec, type GridColumn, type GridLayout, type RowGroup } from './grid-schema.js';

const DIM_NAMES: Record<Dimension, [string, string]> = {
  kind: ['数据种类', 'kind'],
  function: ['功能分类', 'functional classification'],
  economic: ['经济分类', 'economic classification'],
  type: ['支出类型', 'expenditure type'],
  source: ['收入来源', 'income source'],
  from: ['结转来源', 'carry-over source'],
  unit: ['单位', 'unit'],
  unit_type: ['单位类型', 'unit type'],
  item: ['明细项', 'item'],
  cost: ['人员/公用经费', 'personnel/public cost'],
  project: ['项目', 'project'],
  year: ['年度', 'year'],
  part: ['其中的部分', 'part'],
};

/** A filter value's alternatives (`basic,project`) and whether they are excluded (`!carryover`). */
function alternatives(raw: string): { negate: boolean; values: string[] } {
  const negate = raw.startsWith('!');
  return {
    negate,
    values: (negate ? raw.slice(1) : raw)
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  };
}

/** Why a joined filter can match no fact, or null when it may match some. */
function neverMatches(f: Filter, listed?: Dimension): { zh: string; en: string } | null {
  const kind = (f.kind ?? 'expenditure') as FactKind;
  const shape = KIND_DIMENSIONS[kind];
  // last year's stated figures are looked up by key, not summed from facts
  if (!shape || f.year === 'last') return null;
  if (listed && !shape.dims.includes(listed)) {
    const [zh, en] = DIM_NAMES[listed];
    return {
      zh: `kind: ${kind} 的数据没有${zh}（${listed}），by: ${listed} 列不出任何一行`,
      en: `facts of kind ${kind} have no ${en} (${listed}): by: ${listed} lists no row`,
    };
  }
  for (const [k, raw] of Object.entries(f) as [Dimension, string][]) {
    if (k === 'kind' || k === 'year') continue;
    const { negate, values } = alternatives(raw);
    if (negate) continue;
    const [zh, en] = DIM_NAMES[k];
    if (!shape.dims.includes(k))
      return {
        zh: `kind: ${kind} 的数据没有${zh}（${k}），“${k}: ${raw}”永远取不到数`,
        en: `facts of kind ${kind} have no ${en} (${k}): “${k}: ${raw}” can never match`,
      };
    const only = shape.only?.[k];
    // fiscal and current are sets of sources: they may hold the one source a kind has
    if (only && !values.some((v) => only.includes(v) || (k === 'source' && (v === 'fiscal' || v === 'current'))))
      return {
        zh: `kind: ${kind} 的数据中${zh}只有 ${only.join('、')}，“${k}: ${raw}”永远取不到数`,
        en: `facts of kind ${kind} have the ${en} ${only.join(', ')} only: “${k}: ${raw}” can never match`,
      };
  }
  return null;
}

/** The kind a row group lists when it does not say (as groupRows() does). */
const groupKind = (g: RowGroup): Filter =>
  g.kind ? { kind: g.kind } : g.by === 'economic' ? { kind: 'economic' } : g.by === 'project' ? { kind: 'projects' } : {};

export function checkGridQueries(layout: GridLayout, source: YamlSource, lang: Lang): Diagnostic[] {
  const out: Diagnostic[] = [];
  const push = (code: string, path: PropertyKey[], zh: string, en: string, hintZh?: string, hintEn?: string) =>
    out.push({ severity: 'error', code, message: tr(lang, zh, en), ...(hintZh ? { hint: tr(lang, hintZh, hintEn ?? hintZh) } : {}), ...source.locate(path) });

  // 1. every value a fixed vocabulary knows, with did-you-mean
  const vocabulary = (f: FilterSpec | undefined, path: PropertyKey[]) => {
    for (const [k, raw] of Object.entries(f ?? {}) as [Dimension, string | undefined][]) {
      const known = VOCABULARY[k];
      if (!known || raw === undefined) continue;
      for (const v of alternatives(raw).values) {
        if (known.includes(v)) continue;
        const near = nearest(v, known);
        push(
          'template.unknown_value',
          [...path, k],
          `查询条件 ${k} 没有“${v}”这个值`,
          `the query dimension ${k} has no value “${v}”`,
          `${near ? `是不是“${near}”？` : ''}${k} 可用的值：${known.join('、')}`,
          `${near ? `did you mean “${near}”? ` : ''}values of ${k}: ${known.join(', ')}`,
        );
      }
    }
  };
  vocabulary(layout.filter, ['filter']);
  sidesOf(layout).forEach((side, si) => {
    const at = (...p: PropertyKey[]): PropertyKey[] => (layout.sides ? ['sides', si, ...p] : p);
    vocabulary(side.filter, at('filter'));
    side.rows.forEach((g, gi) => {
      vocabulary(g.filter, at('rows', gi, 'filter'));
      g.fixed?.forEach((r, ri) => vocabulary(r.filter, at('rows', gi, 'fixed', ri, 'filter')));
    });
    const leaves: { col: GridColumn; path: PropertyKey[] }[] = [];
    const walk = (cols: GridColumn[], path: PropertyKey[]) =>
      cols.forEach((c, i) => (c.children ? walk(c.children, [...path, i, 'children']) : leaves.push({ col: c, path: [...path, i] })));
    walk(side.columns, at('columns'));
    for (const { col, path } of leaves) vocabulary(col.value, [...path, 'value']);
    vocabulary(side.total?.filter, at('total', 'filter'));
    if (out.length) return;

    // 2. rows whose own query can match no fact
    const base = joinFilters(layout.filter, side.filter);
    const rowFilters: { f: Filter; by?: Dimension }[] = [];
    side.rows.forEach((g, gi) => {
      const group = joinFilters(base, groupKind(g), g.filter);
      const where = g.filter ? at('rows', gi, 'filter') : at('rows', gi);
      // indicator rows query their subject's facts (a project's, the department's): nothing to check here
      if (g.by && g.by !== 'indicator') {
        // a group listing function codes needs facts that have them
        const listed =
          g.by === 'function' || g.by === 'economic' ? joinFilters(group, { kind: group.kind ?? (g.by === 'economic' ? 'economic' : 'expenditure') }) : group;
        const why = neverMatches(listed, g.by);
        if (why)
          push(
            'template.never_matches',
            where,
            `这组行的条件永远取不到数：${why.zh}`,
            `this row group can never list a row: ${why.en}`,
            '改正 kind 或删去这个维度',
            'correct the kind, or remove that dimension',
          );
        else rowFilters.push({ f: listed, by: g.by });
      }
      g.fixed?.forEach((r, ri) => {
        if (!r.filter) return;
        const f = joinFilters(group, r.filter);
        const why = neverMatches(f);
        if (why)
          push(
            'template.never_matches',
            at('rows', gi, 'fixed', ri, 'filter'),
            `这一行的条件永远取不到数：${why.zh}`,
            `this row can never have a figure: ${why.en}`,
            '改正 kind 或删去这个维度',
            'correct the kind, or remove that dimension',
          );
        else rowFilters.push({ f });
      });
    });
    if (out.length || !rowFilters.length) return;

    // 3. a column that no row can give a figure
    for (const { col, path } of leaves) {
      if (!col.value) continue;
      const whys = rowFilters.map(({ f, by }) => neverMatches(joinFilters(f, col.value), by));
      if (whys.every(Boolean))
        push(
          'template.never_matches',
          [...path, 'value'],
          `列“${col.label}”在任何一行都取不到数：${whys[0]!.zh}`,
          `column “${col.label}” can have a figure in no row: ${whys[0]!.en}`,
          '这一列的条件与各行的条件合起来永远取不到数；改正其中之一',
          'its query joined with every row’s can never match; correct one of them',
        );
    }

    // 4. computed columns that refer to each other or to themselves
    const byId = new Map(leaves.filter((l) => l.col.id).map((l) => [l.col.id!, l]));
    const reported = new Set<string>();
    for (const { col } of leaves) {
      if (!col.id || !col.compute) continue;
      const cycle = findCycle(col.id, (id) => byId.get(id)?.col.compute?.of ?? []);
      if (!cycle) continue;
      const key = [...cycle.slice(0, -1)].sort().join(' ');
      if (reported.has(key)) continue;
      reported.add(key);
      const first = byId.get(cycle[0]!)!;
      const k = first.col.compute!.of.indexOf(cycle[1]!);
      push(
        'template.compute_cycle',
        [...first.path, 'compute', 'of', k],
        `计算列互相引用，永远算不出来：${cycle.join(' → ')}`,
        `computed columns refer to each other and can never be computed: ${cycle.join(' → ')}`,
        '一列只能由其他取数列或不依赖它的计算列算出',
        'a column is computed from query columns, or from computed columns that do not depend on it',
      );
    }
  });
  return out;
}

/** A path back to `start` through `next`, as [start, …, start], or null. */
function findCycle(start: string, next: (id: string) => readonly string[]): string[] | null {
  const seen = new Set<string>();
  const dfs = (id: string, path: string[]): string[] | null => {
    for (const n of next(id)) {
      if (n === start) return [...path, n];
      if (seen.has(n)) continue;
      seen.add(n);
      const found = dfs(n, [...path, n]);
      if (found) return found;
    }
    return null;
  };
  return dfs(start, [start]);
}
