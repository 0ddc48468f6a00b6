// `disclosure build <folder> --jobs N [--changed]`: the batch command, for the CLI to call.
import type { Format } from '../build.js';
import type { Limits } from '../document/limits.js';
import { formatDiagnostic } from '../diagnostics/diagnostic.js';
import type { Lang } from '../model/validate.js';
import { runBatch } from './run-batch.js';
import { collectYamlFiles, sourceForFrame } from '../source/files.js';
import { createProgress, formatSummaryTable } from './progress.js';
import { readableRoots } from '../catalogue/layers.js';
import { builtinTemplates } from '../templates/builtin.js';

export { runBatch, type BatchOptions, type Progress } from './run-batch.js';
export type { Summary, DepartmentSummary } from './types.js';
export { synthDepartment } from '../synth/generate.js';

export interface BatchCommandOptions {
  out?: string;
  formats?: Format[];
  /** bureau template folders (--templates), built-in set first implicitly */
  templates?: string[];
  /** --catalogue FILE|DIR entries, over the built-in catalogues and the template sets' catalogue/ folders */
  catalogues?: string[];
  jobs?: number;
  /** old-generation limit per worker, MB: a lower peak for some throughput */
  maxHeapMb?: number;
  lang?: Lang;
  strict?: boolean;
  /** pages and seconds per department (--max-pages, --max-seconds) */
  limits?: Partial<Limits>;
  changed?: boolean;
  /** print every diagnostic (default true) */
  diagnostics?: boolean;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Returns the exit code: 0 all built (or skipped), 1 any failed, 2 bad usage / I/O. */
export async function batchCommand(paths: string[], opts: BatchCommandOptions = {}): Promise<number> {
  const err = opts.stderr ?? process.stderr;
  const out = opts.stdout ?? process.stdout;
  const lang = opts.lang ?? 'zh';
  const { files, problems } = await collectYamlFiles(paths, lang);
  if (problems.length) {
    for (const d of problems) err.write(`${formatDiagnostic(d, lang)}\n`);
    return 2;
  }
  if (opts.jobs !== undefined && (!Number.isInteger(opts.jobs) || opts.jobs < 1)) {
    err.write('--jobs 须为正整数 must be a positive integer\n');
    return 2;
  }
  if (opts.maxHeapMb !== undefined && (!Number.isInteger(opts.maxHeapMb) || opts.maxHeapMb < 128)) {
    err.write('--max-heap 须为不小于 128 的整数（MB） must be a whole number of MB, at least 128\n');
    return 2;
  }
  const progress = createProgress(files.length, err, lang);
  let summary;
  try {
    summary = await runBatch({
      files,
      outDir: opts.out ?? 'out',
      templateLayers: opts.templates ?? [],
      catalogues: opts.catalogues ?? [],
      formats: opts.formats ?? ['pdf', 'docx'],
      jobs: opts.jobs,
      maxOldGenerationSizeMb: opts.maxHeapMb,
      lang,
      strict: opts.strict ?? false,
      ...(opts.limits ? { limits: opts.limits } : {}),
      changedOnly: opts.changed ?? false,
      onProgress: (p) => progress.update(p),
    });
  } catch (e) {
    progress.stop();
    err.write(`批量生成失败 batch failed: ${(e as Error).message}\n`);
    return 2;
  }
  progress.stop();
  // code frames quote only the folders this batch reads (never a link's target elsewhere)
  const roots = readableRoots({ templateLayers: [builtinTemplates, ...(opts.templates ?? [])], extra: opts.catalogues ?? [], departmentFiles: files });
  if (opts.diagnostics !== false)
    for (const d of summary.departments) for (const x of d.diagnostics) err.write(`${formatDiagnostic(x, lang, sourceForFrame(x.file, roots))}\n`);
  out.write(formatSummaryTable(summary, lang));
  return summary.totals.failed ? 1 : 0;
}
