// Build many departments on a worker-thread pool; write DIR/summary.json.
import { availableParallelism } from 'node:os';
import type { Limits } from '../document/limits.js';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Format } from '../build.js';
import type { Lang } from '../model/validate.js';
import { builtinTemplates } from '../templates/load.js';
import { shareFontFiles } from '../fonts/shared-bytes.js';
import { packagedExtraFontFiles, packagedFontFiles } from '../fonts/packaged.js';
import { writeAtomic } from '../write-atomic.js';
import { Pool } from './pool.js';
import { contentHash, packageVersion } from './hash.js';
import { nameOf, outputPath } from './paths.js';
import { catalogueLayers } from '../catalogue/layers.js';
import { catalogueFingerprint } from '../catalogue/fingerprint.js';
import type { DepartmentSummary, Job, JobResult, Summary, WorkerData } from './types.js';
import { stage } from '../engines/work-meter.js';

export type { Summary, DepartmentSummary } from './types.js';

export interface BatchOptions {
  files: string[];
  outDir: string;
  /** bureau layers over the built-in set (the built-in set is added first when missing) */
  templateLayers?: string[];
  /** --catalogue entries (catalogueLayers() adds the built-in, template-set and department folders) */
  catalogues?: string[];
  formats?: Format[];
  jobs?: number;
  lang?: Lang;
  strict?: boolean;
  /** pages and seconds per department (--max-pages, --max-seconds) */
  limits?: Partial<Limits>;
  changedOnly?: boolean;
  onProgress?: (p: Progress) => void;
  /** per-worker heap limit, MB */
  maxOldGenerationSizeMb?: number;
  /** meter every department's work in its worker (npm run profile -- --batch); each result goes to onResult */
  meter?: boolean;
  onResult?: (r: JobResult) => void;
}

export interface Progress {
  done: number;
  total: number;
  built: number;
  failed: number;
  skipped: number;
  last?: DepartmentSummary;
}

const SUMMARY = 'summary.json';

async function readPrevious(outDir: string): Promise<Map<string, DepartmentSummary>> {
  try {
    const s = JSON.parse(await readFile(join(outDir, SUMMARY), 'utf8')) as Summary;
    return new Map(s.departments.map((d) => [d.name, d]));
  } catch {
    return new Map();
  }
}

/** Temp files left in outDir by a killed run (writeAtomic names them `.NAME.PID.TIME.tmp`). */
export async function sweepStaleTemps(outDir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(outDir);
  } catch {
    return;
  }
  for (const n of names) {
    const m = /^\..+\.(\d+)\.\d+\.tmp$/.exec(n);
    if (!m) continue;
    const pid = Number(m[1]);
    let alive = pid === process.pid;
    if (!alive)
      try {
        process.kill(pid, 0);
        alive = true;
      } catch {
        alive = false;
      }
    if (!alive) await unlink(join(outDir, n)).catch(() => undefined);
  }
}

/** The summary of finished departments (the batch's and the queue's); t0 from performance.now(). */
export function summarize(results: DepartmentSummary[], formats: Format[], jobs: number, t0: number): Summary {
  const count = (s: DepartmentSummary['status']) => results.filter((d) => d.status === s).length;
  return {
    version: packageVersion(),
    startedAt: new Date(Date.now() - (performance.now() - t0)).toISOString(),
    jobs,
    formats,
    departments: results,
    totals: {
      departments: results.length,
      built: count('built'),
      failed: count('failed'),
      skipped: count('skipped'),
      warnings: results.reduce((s, d) => s + d.diagnostics.filter((x) => x.severity === 'warning').length, 0),
      errors: results.reduce((s, d) => s + d.diagnostics.filter((x) => x.severity === 'error').length, 0),
      pages: results.reduce((s, d) => s + (d.pages ?? 0), 0),
      bytes: results.reduce((s, d) => s + (d.bytes ?? 0), 0),
      ms: Math.round(performance.now() - t0),
    },
  };
}

/** Writes summary.json into outDir, atomically. */
export const writeSummary = (outDir: string, summary: Summary): Promise<void> =>
  writeAtomic(join(outDir, SUMMARY), new TextEncoder().encode(`${JSON.stringify(summary, null, 2)}\n`));

