// Where a department's time goes, stage by stage (src/engines/work-meter.ts):
//   npm run profile -- [--runs N] [data/file.yaml]
//       N warm builds (PDF + DOCX) in one thread, after one to warm up: wall and
//       this thread's CPU per stage, and the work counters per page;
//   npm run profile -- --batch [--count N] [--jobs J]
//       N seeded sample-sized synthetic departments through the batch (worker
//       threads, files written, summary), each metered in its worker, beside
//       the same departments built warm in this one thread: where a batch
//       department's time goes that the warm profile does not show;
//   npm run profile -- --counters [--write-baseline]
//       the work counters the guard holds (test/work-counters.test.ts), and
//       the committed baseline they are held to (bench/work-baseline.json).
// CPU is per thread (Linux: /proc/thread-self/schedstat), so it is not the
// machine's load; "waiting for a core" is that load. Add
// `node --cpu-prof --import tsx bench/profile-build.ts` for a V8 profile.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTemplateSet } from '../src/templates/load.js';
import { build } from '../src/build.js';
import { addSnapshot, startMeter, stopMeter, type WorkSnapshot } from '../src/engines/work-meter.js';
import { runBatch } from '../src/batch/run-batch.js';
import type { JobResult } from '../src/batch/types.js';
import { writeSynth } from '../src/synth/cli.js';
import { stageTable, type Column } from './work-table.js';
import { baselinePath, countedBuild, GUARDED } from './sample-work.js';

const { values, positionals } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    batch: { type: 'boolean', default: false },
    count: { type: 'string', default: '20' },
    jobs: { type: 'string', default: '2' },
    counters: { type: 'boolean', default: false },
    'write-baseline': { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const empty = (): WorkSnapshot => ({ stages: {}, counts: {} });
const templates = await loadTemplateSet();

/** Builds each file warm in this thread, metered; the first `skip` builds warm up and are not counted. */
async function warmColumn(title: string, files: string[], skip: number): Promise<Column> {
  const col: Column = { title, work: empty(), departments: 0, pages: 0 };
  for (const [i, file] of files.entries()) {
    const text = readFileSync(file, 'utf8');
    if (i >= skip) startMeter();
    const out = await build({ file, text, templates, formats: ['pdf', 'docx'] });
    if (i < skip) continue;
    addSnapshot(col.work, stopMeter());
    if (!out.pages) throw new Error(`${file}: ${out.diagnostics.map((d) => d.message).join('; ')}`);
    col.departments++;
    col.pages += out.pages;
  }
  return col;
}

if (values.counters || values['write-baseline']) {
  const c = await countedBuild();
  const baseline = (existsSync(baselinePath) ? JSON.parse(readFileSync(baselinePath, 'utf8')) : {}) as { perPage?: Record<string, number> };
  console.log(`counted department: ${c.pages} pages (bench/sample-work.ts); per page, against the baseline`);
  for (const [k, margin] of Object.entries(GUARDED)) {
    const now = c.perPage[k] ?? 0;
    const was = baseline.perPage?.[k];
    const ratio = was ? ` ${(now / was).toFixed(3)} × baseline (fails above ${(1 + margin).toFixed(2)})` : '';
    console.log(`  ${k.padEnd(16)} ${now.toPrecision(4).padStart(12)}${ratio}`);
  }
  if (values['write-baseline']) {
    const counts = Object.fromEntries(Object.keys(GUARDED).map((k) => [k, c.work.counts[k] ?? 0]));
    const perPage = Object.fromEntries(Object.keys(GUARDED).map((k) => [k, Number((c.perPage[k] ?? 0).toPrecision(4))]));
    writeFileSync(baselinePath, `${JSON.stringify({ node: process.version, pages: c.pages, counts, perPage }, null, 2)}\n`);
    console.log(`wrote ${baselinePath}`);
  }
} else if (values.batch) {
  const count = Number(values.count);
  const jobs = Number(values.jobs);
  const root = mkdtempSync(join(tmpdir(), 'disclosure-profile-'));
  try {
    const files = await writeSynth(join(root, 'data'), count, 2020, 4);
    const results: JobResult[] = [];
    startMeter();
    const t0 = performance.now();
    const summary = await runBatch({ files, outDir: join(root, 'out'), jobs, meter: true, onResult: (r) => results.push(r) });
    const wall = performance.now() - t0;
    const main = stopMeter();
    if (summary.totals.failed) throw new Error(`${summary.totals.failed} departments failed`);
    // each worker's first department loads modules, fonts and template set and warms the JIT
    const firsts = new Set<number>();
    const seen = new Set<number | undefined>();
    for (const r of [...results].sort((a, b) => (a.clock?.received ?? 0) - (b.clock?.received ?? 0))) {
      if (!seen.has(r.threadId)) firsts.add(r.id);
      seen.add(r.threadId);
    }
    const column = (title: string, rs: JobResult[]): Column => {
      const c: Column = { title, work: empty(), departments: rs.length, pages: 0, total: { ms: 0, cpuMs: 0 } };
      for (const r of rs) {
        addSnapshot(c.work, r.work ?? empty());
        c.pages += r.pages ?? 0;
        c.total!.ms += r.ms;
      }
      // a job's CPU outside its stages is not measured: its stages' sum stands for it
      c.total!.cpuMs = Object.entries(c.work.stages)
        .filter(([n]) => !n.includes('/'))
        .reduce((a, [, s]) => a + s.cpuMs, 0);
      return c;
    };
    const first = column(
      'batch 1st',
      results.filter((r) => firsts.has(r.id)),
    );
    const rest = column(
      'batch rest',
      results.filter((r) => !firsts.has(r.id)),
    );
    // the same departments in this thread, warm (the first two warm up)
    const warm = await warmColumn('warm 1 thread', files.slice(0, Math.min(files.length, 8)), 2);
    console.log(
      `${count} sample-sized synthetic departments, --jobs ${jobs}: ${(wall / 1000).toFixed(1)} s wall, ${(count / (wall / 1000)).toFixed(2)} departments/s`,
    );
    console.log(`"batch 1st": each worker's first department; "batch rest": the others; "warm 1 thread": 6 of them built again here, one at a time\n`);
    console.log(stageTable([first, rest, warm]));
    const transit = results.filter((r) => !firsts.has(r.id) && r.clock?.posted !== undefined && r.clock.returned !== undefined);
    const mean = (f: (r: JobResult) => number) => transit.reduce((a, r) => a + f(r), 0) / Math.max(1, transit.length);
    console.log(`\nbetween a worker and the batch (ms per department, mean of "batch rest"):`);
    console.log(`  job posted → received by its worker   ${mean((r) => r.clock!.received - r.clock!.posted!).toFixed(1)}`);
    console.log(`  job done → result back in the batch    ${mean((r) => r.clock!.returned! - r.clock!.received - r.ms).toFixed(1)}`);
    console.log(`\nthe batch's own thread (ms, whole batch):`);
    for (const [n, s] of Object.entries(main.stages))
      console.log(`  ${n.padEnd(28)} ${s.ms.toFixed(0).padStart(7)} wall ${s.cpuMs.toFixed(0).padStart(7)} cpu`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
} else {
  const file = positionals[0] ?? 'data/hotan-social-insurance-2020.yaml';
  const runs = Number(values.runs);
  const col = await warmColumn(
    'warm',
    Array.from({ length: runs + 1 }, () => file),
    1,
  );
  console.log(`${file}: ${(col.pages / col.departments).toFixed(0)} pages; mean of ${runs} warm builds (PDF + DOCX) in one thread\n`);
  console.log(stageTable([col]));
}
