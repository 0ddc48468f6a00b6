// What each table of a set shows, read backwards: for every column the fact
// query it prints (or that it is a code, a name, a computed figure), for every
// row group what identifies its rows. Grid layouts say it themselves (each
// column's `value`, each row's filter); the set's older row-source layouts
// (`source: functions` …) are described here once, field by field, with the
// query each field prints (src/tables/sources.ts is their forward direction).
import type { Filter } from '../../figures/facts.js';
import type { TemplateSet } from '../../templates/load.js';
import type { HeaderNode, TableLayout } from '../../tables/layout-schema.js';
import { sidesOf, type GridColumn, type GridLayout } from '../../tables/grid/grid-schema.js';
import { joinFilters } from '../../tables/grid/grid-rows.js';
import { tableUnit } from '../../tables/table-format.js';
import type { Unit } from '../../numbers/number-format.js';

export type ColumnRole =
  | { role: 'code'; part: 'whole' | 'class' | 'kuan' | 'xiang' }
  | { role: 'name' }
  | { role: 'project' }
  | { role: 'unit' }
  | { role: 'function_code' }
  | { role: 'text' }
  | { role: 'fact'; filter: Filter }
  | { role: 'computed' };

export interface SpecLeaf {
  /** labels from the top of the header to the leaf */
  path: string[];
  role: ColumnRole;
  /** a column a department may leave out (hide_if_empty) */
  optional?: boolean;
}

export type RowGroupSpec =
  | { by: 'function' | 'economic'; filter: Filter }
  | { by: 'project'; filter: Filter }
  | { by: 'unit'; filter: Filter }
  | { by: 'fixed'; rows: { label: string; filter: Filter | null }[] }
  /** a table of one row (三公) */
  | { by: 'one'; filter: Filter }
  /** rows this reader does not take facts from (types, sources, items by value): checked only */
  | { by: 'other' };

export interface SpecSide {
  leaves: SpecLeaf[];
  groups: RowGroupSpec[];
  totalLabel?: string | undefined;
}

export interface ReadSpec {
  /** the manifest's name of the table */
  key: string;
  /** the layout's title as written (may hold {{department.year}}) */
  title: string;
  sides: SpecSide[];
  /** the unit its amounts print in */
  unit: Unit;
}

const leavesOf = <T extends { children?: T[] | undefined; label: string }>(nodes: T[], above: string[] = []): { node: T; path: string[] }[] =>
  nodes.flatMap((n) => (n.children ? leavesOf(n.children, [...above, n.label]) : [{ node: n, path: [...above, n.label] }]));

// ——— grid layouts ———

function gridRole(c: GridColumn, base: Filter): ColumnRole {
  if (c.compute) return { role: 'computed' };
  if (c.value) return { role: 'fact', filter: joinFilters(base, c.value) };
  switch (c.field) {
    case 'code':
      return { role: 'code', part: 'whole' };
    case 'class':
    case 'kuan':
    case 'xiang':
      return { role: 'code', part: c.field };
    case 'name':
    case 'label':
      return { role: 'name' };
    case 'project':
      return { role: 'project' };
    case 'unit_name':
      return { role: 'unit' };
    case 'function_code':
      return { role: 'function_code' };
    default:
      return { role: 'text' };
  }
}

function gridSpec(key: string, layout: GridLayout, set: TemplateSet): ReadSpec {
  const sides = sidesOf(layout).map((side): SpecSide => {
    const base = joinFilters(layout.filter, side.filter);
    const groups = side.rows.map((g): RowGroupSpec => {
      const f = joinFilters(base, g.kind ? { kind: g.kind } : null, g.filter);
      if (g.fixed) return { by: 'fixed', rows: g.fixed.map((r) => ({ label: r.label, filter: r.filter ? joinFilters(f, r.filter) : null })) };
      if (g.by === 'function' || g.by === 'economic')
        return { by: g.by, filter: joinFilters(f, { kind: g.kind ?? (g.by === 'economic' ? 'economic' : 'expenditure') }) };
      if (g.by === 'project') return { by: 'project', filter: joinFilters(f, { kind: 'projects' }) };
      if (g.by === 'unit' && g.values?.length === 1) return { by: 'one', filter: joinFilters(f, { unit: g.values[0]! }) };
      if (g.by === 'unit') return { by: 'unit', filter: f };
      return { by: 'other' };
    });
    // a column's query joins the row's: kept apart here, joined per row when read
    const leaves = leavesOf(side.columns).map(({ node, path }) => ({ path, role: gridRole(node, {}), ...(node.hide_if_empty ? { optional: true } : {}) }));
    return { leaves, groups, totalLabel: side.total && side.total.position !== 'none' ? side.total.label : undefined };
  });
  return { key, title: layout.title, sides, unit: tableUnit(layout as unknown as TableLayout, set.numbers.table) };
}

// ——— row-source layouts ———

const SOURCE_OF_FIELD: Record<string, string> = {
  general: 'general_budget',
  fund: 'government_fund',
  special: 'fiscal_special_account',
  business: 'business',
  operation: 'business_operation',
  other: 'other',
  reserve: 'reserve_fund',
  carryover: 'carryover',
};

const THREE_PUBLIC_FIELDS: Record<string, string> = {
  overseas: 'overseas',
  vehicle_purchase: 'vehicle_purchase',
  vehicle_operation: 'vehicle_operation',
  reception: 'reception',
};

