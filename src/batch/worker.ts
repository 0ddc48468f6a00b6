// Worker entry: builds one department per message and writes its files.
// Template sets are loaded once per worker, cached by their layers.
import { parentPort, threadId, workerData } from 'node:worker_threads';
import v8 from 'node:v8';
import { PerformanceObserver } from 'node:perf_hooks';

import { buildWithTemplates } from '../build.js';
import { loadTemplateSet, type TemplateSet } from '../templates/load.js';
import { hasErrors, internalError, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';
import { departmentName, readDepartmentText } from '../source/files.js';
import { writeAtomic } from '../write-atomic.js';
import type { Job, JobResult, WorkerData } from './types.js';
import { useSharedFontFiles } from '../fonts/shared-bytes.js';
import { outputPath } from './paths.js';
import { stage, startMeter, stopMeter } from '../engines/work-meter.js';

const sets = new Map<string, Promise<TemplateSet>>();
const templatesFor = (layers: string[], lang: Lang): Promise<TemplateSet> => {
  const key = [lang, ...layers].join('\0');
  let s = sets.get(key);
  if (!s) {
    s = loadTemplateSet(layers, lang);
    s.catch(() => sets.delete(key));
    sets.set(key, s);
  }
  return s;
};

export async function runJob(job: Job): Promise<JobResult> {
  const t0 = performance.now();
  const base = { id: job.id, name: '', bytes: 0 };
  const fail = (name: string, diagnostics: Diagnostic[]): JobResult => ({ ...base, name, status: 'failed', diagnostics, ms: performance.now() - t0 });
  const name0 = departmentName(job.file);
  const read = await stage('read file', () => readDepartmentText(job.file, job.lang));
  if ('problem' in read) return fail(name0, [read.problem]);
  const { text } = read;
  try {
    // a broken template set comes back as diagnostics at its files, not as an internal error
    const result = await buildWithTemplates(templatesFor(job.layers, job.lang), {
      file: job.file,
      text,
      catalogues: job.catalogues,
      formats: job.formats,
      lang: job.lang,
      strict: job.strict,
      render: true,
      ...(job.limits ? { limits: job.limits } : {}),
    });
    if (hasErrors(result.diagnostics) || (job.strict && result.diagnostics.length > 0)) return fail(result.name, result.diagnostics);
    let bytes = 0;
    for (const f of result.files) {
      const path = outputPath(job.outDir, result.name, f.format);
      if (!path)
        return fail(result.name, [
          ...result.diagnostics,
          { severity: 'error', code: 'batch.bad_name', message: `输出文件名“${result.name}”不合法`, file: job.file },
        ]);
      await stage('write files', () => writeAtomic(path, f.bytes));
      bytes += f.bytes.byteLength;
    }
    return { ...base, name: result.name, status: 'built', diagnostics: result.diagnostics, pages: result.pages, bytes, ms: performance.now() - t0 };
  } catch (e) {
    return fail(name0, [internalError(job.file, e, job.lang)]);
  }
}

let peakHeap = 0;
/** milliseconds this worker's isolate spent in GC pauses (for the benchmark) */
let gcMs = 0;
if (parentPort) {
  const port = parentPort;
  useSharedFontFiles((workerData as WorkerData | null)?.fonts);
  const metered = (workerData as WorkerData | null)?.meter === true;
  const clock = () => performance.timeOrigin + performance.now();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMs += e.duration;
  }).observe({ entryTypes: ['gc'] });
  // one job at a time from the pool; a rejection here is a bug and ends the worker as before
  port.on('message', (job: Job) => void answer(job));
  async function answer(job: Job): Promise<void> {
    const received = clock();
    const gc0 = gcMs;
    if (metered) startMeter();
    const r = await runJob(job);
    const work = metered ? { work: stopMeter() } : {};
    // gc entries are delivered asynchronously: let the observer catch up before reading
    await new Promise((res) => setImmediate(res));
    const mem = process.memoryUsage();
    peakHeap = Math.max(peakHeap, mem.heapUsed + mem.external, v8.getHeapStatistics().peak_malloced_memory);
    // rss and resourceUsage().maxRSS (kilobytes) cover the whole process, all threads;
    // the heap figures are this worker's own isolate
    const timing = metered ? { clock: { received, sent: clock() } } : {};
    port.postMessage({
      ...r,
      ...work,
      ...timing,
      rss: mem.rss,
      maxRss: process.resourceUsage().maxRSS * 1024,
      heapUsed: mem.heapUsed,
      peakHeap,
      gcMs: gcMs - gc0,
      threadId,
    } satisfies JobResult);
  }
}
