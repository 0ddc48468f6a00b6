// Table features of the grid language: codes printed per level (code: own),
// text columns made of row fields (template), the column-number row (栏次),
// rows computed from other rows (增减变化), and the line above a table as a
// template the set may reword or drop (info).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildGridTable } from '../src/tables/grid/grid-build.js';
import { gridLayoutSchema } from '../src/tables/grid/grid-schema.js';
import { loadCatalogue } from '../src/catalogue/catalogue.js';
import { deriveFigures } from '../src/figures/derive.js';
import { build } from '../src/build.js';
import { builtinTemplates, loadTemplateSet } from '../src/templates/load.js';
import type { DocumentIR, Table } from '../src/ir/types.js';
import { sampleData, samplePath, sampleText } from './helpers/sample.js';

async function grid(yaml: string): Promise<string[][]> {
  const cat = await loadCatalogue(2020);
  const fig = deriveFigures(sampleData(), cat);
  const { table } = buildGridTable(
    gridLayoutSchema.parse(parse(yaml)),
    { fig, facts: fig.facts, catalogue: cat, sourceNames: {} },
    { font: 'table', size: 10 },
  );
  return table.rows.map((r) => r.map((c) => c.text));
}

describe('grid table features', () => {
  it('code: own prints each level’s own digits in its column (a 款 row: 01 under 款, nothing under 类)', async () => {
    const rows = await grid(`title: t
rows: [{ by: function, code: own }]
columns:
  - { label: 类, field: class }
  - { label: 款, field: kuan }
  - { label: 项, field: xiang }
  - { label: 科目名称, field: name }
  - { label: 合计, value: {} }`);
    const body = rows.slice(1);
    expect(body[0]!.slice(0, 1)).toEqual(['208']);
    expect(body[1]![0]).toBe('');
    expect(body[1]![1]).toMatch(/^\d\d$/);
    expect(body[2]!.slice(0, 2)).toEqual(['', '']);
    expect(body[2]![2]).toMatch(/^\d\d$/);
    expect(body.flat().some((t) => /^\d{3} \d\d/.test(t))).toBe(false);
  });

  it('a template column prints the row’s fields (106_单位名称)', async () => {
    const data = sampleData();
    const rows = await grid(`title: t
rows: [{ by: unit }]
columns:
  - { label: 单位, template: "{{unit_code}}_{{unit_name}}" }
  - { label: 合计, value: {} }`);
    expect(rows[1]![0]).toBe(`${data.department.code ?? ''}_${data.department.name}`);
  });

  it('column_numbers adds 栏次 1 2 3 under the header, repeated with it', async () => {
    const cat = await loadCatalogue(2020);
    const fig = deriveFigures(sampleData(), cat);
    const layout = gridLayoutSchema.parse(
      parse(`title: t
column_numbers: { first: 栏次 }
rows: [{ by: type }]
columns:
  - { label: 项目, field: name }
  - { label: 合计, value: {} }
  - { label: 一般公共预算, value: { source: general_budget } }`),
    );
    const { table } = buildGridTable(layout, { fig, facts: fig.facts, catalogue: cat, sourceNames: {} }, { font: 'table', size: 10 });
    expect(table.rows[1]!.map((c) => c.text)).toEqual(['栏次', '1', '2']);
    expect(table.headerRows).toBe(2);
  });

  it('rows computed from rows: this year, last year, 增减变化 and 增减幅度', async () => {
    const rows = await grid(`title: t
rows:
  - fixed:
      - { label: 本年, id: now, filter: { type: basic } }
      - { label: 上年, id: last, filter: { type: basic, year: last } }
      - { label: 增减变化, compute: { op: diff, of: [now, last] } }
      - { label: 增减幅度, compute: { op: growth, of: [now, last] } }
columns:
  - { label: 项目, field: label }
  - { label: 基本支出, value: {} }`);
    expect(rows.slice(1)).toEqual([
      ['本年', '443.30'],
      ['上年', '776.72'],
      ['增减变化', '-333.42'],
      ['增减幅度', '-42.93%'],
    ]);
  });
});

