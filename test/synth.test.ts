// The synthetic department generator: deterministic per seed, and valid.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { synthDepartment, mulberry32 } from '../src/synth/generate.js';
import { build } from '../src/build.js';
import { Money, sum } from '../src/model/money.js';
import { loadTemplateSet } from '../src/templates/load.js';

describe('synthDepartment', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(synthDepartment(42)).toBe(synthDepartment(42));
    expect(synthDepartment(42, { projects: 5 })).toBe(synthDepartment(42, { projects: 5 }));
    expect(synthDepartment(42)).not.toBe(synthDepartment(43));
    const r = mulberry32(7);
    const xs = [r(), r(), r()];
    const r2 = mulberry32(7);
    expect([r2(), r2(), r2()]).toEqual(xs);
  });

  it('honours the project count and uses ≤ 2 decimals', () => {
    for (const k of [0, 10, 80]) {
      const d = parse(synthDepartment(9, { projects: k }));
      expect(d.projects).toHaveLength(k);
      const amounts = JSON.stringify(d).match(/"amount":-?\d+(\.\d+)?/g) ?? [];
      for (const a of amounts) expect(a.split('.')[1]?.length ?? 0).toBeLessThanOrEqual(2);
    }
  });

  it('validates: schema and every consistency rule, no errors', async () => {
    const templates = await loadTemplateSet();
    let funds = 0;
    let business = 0;
    for (const [seed, projects] of [
      [1, undefined],
      [2, 0],
      [3, 80],
      [4, undefined],
      [5, 3],
      [6, undefined],
      [7, undefined],
      [8, 40],
    ] as const) {
      const text = synthDepartment(seed, projects === undefined ? {} : { projects });
      if (/government_fund/.test(text)) funds++;
      if (/fund: business/.test(text)) business++;
      const r = await build({ file: `dept-${seed}.yaml`, text, templates, render: false });
      expect(
        r.diagnostics.filter((d) => d.severity === 'error'),
        `seed ${seed}`,
      ).toEqual([]);
      // every income source pays for exactly the rows that name it
      expect(
        r.diagnostics.filter((d) => d.code === 'check.source_unbalanced'),
        `seed ${seed}`,
      ).toEqual([]);
      // and 第三部分 has last year's figure for each of them
      expect(
        r.diagnostics.filter((d) => d.code === 'check.income_unexplained'),
        `seed ${seed}`,
      ).toEqual([]);
    }
    expect(funds).toBeGreaterThan(0);
    expect(business).toBeGreaterThan(0);
  }, 30_000);

  it('gets every source of its income explained in 第三部分, the parts adding up to the whole', async () => {
    // seed 2 has 一般公共预算, 政府性基金 and 事业收入
    const text = synthDepartment(2, { projects: 2 });
    expect(text).toMatch(/fund: business/);
    const r = await build({ file: 'dept-2.yaml', text, templates: await loadTemplateSet(), render: false, keepIr: true });
    // the blocks of 第三部分 二, as text: its opening sentence, then one paragraph per source
    const texts = r.ir!.sections.flatMap((s) => s.blocks).map((b) => (b.kind === 'paragraph' ? b.runs.map((x) => x.text).join('') : b.kind));
    const at = texts.findIndex((p) => /收入预算 [\d.]+ 万元，其中：$/.test(p));
    const end = texts.indexOf('heading', at);
    const whole = new Money(/收入预算 ([\d.]+) 万元/.exec(texts[at]!)![1]!);
    const parts = texts.slice(at + 1, end).map((p) => /^(\S+?) ([\d.]+) 万元，占 [\d.]+%，比上年(?:增加|减少|持平)/.exec(p));
    expect(parts).not.toContain(null);
    expect(parts.map((m) => m![1])).toEqual(['一般公共预算', '政府性基金预算', '事业收入']);
    expect(sum(parts.map((m) => new Money(m![2]!))).equals(whole)).toBe(true);
  }, 30_000);
});
