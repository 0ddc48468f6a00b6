// npm run bench [-- --count N] [--jobs J] [--sizes 100,2000] [--no-soffice] [--keep]
// npm run bench -- --queue [--count N]: the local batch against BullMQ workers over Redis (bench/queue.ts), N default 200
// npm run bench -- --compare REF [--rounds R] [--count N]: this tree against a git ref, alternating (bench/compare.ts), N default 8
//
// One run measures, on seeded synthetic departments through the batch builder:
//   1. throughput on N sample-sized departments (4 projects, like the sample), PDF + DOCX;
//   2. LibreOffice converting the DOCX of step 1 to PDF in one call (when installed);
//   3. time against department size (10 vs 80 projects);
//   4. worker memory against batch size (each size in --sizes, sample-sized);
//   5. a single cold `npm start`, seven times;
//   6. our warm PDF per page against Typst's on the same documents (bench/typst.ts; --no-typst skips it).
// Figures are wall-clock on whatever else the machine is doing: run it on a quiet one.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { runBatch, type Summary } from '../src/batch/run-batch.js';
import { writeSynth, type ProjectCount } from '../src/synth/cli.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '40' },
    jobs: { type: 'string', default: '2' },
    sizes: { type: 'string', default: '' },
    'no-soffice': { type: 'boolean', default: false },
    'no-typst': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    queue: { type: 'boolean', default: false },
    compare: { type: 'string' },
    rounds: { type: 'string', default: '3' },
  },
});
const count = Number(values.queue && !process.argv.includes('--count') ? '200' : values.count);
const jobs = Number(values.jobs);
const sizes = values.sizes ? values.sizes.split(',').map(Number) : [];
const root = mkdtempSync(join(tmpdir(), 'disclosure-bench-'));
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const rows: [string, string][] = [];
const section = (title: string) => rows.push([`— ${title}`, '']);
const SAMPLE_SIZED = 4;

async function run(label: string, n: number, seed: number, projects: ProjectCount): Promise<Summary> {
  const files = await writeSynth(join(root, `${label}-data`), n, seed, projects);
  const s = await runBatch({ files, outDir: join(root, `${label}-out`), formats: ['pdf', 'docx'], jobs });
  if (s.totals.failed) throw new Error(`${label}: ${s.totals.failed} failed: ${JSON.stringify(s.departments.find((d) => d.status === 'failed')?.diagnostics)}`);
  if (!values.keep) rmSync(join(root, `${label}-data`), { recursive: true, force: true });
  return s;
}

/** per worker thread: departments built, peak V8 heap + external, GC ms */
function workers(s: Summary) {
  const by = new Map<number, { peakHeap: number; maxRss: number; gcMs: number; n: number }>();
  for (const d of s.departments) {
    const w = d.worker ?? {};
    const k = w.threadId ?? -1;
    const cur = by.get(k) ?? { peakHeap: 0, maxRss: 0, gcMs: 0, n: 0 };
    by.set(k, { peakHeap: Math.max(cur.peakHeap, w.peakHeap ?? 0), maxRss: Math.max(cur.maxRss, w.maxRss ?? 0), gcMs: cur.gcMs + (w.gcMs ?? 0), n: cur.n + 1 });
  }
  return by;
}
const perDept = (s: Summary) => s.departments.reduce((a, d) => a + d.ms, 0) / s.departments.length;
const pagesPer = (s: Summary) => s.totals.pages / s.departments.length;

