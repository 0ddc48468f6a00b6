// npm run bench -- --compare REF [--rounds R] [--count N] [--jobs J]
//
// A change's effect as ratios measured on the same machine in the same
// minutes: the tree at REF (any git ref) is unpacked into a temporary folder
// (git archive; node_modules hard-linked from this tree when every package
// REF names is installed here at its version, `npm ci` otherwise), and the two trees are run alternately,
// A B B A A B..., so that a machine getting busier or quieter weighs on both
// alike. Each round runs, per tree: a cold `disclosure build` of the sample,
// a cold `disclosure check` of it, N synthetic departments built warm in one
// thread (bench/compare-runner.ts: wall and the thread's own CPU), and the
// same N as a batch (--jobs J). The ratios are this tree over REF's: below 1
// is faster. Nothing of REF is installed or left behind.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSynth } from '../src/synth/cli.js';

const here = fileURLToPath(new URL('..', import.meta.url));
const sample = join(here, 'data/hotan-social-insurance-2020.yaml');
const git = (...args: string[]) => execFileSync('git', args, { cwd: here, encoding: 'utf8' }).trim();

export interface CompareOptions {
  ref: string;
  rounds: number;
  count: number;
  jobs: number;
  log: (line: string) => void;
}

type Manifest = { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };

/** Every package REF's package.json names is in this tree's at the same (exact) version: this tree's node_modules serves it. */
function installedHere(ref: Manifest): boolean {
  const own = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')) as Manifest;
  const mine = { ...own.dependencies, ...own.devDependencies };
  return Object.entries({ ...ref.dependencies, ...ref.devDependencies }).every(([name, version]) => mine[name] === version);
}

/** A tree at a ref, unpacked and ready to run. */
function unpack(sha: string, dir: string, log: (l: string) => void): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${sha} | tar -x -C "${dir}"`], { cwd: here });
  if (installedHere(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest)) {
    execFileSync('cp', ['-al', join(here, 'node_modules'), join(dir, 'node_modules')]);
  } else {
    log(`${sha.slice(0, 10)}: its packages differ from this tree's: npm ci (network)`);
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'ignore' });
  }
}

interface Timed {
  wall: number;
  cpu?: number;
}

/** A command's wall seconds and its CPU seconds (user + system, children included) when /usr/bin/time is there. */
function timed(cwd: string, cmd: string, args: string[], scratch: string): Timed {
  const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const out = join(scratch, 'time.txt');
  const t0 = performance.now();
  const r = time ? spawnSync(time, ['-f', '%U %S', '-o', out, cmd, ...args], { cwd, stdio: 'ignore' }) : spawnSync(cmd, args, { cwd, stdio: 'ignore' });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0 && !(args[1] === 'check' && r.status === 1)) throw new Error(`${cwd}: ${cmd} ${args.join(' ')} exited ${r.status}`);
  if (!time) return { wall };
  const [u, s] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { wall, cpu: u! + s! };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

type Measures = Record<string, number>;

function round(tree: string, files: string[], jobs: number, scratch: string): Measures {
  const m: Measures = {};
  const cli = ['bin/disclosure.js'];
  const b = timed(tree, 'node', [...cli, 'build', sample, '--out', join(scratch, 'single')], scratch);
  m['cold build, sample: wall s'] = b.wall;
  if (b.cpu !== undefined) m['cold build, sample: CPU s'] = b.cpu;
  const c = timed(tree, 'node', [...cli, 'check', sample], scratch);
  m['cold check, sample: wall s'] = c.wall;
  if (c.cpu !== undefined) m['cold check, sample: CPU s'] = c.cpu;
  const runner = spawnSync('node', ['--import', 'tsx', join(here, 'bench/compare-runner.ts'), tree, '2', ...files], { cwd: tree, encoding: 'utf8' });
  if (runner.status !== 0) throw new Error(`${tree}: compare-runner: ${runner.stderr}`);
  const w = JSON.parse(runner.stdout.trim().split('\n').pop()!) as { wall: number[]; cpu: number[]; pages: number };
  m['warm build, 1 thread: wall ms/department'] = median(w.wall);
  m['warm build, 1 thread: CPU ms/department'] = median(w.cpu);
  m['warm build, 1 thread: CPU ms/page'] = w.cpu.reduce((a, x) => a + x, 0) / w.pages;
  rmSync(join(scratch, 'batch'), { recursive: true, force: true });
  const bt = timed(tree, 'node', [...cli, 'build', join(scratch, '..', 'data'), '--out', join(scratch, 'batch'), '--jobs', String(jobs)], scratch);
  m[`batch of ${files.length}, --jobs ${jobs}: departments/s`] = files.length / bt.wall;
  if (bt.cpu !== undefined) m[`batch of ${files.length}, --jobs ${jobs}: CPU s/department`] = bt.cpu / files.length;
  return m;
}

export async function compare(o: CompareOptions): Promise<[string, string][]> {
  const sha = git('rev-parse', '--verify', `${o.ref}^{commit}`);
  const head = git('rev-parse', '--short', 'HEAD');
  const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
  const root = mkdtempSync(join(tmpdir(), 'disclosure-compare-'));
  try {
    const refTree = join(root, 'ref');
    o.log(`compare: unpacking ${o.ref} (${sha.slice(0, 10)}) into ${refTree}`);
    unpack(sha, refTree, o.log);
    const files = await writeSynth(join(root, 'data'), o.count, 2020, 4);
    const trees = { A: refTree, B: here };
    for (const t of Object.values(trees)) mkdirSync(join(root, t === here ? 'b' : 'a'), { recursive: true });
    const scratch = (k: 'A' | 'B') => join(root, k === 'A' ? 'a' : 'b');
    // one untimed build each: bundles dist/ when stale, fills the OS's file cache
    for (const k of ['A', 'B'] as const) timed(trees[k], 'node', ['bin/disclosure.js', 'build', sample, '--out', join(scratch(k), 'single')], scratch(k));
    const runs: Record<'A' | 'B', Measures[]> = { A: [], B: [] };
    for (let r = 0; r < o.rounds; r++) {
      const order: ('A' | 'B')[] = r % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
      for (const k of order) {
        o.log(`compare: round ${r + 1}/${o.rounds}, ${k === 'A' ? o.ref : 'this tree'}`);
        runs[k].push(round(trees[k], files, o.jobs, scratch(k)));
      }
    }
    const rows: [string, string][] = [
      [
        `— this tree (${head}${dirty ? ' + uncommitted changes' : ''}) against ${o.ref} (${sha.slice(0, 10)}), ${o.rounds} alternating rounds: median REF → median this tree, ratio (per-round ratios' range)`,
        '',
      ],
    ];
    for (const name of Object.keys(runs.A[0]!)) {
      const a = runs.A.map((m) => m[name]!);
      const b = runs.B.map((m) => m[name]!);
      const per = a.map((x, i) => b[i]! / x).sort((x, y) => x - y);
      const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
      rows.push([
        name,
        `${fmt(median(a))} → ${fmt(median(b))}  ${(median(b) / median(a)).toFixed(2)} × (${per[0]!.toFixed(2)}–${per[per.length - 1]!.toFixed(2)})`,
      ]);
    }
    return rows;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
