// The batch on BullMQ workers over a real redis-server, with real worker
// processes (the bundled CLI): a worker SIGKILLed mid-run, a third started,
// Redis itself killed and restarted; 20 departments built once each, the
// broken one reported at its line and column.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, watch } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { writeSynth } from '../src/synth/cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin', 'disclosure.js');
const haveRedis = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).status === 0;
// skipped on a developer's machine without Redis; in CI (which installs it) a missing server fails
const run = haveRedis || !!process.env.CI;

const freePort = (): Promise<number> =>
  new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
    s.on('error', rej);
  });

interface Proc {
  child: ChildProcess;
  out: string[];
  exit: Promise<number | null>;
}

function start(cmd: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b.toString()));
  child.stderr.on('data', (b: Buffer) => out.push(b.toString()));
  const exit = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return { child, out, exit };
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const t0 = Date.now();
  while (!(await ok())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A redis-server on a free loopback port; with `dir`, append-only and fsync at every write. */
async function startRedis(port: number, dir?: string): Promise<Proc> {
  const persist = dir ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir] : ['--appendonly', 'no'];
  const p = start('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persist], {});
  const r = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => undefined);
  await until('redis-server', async () => {
    try {
      if (r.status !== 'ready') await r.connect();
      return (await r.ping()) === 'PONG';
    } catch {
      r.disconnect();
      return false;
    }
  });
  r.disconnect();
  return p;
}

const builtLines = (procs: Proc[]) =>
  procs.flatMap((p) => p.out.join('').split('\n')).flatMap((l) => (/^built (\S+) /.exec(l) ? [/^built (\S+) /.exec(l)![1]!] : []));