/** 表一's income rows by their label key (layout `labels:`) */
const INCOME_ROWS: Record<string, Filter> = {
  fiscal: { kind: 'income', source: 'fiscal' },
  general_budget: { kind: 'income', source: 'general_budget' },
  government_fund: { kind: 'income', source: 'government_fund' },
  fiscal_special_account: { kind: 'income', source: 'fiscal_special_account' },
  business: { kind: 'income', source: 'business' },
  business_operation: { kind: 'income', source: 'business_operation' },
  other: { kind: 'income', source: 'other' },
  reserve_fund: { kind: 'income', source: 'reserve_fund' },
  carryover: { kind: 'income', source: 'carryover' },
  income_total: { kind: 'income' },
};

function sourceRole(source: string, h: HeaderNode): ColumnRole {
  const f = h.field;
  if (f === undefined) return { role: 'text' };
  if (f === 'class' || f === 'kuan' || f === 'xiang') return { role: 'code', part: f };
  if (f === 'name' || f === 'in_name' || f === 'out_name') return { role: 'name' };
  switch (source) {
    case 'functions':
    case 'general_functions':
    case 'fund_functions':
    case 'fiscal_functions':
      if (f === 'total') return { role: 'fact', filter: {} };
      if (f === 'basic' || f === 'project') return { role: 'fact', filter: { type: f } };
      if (SOURCE_OF_FIELD[f]) return { role: 'fact', filter: { source: SOURCE_OF_FIELD[f] } };
      return { role: 'text' };
    case 'economic':
      if (f === 'total') return { role: 'fact', filter: {} };
      if (f === 'personnel' || f === 'public') return { role: 'fact', filter: { cost: f } };
      return { role: 'text' };
    case 'projects':
      if (f === 'project') return { role: 'project' };
      if (f === 'total') return { role: 'fact', filter: {} };
      if (/^e\d{3}$/.test(f)) return { role: 'fact', filter: { economic: f.slice(1) } };
      return { role: 'text' };
    case 'three_public':
      if (THREE_PUBLIC_FIELDS[f]) return { role: 'fact', filter: { item: THREE_PUBLIC_FIELDS[f] } };
      return { role: 'computed' };
    case 'budget_summary':
    case 'fiscal_summary':
      // amounts of the fixed rows on the left; the right side's 类 rows are checked only
      if (f === 'in_amount') return { role: 'fact', filter: {} };
      return { role: 'computed' };
    default:
      return { role: 'computed' };
  }
}

const SOURCE_BASE: Record<string, Filter> = {
  functions: { kind: 'expenditure' },
  general_functions: { kind: 'expenditure', source: 'general_budget' },
  fund_functions: { kind: 'expenditure', source: 'government_fund' },
  fiscal_functions: { kind: 'expenditure', source: 'fiscal' },
  economic: { kind: 'economic' },
  projects: { kind: 'projects' },
  three_public: { kind: 'three_public' },
};

function sourceSpec(key: string, layout: TableLayout, set: TemplateSet): ReadSpec | null {
  const s = layout.source;
  const all = leavesOf(layout.header).map(({ node, path }) => ({ path, role: sourceRole(s, node), field: node.field }));
  const unit = tableUnit(layout, set.numbers.table);
  const total = layout.total?.label;
  if (s === 'budget_summary' || s === 'fiscal_summary') {
    const left = all.filter((l) => l.field?.startsWith('in_'));
    const right = all.filter((l) => !l.field?.startsWith('in_'));
    const rows = Object.entries(INCOME_ROWS).map(([k, filter]) => ({ label: layout.labels[k] ?? k, filter }));
    return {
      key,
      title: layout.title,
      unit,
      sides: [
        { leaves: left, groups: [{ by: 'fixed', rows }] },
        { leaves: right.map((l) => ({ ...l, role: l.role.role === 'name' ? l.role : { role: 'computed' } })), groups: [{ by: 'other' }] },
      ],
    };
  }
  const base = SOURCE_BASE[s];
  if (!base) return null;
  const leaves = all.map((l) =>
    l.role.role === 'fact' ? { path: l.path, role: { role: 'fact' as const, filter: joinFilters(base, l.role.filter) } } : { path: l.path, role: l.role },
  );
  const groups: RowGroupSpec[] =
    s === 'three_public'
      ? [{ by: 'one', filter: base }]
      : s === 'projects'
        ? [{ by: 'project', filter: base }]
        : s === 'economic'
          ? [{ by: 'economic', filter: base }]
          : [{ by: 'function', filter: base }];
  return { key, title: layout.title, unit, sides: [{ leaves, groups, totalLabel: total }] };
}

/** The read specs of a set's tables, in the manifest's order; tables that show no facts (绩效目标表, extra tables) have none. */
export function readSpecs(set: TemplateSet): ReadSpec[] {
  const out: ReadSpec[] = [];
  for (const key of set.manifest.tables) {
    const grid = set.grids[key];
    // a 绩效目标表 (per: project|department) prints goals, not facts a workbook could supply
    if (grid?.layout.per) continue;
    if (grid) out.push(gridSpec(key, grid.layout, set));
    else if (set.tables[key]) {
      const s = sourceSpec(key, set.tables[key].layout, set);
      if (s) out.push(s);
    }
  }
  return out;
}

/** Titles of the set's tables that hold no figures read as facts (绩效目标表): their sheets are passed over quietly. */
export function unreadTitles(set: TemplateSet): string[] {
  const titles = [
    set.performance.layout.title,
    ...Object.values(set.grids)
      .filter((g) => g.layout.per)
      .map((g) => g.layout.title),
  ];
  for (const key of set.manifest.tables)
    if (set.tables[key] && !SOURCE_BASE[set.tables[key].layout.source] && !['budget_summary', 'fiscal_summary'].includes(set.tables[key].layout.source))
      titles.push(set.tables[key].layout.title);
  return titles.filter((t): t is string => Boolean(t));
}
