// disclosure build|check <file.yaml|folder> [--out DIR] [--format pdf|docx] [--templates DIR]…
import { access, mkdir, readFile, stat } from 'node:fs/promises';
import { limitsFromArgs, limitsOf } from '../document/limits.js';
import { constants, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { cliArgs } from '../diagnostics/parse-args.js';
import { setFlagsFromString } from 'node:v8';
// Modules that load yaml, zod, Handlebars or the renderers are imported where
// used: a split build leaves them to its other thread.
import type { BuildOutput, Format } from '../build.js';
import type { TemplateSet } from '../templates/load.js';
import { builtinTemplates } from '../templates/builtin.js';
import { DiagnosticError, formatDiagnostic, hasErrors, internalError, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Lang } from '../model/validate.js';
import { writeAtomic } from '../write-atomic.js';
import { collectYamlFiles, readDepartmentText, sourceForFrame } from '../source/files.js';
import { startSplitBuild } from '../split-build/index.js';
import { catalogueLayers, readableRoots } from '../catalogue/layers.js';

const USAGE = `用法 usage:
  disclosure build <data.yaml|folder> [--out DIR] [--format pdf|docx|xlsx] [--templates DIR]... [--catalogue FILE|DIR]... [--strict] [--lang zh|en]
  disclosure build <texts.yaml> --tables <TABLES.xlsx> [...]   the texts with the published tables as a workbook
        [--jobs N] [--changed] [--max-heap MB]   a folder builds in parallel with progress and DIR/summary.json
        [--max-pages N] [--max-seconds S] [--max-memory MB]   limits per department (default 500 pages, 60 s, 1024 MB)
  disclosure convert <data.yaml|data.xlsx> --to xlsx|yaml [--out PATH]   a department as a workbook, or back to YAML
  disclosure workbook <OUT.xlsx> [--year N] [--templates DIR]...   an empty department workbook to fill in (说明, drop-down lists)
  disclosure init [DIR] [--only FILE]... [--force] | init DIR --accept FILE...   copy the built-in template set (or single files) to DIR
  disclosure check <data.yaml|folder> [--templates DIR]... [--catalogue FILE|DIR]... [--strict] [--lang zh|en] [--json | --format json | --format xlsx --out FILE.xlsx]
  disclosure preview <data.yaml> [--templates DIR]... [--catalogue FILE|DIR]... [--port N] [--lang zh|en]
        a local page (127.0.0.1) showing the disclosure, its problems and PDF/DOCX links, updated on every save
  disclosure queue worker|submit|status --redis URL …   the batch on BullMQ workers over Redis (README: A province on many machines)
退出码 exit: 0 clean, 1 errors found, 2 bad usage or I/O
`;

export async function main(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'init') {
    // init copies into a folder: onto an existing file it would fail with the system's ENOTDIR
    const dir = rest.find((x, i) => !x.startsWith('-') && !/^--(only|accept)$/.test(rest[i - 1] ?? '')) ?? 'templates-local';
    if ((await stat(resolve(dir)).catch(() => null))?.isFile()) {
      err.write(`${resolve(dir)} 是一个文件，不是文件夹；请另选一个文件夹名 (is a file, not a folder; choose another folder name)\n`);
      return 2;
    }
    return (await import('./init.js')).initCommand(rest, out, err);
  }
  if (command === 'convert' || command === 'workbook') return (await import('../workbook/cli.js')).workbookCli(command, rest, out, err);
  if (command === 'preview') return (await import('../preview/cli.js')).previewCommand(rest, out, err);
  if (command === 'queue') return (await import('../queue/cli.js')).queueCommand(rest, out, err);
  if (command !== 'build' && command !== 'check') {
    err.write(USAGE);
    return 2;
  }
  let args;
  try {
    args = cliArgs({
      args: rest,
      allowPositionals: true,
      options: {
        out: { type: 'string', default: 'out' },
        format: { type: 'string', multiple: true },
        templates: { type: 'string', multiple: true },
        catalogue: { type: 'string', multiple: true },
        strict: { type: 'boolean', default: false },
        lang: { type: 'string', default: 'zh' },
        json: { type: 'boolean', default: false },
        jobs: { type: 'string' },
        changed: { type: 'boolean', default: false },
        'max-heap': { type: 'string' },
        'max-pages': { type: 'string' },
        'max-seconds': { type: 'string' },
        'max-memory': { type: 'string' },
        tables: { type: 'string' },
      },
    });
  } catch (e) {
    err.write(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  // `check --format json` prints the diagnostics for programs (as --json does)
  const json = args.values.json || (command === 'check' && args.values.format?.[0] === 'json');
  const formats = (command === 'check' ? ['pdf', 'docx'] : (args.values.format ?? ['pdf', 'docx'])) as Format[];
  const lang = args.values.lang as Lang;
  // `check --format xlsx` writes a review workbook of every diagnostic (--out FILE.xlsx, or DIR/check.xlsx)
  const review = command === 'check' && args.values.format?.[0] === 'xlsx';
  if (args.positionals.length === 0 || formats.some((f) => f !== 'pdf' && f !== 'docx' && f !== 'xlsx') || (lang !== 'zh' && lang !== 'en')) {
    err.write(USAGE);
    return 2;
  }
  // --max-pages N / --max-seconds S: limits per department (src/document/limits.ts)
  const limits = limitsFromArgs(args.values['max-pages'], args.values['max-seconds'], args.values['max-memory']);
  if (limits === null) {
    err.write(
      `--max-pages / --max-seconds 要写正数，--max-memory 要写不小于 128 的整数（MB） need a positive number (--max-memory: whole MB, at least 128)\n${USAGE}`,
    );
    return 2;
  }
  // --catalogue FILE|DIR: bureau 科目 catalogues over the built-in ones (see src/catalogue)
  const extraCatalogues = (args.values.catalogue ?? []).map((p) => resolve(p));
  const missingCatalogue = extraCatalogues.find((p) => !existsSync(p));
  if (missingCatalogue) {
    err.write(`科目表不存在 catalogue not found: ${missingCatalogue}\n`);
    return 2;
  }
  // a --templates path that is missing or a file would silently give the built-in set
  for (const d of args.values.templates ?? []) {
    const s = await stat(resolve(d)).catch(() => null);
    if (!s?.isDirectory()) {
      err.write(s ? `--templates 不是文件夹 is not a folder: ${resolve(d)}\n` : `--templates 文件夹不存在 folder not found: ${resolve(d)}\n`);
      return 2;
    }
  }
  // --tables goes with one texts YAML, never a folder (a batch would silently read no tables)
  if (
    args.values.tables !== undefined &&
    (args.positionals.length !== 1 || (await stat(args.positionals[0]!).catch(() => null))?.isDirectory() || args.values.jobs || args.values.changed)
  ) {
    err.write(`--tables 要和一个文字 YAML 一起用 takes one texts YAML (not a folder)\n${USAGE}`);
    return 2;
  }
  // two departments of the same base name (from two folders) would write the same output: refused before anything is written
  if (command === 'build') {
    const inputs = (await collectYamlFiles(args.positionals, lang)).files;
    const clash = (await import('./output-collisions.js')).outputCollisions(inputs);
    if (clash.length) {
      for (const [a, b, name] of clash)
        err.write(`两个输入会写出同名文件 two inputs would write the same output “${name}”: ${a} ${b}\n  请改名其中一个 rename one of them\n`);
      return 2;
    }
    // a workbook department built with --format xlsx into its own folder would overwrite itself
    const own = (await import('./output-collisions.js')).outputsOverInputs(inputs, resolve(args.values.out), formats);
    if (own.length) {
      for (const f of own)
        err.write(`输出会覆盖输入文件 the output would overwrite the input: ${f}\n  请用 --out 另选一个文件夹 choose another folder with --out\n`);
      return 2;
    }
  }
  // libraries running stock: said once here, before a batch starts workers that would each say it
  if (command === 'build') (await import('../engines/notice.js')).announceEngines((line) => err.write(line), lang);
  // a folder, --jobs, --changed or --max-heap: the parallel batch (workers, progress, summary.json)
  const isFolder = async (p: string) => (await stat(p).catch(() => null))?.isDirectory() ?? false;
  if (
    command === 'build' &&
    (args.values.jobs || args.values.changed || args.values['max-heap'] || (await Promise.all(args.positionals.map(isFolder))).some(Boolean))
  )
    return (await import('../batch/index.js')).batchCommand(args.positionals, {
      out: args.values.out,
      formats,
      templates: args.values.templates ?? [],
      catalogues: extraCatalogues,
      jobs: args.values.jobs ? Number(args.values.jobs) : undefined,
      maxHeapMb: args.values['max-heap'] ? Number(args.values['max-heap']) : limits?.memoryMb,
      lang,
      strict: args.values.strict,
      ...(limits ? { limits } : {}),
      changed: args.values.changed,
      stdout: out,
      stderr: err,
    });
  const { files, problems } = await collectYamlFiles(args.positionals, lang);
  const report: Diagnostic[] = [...problems];
  // One department is built in ~2 s from a cold start: too short for V8's
  // optimising compiler to pay back its compile jobs on a 2-core machine with
  // both threads of the split build busy (measured: 0.4 s faster without; an
  // 80-project department alone takes the same either way). V8 flags are
  // process-wide, so only here, never where workers or many departments run.
  const single = command === 'build' && files.length === 1;
  if (single) setFlagsFromString('--no-opt');
  const bureauLayers = [builtinTemplates, ...(args.values.templates ?? []).map((d) => resolve(d))];
  // built-in → bureau (--templates) → the department's own `templates/` folder beside its YAML
  const sets = new Map<string, Promise<TemplateSet>>();
  const layersFor = (file: string): string[] => {
    const own = join(dirname(resolve(file)), 'templates');
    return existsSync(own) && !bureauLayers.includes(own) ? [...bureauLayers, own] : bureauLayers;
  };
  const templatesFor = (file: string): Promise<TemplateSet> => {
    const layers = layersFor(file);
    const key = layers.join('\0');
    if (!sets.has(key))
      sets.set(
        key,
        import('../templates/load.js').then((m) => m.loadTemplateSet(layers, lang)),
      );
    return sets.get(key)!;
  };
  const outDir = resolve(args.values.out);
  if (command === 'build') {
    try {
      await mkdir(outDir, { recursive: true });
      await access(outDir, constants.W_OK);
    } catch {
      err.write(`输出文件夹不可写 output folder not writable: ${outDir}\n`);
      return 2;
    }
  }
  // …and it is split over two threads (split-build/): the second starts now, to load its modules meanwhile
  // --tables TABLES.xlsx: the department's published tables with its texts YAML (src/workbook/tables-in)
  const tables = args.values.tables;
  if (tables !== undefined && (files.length !== 1 || !/\.xlsx$/i.test(tables))) {
    err.write(`--tables 要和一个文字 YAML 一起用，并给出 .xlsx 工作簿 takes one texts YAML and an .xlsx workbook\n${USAGE}`);
    return 2;
  }
  const split = single && tables === undefined ? startSplitBuild(undefined, { maxMemoryMb: limitsOf(limits).memoryMb }) : undefined;
  const buildFile = async (file: string, text: string): Promise<BuildOutput> => {
    const catalogues = catalogueLayers({ templateLayers: layersFor(file), extra: extraCatalogues, departmentFile: file });
    const job = { file, text, formats, lang, strict: args.values.strict, catalogues, ...(limits ? { limits } : {}) };
    if (tables !== undefined) {
      let tablesBytes: Uint8Array;
      try {
        tablesBytes = await readFile(tables);
      } catch {
        return {
          name: file,
          files: [],
          diagnostics: [
            { severity: 'error', code: 'io.unreadable', file: tables, message: lang === 'en' ? `cannot read the file ${tables}` : `无法读取文件 ${tables}` },
          ],
        };
      }
      let set: TemplateSet;
      try {
        set = await templatesFor(file);
      } catch (e) {
        if (e instanceof DiagnosticError) return { name: file, files: [], diagnostics: [...e.diagnostics] };
        throw e;
      }
      const { buildWithTables } = await import('../workbook/tables-in/build-with-tables.js');
      return buildWithTables({ ...job, templates: set, tablesFile: tables, tablesBytes, render: command === 'build' });
    }
    if (split) return split.build({ ...job, layers: layersFor(file) });
    return (await import('../build.js')).buildWithTemplates(templatesFor(file), { ...job, render: command === 'build' });
  };
  // a broken template set is reported once, however many departments use it
  const reported = new Set<string>();
  const originsOf = (await import('../templates/origins.js')).originChecker(lang);
  let failed = 0;
  try {
    for (const file of files) {
      const read = await readDepartmentText(file, lang);
      if ('problem' in read) {
        report.push(read.problem);
        failed++;
        continue;
      }
      // copies of built-in template files whose original has changed since (disclosure init records them)
      for (const d of await originsOf(layersFor(file))) if (!reported.has(JSON.stringify(d))) report.push(d);
      let result;
      try {
        result = await buildFile(file, read.text);
      } catch (e) {
        // a bug of ours, not the clerk's: say so plainly and name the input
        report.push(internalError(file, e, lang));
        failed++;
        continue;
      }
      for (const d of result.diagnostics) {
        const key = JSON.stringify(d);
        if (!reported.has(key)) report.push(d);
        reported.add(key);
      }
      const blocked = hasErrors(result.diagnostics) || (args.values.strict && result.diagnostics.length > 0);
      // nothing is written when there is an error: no half-finished disclosure on disk
      if (blocked) {
        failed++;
        continue;
      }
      for (const f of result.files) {
        const path = join(outDir, `${result.name}.${f.format}`);
        await writeAtomic(path, f.bytes);
        out.write(`${path}${result.pages ? ` (${result.pages} 页)` : ''}\n`);
      }
    }
  } finally {
    await split?.close();
  }
  const sorted = [...report].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  if (review) {
    const path = /\.xlsx$/i.test(args.values.out) ? resolve(args.values.out) : join(resolve(args.values.out), 'check.xlsx');
    await mkdir(dirname(path), { recursive: true });
    await writeAtomic(path, await (await import('../batch/report-xlsx.js')).reviewWorkbook(sorted, lang));
    out.write(`${path}\n`);
  }
  if (json) out.write(`${JSON.stringify(sorted, null, 2)}\n`);
  else {
    // code frames quote only the folders this command reads (never a link's target elsewhere)
    const roots = readableRoots({ templateLayers: bureauLayers, extra: extraCatalogues, departmentFiles: files });
    for (const d of sorted) err.write(`${formatDiagnostic(d, lang, sourceForFrame(d.file, roots))}\n`);
    const errors = sorted.filter((d) => d.severity === 'error').length;
    const warnings = sorted.length - errors;
    if (sorted.length) err.write(lang === 'zh' ? `${errors} 个错误，${warnings} 个警告\n` : `${errors} errors, ${warnings} warnings\n`);
  }
  return failed ? 1 : 0;
}