/** The built-in set with one more layer holding `files`; the built sample's IR. */
async function sampleWith(files: Record<string, string>): Promise<DocumentIR> {
  const dir = mkdtempSync(join(tmpdir(), 'features-'));
  mkdirSync(join(dir, 'tables'));
  for (const [f, t] of Object.entries(files)) writeFileSync(join(dir, f), t);
  const out = await build({ file: samplePath, text: sampleText, templates: await loadTemplateSet([builtinTemplates, dir]), render: false, keepIr: true });
  expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return out.ir!;
}

/** The line above the table whose title heading is `title`: its texts, or null when there is none. */
function infoLine(doc: DocumentIR, title: string): string[] | null {
  for (const s of doc.sections) {
    const i = s.blocks.findIndex((b) => b.kind === 'heading' && b.text === title);
    if (i < 0) continue;
    const next = s.blocks[i + 1] as Table;
    return next.kind === 'table' && next.borders === 'none' ? next.rows[0]!.map((c) => c.text) : null;
  }
  throw new Error(`no heading ${title}`);
}

describe('the line above a table', () => {
  const layout = readFileSync(join(builtinTemplates, 'tables/three-public.yaml'), 'utf8');
  const title = /^title:\s*(.+)$/m.exec(layout)![1]!.trim();

  it('is 编制部门 (the layout’s issuer_label) … 单位：万元 by default', async () => {
    const doc = await sampleWith({});
    const issuer = /^issuer_label:\s*(.+)$/m.exec(layout)?.[1]?.trim() ?? '编制部门';
    expect(infoLine(doc, title)).toEqual([`${issuer}：${sampleData().department.name}`, '单位：万元']);
  });

  it('may be reworded (half-width 单位:{{unit}}, a template of the data) or dropped', async () => {
    const reworded = await sampleWith({ 'tables/three-public.yaml': `${layout}\ninfo: { left: "填报单位：{{department.name}}", right: "单位:{{unit}}" }\n` });
    expect(infoLine(reworded, title)).toEqual([`填报单位：${sampleData().department.name}`, '单位:万元']);
    const dropped = await sampleWith({ 'tables/three-public.yaml': `${layout}\ninfo: none\n` });
    expect(infoLine(dropped, title)).toBeNull();
  });
});

describe('group rows with subtotals in a row-source table', () => {
  it('gathers an extra table’s rows under 一、会议费 / 二、培训费 with their sums, in the order listed', async () => {
    const set = join(builtinTemplates, '..', 'template-sets', 'twelve-tables');
    const dataPath = join(set, 'sample-data.yaml');
    const layout = readFileSync(join(set, 'tables/meetings-training.yaml'), 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'groups-'));
    mkdirSync(join(dir, 'tables'));
    writeFileSync(join(dir, 'tables/meetings-training.yaml'), `${layout}\ngroups: [{ field: kind, label: "{{cn}}、{{value}}", into: name, bold: true }]\n`);
    const out = await build({
      file: dataPath,
      text: readFileSync(dataPath, 'utf8'),
      templates: await loadTemplateSet([builtinTemplates, set, dir]),
      render: false,
      keepIr: true,
    });
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const t = out
      .ir!.sections.flatMap((s) => s.blocks)
      .find((b): b is Table => b.kind === 'table' && b.rows.some((r) => r.some((c) => c.text === '会议（培训）名称')))!;
    const body = t.rows.slice(t.headerRows).map((r) => r.map((c) => c.text));
    expect(body).toEqual([
      ['', '一、会议费', '', '', '', '0.48', ''],
      ['会议费', '社会保险经办工作会议', '2', '60', '1', '0.36', ''],
      ['会议费', '养老保险待遇认证工作部署会', '1', '40', '1', '0.12', ''],
      ['', '二、培训费', '', '', '', '', '1.62'],
      ['培训费', '社保经办业务培训', '4', '120', '2', '', '1.44'],
      ['培训费', '社保信息系统操作培训', '1', '30', '1', '', '0.18'],
      expect.arrayContaining(['合计']),
    ]);
    expect(t.rows[t.headerRows]![1]!.bold).toBe(true);
  });

  it('a group field the row source lacks is an error at its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'groups-'));
    mkdirSync(join(dir, 'tables'));
    const layout = readFileSync(join(builtinTemplates, 'tables/general-expenditure.yaml'), 'utf8');
    writeFileSync(join(dir, 'tables/general-expenditure.yaml'), `${layout}\ngroups:\n  - { field: nmae }\n`);
    let ds: { line?: number; code: string }[] = [];
    try {
      await loadTemplateSet([builtinTemplates, dir], 'en');
    } catch (e) {
      ds = (e as { diagnostics: { line?: number; code: string }[] }).diagnostics;
    }
    const line = `${layout}\ngroups:\n  - { field: nmae }\n`.split('\n').findIndex((l) => l.includes('nmae')) + 1;
    expect(ds.map((d) => `${d.line} ${d.code}`)).toEqual([`${line} template.unknown_field`]);
  });
});

