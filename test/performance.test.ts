// 绩效目标 as provinces publish them: the general indicator model, three layouts
// of the same data plus the 部门整体支出绩效目标表, manifest performance tables,
// and the located diagnostics of bad performance data.
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { build } from '../src/build.js';
import { builtinTemplates, loadTemplateSet } from '../src/templates/load.js';
import { parseYamlSource } from '../src/source/yaml-source.js';
import { validateYaml } from '../src/model/validate.js';
import { gridLayoutSchema } from '../src/tables/grid/grid-schema.js';
import { checkGridLayout } from '../src/tables/grid/grid-check.js';
import type { Cell, DocumentIR, Table } from '../src/ir/types.js';
import { plainAmount } from '../src/narrative/format.js';
import { sampleData, sampleDocument, samplePath, sampleText, tableAfter } from './helpers/sample.js';

const gridDir = fileURLToPath(new URL('../template-sets/performance-grid/', import.meta.url));
const gridDataPath = join(gridDir, 'sample-data.yaml');
const gridText = readFileSync(gridDataPath, 'utf8');
/** the diagnostics of this work (the sample data has warnings of its own: names, a stated percentage) */
const perfDiagnostics = (o: { diagnostics: { code: string }[] }) =>
  o.diagnostics.filter((d) => /indicator|performance|project_funds|template|schema/.test(d.code));
const texts = (t: Table) => t.rows.map((r) => r.map((c) => c.text));

/** The 7-column table as src/tables/performance.ts printed it before the general model (its code, kept as the reference). */
function todaysTable(
  L: { labels: Record<string, string>; groups: { label: string; items: { label: string; indicators: string }[] }[] },
  p: ReturnType<typeof sampleData>['projects'][number],
  amount: string,
  department: string,
): Cell[][] {
  const l = L.labels;
  const c = (text: string, extra: Partial<Cell> = {}): Cell => ({ text, align: 'center', ...extra });
  const perf = p.performance!;
  const map = (perf.indicators as { form: 'legacy'; map: Record<string, { name: string; value: string }[]> }).map;
  const rows: Cell[][] = [
    [c(l.unit!), c(department, { colSpan: 2 }), c(l.project!), c(perf.name ?? p.name, { colSpan: 3 })],
    [c(l.funds!), c(l.annual_total!), c(amount), c(l.fiscal!), c(amount), c(l.other_funds!), c('')],
    [c(l.goal!), c(perf.goal.join('\n'), { colSpan: 6, align: 'left' })],
    [c(l.level1!), c(l.level2!), c(l.level3!, { colSpan: 3 }), c(l.value!, { colSpan: 2 })],
  ];
  for (const g of L.groups) {
    const lines = g.items.map((it) => ({ label: it.label, list: map[it.indicators]! }));
    const groupSpan = lines.reduce((n, x) => n + Math.max(1, x.list.length), 0);
    lines.forEach((x, li) => {
      const n = Math.max(1, x.list.length);
      for (let k = 0; k < n; k++) {
        const row: Cell[] = [];
        if (li === 0 && k === 0) row.push(c(g.label, groupSpan > 1 ? { rowSpan: groupSpan } : {}));
        if (k === 0) row.push(c(x.label, n > 1 ? { rowSpan: n } : {}));
        const ind = x.list[k];
        row.push({ text: ind?.name ?? '', colSpan: 3, align: 'left' }, { text: ind?.value ?? '', colSpan: 2, align: 'left' });
        rows.push(row);
      }
    });
  }
  return rows;
}

