// Batch builds on a worker pool: failures isolated, summary written, no partial files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, cpSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { runBatch, type Summary } from '../src/batch/index.js';
import { sweepStaleTemps } from '../src/batch/run-batch.js';
import { writeSynth } from '../src/synth/cli.js';
import { Pool } from '../src/batch/pool.js';
import { main } from '../src/cli/main.js';

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

const GOOD = 18;
let exitCode: number;
let stdout = '';
let stderr = '';
const sink = (append: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => (append(String(chunk)), done()) });
/** 1-based line and column of the first match of `re` in `text` (its group 1 when it has one) */
const lineCol = (text: string, re: RegExp): [number, number] => {
  const m = re.exec(text)!;
  const at = m.index + (m[1] === undefined ? 0 : m[0].indexOf(m[1]));
  const before = text.slice(0, at).split('\n');
  return [before.length, before.at(-1)!.length + 1];
};
let brokenKey: { file: string; line: number; column: number };
let brokenSyntax: { file: string; line: number; column: number };

// The size: a folder of 20 synthetic departments, 2 of them broken (in a
// sub-folder, so the folder is read recursively), built by the CLI's batch
// command with --jobs 2. Small departments (0–4 projects) keep it quick.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'batch-test-'));
  data = join(dir, 'data');
  out = join(dir, 'out');
  const synth = await writeSynth(data, GOOD + 2, 3, [0, 4]);
  mkdirSync(join(data, 'sub'));
  const keyText = readFileSync(synth[GOOD]!, 'utf8').replace(/^ {2}region:/m, '  regoin:');
  const syntaxText = readFileSync(synth[GOOD + 1]!, 'utf8').replace(/^( {2}name: )(.*)$/m, '$1"$2');
  for (const f of synth.slice(GOOD)) rmSync(f);
  const [kl, kc] = lineCol(keyText, /^ {2}(regoin):/m); // the unknown key
  const [sl, sc] = lineCol(syntaxText, /^ {2}name: (")/m); // the quote never closed
  brokenKey = { file: join(data, 'sub', 'broken-key.yaml'), line: kl, column: kc };
  brokenSyntax = { file: join(data, 'sub', 'broken-syntax.yaml'), line: sl, column: sc };
  writeFileSync(brokenKey.file, keyText);
  writeFileSync(brokenSyntax.file, syntaxText);
  files = [...synth.slice(0, GOOD), brokenKey.file, brokenSyntax.file];
  exitCode = await main(
    ['build', data, '--out', out, '--jobs', '2', ...formats.flatMap((f) => ['--format', f])],
    sink((s) => (stdout += s)),
    sink((s) => (stderr += s)),
  );
  summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
}, 90_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('batch build of a folder (20 departments, 2 broken)', () => {
  it("exits 1 and prints the broken ones' diagnostics at file:line:col", () => {
    expect(exitCode).toBe(1);
    expect(stderr).toContain(`${brokenKey.file}:${brokenKey.line}:${brokenKey.column} 错误 `);
    expect(stderr).toContain('[schema.unknown_key]');
    expect(stderr).toContain(`${brokenSyntax.file}:${brokenSyntax.line}:${brokenSyntax.column} 错误 `);
    expect(stderr).toMatch(/\[yaml\.[a-z_]+\]/);
    // the closing table counts them
    expect(stdout).toMatch(/部门总数 +\| +20 \|/);
    expect(stdout).toMatch(/已生成 +\| +18 \|/);
    expect(stdout).toMatch(/失败 +\| +2 \|/);
    expect(stdout).toContain(`✗ ${brokenKey.file}`);
    expect(stdout).toContain(`✗ ${brokenSyntax.file}`);
  });

  it('writes 18 complete PDFs and DOCXs and nothing for the broken ones', () => {
    const names = readdirSync(out).sort();
    const expected = [
      ...Array.from({ length: GOOD }, (_, i) => formats.map((f) => `dept-${String(i + 1).padStart(4, '0')}.${f}`)).flat(),
      'summary.json',
      'summary.xlsx',
    ].sort();
    expect(names).toEqual(expected);
    for (const n of names.filter((n) => !n.startsWith('summary.'))) expect(complete(join(out, n)), n).toBe(true);
  });

  it('writes summary.json: every department with its status, the failures with their diagnostics', () => {
    expect(summary.formats).toEqual([...formats]);
    expect(summary.jobs).toBe(2);
    expect(summary.departments).toHaveLength(GOOD + 2);
    const errors = summary.departments.reduce((s, d) => s + d.diagnostics.filter((x) => x.severity === 'error').length, 0);
    const warnings = summary.departments.reduce((s, d) => s + d.diagnostics.filter((x) => x.severity === 'warning').length, 0);
    const built = summary.departments.filter((d) => d.status === 'built');
    expect(summary.totals).toEqual({
      departments: 20,
      built: 18,
      failed: 2,
      skipped: 0,
      warnings,
      errors,
      pages: built.reduce((s, d) => s + d.pages!, 0),
      bytes: built.reduce((s, d) => s + d.bytes, 0),
      ms: expect.any(Number),
    });
    expect(errors).toBe(2);

    const byName = Object.fromEntries(summary.departments.map((d) => [d.name, d]));
    expect(Object.keys(byName).sort()).toEqual(
      [...Array.from({ length: GOOD }, (_, i) => `dept-${String(i + 1).padStart(4, '0')}`), 'broken-key', 'broken-syntax'].sort(),
    );
    for (const d of built) {
      expect(d.file).toBe(join(data, `${d.name}.yaml`));
      expect(d.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
      expect(d.pages).toBeGreaterThan(0);
      expect(d.bytes).toBeGreaterThan(0);
      expect(d.bytes).toBe(formats.reduce((s, f) => s + statSync(join(out, `${d.name}.${f}`)).size, 0));
      expect(d.ms).toBeGreaterThan(0);
      expect(d.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(d.outputs).toEqual(formats.map((f) => `${d.name}.${f}`));
    }
    expect(built).toHaveLength(GOOD);

    const key = byName['broken-key']!;
    expect(key).toMatchObject({ file: brokenKey.file, status: 'failed', bytes: 0 });
    expect(key.pages).toBeUndefined();
    expect(key.hash).toBeUndefined();
    expect(key.outputs).toBeUndefined();
    expect(key.diagnostics).toHaveLength(1);
    expect(key.diagnostics[0]).toMatchObject({
      severity: 'error',
      code: 'schema.unknown_key',
      file: brokenKey.file,
      line: brokenKey.line,
      column: brokenKey.column,
    });
    expect(key.diagnostics[0]!.message).toContain('regoin');
    expect(key.diagnostics[0]!.hint).toContain('region');

    const syntax = byName['broken-syntax']!;
    expect(syntax).toMatchObject({ file: brokenSyntax.file, status: 'failed', bytes: 0 });
    expect(syntax.pages).toBeUndefined();
    expect(syntax.outputs).toBeUndefined();
    expect(syntax.diagnostics).toHaveLength(1);
    expect(syntax.diagnostics[0]).toMatchObject({ severity: 'error', file: brokenSyntax.file, line: brokenSyntax.line, column: brokenSyntax.column });
    expect(syntax.diagnostics[0]!.code).toMatch(/^yaml\./);
  });

  it('--changed skips unchanged departments and rebuilds a changed one', async () => {
    const edited = files.find((f) => f.endsWith('dept-0002.yaml'))!;
    writeFileSync(edited, readFileSync(edited, 'utf8').replace('other_matters: 无其他需说明的事项', 'other_matters: 无其他需说明的事项。'));
    const s = await runBatch({ files, outDir: out, formats: [...formats], jobs: 2, changedOnly: true });
    expect(s.totals).toMatchObject({ built: 1, skipped: GOOD - 1, failed: 2 });
    expect(s.departments.find((d) => d.name === 'dept-0002')!.status).toBe('built');
  }, 60_000);

  it('rejects names that would leave the output folder, and duplicate names', async () => {
    const good = files.find((f) => f.endsWith('dept-0001.yaml'))!;
    cpSync(good, join(dir, '.hidden.yaml'));
    cpSync(good, join(dir, 'dept-0001.yaml'));
    const s = await runBatch({
      files: [join(dir, '.hidden.yaml'), good, join(dir, 'dept-0001.yaml')],
      outDir: join(dir, 'o2'),
      jobs: 1,
      formats: ['pdf'],
      changedOnly: false,
    });
    expect(s.departments.map((d) => d.status)).toEqual(['failed', 'built', 'failed']);
    expect(s.departments.map((d) => d.diagnostics.find((x) => x.severity === 'error')?.code)).toEqual(['batch.bad_name', undefined, 'batch.duplicate_name']);
    expect(readdirSync(join(dir, 'o2')).sort()).toEqual(['dept-0001.pdf', 'summary.json', 'summary.xlsx']);
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
    const changed = () => readdirSync(out2).some((n) => !n.endsWith('.tmp') && (!before.has(n) || statSync(join(out2, n)).mtimeMs !== before.get(n)!.mtime));
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
    for (const n of readdirSync(out2).filter((n) => !n.startsWith('summary.'))) expect(complete(join(out2, n)), n).toBe(true);
  }, 60_000);

  it('applies --max-pages to every department of a batch', async () => {
    const s = await runBatch({ files: [files[0]!], outDir: join(dir, 'o-limit'), jobs: 1, formats: ['pdf'], changedOnly: false, limits: { pages: 3 } });
    expect(s.departments.map((d) => d.status)).toEqual(['failed']);
    expect(s.departments[0]!.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['limit.pages']);
    expect(readdirSync(join(dir, 'o-limit')).filter((n) => !n.startsWith('summary.'))).toEqual([]);
  }, 30_000);

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

  it('reports a worker out of its heap limit (--max-heap) as such, and goes on', async () => {
    const w = join(dir, 'hungry.mjs');
    writeFileSync(
      w,
      `import { parentPort } from 'node:worker_threads';
const hold = [];
parentPort.on('message', (job) => {
  if (job.file.includes('huge')) for (;;) hold.push(new Array(1e5).fill(job.id));
  parentPort.postMessage({ id: job.id, name: job.file, status: 'built', diagnostics: [], bytes: 1, ms: 1 });
});`,
    );
    const pool = new Pool({ size: 1, workerUrl: new URL(`file://${w}`), maxOldGenerationSizeMb: 64 });
    const job = (id: number, file: string) => ({ id, file, outDir: dir, layers: [], formats: ['pdf' as const], lang: 'en' as const, strict: false });
    const rs = await Promise.all(['a', 'huge', 'b'].map((f, i) => pool.run(job(i, f))));
    await pool.close();
    expect(rs.map((r) => r.status)).toEqual(['built', 'failed', 'built']);
    expect(rs[1]!.diagnostics[0]).toMatchObject({ code: 'limit.memory', file: 'huge' });
    expect(rs[1]!.diagnostics[0]!.message).toContain('64 MB');
    expect(rs[1]!.diagnostics[0]!.hint).toContain('--max-memory');
  }, 30_000);
});
