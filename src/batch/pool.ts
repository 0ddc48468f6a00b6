// A small worker-thread pool: one job at a time per worker; a worker that
// crashes (throws outside a job, exits, runs out of memory) fails only its
// current job and is replaced.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Job, JobResult } from './types.js';
import { tr, type Diagnostic } from '../diagnostics/diagnostic.js';
import { DEFAULT_LIMITS, limitsOf, memoryLimitProblem } from '../document/limits.js';

/** A department stopped by the watchdog: over --max-seconds where its own clock could not look (a renderer, a library). */
function overTime(job: Job): Diagnostic {
  const seconds = limitsOf(job.limits).seconds;
  return {
    severity: 'error',
    code: 'limit.time',
    message: tr(
      job.lang,
      `生成这个部门超过了每个部门 ${seconds} 秒的上限，已停止`,
      `building this department went past the limit of ${seconds} s per department; it was stopped`,
    ),
    hint: tr(
      job.lang,
      '模板中的循环或数据可能过多；确需更长时间时用 --max-seconds N',
      'the templates or the data may be too large; use --max-seconds N if it really takes that long',
    ),
    file: job.file,
  };
}

/** tsx's loader as a file URL, so `--import` works whatever the cwd. */
function tsxLoader(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(join(dirname(require.resolve('tsx/package.json')), 'dist/loader.mjs')).href;
}

interface Slot {
  worker: Worker;
  job?: { job: Job; resolve: (r: JobResult) => void; posted?: number };
  /** the watchdog of the current job: the worker is terminated a second past the job's time limit */
  timer?: NodeJS.Timeout;
  overTime?: boolean;
}

/** Past the limit the department's own clock stops it at its culprit (limits.ts); this is the backstop, e.g. inside a renderer. */
const WATCHDOG_GRACE_MS = 1000;

export interface PoolOptions {
  size: number;
  /** per-worker heap limit in MB (old generation) */
  maxOldGenerationSizeMb?: number;
  workerUrl?: URL;
  /** handed to every worker as its workerData */
  workerData?: unknown;
}

export class Pool {
  private slots: Slot[] = [];
  private queue: { job: Job; resolve: (r: JobResult) => void }[] = [];
  private closed = false;
  private readonly url: URL;
  private readonly execArgv: string[];

  constructor(private readonly opts: PoolOptions) {
    this.url = opts.workerUrl ?? new URL('./worker-entry.mjs', import.meta.url);
    this.execArgv = this.url.pathname.endsWith('.ts') ? ['--import', tsxLoader()] : [];
    for (let i = 0; i < Math.max(1, opts.size); i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(this.url, {
      execArgv: this.execArgv,
      workerData: this.opts.workerData,
      // a department that needs more than its limit (1 GB unless --max-memory) ends in limit.memory, not in the process's end
      resourceLimits: { maxOldGenerationSizeMb: this.opts.maxOldGenerationSizeMb ?? DEFAULT_LIMITS.memoryMb },
    });
    const slot: Slot = { worker };
    worker.on('message', (r: JobResult) => {
      const j = slot.job;
      slot.job = undefined;
      clearTimeout(slot.timer);
      if (r.clock) r.clock = { ...r.clock, posted: j?.posted, returned: performance.timeOrigin + performance.now() };
      j?.resolve(r);
      this.next(slot);
    });
    const crashed = (why: string, outOfMemory = false) => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      const j = slot.job;
      slot.job = undefined;
      clearTimeout(slot.timer);
      if (j)
        j.resolve({
          id: j.job.id,
          name: j.job.file.replace(/^.*[\\/]/, '').replace(/\.(ya?ml|xls[xm])$/i, ''),
          status: 'failed',
          bytes: 0,
          ms: 0,
          diagnostics: [
            slot.overTime
              ? overTime(j.job)
              : outOfMemory
                ? this.outOfMemory(j.job)
                : {
                    severity: 'error',
                    code: 'internal',
                    message: tr(
                      j.job.lang,
                      `内部错误（程序缺陷，不是数据问题）：工作线程意外退出（${why}）`,
                      `internal error (a bug of this program, not of the data): the worker stopped unexpectedly (${why})`,
                    ),
                    file: j.job.file,
                  },
          ],
        });
      if (this.closed) {
        this.slots.splice(i, 1);
        return;
      }
      const fresh = this.spawn();
      this.slots[i] = fresh;
      this.next(fresh);
    };
    worker.on('error', (e: unknown) =>
      crashed(e instanceof Error ? e.message : String(e), (e as { code?: string } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY'),
    );
    worker.on('exit', (code) => crashed(`exit ${code}`));
    return slot;
  }

  /** A department too big for the worker's heap limit: not a bug, and the fix is an option. */
  private outOfMemory(job: Job): Diagnostic {
    return memoryLimitProblem(job.file, this.opts.maxOldGenerationSizeMb ?? DEFAULT_LIMITS.memoryMb, job.lang);
  }

  private next(slot: Slot): void {
    if (slot.job || this.closed) return;
    const j = this.queue.shift();
    if (!j) return;
    const current = { ...j, posted: performance.timeOrigin + performance.now() };
    slot.job = current;
    slot.overTime = false;
    const seconds = limitsOf(j.job.limits).seconds;
    slot.timer = setTimeout(
      () => {
        if (slot.job !== current) return;
        slot.overTime = true;
        void slot.worker.terminate();
      },
      seconds * 1000 + WATCHDOG_GRACE_MS,
    );
    slot.worker.postMessage(j.job);
  }

  run(job: Job): Promise<JobResult> {
    return new Promise((resolve) => {
      this.queue.push({ job, resolve });
      const idle = this.slots.find((s) => !s.job);
      if (idle) this.next(idle);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
  }
}
