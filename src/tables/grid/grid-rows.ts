// The rows of a grid: each a query (its filter) and the text it prints in its
// text columns (code, name, 单位名称 …). Rows list aggregates that exist in the
// facts (or, for `list: catalogue`, every 类 of the year's catalogue).
import type { Catalogue } from '../../catalogue/catalogue.js';
import { QueryError, type Facts, type Filter } from '../../figures/facts.js';
import type { Figures } from '../../figures/derive.js';
import { chineseNumber } from '../../narrative/format.js';
import type { FilterSpec, FundField, RowField, RowGroup } from './grid-schema.js';
import type { Money } from '../../model/money.js';

export interface GridRow {
  readonly filter: Filter | null;
  readonly text: Partial<Record<RowField, string>>;
  readonly bold?: boolean | undefined;
  readonly pinned?: boolean | undefined;
  readonly hideZero?: boolean | undefined;
  /** the subject's money (`funds:` columns) */
  readonly funds?: Partial<Record<FundField, Money>> | undefined;
  /**
   * what `merge` columns merge within: a project's block of indicator rows; rows
   * without one (a 合计, a department row) never merge
   */
  readonly block?: string | undefined;
  /** a fixed row's name, and a row computed from named rows */
  readonly id?: string | undefined;
  readonly compute?: { op: 'sum' | 'diff' | 'growth' | 'share'; of: string[] } | undefined;
  readonly suffix?: string | undefined;
}

export interface RowContext {
  fig: Figures;
  facts: Facts;
  catalogue: Catalogue;
  /** names of income sources (labels.yaml income_sources) */
  sourceNames: Readonly<Record<string, string>>;
  /** the table's (and side's) filter */
  base: Filter;
}

/** Standard names of the values of the small dimensions; a layout's `names:` overrides them. */
const BUILT_IN_NAMES: Record<string, string> = {
  basic: '基本支出',
  project: '项目支出',
  overseas: '因公出国（境）费',
  vehicle_purchase: '公务用车购置费',
  vehicle_operation: '公务用车运行费',
  reception: '公务接待费',
  goods: '货物',
  works: '工程',
  services: '服务',
  carryover: '上年结转',
};

export const joinFilters = (...fs: (Filter | FilterSpec | null | undefined)[]): Filter => Object.assign({}, ...fs.filter(Boolean)) as Filter;

const CODE_LENGTH = { function: [3, 5, 7], economic: [3, 5] } as const;

function codeText(code: string, style: RowGroup['code']): Partial<Record<RowField, string>> {
  const split = { class: code.slice(0, 3), kuan: code.length >= 5 ? code.slice(3, 5) : '', xiang: code.length >= 7 ? code.slice(5, 7) : '' };
  switch (style) {
    case 'whole':
      return { code, ...split };
    case 'split':
      return { ...split, code: [split.class, split.kuan, split.xiang].filter(Boolean).join(' ') };
    case 'last':
      return { code: code.length === 3 ? code : code.slice(-2), ...split };
    case 'own': {
      // each level's column holds only that level's digits: a 款 row prints 11 under 款, nothing under 类
      const own = code.length === 3 ? split.class : code.slice(-2);
      return { code: own, class: code.length === 3 ? split.class : '', kuan: code.length === 5 ? split.kuan : '', xiang: code.length === 7 ? split.xiang : '' };
    }
    case 'none':
      return {};
  }
}

const IDEOGRAPHIC_SPACE = '\u3000';

function nameText(name: string, level: number, ordinal: number, style: RowGroup['name'], code = ''): string {
  // Guangdong's tables print the code in brackets before the name, one space deeper per level
  if (style === 'bracket_indent') return `${' '.repeat(level - 1)}[${code}]${name}`;
  const indent = style === 'indent' || style === 'ordinal_indent' ? IDEOGRAPHIC_SPACE.repeat((level - 1) * 2) : '';
  const number =
    level !== 1
      ? ''
      : style === 'ordinal' || style === 'ordinal_indent'
        ? `${chineseNumber(ordinal)}、`
        : style === 'paren_ordinal'
          ? `（${chineseNumber(ordinal)}）`
          : '';
  return `${indent}${number}${name}`;
}

