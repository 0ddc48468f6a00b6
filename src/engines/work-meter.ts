// Where a build's work goes, for `npm run profile` and the work-counter guard
// (test/work-counters.test.ts): named stages (wall and this thread's own CPU
// time) and counters of work that do not depend on the clock (layout passes,
// measured and shaped strings, bytes allocated). Off unless a profile turns it
// on: then every call below is one boolean test. It lives at the engine
// boundary because most of its counters are fed by the engine hooks
// (pdfmake-work-meter.ts); the pipeline's stages only name themselves here.
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';

export interface StageTime {
  /** wall milliseconds, inclusive of nested stages */
  ms: number;
  /** this thread's on-CPU milliseconds (Linux: /proc/thread-self/schedstat; elsewhere the process's) */
  cpuMs: number;
  /** milliseconds this thread was runnable but waiting for a core (Linux only): the machine's load */
  waitMs: number;
  calls: number;
}

export interface WorkSnapshot {
  stages: Record<string, StageTime>;
  counts: Record<string, number>;
}

let on = false;
let stages: Record<string, StageTime> = {};
let counts: Record<string, number> = {};
let gc: v8.GCProfiler | undefined;
let heapAtStart = 0;

let schedstat = process.platform === 'linux';
/** [on-CPU ns, waiting ns] of the calling thread */
function threadClock(): [number, number] {
  if (schedstat) {
    try {
      const [run, wait] = readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ');
      return [Number(run), Number(wait)];
    } catch {
      schedstat = false;
    }
  }
  const u = process.cpuUsage();
  return [(u.user + u.system) * 1000, 0];
}

export const meterOn = (): boolean => on;

/** Starts metering this thread afresh (stages and counters from zero, allocation from now). */
export function startMeter(): void {
  on = true;
  stages = {};
  counts = {};
  gc?.stop();
  gc = new v8.GCProfiler();
  gc.start();
  heapAtStart = v8.getHeapStatistics().used_heap_size;
}

/** What was metered since startMeter(); metering stops. `bytes allocated` is V8 heap allocation, from the GC's own accounting. */
export function stopMeter(): WorkSnapshot {
  const heapAtEnd = v8.getHeapStatistics().used_heap_size;
  const profile = gc?.stop();
  gc = undefined;
  on = false;
  if (profile) {
    let freed = 0;
    for (const s of profile.statistics) freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
    counts['bytes allocated'] = freed + heapAtEnd - heapAtStart;
    counts['GC pauses'] = profile.statistics.length;
  }
  return { stages, counts };
}

export function count(name: string, n = 1): void {
  if (on) counts[name] = (counts[name] ?? 0) + n;
}

function record(name: string, t0: number, c0: [number, number]): void {
  const c1 = threadClock();
  const s = (stages[name] ??= { ms: 0, cpuMs: 0, waitMs: 0, calls: 0 });
  s.ms += performance.now() - t0;
  s.cpuMs += (c1[0] - c0[0]) / 1e6;
  s.waitMs += (c1[1] - c0[1]) / 1e6;
  s.calls++;
}

/**
 * Runs `f` as the stage `name` (a/b: stage b inside a). Async stages are timed
 * to their settling: the thread's CPU in between may include other work of
 * the same thread, which in a build is none.
 */
export function stage<T>(name: string, f: () => T): T {
  if (!on) return f();
  const t0 = performance.now();
  const c0 = threadClock();
  let r: T;
  try {
    r = f();
  } catch (e) {
    record(name, t0, c0);
    throw e;
  }
  if (r instanceof Promise) {
    return r.finally(() => record(name, t0, c0)) as T;
  }
  record(name, t0, c0);
  return r;
}

/** Adds one snapshot into a running total (a batch's departments). */
export function addSnapshot(into: WorkSnapshot, s: WorkSnapshot): WorkSnapshot {
  for (const [k, v] of Object.entries(s.stages)) {
    const t = (into.stages[k] ??= { ms: 0, cpuMs: 0, waitMs: 0, calls: 0 });
    t.ms += v.ms;
    t.cpuMs += v.cpuMs;
    t.waitMs += v.waitMs;
    t.calls += v.calls;
  }
  for (const [k, v] of Object.entries(s.counts)) into.counts[k] = (into.counts[k] ?? 0) + v;
  return into;
}