const table = (rs: [string, string][]) => {
  const body = rs.filter((r) => !r[0].startsWith('— '));
  const w0 = Math.max(...body.map((r) => r[0].length));
  const w1 = Math.max(...body.map((r) => r[1].length));
  return rs.map(([a, b]) => (a.startsWith('— ') ? a : `${a.padEnd(w0)}  ${b.padStart(w1)}`)).join('\n');
};
if (values.compare) {
  const { compare } = await import('./compare.js');
  const n = process.argv.includes('--count') ? count : 8;
  const rs = await compare({ ref: values.compare, rounds: Number(values.rounds), count: n, jobs, log: (l) => process.stderr.write(`${l}\n`) });
  process.stdout.write(
    `${table(rs)}\nnode ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} at the end\n`,
  );
  rmSync(root, { recursive: true, force: true });
  process.exit(0);
}
process.stderr.write(`bench: ${count} sample-sized departments, jobs ${jobs}, in ${root}\n`);
if (values.queue) {
  const { benchQueue } = await import('./queue.js');
  rows.push(...(await benchQueue(root, count)));
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  process.stdout.write(rows.map(([a, b]) => (a.startsWith('— ') ? a : `${a.padEnd(w0)}  ${b.padStart(w1)}`)).join('\n') + `\nnode ${process.version}\n`);
  if (!values.keep) rmSync(root, { recursive: true, force: true });
  process.exit(0);
}
const main = await run('main', count, 2020, SAMPLE_SIZED);
const secs = main.totals.ms / 1000;
section(`${count} sample-sized departments (${SAMPLE_SIZED} projects), PDF + DOCX, --jobs ${jobs}`);
rows.push(['pages per department', pagesPer(main).toFixed(1)]);
rows.push(['wall time', `${secs.toFixed(1)} s`]);
rows.push(['departments / s', (count / secs).toFixed(2)]);
rows.push(['ms / department (wall)', (main.totals.ms / count).toFixed(0)]);
rows.push(['ms / department in its worker (mean)', perDept(main).toFixed(0)]);
const mainWorkers = workers(main);
const gc = [...mainWorkers.values()].reduce((a, w) => a + w.gcMs, 0);
rows.push(['of which GC pauses (mean)', `${(gc / count).toFixed(0)} ms`]);
for (const [id, w] of mainWorkers) rows.push([`worker ${id}: departments / peak heap+external`, `${w.n} / ${mb(w.peakHeap)}`]);
rows.push(['process peak RSS (maxRSS, all threads)', mb(Math.max(...[...mainWorkers.values()].map((w) => w.maxRss)))]);

const soffice = values['no-soffice'] ? null : spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim();
if (soffice) {
  section('LibreOffice on the same DOCX (one soffice call, after its own start)');
  const outMain = join(root, 'main-out');
  const docx = readdirSync(outMain)
    .filter((n) => n.endsWith('.docx'))
    .map((n) => join(outMain, n));
  const tmp = join(root, 'soffice-pdf');
  const env = { ...process.env, HOME: join(root, 'lo-home') };
  // a first call creates LibreOffice's profile, as a warm server would have it
  execFileSync(soffice, ['--headless', '--convert-to', 'pdf', '--outdir', tmp, docx[0]!], { stdio: 'ignore', env });
  const t0 = performance.now();
  execFileSync(soffice, ['--headless', '--convert-to', 'pdf', '--outdir', tmp, ...docx], { stdio: 'ignore', env });
  const lo = (performance.now() - t0) / 1000;
  rows.push([`soffice DOCX→PDF, ${docx.length} files`, `${lo.toFixed(1)} s`]);
  rows.push(['soffice s / document', (lo / docx.length).toFixed(2)]);
  rows.push(['our PDF+DOCX throughput / soffice PDF throughput', `${(lo / secs).toFixed(2)} ×`]);
} else rows.push(['soffice', values['no-soffice'] ? 'skipped (--no-soffice)' : 'not installed (skipped)']);

section('time against department size (4 departments each)');
const p10 = await run('p10', 4, 10, 10);
const p80 = await run('p80', 4, 80, 80);
rows.push(['10 projects: ms / department (pages)', `${perDept(p10).toFixed(0)} (${pagesPer(p10).toFixed(0)})`]);
rows.push(['80 projects: ms / department (pages)', `${perDept(p80).toFixed(0)} (${pagesPer(p80).toFixed(0)})`]);
rows.push(['ms per page, 10 → 80 projects', `${(perDept(p10) / pagesPer(p10)).toFixed(1)} → ${(perDept(p80) / pagesPer(p80)).toFixed(1)}`]);

