// `disclosure queue worker`: takes departments from this version's queue and
// builds them on the batch's worker-thread pool (fonts shared once, template
// sets cached per thread), so BullMQ's lock renewals never wait behind a build.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job as BullJob } from 'bullmq';
import { Pool } from '../batch/pool.js';
import { outputPath } from '../batch/paths.js';
import { sweepStaleTemps } from '../batch/run-batch.js';
import type { DepartmentSummary, WorkerData } from '../batch/types.js';
import { shareFontFiles } from '../fonts/shared-bytes.js';
import { packagedExtraFontFiles, packagedFontFiles } from '../fonts/packaged.js';
import { BlobCache, mapBack } from './mounts.js';
import { WRITTEN_PREFIX, redisFromUrl } from './connection.js';
import { queueJobSchema, type QueueJob } from './types.js';
import { queueName, queueVersion } from './version.js';

export interface WorkerOptions {
  redis: string;
  concurrency?: number;
  /** ms a job's lock lasts without renewal: a killed worker's job is retried this long after */
  lockDuration?: number;
  stalledInterval?: number;
  log?: (line: string) => void;
}

/** How long a finished department's "written" mark stays (its retry after a late kill finds it). */
const WRITTEN_TTL_S = 7 * 24 * 3600;

export interface QueueWorker {
  /** resolves when connected to Redis and taking departments (it waits for Redis as long as it takes) */
  ready: Promise<void>;
  /**
   * Stops: the current departments are given until `graceMs` to finish; then
   * they are abandoned (their locks lapse and another worker builds them) and
   * every connection and thread is ended, whatever the state of Redis.
   * Resolves to whether it stopped gracefully.
   */
  close(graceMs?: number): Promise<boolean>;
}

const within = <T>(p: Promise<T>, ms: number): Promise<boolean> =>
  new Promise((res) => {
    const t = setTimeout(() => res(false), ms);
    p.then(
      () => (clearTimeout(t), res(true)),
      () => (clearTimeout(t), res(false)),
    );
  });

export function startWorker(opts: WorkerOptions): QueueWorker {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const version = queueVersion();
  const redis = redisFromUrl(opts.redis);
  const cache = new BlobCache(redis);
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const pool = new Pool({ size: concurrency, workerData: { fonts: shareFontFiles([...packagedFontFiles, ...packagedExtraFontFiles]) } satisfies WorkerData });
  const swept = new Set<string>();

  const process_ = async (job: BullJob): Promise<DepartmentSummary> => {
    const parsed = queueJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`malformed job ${job.id}: ${parsed.error.message}`);
    const q: QueueJob = parsed.data;
    // the queue is per version already; this guards a job moved between queues by hand
    if (q.version !== version) throw new UnrecoverableError(`job for version ${q.version}, this worker is ${version}: not built`);
    const outputs = q.formats.map((f) => `${q.name}.${f}`);
    if (!swept.has(q.outDir)) {
      await mkdir(q.outDir, { recursive: true });
      await sweepStaleTemps(q.outDir); // temp files of a killed worker on this machine
      swept.add(q.outDir);
    }
    // killed after writing but before BullMQ heard of it: the retry finds the mark and the files
    const mark = await redis.get(WRITTEN_PREFIX + job.id);
    if (mark && q.formats.every((f) => existsSync(outputPath(q.outDir, q.name, f)!))) {
      log(`already written ${q.name} (${job.id})`);
      return JSON.parse(mark) as DepartmentSummary;
    }
    const dept = await cache.unpack(q.department);
    const layers = await Promise.all(q.layers.map((m) => cache.unpack(m)));
    const catalogues = await Promise.all(q.catalogues.map((m) => cache.unpack(m)));
    const maps = [dept, ...layers, ...catalogues].flatMap((u) => (u.map ? [u.map] : []));
    const file = join(dept.path, basename(q.file));
    const r = await pool.run({
      id: 0,
      file,
      outDir: q.outDir,
      layers: layers.map((u) => u.path),
      catalogues: catalogues.map((u) => u.path),
      formats: q.formats,
      lang: q.lang,
      strict: q.strict,
      ...(q.limits ? { limits: q.limits } : {}),
    });
    const diagnostics = mapBack(r.diagnostics, maps).map((d) => (d.file === file ? { ...d, file: q.file } : d));
    const summary: DepartmentSummary = {
      file: q.file,
      name: q.name,
      status: r.status,
      diagnostics,
      pages: r.pages,
      bytes: r.bytes,
      ms: Math.round(r.ms),
      hash: r.status === 'built' ? String(job.id) : undefined,
      outputs: r.status === 'built' ? outputs : undefined,
      worker: { rss: r.rss, maxRss: r.maxRss, heapUsed: r.heapUsed, peakHeap: r.peakHeap, gcMs: r.gcMs === undefined ? undefined : Math.round(r.gcMs) },
    };
    if (r.status === 'failed') {
      // a bug or a crashed thread may pass on another try; bad data will not
      if (diagnostics.some((d) => d.code === 'internal')) throw new Error(diagnostics.find((d) => d.code === 'internal')!.message);
      log(`failed ${q.name} (${job.id})`);
      throw new UnrecoverableError(JSON.stringify(summary));
    }
    await redis.set(WRITTEN_PREFIX + job.id, JSON.stringify(summary), 'EX', WRITTEN_TTL_S);
    log(`built ${q.name} (${job.id})`);
    return summary;
  };

  // a connection handed to BullMQ is not closed by it: kept to be closed here
  const connection = redisFromUrl(opts.redis);
  const worker = new Worker(queueName(version), process_, {
    connection,
    concurrency,
    lockDuration: opts.lockDuration ?? 30_000,
    stalledInterval: opts.stalledInterval ?? 15_000,
    // a job whose worker died twice is reported rather than tried for ever
    maxStalledCount: 2,
    // recorded on each job it takes (processedBy): which machine and process built a department, or was building it when it died
    name: `${hostname()}:${process.pid}`,
  });
  // one line per outage, not one per reconnection attempt (ioredis retries every few seconds)
  let down = false;
  worker.on('error', () => {
    if (down) return;
    down = true;
    log(`redis: cannot reach ${redactUrl(opts.redis)}; waiting for it (Ctrl-C or SIGTERM stops this worker)`);
  });
  let connected = false;
  const ready = worker.waitUntilReady().then(() => {
    down = false;
    connected = true;
    log(`worker ready: version ${version}, queue ${queueName(version)}, concurrency ${concurrency}`);
  });
  ready.catch(() => undefined);
  return {
    ready,
    close: async (graceMs = 7000) => {
      // with Redis gone nothing can be finished cleanly (a result cannot even be reported): no grace
      const graceful = connected && !down && (await within(worker.close(), graceMs));
      // departments still under way, or a Redis that does not answer: abandoned, their locks lapse and another worker takes them
      if (!graceful) await within(worker.close(true), 1500);
      await pool.close();
      redis.disconnect();
      connection.disconnect();
      return graceful;
    },
  };
}

/** The URL without its password, for messages. */
export const redactUrl = (url: string): string => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
