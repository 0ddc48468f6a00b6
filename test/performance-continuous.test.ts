// The continuous 绩效目标表 (template-sets/performance-continuous): all ten
// projects in one grid, 合计 and the department first, each project's columns
// beside its indicators and merged over them. Compared cell by cell against
// the data; the PDF runs over 20 pages.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { build } from '../src/build.js';
import { builtinTemplates, loadTemplateSet } from '../src/templates/load.js';
import { Money } from '../src/model/money.js';
import { formatAmount } from '../src/numbers/number-format.js';
import type { Cell, Table } from '../src/ir/types.js';
import { tableAfter } from './helpers/sample.js';

const dir = fileURLToPath(new URL('../template-sets/performance-continuous/', import.meta.url));
const file = join(dir, 'sample-data.yaml');
const text = readFileSync(file, 'utf8');

/** Every grid slot with the text of the cell that covers it, and which cell that is. */
function expand(t: Table): { text: string; anchor: Cell }[][] {
  const n = t.columns.length;
  const grid: ({ text: string; anchor: Cell } | undefined)[][] = t.rows.map(() => new Array(n).fill(undefined));
  t.rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (grid[r]![c]) c++;
      for (let dr = 0; dr < (cell.rowSpan ?? 1); dr++)
        for (let dc = 0; dc < (cell.colSpan ?? 1); dc++) grid[r + dr]![c + dc] = { text: cell.text, anchor: cell };
      c += cell.colSpan ?? 1;
    }
  });
  return grid.map((row) => row.map((x) => x!));
}

interface Ind {
  level1: string;
  level2: string;
  name: string;
  value: string;
  unit?: string;
  kind: string;
}
interface Proj {
  name: string;
  economic: Record<string, number>;
  performance: { goal: string[]; indicators: Ind[] };
}

describe('the continuous 绩效目标表', () => {
  it('lists 合计, the department and every project’s indicators with the project beside them, cell by cell', async () => {
    const templates = await loadTemplateSet([builtinTemplates, dir]);
    const out = await build({ file, text, templates, render: false, keepIr: true, formats: ['pdf'] });
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const t = tableAfter(out.ir!, '项目支出绩效目标表');
    const data = parse(text) as { department: { name: string; code: string }; projects: Proj[] };
    const money = (m: Money) => formatAmount(m, { decimals: 2, fixed: true, thousands: true });
    const amount = (p: Proj) => Object.values(p.economic).reduce((a, b) => a.plus(new Money(b)), new Money(0));
    const total = data.projects.reduce((a, p) => a.plus(amount(p)), new Money(0));
    const { name: dept, code } = data.department;
    const expected: string[][] = [
      [
        '单位编码',
        '单位名称',
        '项目名称',
        '资金总额（万元）',
        '年度目标',
        '绩\n效\n指\n标',
        '一级指标',
        '二级指标',
        '三级指标',
        '指标值类型',
        '指标值',
        '度量单位',
      ],
      ['', '合计', '', money(total), '', '', '', '', '', '', '', ''],
      [code, dept, '', money(total), '', '', '', '', '', '', '', ''],
      ...data.projects.flatMap((p) =>
        p.performance.indicators.map((i) => [
          code,
          dept,
          p.name,
          money(amount(p)),
          p.performance.goal.join('\n'),
          '绩\n效\n指\n标',
          i.level1,
          i.level2,
          i.name,
          i.kind,
          i.value,
          i.unit ?? '',
        ]),
      ),
    ];
    const grid = expand(t);
    expect(grid.map((r) => r.map((c) => c.text))).toEqual(expected);
    expect(t.headerRows).toBe(1);
    expect(data.projects).toHaveLength(10);
    // a project's columns are one cell over its indicators; an 一级 over its 二级 groups, within the project
    let row = 3;
    for (const p of data.projects) {
      const n = p.performance.indicators.length;
      for (const col of [0, 1, 2, 3, 4, 5]) expect(grid[row]![col]!.anchor.rowSpan).toBe(n);
      expect(grid[row]![6]!.anchor).not.toBe(grid[row - 1]![6]!.anchor);
      row += n;
    }
    expect(row).toBe(grid.length);
    expect(grid[1]![3]!.anchor.align).toBe('right');
  });

  it('prints over 20 pages', async () => {
    const render = async (layers: string[]) => (await build({ file, text, templates: await loadTemplateSet(layers), render: true, formats: ['pdf'] })).pages!;
    // the same document without the table (a manifest that does not list it): the table's pages are the difference
    const without = mkdtempSync(join(tmpdir(), 'no-goals-'));
    writeFileSync(join(without, 'manifest.yaml'), readFileSync(join(dir, 'manifest.yaml'), 'utf8').replace(/^ {2}- project-goals.*$/m, ''));
    const pages = (await fullBuild()).pages! - (await render([builtinTemplates, dir, without]));
    expect(pages).toBeGreaterThanOrEqual(20);
  }, 180_000);
});

// the continuous sample built once (PDF and DOCX, with its IR), for the tests that read the whole document
let built: ReturnType<typeof build> | undefined;
const fullBuild = () =>
  (built ??= loadTemplateSet([builtinTemplates, dir]).then((templates) =>
    build({ file, text, templates, render: true, keepIr: true, formats: ['pdf', 'docx'] }),
  ));

describe('repeat_title', () => {
  it('prints the title and the line above the table at the top of every page the table runs onto', async () => {
    const { popplerText, withPoppler } = await import('./helpers/poppler.js');
    const out = await fullBuild();
    const section = out.ir!.sections.find((s) => s.runningHeader)!;
    expect(section.runningHeader).toMatchObject({ title: '项目支出绩效目标表', info: { right: '单位：万元' } });
    expect(out.ir!.sections.filter((s) => s.runningHeader)).toHaveLength(1);
    if (!withPoppler) return;
    const pages = popplerText(out.files.find((f) => f.format === 'pdf')!.bytes, '-layout').text.split('\f');
    const tablePages = pages.filter((p) => p.includes('三级指标'));
    expect(tablePages.length).toBeGreaterThanOrEqual(20);
    for (const p of tablePages) {
      const lines = p
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const at = lines.indexOf('项目支出绩效目标表');
      // the first page has its label (表十：) above the title; every page has the title, then the line above the table
      expect(at).toBeLessThanOrEqual(1);
      expect(lines[at + 1]).toMatch(/^编制部门：.*单位：万元$/);
    }
    // pages outside the table print no title of it
    expect(pages.filter((p) => !p.includes('三级指标')).some((p) => p.trim().startsWith('项目支出绩效目标表'))).toBe(false);
  }, 180_000);
});
