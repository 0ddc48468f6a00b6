// The synthetic department generator: deterministic per seed, and valid.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { synthDepartment, mulberry32 } from '../src/synth/generate.js';
import { build } from '../src/build.js';
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
    for (const [seed, projects] of [[1, undefined], [2, 0], [3, 80], [4, undefined], [5, 3], [6, undefined], [7, undefined], [8, 40]] as const) {
      const text = synthDepartment(seed, projects === undefined ? {} : { projects });
      if (/government_fund/.test(text)) funds++;
      if (/fund: business/.test(text)) business++;
      const r = await build({ file: `dept-${seed}.yaml`, text, templates, render: false });
      expect(r.diagnostics.filter((d) => d.severity === 'error'), `seed ${seed}`).toEqual([]);
      // every income source pays for exactly the rows that name it
      expect(r.diagnostics.filter((d) => d.code === 'check.source_unbalanced'), `seed ${seed}`).toEqual([]);
    }
    expect(funds).toBeGreaterThan(0);
    expect(business).toBeGreaterThan(0);
  }, 30_000);
});
