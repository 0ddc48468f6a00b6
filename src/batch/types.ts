import type { Format } from '../build.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Lang } from '../model/validate.js';
import type { Limits } from '../document/limits.js';
import type { WorkSnapshot } from '../engines/work-meter.js';

export interface Job {
  id: number;
  file: string;
  outDir: string;
  layers: string[];
  /** catalogue layers, earliest first */
  catalogues?: string[];
  formats: Format[];
  lang: Lang;
  strict: boolean;
  /** pages and seconds per department (--max-pages, --max-seconds); the defaults where left out */
  limits?: Partial<Limits>;
}

export interface JobResult {
  id: number;
  name: string;
  status: 'built' | 'failed';
  diagnostics: Diagnostic[];
  pages?: number;
  /** bytes written, all formats */
  bytes: number;
  ms: number;
  /** the worker's resident set after the job, and its peak so far (bytes) */
  rss?: number;
  maxRss?: number;
  /** this worker's own V8 heap after the job, and its peak (bytes) */
  heapUsed?: number;
  peakHeap?: number;
  /** GC pause time during this job, ms */
  gcMs?: number;
  threadId?: number;
  /** with WorkerData.meter: the job's stages and counters (npm run profile -- --batch) */
  work?: WorkSnapshot;
  /**
   * with WorkerData.meter: when the job was posted, received by its worker, its
   * result sent and received back (ms since the epoch, performance.timeOrigin-based)
   */
  clock?: { posted?: number; received: number; sent: number; returned?: number };
}

export interface DepartmentSummary {
  file: string;
  name: string;
  status: 'built' | 'failed' | 'skipped';
  diagnostics: Diagnostic[];
  pages?: number;
  bytes: number;
  ms: number;
  hash?: string;
  outputs?: string[];
  worker?: { threadId?: number; rss?: number; maxRss?: number; heapUsed?: number; peakHeap?: number; gcMs?: number };
}

export interface Summary {
  version: string;
  startedAt: string;
  jobs: number;
  formats: Format[];
  departments: DepartmentSummary[];
  totals: { departments: number; built: number; failed: number; skipped: number; warnings: number; errors: number; pages: number; bytes: number; ms: number };
}

/** What every batch worker is started with. */
export interface WorkerData {
  /** font file path → its bytes, read once by the batch (fonts/shared-bytes.ts) */
  fonts: Readonly<Record<string, SharedArrayBuffer>>;
  /** meter each job's work (src/engines/work-meter.ts) and send it back with the result */
  meter?: boolean;
}