for (const n of sizes) {
  section(`memory against batch size: ${n} sample-sized departments`);
  const s = await run(`n${n}`, n, 7000 + n, SAMPLE_SIZED);
  const w = workers(s);
  rows.push(['departments / s', (n / (s.totals.ms / 1000)).toFixed(2)]);
  rows.push(['peak heap+external per worker', [...w.values()].map((x) => mb(x.peakHeap)).join(', ')]);
  rows.push(['process peak RSS', mb(Math.max(...[...w.values()].map((x) => x.maxRss)))]);
  if (!values.keep) rmSync(join(root, `n${n}-out`), { recursive: true, force: true });
}

// The README's first command, as a clerk runs it: npm, the CLI, the sample; its
// own process each time, so every run is cold (the OS's file cache stays warm).
section('a single cold `npm start` (the sample, PDF + DOCX), 7 runs');
const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const starts: number[] = [];
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  const r = spawnSync('npm', ['start'], { cwd: projectRoot, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`npm start failed (exit ${r.status})`);
  starts.push(performance.now() - t0);
}
starts.sort((a, b) => a - b);
rows.push([
  'wall time: median (fastest, slowest)',
  `${(starts[3]! / 1000).toFixed(2)} s (${(starts[0]! / 1000).toFixed(2)}, ${(starts[6]! / 1000).toFixed(2)})`,
]);

if (!values['no-typst']) {
  const { compareWithTypst } = await import('./typst.js');
  const { loadTemplateSet } = await import('../src/templates/load.js');
  const files = await writeSynth(join(root, 'typst-data'), 8, 2026, SAMPLE_SIZED);
  const t = await compareWithTypst(files, await loadTemplateSet(), 2);
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const perPage = (s: { ms: number[]; cpuMs: number[]; pages: number[] }, k: 'ms' | 'cpuMs') => med(s[k].map((x, i) => x / s.pages[i]!));
  section(`warm PDF per page against Typst ${t.version} (in-process, same documents from our IR, same fonts; ${t.departments} departments, alternating)`);
  rows.push(["pages: ours / Typst's (Typst breaks lines and pages by its own rules)", `${med(t.ours.pages)} / ${med(t.typst.pages)}`]);
  rows.push(['our PDF: ms per page, wall (CPU)', `${perPage(t.ours, 'ms').toFixed(1)} (${perPage(t.ours, 'cpuMs').toFixed(1)})`]);
  rows.push(['Typst, memo cache kept: ms per page, wall (CPU)', `${perPage(t.typst, 'ms').toFixed(1)} (${perPage(t.typst, 'cpuMs').toFixed(1)})`]);
  rows.push([
    'Typst, memo cache cleared: ms per page, wall (CPU)',
    `${perPage(t.typstCleared, 'ms').toFixed(1)} (${perPage(t.typstCleared, 'cpuMs').toFixed(1)})`,
  ]);
  rows.push([
    'ours / Typst per page, wall: cache kept, cleared',
    `${(perPage(t.ours, 'ms') / perPage(t.typst, 'ms')).toFixed(2)} ×, ${(perPage(t.ours, 'ms') / perPage(t.typstCleared, 'ms')).toFixed(2)} ×`,
  ]);
  rows.push([
    'ours / Typst per page, CPU: cache kept, cleared',
    `${(perPage(t.ours, 'cpuMs') / perPage(t.typst, 'cpuMs')).toFixed(2)} ×, ${(perPage(t.ours, 'cpuMs') / perPage(t.typstCleared, 'cpuMs')).toFixed(2)} ×`,
  ]);
}

const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
const line = `+${'-'.repeat(w0 + 2)}+${'-'.repeat(w1 + 2)}+`;
process.stdout.write(
  [line, ...rows.map(([a, b]) => (a.startsWith('— ') ? `| ${a.padEnd(w0 + w1 + 3)} |` : `| ${a.padEnd(w0)} | ${b.padStart(w1)} |`)), line].join('\n') + '\n',
);
process.stdout.write(
  `node ${process.version}, jobs ${jobs}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} at the end\n`,
);
if (!values.keep) rmSync(root, { recursive: true, force: true });
