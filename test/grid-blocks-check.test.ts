// The keys of indicator grids (per, head, by: indicator, merge, widths, text,
// total.sum) are checked at their line, a misspelt one with the nearest key.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinTemplates, loadTemplateSet } from '../src/templates/load.js';
import { DiagnosticError, type Diagnostic } from '../src/diagnostics/diagnostic.js';

async function problems(layout: string, name = 'three-public.yaml'): Promise<Diagnostic[]> {
  const dir = mkdtempSync(join(tmpdir(), 'blocks-'));
  mkdirSync(join(dir, 'tables'));
  writeFileSync(join(dir, 'tables', name), layout);
  try {
    await loadTemplateSet([builtinTemplates, dir], 'en');
    return [];
  } catch (e) {
    if (e instanceof DiagnosticError) return [...e.diagnostics];
    throw e;
  }
}
const at = (ds: Diagnostic[]) => ds.map((d) => `${d.line}:${d.column} ${d.code}`);

const GOOD = [
  'title: t',
  'per: project',
  'head:',
  '  - [{ label: 项目名称 }, { field: project, span: 2 }]',
  'rows: [{ by: indicator }]',
  'columns:',
  '  - { label: 一级指标, field: level1, merge: true }',
  '  - { label: 三级指标, field: name }',
  '  - { label: 分值, field: score }',
  'total: { label: 合计, sum: score }',
];

describe('indicator grid diagnostics', () => {
  it('accepts a well-formed per-project table', async () => {
    expect(await problems(GOOD.join('\n'))).toEqual([]);
  });

  it('a misspelt key is reported at its line with the nearest key', async () => {
    const ds = await problems(GOOD.join('\n').replace('merge: true', 'merg: true'));
    expect(at(ds)).toEqual(['7:35 template.unknown_key']);
    expect(ds[0]!.hint).toContain('merge');
  });

  it('rows by indicator without a subject, a head cell with two bindings, a head row too short and a sum over no column', async () => {
    const text = GOOD.join('\n')
      .replace('per: project\n', '')
      .replace('{ label: 项目名称 }', '{ label: 项目名称, field: project }')
      .replace('span: 2', 'span: 1')
      .replace('sum: score', 'sum: weight');
    const ds = await problems(text);
    const lines = text.split('\n');
    const line = (s: string) => lines.findIndex((l) => l.includes(s)) + 1;
    // the head row: two bindings in one cell, too short, and (without per) two fields with no subject to read
    const head = line('head:') + 1;
    expect(ds.map((d) => d.line).sort()).toEqual([head, head, head, head, line('by: indicator'), line('sum: weight')].sort());
    expect(ds.every((d) => d.code === 'template.invalid_value')).toBe(true);
  });

  it('an old kind: performance layout is one error at its kind line, saying what to write', async () => {
    const ds = await problems('# old\nkind: performance\ntitle: t\ncolumns: [{ field: level1, label: 一级指标 }]\n', 'performance.yaml');
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ code: 'template.unknown_key', line: 2 });
    expect(ds[0]!.hint).toContain('per: project');
  });
});

describe('a subject’s texts and money need a subject', () => {
  it('head field/funds and a funds column without per are errors at their line', async () => {
    const text = [
      'title: t',
      'head:',
      '  - [{ label: 项目名称 }, { funds: total }]',
      'rows: [{ by: unit }]',
      'columns:',
      '  - { label: 单位, field: unit_name }',
      '  - { label: 资金, funds: total }',
    ].join('\n');
    const ds = await problems(text);
    expect(ds.map((d) => d.line).sort()).toEqual([3, 7]);
  });
});