/** The rows of one group of a grid. */
export function groupRows(g: RowGroup, ctx: RowContext): GridRow[] {
  const filter = joinFilters(ctx.base, g.kind ? { kind: g.kind } : null, g.filter);
  const extra = { ...(g.bold ? { bold: true } : {}), ...(g.pin ? { pinned: true } : {}), ...(g.hide_zero ? { hideZero: true } : {}) };
  if (g.fixed)
    return g.fixed.map((r) => {
      const label = `${IDEOGRAPHIC_SPACE.repeat(r.indent ?? 0)}${r.label}`;
      return {
        filter: r.filter ? joinFilters(filter, r.filter) : null,
        text: { label, name: label, ...(r.code !== undefined ? { code: r.code } : {}) },
        ...extra,
        ...(r.bold ? { bold: true } : {}),
        ...(r.id !== undefined ? { id: r.id } : {}),
        ...(r.compute ? { compute: r.compute } : {}),
        ...(r.suffix !== undefined ? { suffix: r.suffix } : {}),
      };
    });
  const by = g.by!;
  // own keys only: a value such as "constructor" must not find Object's
  const own = (m: Readonly<Record<string, string>> | undefined, k: string) => (m && Object.hasOwn(m, k) ? m[k] : undefined);
  const name = (v: string) => own(g.names, v) ?? own(ctx.sourceNames, v) ?? own(BUILT_IN_NAMES, v) ?? typeName(ctx, v) ?? v;
  if (by === 'function' || by === 'economic') {
    const kind = g.kind ?? (by === 'economic' ? 'economic' : 'expenditure');
    const f = joinFilters(filter, { kind });
    const lengths = CODE_LENGTH[by];
    const levels = g.levels ?? (by === 'function' ? [1, 2, 3] : [1, 2]);
    let codes: string[];
    if (g.values) codes = [...g.values];
    else if (g.list === 'catalogue') codes = ctx.catalogue.summaryClasses().map((c) => c.code);
    else {
      const leaves = ctx.facts.values(by, f);
      // rows asked at a level finer than the data states them (财政拨款 by 项 where it is published by 类)
      const deepest = Math.max(...levels.map((l) => lengths[l - 1] ?? 0));
      if (leaves.length && leaves.every((c) => c.length < deepest))
        throw new QueryError(
          `uncovered:${Object.entries({ ...f, [by]: `${'?'.repeat(deepest)}` })
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}`,
        );
      const set = new Set<string>();
      for (const c of leaves) for (const l of levels) if (lengths[l - 1] !== undefined && c.length >= lengths[l - 1]!) set.add(c.slice(0, lengths[l - 1]));
      codes = [...set].sort();
    }
    let ordinal = 0;
    return codes.map((code) => {
      const level = lengths.indexOf(code.length as never) + 1;
      if (level === 1) ordinal++;
      const printed =
        by === 'function' ? ctx.fig.expenditure.rows.find((r) => r.code === code)?.name : ctx.fig.economic.rows.find((r) => r.code === code)?.name;
      const n = printed ?? (by === 'function' ? ctx.catalogue.functionalName(code) : ctx.catalogue.economicName(code)) ?? code;
      return {
        filter: joinFilters(f, { [by]: code }),
        text: { ...codeText(code, g.code), name: nameText(n, level, ordinal, g.name, code), level: String(level) },
        ...extra,
      };
    });
  }
  if (by === 'unit') {
    const used = new Set(ctx.facts.values('unit', filter));
    const units = ctx.fig.units.filter((u) => (g.values ? g.values.includes(u.id) : used.has(u.id)));
    // `names: { self: "{name}（本级）" }`: a unit's printed name, {name} standing for its own
    const unitName = (u: { id: string; name: string }) => own(g.names, u.id)?.replaceAll('{name}', u.name) ?? u.name;
    return units.map((u) => ({
      filter: joinFilters(filter, { unit: u.id }),
      text: { unit_name: u.name, name: unitName(u), label: u.name, unit_code: u.code ?? '', unit_type: u.type ?? '' },
      ...extra,
    }));
  }
  if (by === 'project') {
    const f = joinFilters(filter, { kind: 'projects' });
    const names = ctx.facts.values('project', f);
    const order = ctx.fig.projects.list
      .filter((p) => !g.explained_only || p.name_in_explanation !== undefined)
      .map((p) => p.name)
      .filter((n) => names.includes(n));
    return order.map((p) => {
      const proj = ctx.fig.projects.list.find((x) => x.name === p)!;
      const unit = ctx.fig.units.find((u) => u.id === (proj.unit_id ?? 'self'));
      return {
        filter: joinFilters(f, { project: p }),
        text: {
          project: p,
          name: p,
          label: p,
          function_code: proj.function_code ?? '',
          function_name: proj.function_code === undefined ? '' : (ctx.catalogue.functionalName(proj.function_code) ?? ''),
          unit_name: unit?.name ?? '',
          unit_code: unit?.code ?? '',
          goal: proj.performance?.goal.join('') ?? '',
        },
        ...extra,
      };
    });
  }
  // indicators have a subject: src/tables/grid/grid-blocks.ts lists them
  if (by === 'indicator') return [];
  // type, source, item: the values used (or listed) in the order given
  const values = g.values ?? ctx.facts.values(by, filter);
  return values.map((v) => ({ filter: joinFilters(filter, { [by]: v }), text: { name: name(v), label: name(v), code: v }, ...extra }));
}

function typeName(ctx: RowContext, key: string): string | undefined {
  return ctx.fig.expenditureTypes.find((t) => t.key === key)?.name;
}
