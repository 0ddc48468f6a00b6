// What a bureau can get wrong in a grid layout comes back at its line, and a
// layout never crashes the build.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinTemplates, loadTemplateSet } from '../src/templates/load.js';
import { DiagnosticError, type Diagnostic } from '../src/diagnostics/diagnostic.js';

/** The built-in set with tables/three-public.yaml replaced by `layout`; what loading it reports. */
async function problems(layout: string): Promise<Diagnostic[]> {
  const dir = mkdtempSync(join(tmpdir(), 'grid-'));
  mkdirSync(join(dir, 'tables'));
  writeFileSync(join(dir, 'tables', 'three-public.yaml'), layout);
  try {
    await loadTemplateSet([builtinTemplates, dir], 'en');
    return [];
  } catch (e) {
    if (e instanceof DiagnosticError) return [...e.diagnostics];
    throw e;
  }
}

const at = (ds: Diagnostic[]) => ds.map((d) => `${d.line}:${d.column} ${d.code}`);

describe('grid layout diagnostics', () => {
  it('accepts a well-formed grid', async () => {
    expect(
      await problems('title: t\nrows: [{ by: function, levels: [1] }]\ncolumns:\n  - { label: 名称, field: name }\n  - { label: 合计, value: {} }\n'),
    ).toEqual([]);
  });

  it('reports an unknown dimension, a misspelt key, a bad level and a text field that does not exist', async () => {
    const ds = await problems(
      [
        'title: t',
        'rows:',
        '  - { by: function, levels: [4] }',
        'columns:',
        '  - { label: 名称, field: nmae }',
        '  - { label: 合计, value: { functoin: "201" } }',
        '  - { label: x, valeu: {} }',
      ].join('\n'),
    );
    expect(at(ds)).toEqual(
      expect.arrayContaining(['3:30 template.invalid_value', '5:25 template.invalid_value', '6:27 template.unknown_key', '7:17 template.unknown_key']),
    );
    expect(ds.find((d) => d.line === 6)!.hint).toContain('function');
  });

  it('reports a group with neither by nor fixed, a column with two bindings, a compute over an unknown id, and a format on text', async () => {
    const ds = await problems(
      [
        'title: t',
        'rows:',
        '  - { levels: [1] }',
        'columns:',
        '  - { label: 名称, field: name, value: {} }',
        '  - { label: 增幅, compute: { op: growth, of: [a, b] } }',
        '  - { label: 代码, field: code, number: { decimals: 0 } }',
      ].join('\n'),
    );
    // levels without by: reported too (3:7)
    expect(at(ds)).toEqual([
      '3:5 template.invalid_value',
      '3:7 template.invalid_value',
      '5:5 template.invalid_value',
      '6:46 template.invalid_value',
      '6:49 template.invalid_value',
      '7:31 template.invalid_value',
    ]);
  });

  it('needs rows and columns, or sides', async () => {
    expect(at(await problems('title: t\nrows: [{ by: unit }]\n'))).toEqual(['2:7 template.invalid_value']);
  });
});
