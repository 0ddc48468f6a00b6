// --max-seconds and --max-memory stop a department wherever it is: inside a
// template's loops (the department's own clock, located at the culprit), in a
// worker thread that no longer answers (the pool's watchdog terminates it),
// and a queue worker stops on SIGTERM whatever the state of its Redis.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from '../src/batch/pool.js';
import { build } from '../src/build.js';
import { loadTemplateSet } from '../src/templates/load.js';
import { builtinTemplates } from '../src/templates/builtin.js';
import { samplePath, sampleText } from './helpers/sample.js';

const dir = mkdtempSync(join(tmpdir(), 'watchdog-'));
const root = fileURLToPath(new URL('..', import.meta.url));

describe('the department clock inside template expansion', () => {
  it('stops seven nested #each that print nothing within a second of --max-seconds, at the outermost #each', async () => {
    const t = join(dir, 't');
    mkdirSync(join(t, 'narrative'), { recursive: true });
    writeFileSync(
      join(t, 'narrative/part2-tables.hbs'),
      `# 第二部分 测试\n\n说明：\n{{#each tableList}}${'{{#each @root.tableList}}'.repeat(6)}${'{{/each}}'.repeat(7)}\n`,
    );
    const templates = await loadTemplateSet([builtinTemplates, t], 'zh');
    const t0 = performance.now();
    const r = await build({ file: samplePath, text: sampleText, templates, render: false, limits: { seconds: 1 } });
    const seconds = (performance.now() - t0) / 1000;
    const d = r.diagnostics.find((x) => x.code === 'limit.time');
    expect(d).toMatchObject({ file: join(t, 'narrative/part2-tables.hbs'), line: 4, column: 1 });
    // measured on the shared 2-core machine: 1.0–1.2 s for a 1 s limit (without the clock: minutes)
    console.log(`limit 1 s: stopped after ${seconds.toFixed(2)} s`);
    expect(seconds).toBeLessThan(2);
  }, 30_000);
});

describe("the pool's watchdog", () => {
  it('terminates a worker a second past the limit, reports limit.time, and goes on with the batch', async () => {
    const w = join(dir, 'stuck.mjs');
    writeFileSync(
      w,
      `import { parentPort } from 'node:worker_threads';
parentPort.on('message', (job) => {
  // a renderer that never returns: nothing in the department's own clock can see it
  if (job.file.includes('stuck')) for (;;);
  parentPort.postMessage({ id: job.id, name: job.file, status: 'built', diagnostics: [], bytes: 1, ms: 1 });
});`,
    );
    const pool = new Pool({ size: 1, workerUrl: new URL(`file://${w}`) });
    const job = (id: number, file: string) => ({
      id,
      file,
      outDir: dir,
      layers: [],
      formats: ['pdf' as const],
      lang: 'zh' as const,
      strict: false,
      limits: { seconds: 1 },
    });
    const t0 = performance.now();
    const stuck = pool.run(job(0, 'stuck'));
    const after = pool.run(job(1, 'next'));
    const r = await stuck;
    const seconds = (performance.now() - t0) / 1000;
    const next = await after;
    await pool.close();
    expect(r.status).toBe('failed');
    expect(r.diagnostics[0]).toMatchObject({ code: 'limit.time', file: 'stuck' });
    expect(r.diagnostics[0]!.message).toContain('1 秒');
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThan(3);
    expect(next.status).toBe('built');
  }, 30_000);
});

describe('a queue worker and SIGTERM', () => {
  it('stops within 10 s of SIGTERM while its Redis cannot be reached, and says so in one line', async () => {
    const child = spawn('node', [join(root, 'bin/disclosure.js'), 'queue', 'worker', '--redis', 'redis://127.0.0.1:1'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
    const t0 = Date.now();
    while (!out.includes('cannot reach') && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain('cannot reach redis://127.0.0.1:1');
    const t1 = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    const seconds = (Date.now() - t1) / 1000;
    expect(code).toBe(0);
    expect(seconds).toBeLessThan(10);
    expect(out).toContain('工作进程已停止');
    // one line for the outage, no stack trace per reconnection
    expect(out).not.toMatch(/ECONNREFUSED|^\s+at /m);
    expect(out.match(/cannot reach/g)).toHaveLength(1);
  }, 90_000);
});