describe.skipIf(!run)(`the batch on BullMQ workers over Redis${run ? '' : ' (skipped: redis-server not installed; apt-get install redis-server)'}`, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'disclosure-queue-'));
  const data = join(tmp, 'data');
  const local = join(tmp, 'local-out');
  const procs: Proc[] = [];
  let brokenLine = 0;

  beforeAll(async () => {
    if (!haveRedis) throw new Error('redis-server is not installed (CI is set: .ci/run installs it)');
    await writeSynth(data, 20, 16, 2);
    // a clerk's typo: a text where an amount belongs
    const lines = readFileSync(join(data, 'dept-0001.yaml'), 'utf8').split('\n');
    brokenLine = lines.findIndex((l) => l.startsWith('  general_budget:')) + 1;
    lines[brokenLine - 1] = '  general_budget: 九千七百';
    writeFileSync(join(data, 'broken.yaml'), lines.join('\n'));
    // the bundle is rebuilt once here, not by three processes at once
    spawnSync('node', [cli, 'queue'], { cwd: root });
    // the same departments built locally: every file the queue writes must be these bytes
    const localBuild = spawnSync('node', [cli, 'build', data, '--out', local, '--jobs', '2'], { cwd: root, encoding: 'utf8' });
    expect(localBuild.status, localBuild.stderr.slice(-2000)).toBe(1); // the broken department fails; the 20 others are built
  }, 300_000);

  afterAll(() => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    if (!process.env.KEEP_QUEUE_TMP) rmSync(tmp, { recursive: true, force: true });
  });

  async function scenario(label: string, restartRedis: boolean) {
    const port = await freePort();
    const redisDir = join(tmp, `${label}-redis`);
    rmSync(redisDir, { recursive: true, force: true });
    spawnSync('mkdir', ['-p', redisDir]);
    let redis = await startRedis(port, restartRedis ? redisDir : undefined);
    procs.push(redis);
    const url = `redis://127.0.0.1:${port}`;
    const out = join(tmp, `${label}-out`);
    // a queue of its own per run: sources edited meanwhile must not split submitter and workers
    const env = { DISCLOSURE_QUEUE_VERSION: `e2e-${label}-${process.pid}`, TMPDIR: join(tmp, `${label}-cache`) };
    spawnSync('mkdir', ['-p', env.TMPDIR]);
    const worker = () => {
      const w = start('node', [cli, 'queue', 'worker', '--redis', url, '--lock-ms', '3000'], env);
      procs.push(w);
      return w;
    };
    // every file put in place in the output folder, counted from the file system (a rename into place per write)
    spawnSync('mkdir', ['-p', out]);
    const writes = new Map<string, number>();
    const watcher = watch(out, (event, name) => {
      if (event === 'rename' && name && /\.(pdf|docx)$/.test(name)) writes.set(name, (writes.get(name) ?? 0) + 1);
    });
    const w1 = worker();
    const w2 = worker();
    const submit = start('node', [cli, 'queue', 'submit', data, '--redis', url, '--out', out, '--wait', '--lang', 'en'], env);
    procs.push(submit);
    // w1 dies while Redis shows it holding a department (its processedBy names its pid), after it built one
    const spy = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: null });
    spy.on('error', () => undefined);
    const prefix = `bull:disclosure-${env.DISCLOSURE_QUEUE_VERSION}`;
    const mine = `:${w1.child.pid}`;
    let victim = '';
    await until('a first department from worker 1', () => builtLines([w1]).length > 0, 120_000);
    await until(
      'worker 1 holding a department',
      async () => {
        for (const id of await spy.lrange(`${prefix}:active`, 0, -1)) if ((await spy.hget(`${prefix}:${id}`, 'pb'))?.endsWith(mine)) victim = id;
        return victim !== '';
      },
      60_000,
    );
    w1.child.kill('SIGKILL');
    await w1.exit;
    const w3 = worker();
    if (restartRedis) {
      await new Promise((r) => setTimeout(r, 500));
      redis.child.kill('SIGKILL');
      await redis.exit;
      await new Promise((r) => setTimeout(r, 500));
      redis = await startRedis(port, redisDir);
      procs.push(redis);
    }
    const code = await submit.exit;
    watcher.close();
    const text = submit.out.join('');
    // from Redis: the killed worker's department was found stalled and built by another worker
    const job = await spy.hgetall(`${prefix}:${victim}`);
    expect(Number(job.stc ?? 0), JSON.stringify(job)).toBeGreaterThanOrEqual(1);
    expect(job.pb, JSON.stringify(job)).toMatch(new RegExp(`:(${w2.child.pid}|${w3.child.pid})$`));
    expect(job.finishedOn, 'finished').toBeTruthy();
    expect(await spy.zscore(`${prefix}:completed`, victim)).not.toBeNull();
    const victimName = (JSON.parse(job.data!) as { name: string }).name;
    spy.disconnect();
    writeFileSync(join(tmp, `${label}-submit.log`), text);
    expect(code, text.slice(-2000)).toBe(1);
    const files = readdirSync(out);
    expect(files.filter((f) => f.endsWith('.pdf'))).toHaveLength(20);
    expect(files.filter((f) => f.endsWith('.docx'))).toHaveLength(20);
    // no half-written file of the killed worker left behind
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { totals: { built: number; failed: number; departments: number } };
    expect(summary.totals).toMatchObject({ departments: 21, built: 20, failed: 1 });
    // the broken department at its line and column, not retried
    expect(text).toMatch(new RegExp(`broken\\.yaml:${brokenLine}:\\d+ `));
    const built = builtLines([w1, w2, w3]);
    expect(built.filter((n) => n === 'broken')).toEqual([]);
    expect(new Set(built).size).toBe(20);
    // each department written once, the killed one's included: once per file, counted from the file system
    const outputs = files.filter((f) => /\.(pdf|docx)$/.test(f)).sort();
    expect(outputs).toHaveLength(40);
    // the killed worker may have put one of its files in place before it died: that one file twice, nothing else
    const again = Object.fromEntries([...writes].filter(([f, n]) => n !== 1 && !(n === 2 && f.startsWith(`${victimName}.`))));
    expect(again, 'files put in place more than once').toEqual({});
    expect([...writes.keys()].sort()).toEqual(outputs);
    // and each is the bytes of the local build
    for (const f of outputs) expect(readFileSync(join(out, f)).equals(readFileSync(join(local, f))), f).toBe(true);
    // SIGTERM: a worker finishes, closes its connections and exits by itself
    for (const w of [w2, w3]) w.child.kill('SIGTERM');
    await until('the workers to stop on SIGTERM', () => w2.child.exitCode !== null && w3.child.exitCode !== null, 15_000);
    expect([w2.child.exitCode, w3.child.exitCode]).toEqual([0, 0]);
    redis.child.kill('SIGTERM');
    await redis.exit;
    rmSync(redisDir, { recursive: true, force: true });
  }

  it('a worker SIGKILLed mid-run: its department retried by another, 20 built once each, the broken one reported', async () => {
    await scenario('kill', false);
  }, 240_000);

  it('the same with Redis killed and restarted mid-run (appendonly yes, appendfsync always): nothing lost', async () => {
    await scenario('restart', true);
  }, 240_000);

  it('submitting the same departments twice while queued adds them once', async () => {
    const port = await freePort();
    const redis = await startRedis(port);
    procs.push(redis);
    const url = `redis://127.0.0.1:${port}`;
    const env = { DISCLOSURE_QUEUE_VERSION: `e2e-dedupe-${process.pid}` };
    const first = start('node', [cli, 'queue', 'submit', data, '--redis', url, '--out', join(tmp, 'dedupe-out'), '--lang', 'en'], env);
    expect(await first.exit, first.out.join('')).toBe(0);
    const again = start('node', [cli, 'queue', 'submit', data, '--redis', url, '--out', join(tmp, 'dedupe-out'), '--lang', 'en'], env);
    expect(await again.exit).toBe(0);
    expect(first.out.join('')).toContain('submitted 21 departments; 0 already');
    expect(again.out.join('')).toContain('submitted 0 departments; 21 already');
    const status = start('node', [cli, 'queue', 'status', '--redis', url, '--lang', 'en'], env);
    expect(await status.exit).toBe(0);
    expect(status.out.join('')).toMatch(/\(this version\): queued 21, active 0, done 0, failed 0/);
    redis.child.kill('SIGTERM');
    await redis.exit;
  });
});
