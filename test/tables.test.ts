// Each of the nine tables' IR against the rows of the reference disclosure.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentIR } from '../src/ir/types.js';
import { referenceText, rowText, sampleDocument, sampleText, tableAfter } from './helpers/sample.js';
import { build } from '../src/build.js';
import { loadTemplateSet } from '../src/templates/load.js';
import { headerRows } from '../src/tables/header.js';

let doc: DocumentIR;
beforeAll(async () => {
  doc = await sampleDocument();
});

const squeeze = (s: string) => s.replace(/\s+/g, '');

describe('header trees', () => {
  it('derive row and column spans', () => {
    const { rows, leaves } = headerRows([
      { label: 'A', children: [{ label: 'a1', children: [{ label: 'x' }, { label: 'y' }] }, { label: 'a2' }] },
      { label: 'B' },
    ]);
    expect(leaves.map((l) => l.label)).toEqual(['x', 'y', 'a2', 'B']);
    expect(rows[0]).toEqual([
      { text: 'A', align: 'center', colSpan: 3 },
      { text: 'B', align: 'center', rowSpan: 3 },
    ]);
    expect(rows[1]).toEqual([
      { text: 'a1', align: 'center', colSpan: 2 },
      { text: 'a2', align: 'center', rowSpan: 2 },
    ]);
    expect(rows[2]!.map((c) => c.text)).toEqual(['x', 'y']);
  });
});