/** performance.yaml as it was written in the `labels` form: its wording and groups, for the reference code above */
const OLD_LAYOUT = `title: 项 目 支 出 绩 效 目 标 表
orientation: landscape
font_size: 10.5
labels: { unit: 预算单位, project: 项目名称, funds: 项目资金（万元）, annual_total: 年度资金总额：, fiscal: 其中：财政拨款, other_funds: 其他资金, goal: 项目总体目标, level1: 一级指标, level2: 二级指标, level3: 三级指标, value: 指标值（包含数字及文字描述） }
groups:
  - { label: 项目完成指标, items: [{ label: 成本指标, indicators: cost }, { label: 时效指标, indicators: timeliness }, { label: 数量指标, indicators: quantity }, { label: 质量指标, indicators: quality }] }
  - { label: 项目效益指标, items: [{ label: 经济效益指标, indicators: economic }, { label: 可持续影响指标, indicators: sustainable }, { label: 社会效益指标, indicators: social }, { label: 生态效益指标, indicators: ecological }] }
  - { label: 满意度指标, items: [{ label: 满意度指标, indicators: satisfaction }] }
`;

function parseLayout(text: string, file = 'layout.yaml') {
  const { source } = parseYamlSource(file, text);
  const r = validateYaml(gridLayoutSchema, source!, 'zh', 'template');
  if (!r.data) throw new Error(JSON.stringify(r.diagnostics));
  return { layout: r.data, source: source! };
}

async function gridBuild(text = gridText, render = false) {
  const templates = await loadTemplateSet([builtinTemplates, gridDir]);
  return build({ file: gridDataPath, text, templates, render, keepIr: true, formats: ['pdf', 'docx'] });
}

/** the table of the section whose title heading is `title` */
function sectionTable(doc: DocumentIR, title: string): Table {
  return tableAfter(doc, title);
}

describe('the sample’s four 绩效目标表', () => {
  it('print as before (IR of every one equals the old 7-column code’s), unnumbered and not in the 目录', async () => {
    const doc = await sampleDocument();
    const data = sampleData();
    const old = parseYaml(OLD_LAYOUT) as Parameters<typeof todaysTable>[0];
    const tables = doc.sections.flatMap((s) => s.blocks).filter((b): b is Table => b.kind === 'table' && b.rows[0]?.[0]?.text === '预算单位');
    expect(tables).toHaveLength(4);
    data.projects.forEach((p, i) => {
      const amount = plainAmount(Object.values(p.economic).reduce((a, b) => a.plus(b)));
      expect(tables[i]!.rows).toEqual(todaysTable(old, p, amount, data.department.name));
      expect(tables[i]!.headerRows).toBe(0);
      expect(tables[i]!.columns.map((c) => c.width)).toEqual([4, 4, 5, 5, 5, 6, 6]);
    });
    const headings = doc.sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'heading' && b.text === '项 目 支 出 绩 效 目 标 表');
    expect(headings).toHaveLength(4);
    expect(headings.every((h) => h.kind === 'heading' && !h.toc)).toBe(true);
  });
});

