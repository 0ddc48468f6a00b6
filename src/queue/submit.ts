// `disclosure queue submit`: one job per department, its id the content hash
// (a department submitted twice while queued is built once); with --wait, the
// progress, summary.json and the summary table as a local batch has them.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Queue, type Job as BullJob } from 'bullmq';
import type { Format } from '../build.js';
import { catalogueLayers } from '../catalogue/layers.js';
import { tr, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';
import { nameOf, outputPath } from '../batch/paths.js';
import { summarize, writeSummary, sweepStaleTemps, type Progress } from '../batch/run-batch.js';
import type { DepartmentSummary, Summary } from '../batch/types.js';
import { builtinTemplates } from '../templates/builtin.js';
import { builtinMount, packDepartment, packPath, storeBlob } from './mounts.js';
import { reachable, redisFromUrl } from './connection.js';
import type { Mount, QueueJob } from './types.js';
import { queueName, queueVersion } from './version.js';

export interface SubmitOptions {
  redis: string;
  files: string[];
  outDir: string;
  templateLayers?: string[];
  catalogues?: string[];
  formats?: Format[];
  lang?: Lang;
  strict?: boolean;
  /** pages and seconds per department (--max-pages, --max-seconds) */
  limits?: { pages?: number; seconds?: number };
  wait?: boolean;
  onProgress?: (p: Progress) => void;
  /** ms between polls of the jobs' states */
  pollMs?: number;
}

export interface SubmitResult {
  submitted: number;
  /** already queued or done with the same content: not added again */
  deduplicated: number;
  summary?: Summary;
}

/** Built jobs kept a day for --wait to read; failed ones too (a resubmission replaces them). */
const KEEP = { removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 24 * 3600 } };
/** a crash inside the build (not bad data) is tried this many times in all */
const ATTEMPTS = 3;