describe('the nine tables of the sample', () => {
  it('every row spans exactly the table width', () => {
    for (const s of doc.sections)
      for (const b of s.blocks) {
        if (b.kind !== 'table') continue;
        const n = b.columns.length;
        const pending: number[] = new Array(n).fill(0);
        for (const row of b.rows) {
          let col = 0;
          for (const c of row) {
            while (col < n && pending[col]! > 0) col++;
            const span = c.colSpan ?? 1;
            for (let k = 0; k < span; k++) pending[col + k] = c.rowSpan ?? 1;
            col += span;
          }
          while (col < n && pending[col]! > 0) col++;
          expect(col).toBe(n);
          for (let k = 0; k < n; k++) pending[k] = Math.max(0, pending[k]! - 1);
        }
      }
  });

  const expectRows = (title: string, rows: string[]) => {
    const got = rowText(tableAfter(doc, title)).map(squeeze);
    for (const r of rows) expect(got).toContain(squeeze(r));
  };

  it('表一 部门收支总体情况表', () => {
    expectRows('部门收支总体情况表', [
      '财政拨款（补助） 482.04 201 一般公共服务支出',
      '用事业基金弥补收支差额 208 社会保障和就业支出 482.04',
      '233 债务发行费用支出',
      '小 计 482.04',
      '收 入 总 计 482.04 支 出 合 计 482.04',
    ]);
    const t = tableAfter(doc, '部门收支总体情况表');
    // 201 … 233 as the reference lists them (no 209, 218, 223, 225, 226, 228): 27 类 from the catalogue
    expect(t.rows.filter((r) => r.some((c) => /^2\d\d /.test(c.text)))).toHaveLength(27);
  });

  it('表二 部门收入总体情况表', () => {
    expectRows('部门收入总体情况表', [
      '208 社会保障和就业支出 482.04 482.04',
      '208 01 人力资源和社会保障管理事务 440.65 440.65',
      '208 01 01 行政运行 440.65 440.65',
      '208 05 05 机关事业单位基本养老保险支出 41.39 41.39',
      '合计 482.04 482.04',
    ]);
  });

  it('表二 puts each row under the income source that pays for it (fund:)', async () => {
    // the 养老 row paid from 事业收入 instead: its amount moves to that column, and the totals with it
    // (and 表六, 一般公共预算's basic expenditure by 经济分类, loses its 41.39)
    const text = sampleText
      .replace('  general_budget: 482.04 # 一般公共预算', '  general_budget: 440.65\n  business: 41.39')
      .replace('    name: 机关事业单位基本养老保险支出\n', '    name: 机关事业单位基本养老保险支出\n    fund: business\n')
      .replace('  - { code: "30108", name: 机关事业单位养老保险缴费, amount: 41.39 }\n', '');
    const r = await build({ file: 'business.yaml', text, templates: await loadTemplateSet(), render: false, keepIr: true });
    expect(r.diagnostics.filter((d) => d.severity === 'error' || d.code === 'check.source_unbalanced')).toEqual([]);
    const got = rowText(tableAfter(r.ir!, '部门收入总体情况表'));
    // columns: 总计, 一般公共预算拨款, 政府性基金, 财政专户, 事业收入, …
    const cells = (prefix: string) =>
      tableAfter(r.ir!, '部门收入总体情况表')
        .rows.find((row) =>
          row
            .map((c) => c.text)
            .join(' ')
            .startsWith(prefix),
        )!
        .map((c) => c.text);
    expect(cells('208 05 05').slice(2, 7)).toEqual(['41.39', '', '', '', '41.39']);
    expect(cells('208 01 01').slice(2, 7)).toEqual(['440.65', '440.65', '', '', '']);
    expect(got.map(squeeze)).toContain(squeeze('合计 482.04 440.65 41.39'));

    // income that no row names is a located error: 表一 and 表二 would print contradicting figures
    const off = await build({ file: 'off.yaml', text: text.replace('    fund: business\n', ''), templates: await loadTemplateSet(), render: false });
    const w = off.diagnostics.filter((d) => d.code === 'check.source_unbalanced');
    expect(w.map((d) => d.message)).toEqual([
      '收入来源“一般公共预算” 440.65 万元，而注明由它支付（fund: general_budget）的支出合计 482.04 万元',
      '收入来源“事业收入” 41.39 万元，而注明由它支付（fund: business）的支出合计 0 万元',
    ]);
    expect(w[1]).toMatchObject({ severity: 'error', file: 'off.yaml', line: 33 });
  });

  it('表三 and 表五 have the same rows', () => {
    const rows = [
      '208 社会保障和就业支出 482.04 443.30 38.74',
      '208 01 01 行政运行 440.65 401.91 38.74',
      '208 05 行政事业单位养老支出 41.39 41.39',
      '合计 482.04 443.30 38.74',
    ];
    expectRows('部门支出总体情况表', rows);
    expectRows('一般公共预算支出情况表', rows);
  });

  it('表四 财政拨款收支预算总体情况表', () => {
    expectRows('财政拨款收支预算总体情况表', [
      '财政拨款（补助） 482.04 201 一般公共服务支出',
      '208 社会保障和就业支出 482.04 482.04',
      '收 入 总 计 482.04 支 出 总 计 482.04 482.04',
    ]);
  });

  it('表六 一般公共预算基本支出情况表', () => {
    expectRows('一般公共预算基本支出情况表', [
      '301 工资福利支出 397.24 397.24',
      '301 02 津补贴 172.3 172.3',
      '302 商品和服务支出 14.5 14.5',
      '303 99 其他对个人和家庭补助支出 5.01 5.01',
      '合计 443.3 428.8 14.5',
    ]);
  });

  it('表七 项目支出情况表', () => {
    expectRows('项目支出情况表', [
      '208 社会保障和就业支出 业务经费 38.74 38.74',
      '208 01 01 人力资源和社会保障管理事务行政运行 办公补助经费 5.24 5.24',
      '合计 38.74 38.74',
    ]);
  });

  it('表八 三公 shows zeros', () => {
    expectRows('一般公共预算“三公”经费支出情况表', ['2.1 0 2.1 0 2.1 0']);
  });

  it('表九 is empty and carries its note', () => {
    const t = tableAfter(doc, '政府性基金预算支出情况表');
    expect(rowText(t).at(-1)).toBe('合计');
    const text = JSON.stringify(doc);
    expect(text).toContain('备注：和田市社会保险管理局 2020 年没有政府性基金预算支出。');
  });

  it('each table row of the reference is in the IR', () => {
    const all = doc.sections.flatMap((s) => s.blocks.filter((b) => b.kind === 'table').flatMap((b) => rowText(b as never))).map(squeeze);
    const joined = all.join('\n');
    // money rows of the reference (lines that end in an amount) appear whole in some table row
    const moneyLines = referenceText
      .split('\n')
      .map(squeeze)
      .filter((l) => /^(2\d\d|30\d)(\d\d)*[\u4e00-\u9fff（）]+[\d.]+$/.test(l));
    expect(moneyLines.length).toBeGreaterThan(15);
    const missing = moneyLines.filter((l) => !joined.includes(l));
    expect(missing).toEqual([]);
  });
});

describe('the narrative of the sample', () => {
  const text = () => JSON.stringify(doc);
  it('states computed figures', () => {
    expect(text()).toContain('占 91.96%');
    expect(text()).toContain('下降 42.93%');
    expect(text()).not.toContain('42.98');
    expect(text()).toContain('比上年减少 16.58 万元');
    expect(text()).toContain('（1）社会保障和就业支出（类）482.04 万元，占 100%');
  });
  it('numbers sections and tables by order', () => {
    expect(text()).toContain('十、其他重要事项的情况说明');
    expect(text()).toContain('（四）预算绩效情况');
    expect(text()).toContain('表九：');
  });
});
