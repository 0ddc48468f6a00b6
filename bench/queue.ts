// npm run bench -- --queue [--count N]: N sample-sized synthetic departments
// built by the local batch (--jobs 2), then through a real redis-server by two
// `disclosure queue worker` processes (already started, as a platform's are);
// departments/s of each, the queue's overhead and Redis's peak memory (INFO memory).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { runBatch } from '../src/batch/run-batch.js';
import { writeSynth } from '../src/synth/cli.js';
import { submit } from '../src/queue/submit.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const freePort = (): Promise<number> =>
  new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });

export async function benchQueue(root: string, count: number): Promise<[string, string][]> {
  const rows: [string, string][] = [];
  const all = await writeSynth(join(root, 'queue-data'), count, 4242, 4);
  const local = await runBatch({ files: all, outDir: join(root, 'queue-local-out'), formats: ['pdf', 'docx'], jobs: 2 });
  // a synthetic department the checks reject costs less than a built one: both sides compare built ones only
  const files = all.filter((_, i) => local.departments[i]?.status === 'built');
  if (local.totals.failed) process.stderr.write(`bench: ${local.totals.failed} synthetic departments failed their checks, left out of both runs\n`);
  const localRate = files.length / ((local.totals.ms / 1000) * (files.length / count));

  const port = await freePort();
  const redisProc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const env = { ...process.env, DISCLOSURE_QUEUE_VERSION: `bench-${process.pid}`, TMPDIR: join(root, 'queue-cache') };
  mkdirSync(env.TMPDIR, { recursive: true });
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  await redis.ping();
  spawnSync('node', [join(projectRoot, 'bin/disclosure.js'), 'queue'], { cwd: projectRoot }); // the bundle, once
  const workers = [0, 1].map(() =>
    spawn('node', [join(projectRoot, 'bin/disclosure.js'), 'queue', 'worker', '--redis', url], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'inherit'] }),
  );
  await Promise.all(workers.map((w) => new Promise<void>((res) => w.stdout.on('data', (b: Buffer) => b.toString().includes('worker ready') && res()))));
  let peak = 0;
  const sampler = setInterval(() => {
    void redis.info('memory').then((info) => {
      const m = /used_memory:(\d+)/.exec(info);
      if (m) peak = Math.max(peak, Number(m[1]));
    });
  }, 200);
  process.env.DISCLOSURE_QUEUE_VERSION = env.DISCLOSURE_QUEUE_VERSION;
  const t0 = performance.now();
  const r = await submit({ redis: url, files, outDir: join(root, 'queue-out'), wait: true });
  const secs = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const info = await redis.info('memory');
  const peakInfo = Number(/used_memory_peak:(\d+)/.exec(info)?.[1] ?? 0);
  if (r.summary!.totals.failed) throw new Error(`queue: ${r.summary!.totals.failed} failed`);
  const queueRate = files.length / secs;
  for (const w of workers) w.kill('SIGTERM');
  await Promise.all(workers.map((w) => new Promise((res) => w.on('exit', res))));
  redis.disconnect();
  redisProc.kill('SIGTERM');
  rmSync(join(root, 'queue-data'), { recursive: true, force: true });
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  rows.push([`— ${files.length} sample-sized departments, PDF + DOCX: local batch --jobs 2 vs queue, 2 worker processes`, '']);
  rows.push(['local batch: departments / s', localRate.toFixed(2)]);
  rows.push(['queue (submit → last built): departments / s', queueRate.toFixed(2)]);
  rows.push(['queue overhead (1 − queue/local)', `${((1 - queueRate / localRate) * 100).toFixed(1)} %`]);
  rows.push(['Redis peak used_memory (INFO memory; sampled)', `${mb(peakInfo)} (${mb(peak)})`]);
  return rows;
}
