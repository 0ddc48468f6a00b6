// Batch builds on a worker pool: failures isolated, summary written, no partial files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { runBatch, type Summary } from '../src/batch/index.js';
import { sweepStaleTemps } from '../src/batch/run-batch.js';
import { writeSynth } from '../src/synth/cli.js';
import { Pool } from '../src/batch/pool.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const formats = existsSync(join(root, 'src/render/docx/index.ts')) ? (['pdf', 'docx'] as const) : (['pdf'] as const);
let dir: string;
let data: string;
let out: string;
let summary: Summary;
let files: string[];

const tmpFiles = (d: string) => readdirSync(d).filter((n) => n.endsWith('.tmp'));
const complete = (path: string) => {
  const b = readFileSync(path);
  if (path.endsWith('.pdf')) return b.subarray(0, 5).toString() === '%PDF-' && b.subarray(-1024).toString('latin1').includes('%%EOF');
  try {
    return Object.keys(unzipSync(b)).includes('word/document.xml');
  } catch {
    return false;
  }
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'batch-test-'));
  data = join(dir, 'data');
  out = join(dir, 'out');
  files = await writeSynth(data, 6, 3, 2);
  writeFileSync(join(data, 'broken-syntax.yaml'), 'department:\n  name: "未闭合\n  region: x\n');
  writeFileSync(join(data, 'broken-key.yaml'), readFileSync(files[0]!, 'utf8').replace('  region:', '  regoin:'));
  files = readdirSync(data).sort().map((n) => join(data, n));
  summary = await runBatch({ files, outDir: out, templateLayers: [], formats: [...formats], jobs: 2, lang: 'zh', strict: false, changedOnly: false });
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runBatch', () => {
  it('builds the good departments and reports the broken ones', () => {
    expect(summary.totals).toMatchObject({ departments: 8, built: 6, failed: 2 });
    const names = readdirSync(out).sort();
    for (let i = 1; i <= 6; i++) for (const f of formats) expect(names).toContain(`dept-000${i}.${f}`);
    expect(names.filter((n) => n.startsWith('broken'))).toEqual([]);
    expect(tmpFiles(out)).toEqual([]);
    for (const n of names.filter((n) => n !== 'summary.json')) expect(complete(join(out, n)), n).toBe(true);

    const written = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    const byName = Object.fromEntries(written.departments.map((d) => [d.name, d]));
    expect(byName['broken-syntax']!.status).toBe('failed');
    expect(byName['broken-syntax']!.diagnostics.some((d) => d.severity === 'error' && d.code.startsWith('yaml.'))).toBe(true);
    expect(byName['broken-key']!.status).toBe('failed');
    expect(byName['broken-key']!.diagnostics.map((d) => d.code)).toContain('schema.unknown_key');
    for (const d of written.departments.filter((d) => d.status === 'built')) {
      expect(d.pages).toBeGreaterThan(0);
      expect(d.bytes).toBeGreaterThan(0);
      expect(d.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('--changed skips unchanged departments and rebuilds a changed one', async () => {
    const edited = files.find((f) => f.endsWith('dept-0002.yaml'))!;
    writeFileSync(edited, readFileSync(edited, 'utf8').replace('other_matters: 无其他需说明的事项', 'other_matters: 无其他需说明的事项。'));
    const s = await runBatch({ files, outDir: out, formats: [...formats], jobs: 2, changedOnly: true });
    expect(s.totals).toMatchObject({ built: 1, skipped: 5, failed: 2 });
    expect(s.departments.find((d) => d.name === 'dept-0002')!.status).toBe('built');
  }, 60_000);

  it('rejects names that would leave the output folder, and duplicate names', async () => {
    const good = files.find((f) => f.endsWith('dept-0001.yaml'))!;
    cpSync(good, join(dir, '.hidden.yaml'));
    cpSync(good, join(dir, 'dept-0001.yaml'));
    const s = await runBatch({ files: [join(dir, '.hidden.yaml'), good, join(dir, 'dept-0001.yaml')], outDir: join(dir, 'o2'), jobs: 1, formats: ['pdf'], changedOnly: false });
    expect(s.departments.map((d) => d.status)).toEqual(['failed', 'built', 'failed']);
    expect(s.departments.map((d) => d.diagnostics.find((x) => x.severity === 'error')?.code)).toEqual(['batch.bad_name', undefined, 'batch.duplicate_name']);
    expect(readdirSync(join(dir, 'o2')).sort()).toEqual(['dept-0001.pdf', 'summary.json']);
  }, 30_000);

  it('leaves no temp file and no damaged output when killed midway', async () => {
    const out2 = join(dir, 'out-kill');
    cpSync(out, out2, { recursive: true });
    const before = new Map(readdirSync(out2).map((n) => [n, { bytes: readFileSync(join(out2, n)), mtime: statSync(join(out2, n)).mtimeMs }]));
    const more = await writeSynth(join(dir, 'more'), 6, 11, 2);
    const script = join(dir, 'child.mts');
    writeFileSync(
      script,
      `import { runBatch } from ${JSON.stringify(join(root, 'src/batch/run-batch.ts'))};\n` +
        `await runBatch({ files: ${JSON.stringify([...files.filter((f) => f.includes('dept-') && !f.endsWith('dept-0002.yaml')), ...more])}, outDir: ${JSON.stringify(out2)}, formats: ${JSON.stringify(formats)}, jobs: 2 });\n`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, stdio: 'ignore' });
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    const changed = () =>
      readdirSync(out2).some((n) => !n.endsWith('.tmp') && (!before.has(n) || statSync(join(out2, n)).mtimeMs !== before.get(n)!.mtime));
    const t0 = Date.now();
    while (!changed() && Date.now() - t0 < 40_000 && child.exitCode === null) await new Promise((r) => setTimeout(r, 10));
    expect(changed()).toBe(true);
    child.kill('SIGKILL');
    await exited;
    // A kill that lands inside a write can leave its hidden temp file (never a
    // final name); the next run sweeps temps whose process is gone.
    for (const n of tmpFiles(out2)) expect(n).toMatch(/^\..+\.\d+\.\d+\.tmp$/);
    await sweepStaleTemps(out2);
    expect(tmpFiles(out2)).toEqual([]);
    for (const [n, { bytes }] of before) expect(Buffer.compare(readFileSync(join(out2, n)), bytes), n).toBe(0);
    for (const n of readdirSync(out2).filter((n) => n !== 'summary.json')) expect(complete(join(out2, n)), n).toBe(true);
  }, 60_000);

  it('replaces a crashed worker and goes on with the batch', async () => {
    const w = join(dir, 'crashy.mjs');
    writeFileSync(
      w,
      `import { parentPort } from 'node:worker_threads';
parentPort.on('message', (job) => {
  if (job.file.includes('crash')) process.exit(3);
  parentPort.postMessage({ id: job.id, name: job.file, status: 'built', diagnostics: [], bytes: 1, ms: 1 });
});`,
    );
    const pool = new Pool({ size: 2, workerUrl: new URL(`file://${w}`) });
    const job = (id: number, file: string) => ({ id, file, outDir: dir, layers: [], formats: ['pdf' as const], lang: 'zh' as const, strict: false });
    const rs = await Promise.all(['a', 'crash1', 'b', 'crash2', 'c', 'd'].map((f, i) => pool.run(job(i, f))));
    await pool.close();
    expect(rs.map((r) => r.status)).toEqual(['built', 'failed', 'built', 'failed', 'built', 'built']);
    expect(rs[1]!.diagnostics[0]!.code).toBe('internal');
  });
});
