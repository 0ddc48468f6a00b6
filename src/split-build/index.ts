// One department on two cores: the cold single build (`npm start`).
//
// One thread does a build in order: modules, template set, data → IR, PDF,
// DOCX; on a cold start that is ~1.8 s, with the second core idle but for V8's
// helpers. Here a second thread loads the template set and makes the IR while
// this one loads the PDF renderer; this one lays out and draws the PDF while
// the other drafts the DOCX, and finishes it (TOC page numbers, zip) as soon as
// the PDF's layout has the numbers. The files are the same bytes as build()'s.
// Batches do not use it: there every core has a department of its own.
import { Worker } from 'node:worker_threads';
import type { BuildOutput, Format } from '../build.js';
import { packagedFontFiles } from '../fonts/packaged.js';
import type { DocumentIR } from '../ir/types.js';
import type { Lang } from '../model/validate.js';
import { pdfWork, type Pagination } from '../document/pagination.js';
import { DEFAULT_LIMITS, memoryLimitProblem } from '../document/limits.js';
import { departmentName } from '../source/files.js';
import { auditOutputs } from '../render/print-audit.js';

export interface SplitJob {
  file: string;
  text: string;
  /** template set layers, built-in first */
  layers: string[];
  /** catalogue layers, earliest first (catalogueLayers()) */
  catalogues?: string[];
  formats: Format[];
  lang: Lang;
  strict: boolean;
}

/**
 * The parent sends a `job`, then the document's `pagination` (from the PDF's
 * layout; none when nothing needs laying out); the thread answers the
 * `model`, then the `docx`, or an `error`.
 */
export type ToThread = { job: SplitJob } | { pagination: Pagination | undefined };
export type FromThread = { model: { name: string; diagnostics: BuildOutput['diagnostics']; ir?: DocumentIR } } | { docx: Uint8Array } | { error: string };

export interface SplitBuild {
  /** what build() gives for the job, the same bytes */
  build(job: SplitJob): Promise<BuildOutput>;
  /**
   * jobs the thread took part in, jobs built here alone, and DOCX rendered here
   * after the thread gave the IR and died (a fallback is silent otherwise)
   */
  readonly built: { readonly split: number; readonly here: number; readonly docxHere: number };
  close(): Promise<void>;
}

/** build() in this thread alone, template set included. */
export async function buildHere(job: SplitJob): Promise<BuildOutput> {
  // loaded only now: the point of a split build is that this thread need not load them
  const [{ buildWithTemplates }, { loadTemplateSet }] = await Promise.all([import('../build.js'), import('../templates/load.js')]);
  return buildWithTemplates(loadTemplateSet(job.layers, job.lang), { ...job, render: true });
}

/** Messages of a worker, one at a time; a worker that dies ends them with `undefined`. */
class Inbox {
  private queue: (FromThread | undefined)[] = [];
  private waiting?: (m: FromThread | undefined) => void;
  dead = false;
  /** the thread died of its memory limit (the job is reported as limit.memory, not built again here) */
  outOfMemory = false;

