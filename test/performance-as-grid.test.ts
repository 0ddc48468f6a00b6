// The 绩效目标表 layouts were rewritten in the grid language (per, head,
// by: indicator, merge, widths, total.sum): every table they print equals,
// cell by cell, what the old performance-layout code printed for the same data
// (test/fixtures/performance/*.json, written by that code before it went).
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from '../src/build.js';
import { builtinTemplates, loadTemplateSet } from '../src/templates/load.js';
import type { Table } from '../src/ir/types.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const grid = join(root, 'template-sets/performance-grid');
const gridData = join(grid, 'sample-data.yaml');

// the university layout is in no set: it stands in for the performance-grid set's project table
const uni = mkdtempSync(join(tmpdir(), 'uni-'));
mkdirSync(join(uni, 'tables'));
copyFileSync(join(root, 'templates/tables/performance-university.yaml'), join(uni, 'tables/performance-grid.yaml'));

const cases: [string, string[], string][] = [
  ['sample', [builtinTemplates], join(root, 'data/hotan-social-insurance-2020.yaml')],
  ['performance-grid', [builtinTemplates, grid], gridData],
  ['university', [builtinTemplates, grid, uni], gridData],
  ['eastern', [builtinTemplates, join(root, 'template-sets/eastern')], gridData],
];

describe('performance layouts as grids print what the old layouts printed', () => {
  for (const [name, layers, file] of cases)
    it(name, async () => {
      const templates = await loadTemplateSet(layers);
      const out = await build({ file, text: readFileSync(file, 'utf8'), templates, render: false, keepIr: true, formats: ['pdf'] });
      expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const tables = out
        .ir!.sections.flatMap((s) => s.blocks)
        .filter((b): b is Table => b.kind === 'table' && b.rows.some((r) => r.some((c) => c.text === '一级指标')));
      const before = JSON.parse(readFileSync(join(root, `test/fixtures/performance/${name}.json`), 'utf8')) as Table[];
      expect(tables).toHaveLength(before.length);
      tables.forEach((t, i) => expect(t).toEqual(before[i]));
    });
});
