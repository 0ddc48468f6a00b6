// The eastern 9-table set (template-sets/eastern, grid layouts only) over two
// departments: the street office of data/street-office-2025 (元, three units,
// a reserve type, 国有资本经营预算) and the 万元 sample. Every expected figure
// below was worked out by hand from the YAML, not with the code under test.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unzipSync, strFromU8 } from 'fflate';
import { build, type BuildOutput } from '../src/build.js';
import { builtinTemplates, loadTemplateSet, type TemplateSet } from '../src/templates/load.js';
import { parseYamlSource } from '../src/source/yaml-source.js';
import { validateDepartment } from '../src/model/validate.js';
import { loadCatalogue } from '../src/catalogue/catalogue.js';
import { deriveFigures } from '../src/figures/derive.js';
import type { DocumentIR, Table, TableOfContents } from '../src/ir/types.js';
import { pdfPages } from './helpers/pdf-text.js';
import { samplePath, sampleText } from './helpers/sample.js';

const easternDir = fileURLToPath(new URL('../template-sets/eastern/', import.meta.url));
const streetPath = fileURLToPath(new URL('../data/street-office-2025/street-office-2025.yaml', import.meta.url));
const streetText = readFileSync(streetPath, 'utf8');
const squeeze = (s: string) => s.replace(/\s+/g, '');
const fileOf = (o: BuildOutput, f: 'pdf' | 'docx') => o.files.find((x) => x.format === f)!.bytes;
const docxText = (bytes: Uint8Array) =>
  [...strFromU8(unzipSync(bytes)['word/document.xml']!).matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

/** The IR table under the heading whose text contains `title`. */
function table(ir: DocumentIR, title: string): Table {
  for (const s of ir.sections) {
    const i = s.blocks.findIndex((b) => b.kind === 'heading' && b.text.includes(title));
    if (i < 0) continue;
    const t = s.blocks.slice(i + 1).find((b): b is Table => b.kind === 'table' && b.borders !== 'none');
    if (t) return t;
  }
  throw new Error(`no table ${title}`);
}
/** a body row's cells (header rows left out), the row found by its first cells */
const cells = (t: Table) => t.rows.slice(t.headerRows).map((r) => r.map((c) => c.text));
const rowStarting = (t: Table, ...first: string[]) => cells(t).find((r) => first.every((f, i) => r[i] === f));
/** the notes and paragraphs after a table's heading, as text */
function textAfter(ir: DocumentIR, title: string): string {
  for (const s of ir.sections) {
    const i = s.blocks.findIndex((b) => b.kind === 'heading' && b.text.includes(title));
    if (i >= 0)
      return s.blocks
        .slice(i + 1)
        .map((b) => ('runs' in b ? b.runs.map((r) => r.text).join('') : ''))
        .join('\n');
  }
  return '';
}
const narrative = (ir: DocumentIR) =>
  ir.sections.flatMap((s) => s.blocks.map((b) => ('runs' in b ? b.runs.map((r) => r.text).join('') : b.kind === 'heading' ? b.text : ''))).join('\n');

describe('the eastern set over the street office (元, three units)', () => {
  let t: TemplateSet;
  let out: BuildOutput;
  let ir: DocumentIR;
  let text: string;
  beforeAll(async () => {
    t = await loadTemplateSet([builtinTemplates, easternDir]);
    out = await build({ file: streetPath, text: streetText, templates: t, keepIr: true, render: false });
    ir = out.ir!;
    text = narrative(ir);
  }, 60_000);

  it('prints the 部门整体支出绩效目标表 and a continuous-grid table for the one project with goals, numbered like the others', () => {
    const whole = table(ir, '部门整体支出绩效目标表');
    const rows = whole.rows.map((r) => r.map((c) => c.text));
    // funds by type, in 万元 as the form prints them: 28,159,655.39 元 in all, of which 19,329,272.84 基本
    // and 8,473,582.55 项目 (summed from the YAML's rows by hand; the rest is the reserve type)
    expect(rows[0]).toEqual(['部门（单位）名称', '滨江区望川路街道办事处', '单位编码', '']);
    expect(rows.find((r) => r.includes('资金总额'))).toEqual(['年度预算资金（万元）', '资金总额', '2815.97']);
    expect(rows.find((r) => r.includes('基本支出'))).toEqual(['基本支出', '1932.93']);
    expect(rows.find((r) => r.includes('项目支出'))).toEqual(['项目支出', '847.36']);
    expect(rows.find((r) => r.includes('窗口事项一次办结率'))).toEqual(['质量指标', '窗口事项一次办结率', '≥', '95', '%', '']);
    const project = table(ir, '项目支出绩效目标表（社区自治共治项目）');
    const prow = project.rows.map((r) => r.map((c) => c.text));
    // 1,126,400 元 of 302 = 112.64 万元, all 财政拨款
    expect(prow.find((r) => r.includes('年度资金总额'))).toEqual(['项目资金（万元）', '年度资金总额', '112.64']);
    expect(prow.find((r) => r.includes('资助居民区自治项目数'))).toEqual(['产出指标', '数量指标', '资助居民区自治项目数', '', '', '个', '≥', '≥26', '', '']);
    // projects without goals get no table and no notice (layout projects: with_performance)
    expect(ir.sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'heading' && b.text.startsWith('项目支出绩效目标表'))).toHaveLength(1);
    const labels = ir.sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'paragraph' && /^公开1[23]表/.test(b.runs.map((r) => r.text).join('')));
    expect(labels).toHaveLength(2);
  });

  it('checks clean: no error, no warning', () => {
    expect(out.diagnostics).toEqual([]);
  });

  it('prints the total in 元 with separators, income = expenditure (收支总表 pinned rows side by side)', () => {
    const s = table(ir, '部门收支总表');
    expect(rowStarting(s, '本年收入合计')).toEqual(['本年收入合计', '28,159,655.39', '本年支出合计', '28,159,655.39']);
    expect(rowStarting(s, '上年结转')).toEqual(['上年结转', '', '结转下年', '']);
    expect(cells(s).at(-1)).toEqual(['收入总计', '28,159,655.39', '支出总计', '28,159,655.39']);
    // 国有资本经营预算 income on the left, 类 223 on the right
    expect(rowStarting(s, '三、国有资本经营预算')).toEqual(['三、国有资本经营预算', '184,360.00', '三、卫生健康支出', '1,037,446.64']);
  });

  it('ordinal 类 names (一、…) in 收支总表; whole codes (2010301) in 支出总表', () => {
    const s = table(ir, '部门收支总表');
    expect(
      cells(s)
        .map((r) => r[2])
        .filter((x) => /^[一二三四五六七八九十]+、/.test(x!)),
    ).toEqual([
      '一、一般公共服务支出',
      '二、社会保障和就业支出',
      '三、卫生健康支出',
      '四、城乡社区支出',
      '五、住房保障支出',
      '六、国有资本经营预算支出',
      '七、其他支出',
    ]);
    const e = table(ir, '部门支出总表');
    expect(
      cells(e)
        .map((r) => r[0])
        .slice(0, 5),
    ).toEqual(['201', '20103', '2010301', '2010302', '2010350']);
  });

  it('a 类 row and the reserve type column (单位预留机动经费) of 支出总表', () => {
    const e = table(ir, '部门支出总表');
    // 201: basic 8,362,415.37 + 2,937,154.62; project 1,286,500 + 418,275.30; reserve 356,800
    expect(rowStarting(e, '201')!.slice(2)).toEqual(['13,361,145.29', '11,299,569.99', '1,704,775.30', '356,800.00']);
    expect(e.rows[0]!.map((c) => c.text)).toContain('单位预留机动经费');
    expect(cells(e).at(-1)!.filter(Boolean)).toEqual(['合计', '28,159,655.39', '19,329,272.84', '8,473,582.55', '356,800.00']);
  });

  it("a unit's row (所属单位预算表)", () => {
    const u = table(ir, '部门所属单位预算表');
    expect(rowStarting(u, '218002')).toEqual(['218002', '滨江区望川路街道社区事务受理服务中心', '事业', '4,294,676.39', '3,876,401.09', '418,275.30', '']);
    expect(rowStarting(u, '218003')).toEqual(['218003', '滨江区望川路街道城市运行管理中心', '参公', '7,057,662.96', '4,196,132.19', '2,861,530.77', '']);
  });

  it('the first row of 一般公共预算支出表 is its total', () => {
    const g = table(ir, '一般公共预算支出表');
    // 28,159,655.39 − 250,000 (政府性基金) − 184,360 (国有资本经营)
    expect(cells(g)[0]!.filter(Boolean)).toEqual(['合计', '27,725,295.39', '19,329,272.84', '8,039,222.55', '356,800.00']);
    expect(cells(g)[1]![0]).toBe('201');
  });

  it('the state-capital table lists 2230105', () => {
    const s = table(ir, '国有资本经营预算支出表');
    // names indented by level with ideographic spaces (name: indent)
    expect(rowStarting(s, '2230105')!.filter(Boolean)).toEqual([
      '2230105',
      '\u3000'.repeat(4) + '国有企业退休人员社会化管理补助支出',
      '184,360.00',
      '184,360.00',
    ]);
    expect(rowStarting(s, '223')![1]).toBe('国有资本经营预算支出');
    expect(textAfter(ir, '国有资本经营预算支出表')).not.toContain('本表为空表');
  });

  it('三公 in one row, with 会议费/培训费/机关运行经费 columns of other kinds (multi-source columns)', () => {
    const tp = table(ir, '“三公”经费支出表');
    const body = cells(tp);
    expect(body).toHaveLength(1);
    // 合计 (printed before the 小计 it adds) 0 + 86,400 + 12,500; 机关运行经费: 公用经费 of 本级 (行政) 1,189,079.28 + 城运中心 (参公) 421,522.00
    expect(body[0]).toEqual(['滨江区望川路街道办事处', '98,900.00', '', '86,400.00', '', '86,400.00', '12,500.00', '38,600.00', '124,750.00', '1,610,601.28']);
  });

  it("机关运行经费 counts 行政 and 参公 units only, and last year's changes read in sentences", () => {
    // all 公用经费 (with the 事业 centre's 443,008.77) is 2,053,610.05; 机关运行经费 leaves it out
    expect(
      rowStarting(table(ir, '一般公共预算基本支出表'), '合计')?.filter(Boolean) ?? cells(table(ir, '一般公共预算基本支出表')).at(-1)!.filter(Boolean),
    ).toEqual(['合计', '19,329,272.84', '17,275,662.79', '2,053,610.05']);
    expect(text).toContain('机关运行经费预算 1,610,601.28 元，比2024年预算数增加 48,301.28 元，增长 3.09%');
    // 13,361,145.29 − 12,874,310.52 = 486,834.77; ÷ 12,874,310.52 = 3.78%; share 13,361,145.29 ÷ 28,159,655.39 = 47.45%
    expect(text).toContain('一般公共服务支出（类）13,361,145.29 元，占 47.45%，比2024年预算数增加 486,834.77 元，增长 3.78%。');
    // 210 stated at this year's amount: 持平; 223 stated as 0: 新增
    expect(text).toContain('卫生健康支出（类）1,037,446.64 元，占 3.68%，与2024年预算数持平。');
    expect(text).toContain('国有资本经营预算支出（类）184,360.00 元，占 0.65%，2024年未安排，为新增。');
    expect(text).toContain('国有资本经营预算 184,360.00 元，占 0.65%，2024年未安排，为新增，主要原因是新增国有企业退休人员社会化管理补助。');
    // 三公 as a whole against its four stated items of last year: 98,900 − 107,000
    expect(text).toContain('“三公”经费预算 98,900.00 元，比2024年预算数减少 8,100.00 元，下降 7.57%。');
    expect(text).toContain(
      '会议费 38,600.00 元，比2024年预算数减少 3,400.00 元，下降 8.1%；培训费 124,750.00 元，比2024年预算数增加 6,450.00 元，增长 5.45%。',
    );
    expect(text).toContain('单位预留机动经费 356,800.00 元，占 1.27%，比2024年预算数减少 43,200.00 元，下降 10.8%。');
    // a unit without a stated last year gets no comparison, and no dangling comma
    expect(text).toContain('滨江区望川路街道办事处 16,807,316.04 元；滨江区望川路街道社区事务受理服务中心 4,294,676.39 元，比2024年预算数增加 189,437.92 元');
  });

  it('labels 公开01表 … and a 目录 listing the tables under 第二部分, without page numbers', () => {
    const labels = ir.sections.flatMap((s) => s.blocks).filter((b) => 'runs' in b && /^公开\d\d表$/.test(b.runs.map((r) => r.text).join('')));
    expect(labels.map((b) => ('runs' in b ? b.runs.map((r) => r.text).join('') : ''))).toEqual(
      Array.from({ length: 13 }, (_, i) => `公开${String(i + 1).padStart(2, '0')}表`),
    );
    const toc = ir.sections.flatMap((s) => s.blocks).find((b): b is TableOfContents => b.kind === 'toc')!;
    expect(toc.pageNumbers).toBe(false);
    const entries = toc.entries!.map((e) => `${e.level}:${e.text}`);
    const part2 = entries.indexOf('1:第二部分 2025年部门预算表');
    expect(part2).toBeGreaterThan(0);
    expect(entries.slice(part2 + 1, part2 + 3)).toEqual(['2:2025年部门收支总表', '2:2025年部门收入总表']);
    // the eleven tables, the 部门整体 table and the one project's 绩效目标表
    expect(entries[part2 + 14]).toBe('1:第三部分 2025年部门预算情况说明');
  });
});

