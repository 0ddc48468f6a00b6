// `disclosure build <folder> --jobs N [--changed]`: the batch command, for the CLI to call.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Format } from '../build.js';
import { formatDiagnostic } from '../diagnostics/diagnostic.js';
import type { Lang } from '../model/validate.js';
import { runBatch } from './run-batch.js';
import { createProgress, formatSummaryTable } from './progress.js';

export { runBatch, type BatchOptions, type Progress } from './run-batch.js';
export type { Summary, DepartmentSummary } from './types.js';
export { synthDepartment } from '../synth/generate.js';

export interface BatchCommandOptions {
  out?: string;
  formats?: Format[];
  /** bureau template folders (--templates), built-in set first implicitly */
  templates?: string[];
  jobs?: number;
  lang?: Lang;
  strict?: boolean;
  changed?: boolean;
  /** print every diagnostic (default true) */
  diagnostics?: boolean;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** YAML files named or found (recursively) under the paths, like the CLI's own collect(). */
function collect(paths: string[]): string[] {
  const files: string[] = [];
  const walk = (p: string) => {
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const e of readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        if (e.name.startsWith('.') || e.name === 'catalogue' || e.name === 'node_modules' || e.name === 'templates') continue;
        const child = join(p, e.name);
        if (e.isDirectory()) walk(child);
        else if (/\.ya?ml$/i.test(e.name)) files.push(child);
      }
    } else files.push(p);
  };
  for (const p of paths) walk(p);
  return files;
}

const source = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/** Returns the exit code: 0 all built (or skipped), 1 any failed, 2 bad usage / I/O. */
export async function batchCommand(paths: string[], opts: BatchCommandOptions = {}): Promise<number> {
  const err = opts.stderr ?? process.stderr;
  const out = opts.stdout ?? process.stdout;
  const lang = opts.lang ?? 'zh';
  let files: string[];
  try {
    files = collect(paths);
  } catch (e) {
    err.write(`找不到文件或文件夹 not found: ${(e as Error).message}\n`);
    return 2;
  }
  if (opts.jobs !== undefined && (!Number.isInteger(opts.jobs) || opts.jobs < 1)) {
    err.write('--jobs 须为正整数 must be a positive integer\n');
    return 2;
  }
  const progress = createProgress(files.length, err, lang);
  let summary;
  try {
    summary = await runBatch({
      files,
      outDir: opts.out ?? 'out',
      templateLayers: opts.templates ?? [],
      formats: opts.formats ?? ['pdf', 'docx'],
      jobs: opts.jobs,
      lang,
      strict: opts.strict ?? false,
      changedOnly: opts.changed ?? false,
      onProgress: (p) => progress.update(p),
    });
  } catch (e) {
    progress.stop();
    err.write(`批量生成失败 batch failed: ${(e as Error).message}\n`);
    return 2;
  }
  progress.stop();
  if (opts.diagnostics !== false)
    for (const d of summary.departments) for (const x of d.diagnostics) err.write(`${formatDiagnostic(x, lang, source(x.file))}\n`);
  out.write(formatSummaryTable(summary, lang));
  return summary.totals.failed ? 1 : 0;
}
