// The CI guard of issue 26 that is not a timed test: counts of a build's work
// (layout passes, texts measured, string widths, fontkit shapings, bytes
// allocated; bench/sample-work.ts), per page, held to the committed baseline
// (bench/work-baseline.json) with the margins in GUARDED. A change that makes
// the layout run more, measure more or allocate more fails here on any
// machine, however loaded; one that makes it do less asks for the baseline to
// be lowered, so the next regression is caught from there.
// Update: npm run profile -- --write-baseline (and say why in the commit).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { baselinePath, countedBuild, GUARDED, type Counted } from '../bench/sample-work.js';
import { build } from '../src/build.js';
import { synthDepartment } from '../src/synth/generate.js';
import { COUNTED_SEED, samplePath } from '../bench/sample-work.js';
import { loadTemplateSet } from '../src/templates/load.js';

const baseline = JSON.parse(readFileSync(baselinePath, 'utf8')) as { pages: number; perPage: Record<string, number> };
let counted: Counted;

beforeAll(async () => {
  counted = await countedBuild();
}, 120_000);

describe('work counters', () => {
  it('are counted: the meter sees the layout, the measuring, the shaping and the allocation', () => {
    expect(counted.work.counts['layout passes']).toBeGreaterThanOrEqual(1);
    for (const k of Object.keys(GUARDED)) expect(counted.perPage[k], k).toBeGreaterThan(0);
    for (const s of ['source', 'document', 'pdf', 'pdf/layout', 'pdf/draw', 'pdf/finish', 'docx']) expect(counted.work.stages[s]?.calls, s).toBeGreaterThan(0);
  });

  for (const [k, margin] of Object.entries(GUARDED)) {
    it(`${k} per page: at most ${Math.round(margin * 100)} % over the baseline`, () => {
      const now = counted.perPage[k]!;
      const was = baseline.perPage[k]!;
      expect(was, `${k} missing from ${baselinePath}`).toBeGreaterThan(0);
      expect(now / was, `${k}: ${now.toPrecision(4)} per page against ${was} (npm run profile -- --counters)`).toBeLessThanOrEqual(1 + margin);
      // much less work than the baseline: lower it, or the next regression hides in the slack
      expect(now / was, `${k} fell to ${now.toPrecision(4)} per page from ${was}: npm run profile -- --write-baseline`).toBeGreaterThanOrEqual(
        1 - 2 * margin - 0.05,
      );
    });
  }

  it('metering changes no byte of the files', async () => {
    const templates = await loadTemplateSet();
    const file = samplePath.replace(/[^/\\]+$/, 'counted-department.yaml');
    const plain = await build({ file, text: synthDepartment(COUNTED_SEED, { projects: 4 }), templates, formats: ['pdf', 'docx'] });
    expect(plain.files.map((f) => f.format)).toEqual(counted.files.map((f) => f.format));
    for (const [i, f] of plain.files.entries()) expect(Buffer.compare(Buffer.from(f.bytes), Buffer.from(counted.files[i]!.bytes)), f.format).toBe(0);
  }, 60_000);
});
