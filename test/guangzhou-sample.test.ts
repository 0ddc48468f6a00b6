// The 广州市信访局 2026 sample (data/guangzhou-petitions-bureau-2026, template-sets/guangzhou) against
// figures worked out by hand from the published document (../shared/real/guangzhou-petitions-bureau-2026.pdf):
// the built PDF must print them where the document prints them, row by row.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { builtinTemplates, loadTemplateSet } from '../src/templates/load.js';

const withPoppler = spawnSync('pdftotext', ['-v']).error === undefined || !!process.env.CI;
const FILE = 'data/guangzhou-petitions-bureau-2026/guangzhou-petitions-bureau-2026.yaml';

/** the PDF's text as pdftotext -layout reads it, each line without whitespace (as the real document's text is compared) */
let lines: string[] = [];
let flat = '';
let errors: string[] = [];
let warnings: string[] = [];

beforeAll(async () => {
  const templates = await loadTemplateSet([builtinTemplates, 'template-sets/guangzhou']);
  const out = await build({ file: FILE, text: readFileSync(FILE, 'utf8'), templates, formats: ['pdf'] });
  errors = out.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`);
  warnings = out.diagnostics.filter((d) => d.severity === 'warning').map((d) => `${d.code} ${d.message}`);
  const pdf = out.files.find((f) => f.format === 'pdf');
  if (!pdf || !withPoppler) return;
  const file = join(mkdtempSync(join(tmpdir(), 'guangzhou-')), 'gz.pdf');
  writeFileSync(file, pdf.bytes);
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  lines = text.split('\n').map((l) => l.replace(/\s+/g, ''));
  flat = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}, 180_000);

const row = (...cells: string[]) => cells.join('');

describe('广州市信访局 2026 sample', () => {
  it('builds without errors', () => {
    expect(errors).toEqual([]);
  });

  it("builds without warnings: the income's change stated in statements explains it (check.income_unexplained)", () => {
    expect(warnings).toEqual([]);
  });

  describe.skipIf(!withPoppler)('prints the published figures', () => {
    it('numbers pages from 第一部分 (the cover and the 目录 print none), as the document does', () => {
      expect(lines.filter((l) => l === '-1-')).toHaveLength(1);
      expect(lines.indexOf('第一部分广州市信访局概况')).toBeLessThan(lines.indexOf('-1-'));
      expect(lines.indexOf('目录')).toBeLessThan(lines.indexOf('第一部分广州市信访局概况'));
    });

    it('表3: the total row, 2,570.71 + 419.35 + 3.97 + 950.05 = 3,944.08, basic 3,204.78 and project 739.30', () => {
      expect(lines).toContain(row('合计', '3,944.08', '3,204.78', '739.30', '0.00', '0.00', '0.00'));
    });

    it('表3 and 表5: 类 208 as published (419.35), though its 项 123.54 + 199.06 + 96.76 add to 419.36', () => {
      expect(lines).toContain(row('208', '社会保障和就业支出', '419.35', '419.35', '0.00', '0.00', '0.00', '0.00'));
      expect(lines).toContain(row('[208]社会保障和就业支出', '419.35', '419.35', '0.00'));
      expect(lines).toContain(row('[20805]行政事业单位养老支出', '419.35', '419.35', '0.00'));
    });

    it('表1: income and expenditure balance at 3,944.08, 结转结余下年 0.00', () => {
      expect(lines).toContain(row('本年收入合计', '3,944.08', '本年支出合计', '3,944.08'));
      expect(lines).toContain(row('上年结转结余', '0.00', '结转结余下年', '0.00'));
      expect(lines).toContain(row('八、社会保障和就业支出', '419.35'));
    });

    it('表7: 类 302 is the sum of its 款 (730.00), 项目支出 739.30 in all', () => {
      expect(lines).toContain(row('[302]商品和服务支出', '730.00'));
      expect(lines).toContain(row('[310]资本性支出', '9.30'));
      expect(lines).toContain(row('合计', '739.30'));
    });

    it('表8: 行政经费 and “三公” 4.80 = 0 + 2.50 + 2.30, all 一般公共预算', () => {
      expect(lines).toContain(row('行政经费', '444.39', '444.39', '0.00', '0.00'));
      expect(lines).toContain(row('“三公”经费', '4.80', '4.80', '0.00', '0.00'));
    });

    it('表11 and 表12: the 本级 row and the projects, 99 + 145 + 28 + 45 + 252.28 + 100 + 40.41 + 5 + 24.61 = 739.30', () => {
      expect(lines).toContain(row('广州市信访局（本级）', '3,204.78', '3,204.78', '3,204.78', '0.00', '0.00', '0.00', '0.00'));
      expect(lines).toContain(row('广州市信访局', '739.30', '739.30', '739.30', '0.00', '0.00', '0.00', '0.00'));
      expect(lines).toContain(
        row('机构运行辅助经费', '28.00', '28.00', '28.00', '0.00', '0.00', '0.00', '0.00', '根据相关文件，用于解决我局后勤服务人员不足问题。'),
      );
    });

    it('第三部分: the stated changes, 三公 4.8 (−1, 17.2%) and 委托业务费 478.2 = 36.00 + 442.20', () => {
      expect(flat).toContain('财政拨款安排“三公”经费4.8万元，比上年减少1万元，下降17.2%');
      expect(flat).toContain(
        '公务用车购置及运行维护费2.5万元（公务用车购置费0万元，比上年增加0万元；公务用车运行维护费2.5万元，比上年减少1万元。）比上年减少1万元，下降28.6%',
      );
      expect(flat).toContain('安排委托业务费478.2万元，比上年增加49.27万元，增长11.5%');
      expect(flat).toContain('政府采购安排625.65万元，其中：货物类采购预算20.95万元，工程类采购预算18万元，服务类采购预算586.7万元等。');
    });

    it('第三部分七: only the 重点项目 the data names, with its amount and goal', () => {
      const part7 = flat.split('本部门重点项目绩效目标情况如下：')[1]!.split('第四部分')[0]!;
      expect(part7).toContain('云客服服务外包项目');
      expect(part7).toContain('252.28');
      expect(part7).toContain('组建专业的客服服务团队，利用通信网络');
      expect(part7).not.toContain('物业管理费');
      // a table inside the text: no 单位名称 / 单位 line above it (layout `info: none`)
      expect(part7).not.toMatch(/单位名称：|编制部门：/);
    });
  });
});