  constructor(worker: Worker) {
    const put = (m: FromThread | undefined) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(m);
      } else this.queue.push(m);
    };
    worker.on('message', (m: FromThread) => put(m));
    const died = () => {
      if (this.dead) return;
      this.dead = true;
      put(undefined);
    };
    worker.on('error', (e: unknown) => {
      if ((e as { code?: string } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY') this.outOfMemory = true;
      died();
    });
    worker.on('exit', died);
  }

  next(): Promise<FromThread | undefined> {
    if (this.queue.length) return Promise.resolve(this.queue.shift());
    if (this.dead) return Promise.resolve(undefined);
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

/** Starts the thread now, so its modules load while the caller reads its input. */
export function startSplitBuild(
  // next to this module: in src/ a bootstrap that registers tsx, in dist/ the bundled thread
  url: URL = new URL('./split-build.mjs', import.meta.url),
  opts: { maxMemoryMb?: number } = {},
): SplitBuild {
  let worker: Worker | undefined;
  let inbox: Inbox | undefined;
  try {
    // the thread that reads the data and fills the templates is where a hostile input grows: it has the memory limit
    worker = new Worker(url, opts.maxMemoryMb ? { resourceLimits: { maxOldGenerationSizeMb: opts.maxMemoryMb } } : {});
    worker.unref();
    inbox = new Inbox(worker);
  } catch {
    worker = undefined;
  }
  const built = { split: 0, here: 0, docxHere: 0 };
  const here = (job: SplitJob) => {
    built.here++;
    return buildHere(job);
  };
  let busy = false;
  return {
    built,
    async build(job) {
      const w = worker;
      const box = inbox;
      if (!w || !box || box.dead || busy) return here(job);
      busy = true;
      // while a job is out, the thread keeps the process alive (an unref'd thread that dies of its memory limit would otherwise end it mid-await)
      w.ref();
      try {
        w.postMessage({ job } satisfies ToThread);
        const answer = box.next();
        // while the thread makes the IR, the PDF renderer (pdfmake, pdfkit, fontkit) loads here
        // and parses the faces most documents use, until the IR is there
        let answered = false;
        void answer.then(() => (answered = true));
        const renderer = await import('../render/pdf/index.js');
        for (const face of packagedFontFiles) {
          if (answered) break;
          renderer.openFace(face);
          await new Promise((resolve) => setImmediate(resolve));
        }
        const first = await answer;
        if (!first && box.outOfMemory)
          return {
            name: departmentName(job.file),
            diagnostics: [memoryLimitProblem(job.file, opts.maxMemoryMb ?? DEFAULT_LIMITS.memoryMb, job.lang)],
            files: [],
          };
        if (!first) return here(job);
        if ('error' in first) throw new Error(first.error);
        if (!('model' in first)) throw new Error('split build: the thread answered out of turn');
        const { name, diagnostics, ir } = first.model;
        if (!ir) {
          built.split++;
          return { name, diagnostics, files: [] };
        }
        const { renderPdf } = renderer;
        const wantDocx = job.formats.includes('docx');
        const work = pdfWork(ir, { pdf: job.formats.includes('pdf'), docx: wantDocx });
        const laidOut = (pagination: Pagination | undefined) => w.postMessage({ pagination } satisfies ToThread);
        // posted from inside the PDF's render, which goes on synchronously: the thread finishes meanwhile
        const pdf = work === 'none' ? undefined : await renderPdf(ir, { laidOut: wantDocx ? laidOut : undefined, layoutOnly: work === 'layout' });
        if (wantDocx && !pdf) laidOut(undefined);
        const files: BuildOutput['files'] = [];
        if (pdf && work === 'draw') files.push({ format: 'pdf', bytes: pdf.bytes });
        if (wantDocx) {
          const second = await box.next();
          if (second && 'error' in second) throw new Error(second.error);
          if (second && 'docx' in second) files.push({ format: 'docx', bytes: second.docx });
          else {
            // the thread died after the IR: the DOCX is rendered here
            const { renderDocx } = await import('../render/docx/index.js');
            files.push({ format: 'docx', bytes: await renderDocx(ir, { pagination: pdf?.pagination }) });
            built.docxHere++;
          }
        }
        // every text of the IR reached the page and the DOCX's body, or nothing is written
        const docx = files.find((f) => f.format === 'docx')?.bytes;
        const missing = auditOutputs(ir, { ...(pdf ? { pdf } : {}), ...(docx ? { docx } : {}) }, job.file, job.lang);
        if (missing.length) {
          built.split++;
          return { name, diagnostics: [...diagnostics, ...missing], files: [] };
        }
        if (job.formats.includes('xlsx')) files.push({ format: 'xlsx', bytes: await (await import('../render/xlsx/tables-xlsx.js')).tablesWorkbook(ir) });
        built.split++;
        return { name, diagnostics, files, ...(pdf ? { pages: pdf.pageCount } : {}) };
      } finally {
        busy = false;
        w.unref();
      }
    },
    async close() {
      await worker?.terminate();
    },
  };
}
