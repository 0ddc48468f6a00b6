// What the schema cannot say about a grid layout, each at its line: a row
// group is either `by:` or `fixed:`; a column prints exactly one of a text
// field, a query (`value:`) or a computation (`compute:` over columns with
// ids); levels and `list: catalogue` fit the dimension.
import { tr, type Diagnostic, type Lang } from '../../diagnostics/diagnostic.js';
import type { YamlSource } from '../../source/yaml-source.js';
import { rowFields, sidesOf, type GridColumn, type GridLayout } from './grid-schema.js';

import { nearest } from '../../model/validate.js';

/** A reporter of template.invalid_value errors at a layout's path, into `out`. */
function invalidValue(out: Diagnostic[], source: YamlSource, lang: Lang) {
  return (path: PropertyKey[], zh: string, en: string, hintZh?: string, hintEn?: string, which: 'value' | 'key' = 'value') =>
    out.push({
      severity: 'error',
      code: 'template.invalid_value',
      message: tr(lang, zh, en),
      ...(hintZh ? { hint: tr(lang, hintZh, hintEn ?? hintZh) } : {}),
      ...source.locate(path, which),
    });
}

export function checkGridLayout(layout: GridLayout, source: YamlSource, lang: Lang): Diagnostic[] {
  const out: Diagnostic[] = [];
  const err = invalidValue(out, source, lang);
  const sides = sidesOf(layout);
  sides.forEach((side, si) => {
    const at = (...p: PropertyKey[]): PropertyKey[] => (layout.sides ? ['sides', si, ...p] : p);
    side.rows.forEach((g, gi) => {
      const path = at('rows', gi);
      if ((g.by === undefined) === (g.fixed === undefined))
        err(
          path,
          '每组行要写 by:（按哪个维度列出行）或 fixed:（逐行写出），二者取一',
          'a row group says either by: (the dimension its rows list) or fixed: (rows written out), not both or neither',
          '例如 by: function 或 fixed: [ { label: 一般公共预算, filter: { kind: income, source: general_budget } } ]',
          'e.g. by: function, or fixed: [ { label: …, filter: { … } } ]',
        );
      if (g.levels && g.by !== 'function' && g.by !== 'economic')
        err(
          [...path, 'levels'],
          'levels 只用于 by: function 或 by: economic',
          'levels apply to by: function or by: economic only',
          undefined,
          undefined,
          'key',
        );
      if (g.by === 'economic' && g.levels?.includes(3))
        err([...path, 'levels'], '经济分类只有类（1）和款（2）两级', 'the economic classification has two levels: 类 (1) and 款 (2)');
      if ((g.by === 'function' || g.by === 'economic') && g.values)
        g.values.forEach((v, k) => {
          const lengths = g.by === 'function' ? [3, 5, 7] : [3, 5];
          if (!/^\d+$/.test(v) || !lengths.includes(v.length))
            err(
              [...path, 'values', k],
              `“${v}”不是${g.by === 'function' ? '功能' : '经济'}分类的类、款${g.by === 'function' ? '、项' : ''}编码`,
              `“${v}” is not a code of a 类, 款${g.by === 'function' ? ' or 项' : ''} of the ${g.by === 'function' ? 'functional' : 'economic'} classification`,
              `编码 ${lengths.join('、')} 位`,
              `codes have ${lengths.join(', ')} digits`,
            );
        });
      if (g.list === 'catalogue' && (g.by !== 'function' || (g.levels && (g.levels.length !== 1 || g.levels[0] !== 1))))
        err(
          [...path, 'list'],
          'list: catalogue 只能列出功能分类的“类”（by: function, levels: [1]）',
          'list: catalogue lists the 类 of the functional classification only (by: function, levels: [1])',
        );
    });
    // computed rows name fixed rows above them
    const rowIds: string[] = [];
    side.rows.forEach((g, gi) =>
      (g.fixed ?? []).forEach((r, ri) => {
        const path = at('rows', gi, 'fixed', ri);
        if (r.compute) {
          if (r.filter)
            err(
              [...path, 'filter'],
              `行“${r.label}”由其他行计算（compute），不再写 filter`,
              `row “${r.label}” is computed (compute): it takes no filter`,
              undefined,
              undefined,
              'key',
            );
          r.compute.of.forEach((id, k) => {
            if (!rowIds.includes(id))
              err(
                [...path, 'compute', 'of', k],
                `compute 引用的行 id “${id}”不在它上面的固定行中`,
                `compute names a row id “${id}” that no fixed row above it has`,
                `上面的行 id：${rowIds.join('、') || '（无）'}`,
                `row ids above: ${rowIds.join(', ') || '(none)'}`,
              );
          });
          if (r.compute.op !== 'sum' && r.compute.of.length !== 2)
            err([...path, 'compute', 'of'], `${r.compute.op} 要两行：[a, b]`, `${r.compute.op} takes two rows: [a, b]`);
        }
        if (r.id !== undefined) {
          if (rowIds.includes(r.id)) err([...path, 'id'], `行 id “${r.id}”重复`, `the row id “${r.id}” is used twice`);
          rowIds.push(r.id);
        }
      }),
    );
    const ids = new Map<string, number>();
    const leaves: { col: GridColumn; path: PropertyKey[] }[] = [];
    const walk = (cols: GridColumn[], path: PropertyKey[]) =>
      cols.forEach((c, i) => {
        const p = [...path, i];
        if (c.children) {
          if (c.field || c.value || c.compute) err(p, '有 children 的表头格只写标题，不取数', 'a header cell with children prints its label only');
          walk(c.children, [...p, 'children']);
          return;
        }
        leaves.push({ col: c, path: p });
        if (c.id) {
          if (ids.has(c.id)) err([...p, 'id'], `列名 id “${c.id}”重复`, `the column id “${c.id}” is used twice`);
          ids.set(c.id, leaves.length - 1);
        }
      });
    walk(side.columns, at('columns'));
    // a template names the row's text fields only
    for (const { col, path } of leaves)
      for (const m of (col.template ?? '').matchAll(/\{\{\s*(\w+)\s*\}\}/g))
        if (!(rowFields as readonly string[]).includes(m[1]!)) {
          const near = nearest(m[1]!, rowFields);
          err(
            [...path, 'template'],
            `template 中的“${m[1]}”不是行的文字字段`,
            `“${m[1]}” in the template is not a row field`,
            near ? `是不是“${near}”？` : `可用：${rowFields.join('、')}`,
            near ? `did you mean “${near}”?` : `fields: ${rowFields.join(', ')}`,
          );
        }
    for (const { col, path } of leaves) {
      const n = [col.field, col.value, col.compute, col.text, col.template, col.funds].filter((x) => x !== undefined).length;
      if (n !== 1)
        err(
          path,
          `列“${col.label}”要写且只写 field:（文字）、text:（固定文字）、template:（由行的文字组成）、value:（取数条件）、funds:（项目资金）或 compute:（由其他列计算）之一`,
          `column “${col.label}” needs exactly one of field: (text), text: (fixed wording), template: (made of the row's texts), value: (a query), funds: (the subject's money) or compute: (from other columns)`,
          '例如 { label: 合计, value: {} } 或 { label: 科目名称, field: name }',
          'e.g. { label: 合计, value: {} } or { label: 科目名称, field: name }',
        );
      // a number format, a suffix or hiding by figures means nothing on a column of text
      if (col.field)
        for (const key of ['number', 'suffix', 'hide_if_empty'] as const)
          if (col[key] !== undefined)
            err(
              [...path, key],
              `列“${col.label}”印文字（field: ${col.field}），${key} 对它不起作用`,
              `column “${col.label}” prints text (field: ${col.field}); ${key} cannot apply to it`,
              `删去 ${key}，或把这一列改为取数列（value:）`,
              `remove ${key}, or make the column a figure (value:)`,
              'key',
            );
      if (col.suffix !== undefined && col.compute?.op !== 'growth' && col.compute?.op !== 'share' && !col.field)
        err(
          [...path, 'suffix'],
          'suffix 只用于百分比列（compute: growth 或 share）',
          'suffix applies to percentage columns only (compute: growth or share)',
          undefined,
          undefined,
          'key',
        );
      if (col.compute)
        col.compute.of.forEach((id, k) => {
          if (!ids.has(id))
            err(
              [...path, 'compute', 'of', k],
              `compute 引用的列 id “${id}”不存在`,
              `compute names a column id “${id}” that does not exist`,
              `有 id 的列：${[...ids.keys()].join('、') || '（无）'}`,
              `columns with ids: ${[...ids.keys()].join(', ') || '(none)'}`,
            );
        });
      if (col.compute && (col.compute.op === 'diff' || col.compute.op === 'growth' || col.compute.op === 'share') && col.compute.of.length !== 2)
        err([...path, 'compute', 'of'], `${col.compute.op} 要两列：[a, b]`, `${col.compute.op} takes two columns: [a, b]`);
    }
    if (side.total?.field && !leaves.some((l) => l.col.field === side.total!.field))
      err(
        at('total', 'field'),
        `合计行的标题要写在文字列“${side.total.field}”，但表中没有这一列`,
        `the total's label goes in the text column “${side.total.field}”, which the table lacks`,
      );
  });
  out.push(...checkBlocks(layout, source, lang));
  return out;
}