export async function runBatch(opts: BatchOptions): Promise<Summary> {
  const t0 = performance.now();
  const outDir = resolve(opts.outDir);
  const formats = opts.formats ?? ['pdf', 'docx'];
  const lang = opts.lang ?? 'zh';
  const strict = opts.strict ?? false;
  const bureau = (opts.templateLayers ?? []).map((d) => resolve(d));
  const bureauLayers = bureau[0] === resolve(builtinTemplates) ? bureau : [builtinTemplates, ...bureau];
  // built-in → bureau → the department's own `templates/` folder beside its YAML (as the CLI does)
  const layersFor = (file: string): string[] => {
    const own = join(dirname(resolve(file)), 'templates');
    return existsSync(own) && !bureauLayers.includes(own) ? [...bureauLayers, own] : bureauLayers;
  };
  await mkdir(outDir, { recursive: true });
  await sweepStaleTemps(outDir);
  const previous = opts.changedOnly ? await readPrevious(outDir) : new Map<string, DepartmentSummary>();

  const total = opts.files.length;
  const results = new Array<DepartmentSummary>(total);
  const progress: Progress = { done: 0, total, built: 0, failed: 0, skipped: 0 };
  const report = (i: number, d: DepartmentSummary) => {
    results[i] = d;
    progress.done++;
    progress[d.status]++;
    opts.onProgress?.({ ...progress, last: d });
  };

  const jobs: { i: number; job: Job; hash?: string }[] = [];
  const seen = new Map<string, string>();
  // names, layers and content hashes: one read of every file before any is built
  await stage('batch/prepare', async () => {
    for (let i = 0; i < total; i++) {
      const file = opts.files[i]!;
      const name = nameOf(file);
      const bad = (code: string, message: string) =>
        report(i, { file, name, status: 'failed', diagnostics: [{ severity: 'error', code, message, file }], bytes: 0, ms: 0 });
      if (formats.some((f) => !outputPath(outDir, name, f))) {
        bad('batch.bad_name', `输出文件名“${name}”不合法（会写到输出文件夹之外或为隐藏文件）`);
        continue;
      }
      if (seen.has(name)) {
        bad('batch.duplicate_name', `输出文件名“${name}”与 ${seen.get(name)} 重复`);
        continue;
      }
      seen.set(name, file);
      const layers = layersFor(file);
      const catalogues = catalogueLayers({ templateLayers: layers, extra: opts.catalogues ?? [], departmentFile: file });
      let hash: string | undefined;
      try {
        // a workbook's bytes, not their (lossy) UTF-8 reading
        hash = contentHash(await readFile(file, /\.xls[xm]$/i.test(file) ? 'base64' : 'utf8'), layers, {
          formats,
          lang,
          strict,
          catalogues: catalogueFingerprint(catalogues),
        });
      } catch {
        hash = undefined; // unreadable: the worker reports it
      }
      const prev = previous.get(name);
      if (opts.changedOnly && hash && prev?.status === 'built' && prev.hash === hash && formats.every((f) => existsSync(outputPath(outDir, name, f)!))) {
        report(i, { ...prev, file, name, status: 'skipped', ms: 0 });
        continue;
      }
      jobs.push({ i, hash, job: { id: i, file, outDir, layers, catalogues, formats, lang, strict, ...(opts.limits ? { limits: opts.limits } : {}) } });
    }
  });

  if (jobs.length) {
    const size = Math.min(jobs.length, Math.max(1, opts.jobs ?? availableParallelism()));
    // the font files once for all workers (each still parses its own faces)
    const fonts = stage('batch/share font files', () => shareFontFiles([...packagedFontFiles, ...packagedExtraFontFiles]));
    const pool = new Pool({ size, maxOldGenerationSizeMb: opts.maxOldGenerationSizeMb, workerData: { fonts, meter: opts.meter } satisfies WorkerData });
    try {
      await stage('batch/departments', () =>
        Promise.all(
          jobs.map(async ({ i, job, hash }) => {
            const r: JobResult = await pool.run(job);
            opts.onResult?.(r);
            report(i, {
              file: job.file,
              name: r.name || nameOf(job.file),
              status: r.status,
              diagnostics: r.diagnostics,
              pages: r.pages,
              bytes: r.bytes,
              ms: Math.round(r.ms),
              hash: r.status === 'built' ? hash : undefined,
              outputs: r.status === 'built' ? formats.map((f) => `${r.name}.${f}`) : undefined,
              worker: {
                threadId: r.threadId,
                rss: r.rss,
                maxRss: r.maxRss,
                heapUsed: r.heapUsed,
                peakHeap: r.peakHeap,
                gcMs: r.gcMs === undefined ? undefined : Math.round(r.gcMs),
              },
            });
          }),
        ),
      );
    } finally {
      await stage('batch/close workers', () => pool.close());
    }
  }

  const summary = summarize(results, formats, opts.jobs ?? availableParallelism(), t0);
  await stage('batch/summary.json', () => writeSummary(outDir, summary));
  // the same as a workbook a bureau can sort and filter
  await stage('batch/summary.xlsx', async () =>
    writeAtomic(join(outDir, 'summary.xlsx'), await (await import('./report-xlsx.js')).summaryWorkbook(summary, lang)),
  );
  return summary;
}