export async function submit(opts: SubmitOptions): Promise<SubmitResult> {
  const t0 = performance.now();
  const outDir = resolve(opts.outDir);
  const formats = opts.formats ?? ['pdf', 'docx'];
  const lang = opts.lang ?? 'zh';
  const strict = opts.strict ?? false;
  const version = queueVersion();
  const redis = redisFromUrl(opts.redis);
  // BullMQ prints every failed connection attempt (a stack trace each) unless someone listens
  const queue = new Queue(queueName(version), { connection: redis });
  queue.on('error', () => undefined);
  try {
    await reachable(redis, opts.redis);
    await mkdir(outDir, { recursive: true });
    const bureau = (opts.templateLayers ?? []).map((d) => resolve(d));
    const bureauLayers = bureau[0] === resolve(builtinTemplates) ? bureau : [builtinTemplates, ...bureau];
    const mounts = new Map<string, Promise<Mount>>();
    const mount = (path: string): Promise<Mount> => {
      let m = mounts.get(path);
      if (!m) {
        const own = builtinMount(path);
        m = own ? Promise.resolve(own) : storeBlob(redis, packPath(path), path);
        mounts.set(path, m);
      }
      return m;
    };

    const results = new Array<DepartmentSummary | undefined>(opts.files.length);
    const pending = new Map<string, number>();
    const seen = new Map<string, string>();
    let submitted = 0;
    let deduplicated = 0;
    const bad = (i: number, code: string, message: string) => {
      const file = opts.files[i]!;
      results[i] = { file, name: nameOf(file), status: 'failed', diagnostics: [{ severity: 'error', code, message, file }], bytes: 0, ms: 0 };
    };
    for (let i = 0; i < opts.files.length; i++) {
      const file = resolve(opts.files[i]!);
      const name = nameOf(file);
      if (formats.some((f) => !outputPath(outDir, name, f))) {
        bad(
          i,
          'batch.bad_name',
          tr(
            lang,
            `输出文件名“${name}”不合法（会写到输出文件夹之外或为隐藏文件）`,
            `output name "${name}" is not allowed (outside the output folder, or hidden)`,
          ),
        );
        continue;
      }
      if (seen.has(name)) {
        bad(i, 'batch.duplicate_name', tr(lang, `输出文件名“${name}”与 ${seen.get(name)} 重复`, `output name "${name}" is also that of ${seen.get(name)}`));
        continue;
      }
      seen.set(name, file);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        bad(i, 'io.read', tr(lang, `无法读取文件：${(e as Error).message}`, `cannot read the file: ${(e as Error).message}`));
        continue;
      }
      // as the CLI and the local batch: built-in → bureau → the department's own templates/
      const own = join(dirname(file), 'templates');
      const layerPaths = existsSync(own) && !bureauLayers.includes(own) ? [...bureauLayers, own] : bureauLayers;
      const cataloguePaths = catalogueLayers({ templateLayers: layerPaths, extra: opts.catalogues ?? [], departmentFile: file });
      const job: QueueJob = {
        version,
        file,
        name,
        department: await storeBlob(redis, packDepartment(file, text), dirname(file)),
        layers: await Promise.all(layerPaths.map(mount)),
        catalogues: await Promise.all(cataloguePaths.map(mount)),
        outDir,
        formats: formats as QueueJob['formats'],
        lang,
        strict,
        ...(opts.limits ? { limits: opts.limits } : {}),
      };
      const id = jobId(job);
      pending.set(id, i);
      if (await reuse(queue, id, job)) deduplicated++;
      else {
        await queue.add(name, job, { jobId: id, attempts: ATTEMPTS, backoff: { type: 'fixed', delay: 1000 }, ...KEEP });
        submitted++;
      }
    }
    if (!opts.wait) return { submitted, deduplicated };

    const progress: Progress = { done: 0, total: opts.files.length, built: 0, failed: 0, skipped: 0 };
    const report = (i: number, d: DepartmentSummary) => {
      results[i] = d;
      progress.done++;
      progress[d.status]++;
      opts.onProgress?.({ ...progress, last: d });
    };
    for (let i = 0; i < results.length; i++) if (results[i]) report(i, results[i]!);
    while (pending.size) {
      for (const [id, i] of [...pending]) {
        // the state first, then the job: a job read while active has no return value yet
        const state = await queue.getJobState(id);
        const job = state === 'completed' || state === 'failed' ? await queue.getJob(id) : undefined;
        if (state === 'completed' && job?.returnvalue) report(i, job.returnvalue as DepartmentSummary);
        else if (state === 'failed' && job) report(i, failedSummary(job, lang));
        else if (state === 'unknown') report(i, lostSummary(opts.files[i]!, lang));
        else continue;
        pending.delete(id);
      }
      if (pending.size) await new Promise((r) => setTimeout(r, opts.pollMs ?? 300));
    }
    await sweepStaleTemps(outDir);
    const summary = summarize(results as DepartmentSummary[], formats, 0, t0);
    await writeSummary(outDir, summary);
    return { submitted, deduplicated, summary };
  } finally {
    // with Redis gone, close() waits on a connection that never comes: it is given a second
    await Promise.race([queue.close().catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
    redis.disconnect();
  }
}

/** The content hash: everything the output depends on, the project version included. */
export function jobId(job: QueueJob): string {
  const { file: _where, ...what } = job;
  // the submitter's paths (origins) name things in messages only: the same content from another checkout is the same job
  const strip = (m: Mount) => (m.kind === 'blob' ? m.hash : `builtin:${m.rel}`);
  const key = JSON.stringify({ ...what, department: strip(job.department), layers: job.layers.map(strip), catalogues: job.catalogues.map(strip) });
  // BullMQ ids must not be plain integers
  return `d${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

/**
 * True when a job of this id is queued, running, or built with its files still
 * there: not added again. A failed one, or one whose files were removed since,
 * is removed so it can be added anew.
 */
async function reuse(queue: Queue, id: string, job: QueueJob): Promise<boolean> {
  const existing = await queue.getJob(id);
  if (!existing) return false;
  const state = await existing.getState();
  if (state === 'failed' || (state === 'completed' && !job.formats.every((f) => existsSync(outputPath(job.outDir, job.name, f)!)))) {
    await existing.remove().catch(() => undefined);
    return false;
  }
  return true;
}

function failedSummary(job: BullJob, lang: Lang): DepartmentSummary {
  const data = job.data as QueueJob;
  const reason = job.failedReason ?? '';
  try {
    const s = JSON.parse(reason) as DepartmentSummary;
    if (s && Array.isArray(s.diagnostics)) return s;
  } catch {
    // not the diagnostics of bad data: a crash, tried ATTEMPTS times
  }
  const d: Diagnostic = {
    severity: 'error',
    code: 'internal',
    message: tr(
      lang,
      `内部错误（程序缺陷，不是数据问题），已试 ${job.attemptsMade} 次：${reason}`,
      `internal error (a bug, not the data), tried ${job.attemptsMade} times: ${reason}`,
    ),
    file: data.file,
  };
  return { file: data.file, name: data.name, status: 'failed', diagnostics: [d], bytes: 0, ms: 0 };
}

function lostSummary(file: string, lang: Lang): DepartmentSummary {
  const message = tr(lang, '队列中找不到这个部门的任务（Redis 数据丢失？）', 'the queue no longer has this department (Redis lost its data?)');
  return { file, name: nameOf(file), status: 'failed', diagnostics: [{ severity: 'error', code: 'queue.lost', message, file }], bytes: 0, ms: 0 };
}