describe('the performance-grid template set', () => {
  it('builds without diagnostics; the tables are numbered and listed in the 目录', async () => {
    const out = await gridBuild();
    expect(perfDiagnostics(out)).toEqual([]);
    const headings = out.ir!.sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'heading' && b.toc);
    const titles = headings.map((h) => (h.kind === 'heading' ? h.text : ''));
    expect(titles).toContain('部门整体支出绩效目标表');
    // one per project, in project order, all under the manifest entry's number
    expect(titles.filter((t) => t.startsWith('项目支出绩效目标表（'))).toEqual([
      '项目支出绩效目标表（基本医疗 IC 卡工本费）',
      '项目支出绩效目标表（办公补助经费）',
      '项目支出绩效目标表（退休人员认证费）',
      '项目支出绩效目标表（办公设备购置费）',
    ]);
    const paras = out
      .ir!.sections.flatMap((s) => s.blocks)
      .filter((b) => b.kind === 'paragraph')
      .map((b) => (b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : ''));
    expect(paras.filter((t) => t === '表十一：')).toHaveLength(4);
    expect(paras).toContain('表十：');
    expect(paras.some((t) => t.includes('部门整体支出绩效目标见表十，各项目的绩效目标见表十一'))).toBe(true);
  });

  it('a project table in the continuous grid, cell by cell', async () => {
    const out = await gridBuild();
    const t = sectionTable(out.ir!, '项目支出绩效目标表（基本医疗 IC 卡工本费）');
    expect(t.columns.map((c) => c.width)).toEqual([3, 3, 5, 5, 5, 2, 2, 3, 2, 3]);
    expect(t.headerRows).toBe(8);
    const goal = sampleData().projects[0]!.performance!.goal.join('\n');
    expect(texts(t)).toEqual([
      ['单位名称', '和田市社会保险管理局', '单位编码', '406001'],
      ['项目名称', '基本医疗 IC 卡工本费', '实施期', '2020 年 1 月—12 月'],
      ['项目资金（万元）', '年度资金总额', '30.00'],
      ['其中：财政拨款', '25.00'],
      ['上年结转', '5.00'],
      ['其他资金', ''],
      ['年度总体目标', goal],
      ['一级指标', '二级指标', '三级指标', '指标值内容', '评（扣）分标准', '度量单位', '指标值类型', '指标值', '分值/权重', '备注'],
      ['产出指标', '数量指标', '办理基本医疗 IC 卡数量', '全年补换卡', '完成得满分，每少 1000 张扣 1 分', '张', '≥', '20000', '20', ''],
      ['我市参加医疗保险人数', '', '达到得满分，未达到按比例扣分', '人', '≥', '20000', '10', ''],
      ['质量指标', '医疗 IC 卡个人覆盖率', '', '达到得满分，未达到按比例扣分', '%', '≥', '90', '20', ''],
      ['时效指标', '项目完成时间', '', '按时完成得满分', '', '定性', '1 月 1 日至 12 月 31 日', '10', ''],
      ['成本指标', '医疗 IC 卡工本费', '', '不超出预算得满分', '万元', '≤', '30', '10', '上缴国库后按文件返还'],
      [
        '效益指标',
        '社会效益指标',
        '完善医疗机制，方便广大群众就医及报销',
        '参保人员持卡就医、一站式结算',
        '达到预期得满分，部分达到酌情扣分',
        '',
        '定性',
        '进一步加强',
        '20',
        '',
      ],
      ['满意度指标', '服务对象满意度指标', '参保人员满意度', '', '抽样调查，达到得满分', '%', '≥', '90', '10', ''],
      ['合计', '100', ''],
    ]);
    // spans: 项目资金 beside its four rows, 产出指标 over its five indicators, 数量指标 over two
    expect(t.rows[2]![0]).toMatchObject({ rowSpan: 4 });
    expect(t.rows[8]![0]).toMatchObject({ text: '产出指标', rowSpan: 5 });
    expect(t.rows[8]![1]).toMatchObject({ text: '数量指标', rowSpan: 2 });
    expect(t.rows[15]![0]).toMatchObject({ text: '合计', colSpan: 8 });
    // every row covers the ten columns
    const covered = new Array(t.rows.length).fill(0);
    t.rows.forEach((r, i) =>
      r.forEach((c) => {
        for (let k = 0; k < (c.rowSpan ?? 1); k++) covered[i + k] += c.colSpan ?? 1;
      }),
    );
    expect(covered.every((n) => n === 10)).toBe(true);
  });

  it('data in the sample’s form prints in the grid under the layout’s names', async () => {
    const out = await gridBuild();
    const t = sectionTable(out.ir!, '项目支出绩效目标表（退休人员认证费）');
    const body = texts(t).slice(8);
    expect(body[0]).toEqual(['产出指标', '数量指标', '退休人员生存认证人数', '', '', '', '', '≤8250 人', '', '']);
    expect(body.map((r) => r[0])).toContain('满意度指标');
    expect(texts(t)[3]).toEqual(['其中：财政拨款', '1.50']);
  });

  it('the 部门整体支出绩效目标表, cell by cell, with its money from the figures', async () => {
    const out = await gridBuild();
    const t = sectionTable(out.ir!, '部门整体支出绩效目标表');
    const data = sampleData();
    expect(texts(t)).toEqual([
      ['部门（单位）名称', data.department.name, '单位编码', '406001'],
      ['年度预算资金（万元）', '资金总额', '482.04'],
      ['基本支出', '443.30'],
      ['项目支出', '38.74'],
      [
        '年度总体目标',
        '做好全市养老、工伤、失业保险的征缴和待遇发放，确保各项社会保险待遇按时足额发放。\n扩大社会保险覆盖面，推进全民参保，提升经办服务效率和群众满意度。',
      ],
      ['一级指标', '二级指标', '三级指标', '指标值类型', '指标值', '度量单位', '备注'],
      ['产出指标', '数量指标', '退休人员养老金按时发放人数', '≥', '8000', '人', ''],
      ['补换社会保障卡', '≥', '20000', '张', ''],
      ['质量指标', '各项保险参保率', '≥', '90', '%', ''],
      ['时效指标', '待遇发放及时率', '=', '100', '%', ''],
      ['效益指标', '社会效益指标', '社保基金安全运行', '定性', '杜绝基金流失', '', ''],
      ['满意度指标', '服务对象满意度指标', '参保群众满意度', '≥', '90', '%', ''],
    ]);
    expect(t.headerRows).toBe(6);
  });

  it('renders to PDF and DOCX', async () => {
    const out = await gridBuild(gridText, true);
    expect(perfDiagnostics(out)).toEqual([]);
    const pdf = out.files.find((f) => f.format === 'pdf')!.bytes;
    const docx = out.files.find((f) => f.format === 'docx')!.bytes;
    expect(Buffer.from(pdf.slice(0, 5)).toString()).toBe('%PDF-');
    expect(Buffer.from(docx.slice(0, 2)).toString()).toBe('PK');
    expect(out.pages).toBeGreaterThan(20);
  }, 30_000);
});