const leavesOf = (n: GridColumn): GridColumn[] => (n.children ? n.children.flatMap(leavesOf) : [n]);

/** Head rows, indicator rows, merged and widened columns: what only a one-sided grid can say, and says consistently. */
function checkBlocks(layout: GridLayout, source: YamlSource, lang: Lang): Diagnostic[] {
  const out: Diagnostic[] = [];
  const err = invalidValue(out, source, lang);
  if (layout.sides) {
    for (const key of ['per', 'project_title'] as const)
      if (layout[key] !== undefined)
        err(
          [key],
          `${key} 只用于单边表（rows/columns），不用于 sides`,
          `${key} applies to a one-sided grid (rows/columns), not to sides`,
          undefined,
          undefined,
          'key',
        );
    // head rows over both sides (支出 over 功能分类 and 支出用途): fixed wording or queries, no subject
    (layout.head ?? []).forEach((row, r) =>
      row.forEach((cell, i) => {
        if (cell.field !== undefined || cell.funds !== undefined)
          err(
            ['head', r, i, cell.field !== undefined ? 'field' : 'funds'],
            '两边的表（sides）没有项目或部门的文字和资金：表头单元格写 label 或 value',
            'a side-by-side table has no subject: its head cells say label or value',
            undefined,
            undefined,
            'key',
          );
      }),
    );
    headProblems(
      layout,
      layout.sides.flatMap((s) => s.columns.flatMap(leavesOf)),
      err,
    );
    return out;
  }
  const rows = layout.rows ?? [];
  const leaves = (layout.columns ?? []).flatMap(leavesOf);
  const indicatorRows = rows.some((g) => g.by === 'indicator');
  rows.forEach((g, gi) => {
    if (g.by === 'indicator' && !layout.per)
      err(
        ['rows', gi, 'by'],
        '按指标列行（by: indicator）要写明是谁的指标：per: project（每个项目一张）或 per: department（部门整体）',
        'rows by indicator need a subject: per: project (a table per project) or per: department (the department as a whole)',
      );
    if (g.each !== undefined && g.by !== 'project')
      err(
        ['rows', gi, 'each'],
        'each: indicator 只用于 by: project（每个项目的指标行接在项目之后）',
        'each: indicator applies to by: project only',
        undefined,
        undefined,
        'key',
      );
    if ((g.groups !== undefined || g.empty_rows) && g.by !== 'indicator' && g.each === undefined)
      err(
        ['rows', gi, g.groups !== undefined ? 'groups' : 'empty_rows'],
        'groups 和 empty_rows 只用于按指标列出的行（by: indicator 或 each: indicator）',
        'groups and empty_rows apply to indicator rows only (by: indicator or each: indicator)',
        undefined,
        undefined,
        'key',
      );
  });
  // a subject's texts and money need a subject: without `per` they would print blank
  if (!layout.per) {
    (layout.head ?? []).forEach((row, r) =>
      row.forEach((cell, i) => {
        const key = cell.funds !== undefined ? 'funds' : cell.field !== undefined ? 'field' : undefined;
        if (key)
          err(
            ['head', r, i, key],
            `表头单元格的 ${key} 取项目或部门的${key === 'funds' ? '资金' : '文字'}，要写明 per: project 或 per: department`,
            `a head cell's ${key} reads the subject's ${key === 'funds' ? 'money' : 'text'}: the layout needs per: project or per: department`,
          );
      }),
    );
    if (!rows.some((g) => g.each !== undefined))
      (layout.columns ?? []).forEach((c, i) => {
        if (c.funds !== undefined)
          err(
            ['columns', i, 'funds'],
            `列“${c.label}”的 funds 取项目或部门的资金，要写明 per，或按项目列出指标（each: indicator）`,
            `column “${c.label}” reads the subject's money (funds): the layout needs per, or rows by project with each: indicator`,
          );
      });
  }
  if (layout.per === 'department' && rows.some((g) => g.each !== undefined))
    err(['per'], 'per: department 的表不按项目列出指标', 'a per: department table lists no projects’ indicators');
  const t = layout.total;
  if (t?.sum !== undefined && !leaves.some((c) => c.field === t.sum))
    err(['total', 'sum'], `合计行要加总的列“${t.sum}”不在 columns 中`, `the total row adds up “${t.sum}”, which is not among the columns`);
  if (t?.sum !== undefined && !indicatorRows && !rows.some((g) => g.each !== undefined))
    err(
      ['total', 'sum'],
      'total.sum 加总指标的分值或权重，只用于按指标列出的行',
      'total.sum adds up indicators’ scores or weights: it applies to indicator rows only',
      undefined,
      undefined,
      'key',
    );
  headProblems(layout, leaves, err);
  return out;
}

