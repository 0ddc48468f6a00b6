// The work counters of a build, as the guard (test/work-counters.test.ts) and
// `npm run profile -- --counters` measure them: in one thread, the sample built
// once to load and warm everything (modules, fonts, template set, the
// process's shaping cache), then a seeded synthetic department of the sample's
// size built with the meter on, the way a batch worker's second department is.
// Counts of work, not time: the same code gives the same counts on any machine,
// under any load (allocation moves a little with the JIT's state).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from '../src/build.js';
import { startMeter, stopMeter, type WorkSnapshot } from '../src/engines/work-meter.js';
import { synthDepartment } from '../src/synth/generate.js';
import { loadTemplateSet } from '../src/templates/load.js';

export const samplePath = fileURLToPath(new URL('../data/hotan-social-insurance-2020.yaml', import.meta.url));
export const baselinePath = fileURLToPath(new URL('./work-baseline.json', import.meta.url));
/** the department the counters are taken on: the bench's sample-sized synthetic department (4 projects) */
export const COUNTED_SEED = 2020 * 100003 + 1;

export interface Counted {
  /** counters per page of the metered build */
  perPage: Record<string, number>;
  pages: number;
  work: WorkSnapshot;
  files: { format: string; bytes: Uint8Array }[];
}

/** The counters the guard holds, and by how much each may grow over the baseline before it fails. */
export const GUARDED: Readonly<Record<string, number>> = {
  // exact counts of the layout's work: any growth is a change in how the layout runs
  'layout passes': 0.05,
  'texts measured': 0.05,
  'string widths': 0.05,
  'strings shaped': 0.1,
  // V8 allocation moves with the JIT's state and the GC's timing: a looser margin
  'bytes allocated': 0.25,
};

export async function countedBuild(): Promise<Counted> {
  const templates = await loadTemplateSet();
  const warm = await build({ file: samplePath, text: readFileSync(samplePath, 'utf8'), templates, formats: ['pdf', 'docx'] });
  if (!warm.files.length) throw new Error(`sample: ${warm.diagnostics.map((d) => d.message).join('; ')}`);
  const file = samplePath.replace(/[^/\\]+$/, 'counted-department.yaml');
  const text = synthDepartment(COUNTED_SEED, { projects: 4 });
  startMeter();
  const out = await build({ file, text, templates, formats: ['pdf', 'docx'] });
  const work = stopMeter();
  if (!out.pages) throw new Error(`counted department: ${out.diagnostics.map((d) => d.message).join('; ')}`);
  const perPage = Object.fromEntries(Object.entries(work.counts).map(([k, v]) => [k, v / out.pages!]));
  return { perPage, pages: out.pages, work, files: out.files };
}
