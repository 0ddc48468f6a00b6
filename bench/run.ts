// npm run bench [-- --count N] [--jobs J] [--no-soffice]
// Synthetic departments through runBatch: throughput, ms/document, worker memory,
// 10 vs 80 projects, and (when installed) LibreOffice DOCX→PDF for comparison.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runBatch, type Summary } from '../src/batch/run-batch.js';
import { writeSynth } from '../src/synth/cli.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '40' },
    jobs: { type: 'string', default: '2' },
    'no-soffice': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const jobs = Number(values.jobs);
const root = mkdtempSync(join(tmpdir(), 'disclosure-bench-'));
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const rows: [string, string][] = [];

async function run(label: string, n: number, seed: number, projects?: number): Promise<Summary> {
  const files = await writeSynth(join(root, `${label}-data`), n, seed, projects);
  const s = await runBatch({ files, outDir: join(root, `${label}-out`), formats: ['pdf', 'docx'], jobs });
  if (s.totals.failed) throw new Error(`${label}: ${s.totals.failed} failed: ${JSON.stringify(s.departments.find((d) => d.status === 'failed')?.diagnostics)}`);
  return s;
}

process.stderr.write(`bench: ${count} departments, jobs ${jobs}, in ${root}\n`);
const main = await run('main', count, 2020);
const secs = main.totals.ms / 1000;
const built = main.departments;
const avgMs = built.reduce((s, d) => s + d.ms, 0) / built.length;
rows.push(['departments', String(count)]);
rows.push(['projects per department', '0–80 (random, seeded)']);
rows.push(['pages total', String(main.totals.pages)]);
rows.push(['wall time (PDF+DOCX)', `${secs.toFixed(1)} s`]);
rows.push(['departments / s', (count / secs).toFixed(2)]);
rows.push(['ms / document (wall, 2 docs per dept)', ((main.totals.ms / count) / 2).toFixed(0)]);
rows.push(['ms / department (in worker, mean)', avgMs.toFixed(0)]);
const byWorker = new Map<number, { peakHeap: number; maxRss: number; n: number }>();
for (const d of built) {
  const w = d.worker ?? {};
  const k = w.threadId ?? -1;
  const cur = byWorker.get(k) ?? { peakHeap: 0, maxRss: 0, n: 0 };
  byWorker.set(k, { peakHeap: Math.max(cur.peakHeap, w.peakHeap ?? 0), maxRss: Math.max(cur.maxRss, w.maxRss ?? 0), n: cur.n + 1 });
}
for (const [id, w] of byWorker) rows.push([`worker ${id}: depts / peak heap+external`, `${w.n} / ${mb(w.peakHeap)}`]);
rows.push(['process peak RSS (maxRSS, all threads)', mb(Math.max(...[...byWorker.values()].map((w) => w.maxRss)))]);

const p10 = await run('p10', 4, 10, 10);
const p80 = await run('p80', 4, 80, 80);
const per = (s: Summary) => s.departments.reduce((a, d) => a + d.ms, 0) / s.departments.length;
const pages = (s: Summary) => s.totals.pages / s.departments.length;
rows.push(['10 projects: ms / dept (pages)', `${per(p10).toFixed(0)} (${pages(p10).toFixed(0)})`]);
rows.push(['80 projects: ms / dept (pages)', `${per(p80).toFixed(0)} (${pages(p80).toFixed(0)})`]);
rows.push(['80 / 10 projects time', (per(p80) / per(p10)).toFixed(2)]);

const soffice = values['no-soffice'] ? null : spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim();
if (soffice) {
  const outMain = join(root, 'main-out');
  const docx = readdirSync(outMain).filter((n) => n.endsWith('.docx')).map((n) => join(outMain, n));
  const tmp = join(root, 'soffice-pdf');
  const t0 = performance.now();
  execFileSync(soffice, ['--headless', '--convert-to', 'pdf', '--outdir', tmp, ...docx], { stdio: 'ignore', env: { ...process.env, HOME: join(root, 'lo-home') } });
  const lo = (performance.now() - t0) / 1000;
  rows.push([`soffice DOCX→PDF (${docx.length} files, 1 call)`, `${lo.toFixed(1)} s`]);
  rows.push(['soffice s / doc', (lo / docx.length).toFixed(2)]);
  rows.push(['soffice time / our batch time (PDF+DOCX)', (lo / secs).toFixed(2)]);
} else rows.push(['soffice', values['no-soffice'] ? 'skipped (--no-soffice)' : 'not installed (skipped)']);

const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
const line = `+${'-'.repeat(w0 + 2)}+${'-'.repeat(w1 + 2)}+`;
process.stdout.write([line, ...rows.map(([a, b]) => `| ${a.padEnd(w0)} | ${b.padStart(w1)} |`), line].join('\n') + '\n');
process.stdout.write(`node ${process.version}, jobs ${jobs}\n`);
if (!values.keep) rmSync(root, { recursive: true, force: true });