describe('row order as listed', () => {
  it('by: function with values lists the codes in the layout’s order, at their own levels', async () => {
    const rows = await grid(`title: t
rows: [{ by: function, values: [221, 208, 20805] }]
columns:
  - { label: 编码, field: code }
  - { label: 合计, value: {} }`);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['221', '208', '20805']);
  });
});

describe('head rows over both sides of a 收支总表', () => {
  it('a head cell spans the columns of both sides of a side-by-side table', async () => {
    const cat = await loadCatalogue(2020);
    const fig = deriveFigures(sampleData(), cat);
    const layout = gridLayoutSchema.parse(
      parse(`title: t
head:
  - [{ label: 收入, span: 2 }, { label: 支出, span: 3 }]
sides:
  - rows: [{ fixed: [{ label: 一般公共预算, filter: { kind: income, source: general_budget } }] }]
    columns: [{ label: 项目, field: label }, { label: 预算数, value: {} }]
  - rows: [{ by: function, levels: [1] }]
    columns:
      - { label: 功能分类, field: name }
      - label: 支出用途
        children: [{ label: 基本支出, value: { type: basic } }, { label: 项目支出, value: { type: project } }]`),
    );
    const { table } = buildGridTable(layout, { fig, facts: fig.facts, catalogue: cat, sourceNames: {} }, { font: 'table', size: 10 });
    expect(table.rows[0]).toEqual([
      { text: '收入', align: 'center', colSpan: 2 },
      { text: '支出', align: 'center', colSpan: 3 },
    ]);
    expect(table.rows[1]!.map((c) => c.text)).toEqual(['项目', '预算数', '功能分类', '支出用途']);
    expect(table.headerRows).toBe(3);
  });
});

describe('the 部门整体支出绩效目标表 with funds by income type', () => {
  it('head cells query the department’s expenditure by source; funds: prints the figures', async () => {
    const { buildBlockGrid } = await import('../src/tables/grid/grid-blocks.js');
    const { departmentSubject } = await import('../src/tables/grid/grid-subject.js');
    const data = sampleData();
    const cat = await loadCatalogue(2020);
    const fig = deriveFigures(data, cat);
    const layout = gridLayoutSchema.parse(
      parse(`title: t
per: department
number: { thousands: true }
head:
  - [{ label: 资金总额 }, { funds: total }, { label: 一般公共预算 }, { value: { kind: expenditure, source: general_budget } }]
rows: [{ by: indicator }]
columns:
  - { label: 一级指标, field: level1, merge: true }
  - { label: 二级指标, field: level2, merge: true }
  - { label: 三级指标, field: name }
  - { label: 指标值, field: value }`),
    );
    const subject = departmentSubject(data, fig);
    const { table } = buildBlockGrid(layout, { fig, facts: fig.facts, catalogue: cat, sourceNames: {}, data }, subject, { font: 'table', size: 10 });
    const general = fig.facts.q({ kind: 'expenditure', source: 'general_budget' })!;
    expect(table.rows[0]!.map((c) => c.text)).toEqual(['资金总额', '482.04', '一般公共预算', general.toFixed(2)]);
  });
});
