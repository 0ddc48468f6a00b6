// A small worker-thread pool: one job at a time per worker; a worker that
// crashes (throws outside a job, exits, runs out of memory) fails only its
// current job and is replaced.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Job, JobResult } from './types.js';
import { tr, type Diagnostic } from '../diagnostics/diagnostic.js';

/** tsx's loader as a file URL, so `--import` works whatever the cwd. */
function tsxLoader(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(join(dirname(require.resolve('tsx/package.json')), 'dist/loader.mjs')).href;
}

interface Slot {
  worker: Worker;
  job?: { job: Job; resolve: (r: JobResult) => void; posted?: number };
}

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
      resourceLimits: this.opts.maxOldGenerationSizeMb ? { maxOldGenerationSizeMb: this.opts.maxOldGenerationSizeMb } : undefined,
    });
    const slot: Slot = { worker };
    worker.on('message', (r: JobResult) => {
      const j = slot.job;
      slot.job = undefined;
      if (r.clock) r.clock = { ...r.clock, posted: j?.posted, returned: performance.timeOrigin + performance.now() };
      j?.resolve(r);
      this.next(slot);
    });
    const crashed = (why: string, outOfMemory = false) => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      const j = slot.job;
      slot.job = undefined;
      if (j)
        j.resolve({
          id: j.job.id,
          name: j.job.file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, ''),
          status: 'failed',
          bytes: 0,
          ms: 0,
          diagnostics: [outOfMemory ? this.outOfMemory(j.job) : { severity: 'error', code: 'internal', message: `内部错误（程序缺陷，不是数据问题）：工作线程崩溃 ${why}`, file: j.job.file }],
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
    const mb = this.opts.maxOldGenerationSizeMb;
    return {
      severity: 'error',
      code: 'batch.out_of_memory',
      message: tr(job.lang, `生成这个部门时工作线程内存不足（上限 ${mb ?? '默认'} MB）`, `the worker ran out of memory building this department (limit ${mb ?? 'default'} MB)`),
      hint: tr(job.lang, '调高 --max-heap，或去掉它使用默认上限', 'raise --max-heap, or leave it out for the default limit'),
      file: job.file,
    };
  }

  private next(slot: Slot): void {
    if (slot.job || this.closed) return;
    const j = this.queue.shift();
    if (!j) return;
    slot.job = { ...j, posted: performance.timeOrigin + performance.now() };
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