describe('the eastern set end to end (PDF and DOCX)', () => {
  let t: TemplateSet;
  let street: BuildOutput;
  let hotan: BuildOutput;
  beforeAll(async () => {
    t = await loadTemplateSet([builtinTemplates, easternDir]);
    [street, hotan] = await Promise.all([
      build({ file: streetPath, text: streetText, templates: t, keepIr: true }),
      build({ file: samplePath, text: sampleText, templates: t, keepIr: true }),
    ]);
  }, 60_000);

  it('builds both departments to PDF and DOCX; the 万元 sample prints in 元 exactly', async () => {
    for (const o of [street, hotan]) {
      expect(o.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(o.files.map((f) => f.format).sort()).toEqual(['docx', 'pdf']);
    }
    const pages = await pdfPages(fileOf(hotan, 'pdf'));
    const all = squeeze(pages.join('\n'));
    // 482.04 万元 → 4,820,400.00 元; 2080101: 401.91 + 38.74 = 440.65 万元 → 4,406,500.00 元, basic 4,019,100.00
    expect(all).toContain('收入总计4,820,400.00支出总计4,820,400.00');
    expect(all).toContain('2080101行政运行4,406,500.004,019,100.00387,400.00');
    // no 国有资本经营预算: its table is empty, with the note
    expect(all).toContain('和田市社会保险管理局2020年没有使用国有资本经营预算拨款安排的支出，本表为空表。');
    // no units, no reserve type, no meetings: no sentence about them, none half-written
    expect(all).not.toContain('按预算单位');
    expect(all).not.toContain('会议费和培训费预算情况');
    expect(all).not.toMatch(/元，。|，，|：。/);
    const docx = docxText(fileOf(street, 'docx'));
    expect(docx).toContain('28,159,655.39');
    expect(docx).toContain('公开07表');
  });

  it('table pages have no page-number footer; narrative pages do', async () => {
    const pages = await pdfPages(fileOf(street, 'pdf'));
    const tablePages = pages.filter((p) => /公开\d\d表/.test(p));
    expect(tablePages.length).toBeGreaterThanOrEqual(11);
    for (const p of tablePages) expect(p).not.toMatch(/-\s*\d+\s*-\s*$/);
    const explained = pages.find((p) => p.includes('按照全口径预算的原则'))!;
    expect(explained).toMatch(/-\s*\d+\s*-\s*$/);
    // part two is landscape (its title page and the tables)
    const part2 = street.ir!.sections.find((s) => s.blocks.some((b) => b.kind === 'heading' && b.text.startsWith('第二部分')))!;
    expect(part2.page.orientation).toBe('landscape');
  });
});

describe('grid and query fixes found on the way', () => {
  it("source: current is this year's income without 上年结转", async () => {
    const yaml = [
      'department: { name: 测试局, region: 和田市, year: 2020, date: 2020-07-20 }',
      'income: { general_budget: 100, carryover: 20 }',
      'expenditure:',
      '  - { code: "2080101", basic: 100 }',
      '  - { code: "2080102", project: 20, fund: carryover }',
      'basic_by_economic: [ { code: "30101", amount: 100 } ]',
    ].join('\n');
    const { source } = parseYamlSource('x.yaml', yaml);
    const { data } = validateDepartment(source!);
    const fig = deriveFigures(data!, await loadCatalogue(2020));
    expect(fig.facts.q({ kind: 'income', source: 'current' })!.toString()).toBe('100');
    expect(fig.facts.q({ kind: 'income' })!.toString()).toBe('120');
  });

  it('三公 as a whole last year is the sum of its four stated items (null when one is missing)', async () => {
    const base = [
      'department: { name: 测试局, region: 和田市, year: 2020, date: 2020-07-20 }',
      'income: { general_budget: 10 }',
      'expenditure: [ { code: "2080101", basic: 10 } ]',
      'basic_by_economic: [ { code: "30201", amount: 10 } ]',
    ];
    const figOf = async (lastYear: string) => {
      const yaml = [...base, `three_public: { overseas: 0, vehicle_purchase: 0, vehicle_operation: 2, reception: 1, last_year: ${lastYear} }`].join('\n');
      const { data } = validateDepartment(parseYamlSource('x.yaml', yaml).source!);
      return deriveFigures(data!, await loadCatalogue(2020));
    };
    const fig = await figOf('{ overseas: 1, vehicle_purchase: 0, vehicle_operation: 2.5, reception: 1 }');
    expect(fig.facts.q({ kind: 'three_public', year: 'last' })!.toString()).toBe('4.5');
    expect(fig.facts.chg({ kind: 'three_public' })!.diff.toString()).toBe('-1.5');
  });
});