describe('diagnostics of performance data', () => {
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
  const edit = (from: string, to: string) => {
    expect(gridText).toContain(from);
    return gridText.replace(from, to);
  };

  it('an unknown 指标值类型 is an error at it, with the nearest kind', async () => {
    const text = edit('kind: ≥, value: 20000, standard: 完成得满分', 'kind: 大约, value: 20000, standard: 完成得满分');
    const out = await gridBuild(text);
    const d = out.diagnostics.find((x) => x.code === 'check.indicator_kind')!;
    expect(d).toMatchObject({ severity: 'error', line: lineOf(text, 'kind: 大约') });
    expect(d.message).toContain('大约');
    expect(out.ir).toBeUndefined();
  });

  it('>= is read as ≥', async () => {
    const out = await gridBuild(edit('kind: ≥, value: 20000, standard: 完成得满分', 'kind: ">=", value: 20000, standard: 完成得满分'));
    expect(perfDiagnostics(out)).toEqual([]);
    expect(texts(sectionTable(out.ir!, '项目支出绩效目标表（基本医疗 IC 卡工本费）'))[8]![6]).toBe('≥');
  });

  it('a 定量 indicator without a number is an error at its value', async () => {
    const text = edit('kind: 定性, value: 进一步加强', 'kind: 定量, value: 进一步加强');
    const out = await gridBuild(text);
    const d = out.diagnostics.find((x) => x.code === 'check.indicator_value_not_number')!;
    expect(d).toMatchObject({ severity: 'error', line: lineOf(text, 'kind: 定量, value: 进一步加强') });
    expect(d.column).toBe(text.split('\n')[d.line! - 1]!.indexOf('进一步加强') + 1);
  });

  it('weights that do not add up to indicators.yaml’s weights_total are an error at the list', async () => {
    const text = edit('value: 90, standard: 抽样调查，达到得满分, weight: 10', 'value: 90, standard: 抽样调查，达到得满分, weight: 15');
    const out = await gridBuild(text);
    const d = out.diagnostics.find((x) => x.code === 'check.indicator_weights')!;
    expect(d.severity).toBe('error');
    expect(d.message).toContain('105');
    expect(d.line).toBe(lineOf(text, '- { level1: 产出指标, level2: 数量指标, name: 办理基本医疗 IC 卡数量'));
  });

  it('a 二级 name not in the year’s catalogue is a warning with did-you-mean', async () => {
    const text = edit('level2: 质量指标, name: 医疗 IC 卡个人覆盖率', 'level2: 质量指针, name: 医疗 IC 卡个人覆盖率');
    const out = await gridBuild(text);
    const d = out.diagnostics.find((x) => x.code === 'check.indicator_level2_unknown')!;
    expect(d).toMatchObject({ severity: 'warning', line: lineOf(text, '质量指针') });
    expect(d.hint).toContain('是不是“质量指标”');
    // a warning: the table is still printed, with the name as written
    expect(texts(sectionTable(out.ir!, '项目支出绩效目标表（基本医疗 IC 卡工本费）')).flat()).toContain('质量指针');
  });

  it('a project without performance data: warning, and its table is left out', async () => {
    const start = gridText.indexOf('    performance:\n      name: 退休人员认证费');
    expect(start).toBeGreaterThan(0);
    const end = gridText.indexOf('  - name: 办公设备购置费');
    const text = gridText.slice(0, start) + gridText.slice(end);
    const out = await gridBuild(text);
    const d = out.diagnostics.find((x) => x.code === 'check.performance_missing')!;
    expect(d).toMatchObject({ severity: 'warning', line: lineOf(text, '- name: 退休人员认证') });
    const titles = out
      .ir!.sections.flatMap((s) => s.blocks)
      .filter((b) => b.kind === 'heading')
      .map((h) => (h.kind === 'heading' ? h.text : ''));
    expect(titles.filter((t) => t.startsWith('项目支出绩效目标表（'))).toHaveLength(3);
    expect(titles.some((t) => t.includes('退休人员认证'))).toBe(false);
  });

  it('a fund split that does not add up to the project’s amount is an error at funds', async () => {
    const text = edit('funds: { carryover: 5 }', 'funds: { fiscal: 20, carryover: 5 }');
    const out = await gridBuild(text);
    expect(out.diagnostics.find((x) => x.code === 'check.project_funds')).toMatchObject({ severity: 'error', line: lineOf(text, 'funds: { fiscal: 20') });
  });

  it('a mistake inside an indicator is reported at its node', async () => {
    const text = edit('name: 医疗 IC 卡个人覆盖率, unit: "%", kind: ≥, value: 90,', 'name: 医疗 IC 卡个人覆盖率, unit: "%", kind: ≥, valeu: 90,');
    const out = await gridBuild(text);
    expect(out.diagnostics.map((x) => x.code)).toContain('schema.unknown_key');
    expect(out.diagnostics.every((x) => x.line === lineOf(text, 'valeu'))).toBe(true);
  });

  it('head rows that do not fill the grid are a located template error', () => {
    const text = readFileSync(join(builtinTemplates, 'tables/performance-university.yaml'), 'utf8').replace(
      '{ field: project, span: 2 }',
      '{ field: project }',
    );
    const { layout, source } = parseLayout(text, 'bad.yaml');
    const ds = checkGridLayout(layout, source, 'zh');
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ code: 'template.invalid_value', line: text.split('\n').findIndex((l) => l.includes('{ field: project }')) + 1 });
  });
});

it('the sample builds as before, without performance diagnostics', async () => {
  const out = await build({ file: samplePath, text: sampleText, templates: await loadTemplateSet(), render: false });
  expect(out.diagnostics.filter((d) => d.code.includes('indicator') || d.code.includes('performance'))).toEqual([]);
});