type Err = (path: PropertyKey[], zh: string, en: string, hintZh?: string, hintEn?: string, which?: 'value' | 'key') => void;

/** Head rows fill the grid exactly: the grid columns, with rows spanned from above. */
function headProblems(layout: GridLayout, leaves: GridColumn[], err: Err): void {
  const width = leaves.reduce((n, c) => n + (c.widths?.length ?? 1), 0);
  let carried = new Array<number>(width).fill(0);
  (layout.head ?? []).forEach((row, r) => {
    let col = 0;
    const next = carried.map((n) => Math.max(0, n - 1));
    row.forEach((cell, i) => {
      const n = [cell.label, cell.field, cell.value, cell.funds].filter((x) => x !== undefined).length;
      if (n !== 1)
        err(
          ['head', r, i],
          '表头单元格要写且只写 label（固定文字）、field（文字）、funds（资金）或 value（查询）之一',
          'a head cell has exactly one of label (fixed text), field (a text), funds (money) or value (a query)',
          '例如 { label: 项目名称 } 或 { field: project, span: 3 }',
          'e.g. { label: 项目名称 } or { field: project, span: 3 }',
        );
      while (col < width && carried[col]! > 0) col++;
      const span = cell.span ?? 1;
      for (let k = col; k < Math.min(width, col + span); k++) next[k] = (cell.rows ?? 1) - 1;
      col += span;
    });
    while (col < width && carried[col]! > 0) col++;
    if (col !== width)
      err(
        ['head', r],
        `表头第 ${r + 1} 行占 ${col} 列，表的各列共 ${width} 列`,
        `head row ${r + 1} covers ${col} grid columns; the columns make ${width}`,
        '调整 span，或各列的 widths',
        'adjust the spans, or the columns’ widths',
      );
    carried = next;
  });
}
