// disclosure convert FILE.yaml --to xlsx | FILE.xlsx --to yaml [--out PATH]
// disclosure workbook OUT.xlsx [--year N] [--templates DIR]... [--catalogue FILE|DIR]...
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { linkOutOf } from '../source/inside-folder.js';
import { outsideFolderProblem } from '../source/files.js';
import { cliArgs } from '../diagnostics/parse-args.js';
import { DiagnosticError, formatDiagnostic, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';
import { writeAtomic } from '../write-atomic.js';
import { catalogueLayers } from '../catalogue/layers.js';
import { builtinTemplates } from '../templates/builtin.js';
import { NoCatalogueError } from '../catalogue/missing.js';
import { isWorkbookFile } from '../model/workbook/read-workbook.js';

const USAGE = `用法 usage:
  disclosure convert <data.yaml> --to xlsx [--out PATH] [--force]   a department's YAML as a workbook
  disclosure convert <data.xlsx> --to yaml [--out PATH] [--force]   a department's workbook as YAML
  disclosure convert <data.yaml> --to texts [--templates DIR]... [--out PATH] [--force]   the YAML without the facts the set's tables show
  disclosure workbook <OUT.xlsx> [--year N] [--templates DIR]... [--catalogue FILE|DIR]... [--force]   an empty workbook to fill in
  (an existing file is replaced only with --force; missing folders are created)
`;

type Stream = NodeJS.WritableStream;

/**
 * The file to write, its folder created; or why not: a folder of that name, or
 * a file already there (replaced only with --force: a clerk's filled-in
 * workbook is not overwritten by an empty one without being asked).
 */
async function writableTarget(path: string, force: boolean, lang: Lang): Promise<string | { problem: string }> {
  const s = await stat(path).catch(() => null);
  if (s?.isDirectory())
    return {
      problem:
        lang === 'zh'
          ? `${path} 是一个文件夹，请写出要生成的文件名，例如 ${join(path, 'x.xlsx')}`
          : `${path} is a folder: name the file to write, e.g. ${join(path, 'x.xlsx')}`,
    };
  if (s && !force)
    return {
      problem: lang === 'zh' ? `${path} 已经存在，没有覆盖；确要覆盖请加 --force` : `${path} already exists and was not overwritten; add --force to replace it`,
    };
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch {
    return { problem: lang === 'zh' ? `无法创建文件夹 ${dirname(path)}` : `cannot create the folder ${dirname(path)}` };
  }
  return path;
}

function report(ds: readonly Diagnostic[], lang: Lang, err: Stream): void {
  for (const d of ds) err.write(`${formatDiagnostic(d, lang)}\n`);
}

export async function workbookCli(command: 'convert' | 'workbook', argv: string[], out: Stream, err: Stream): Promise<number> {
  let args;
  try {
    args = cliArgs({
      args: argv,
      allowPositionals: true,
      options: {
        to: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean', default: false },
        year: { type: 'string' },
        templates: { type: 'string', multiple: true },
        catalogue: { type: 'string', multiple: true },
        lang: { type: 'string', default: 'zh' },
      },
    });
  } catch (e) {
    err.write(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const lang = args.values.lang === 'en' ? 'en' : 'zh';
  const [file] = args.positionals;
  if (!file || args.positionals.length > 1) {
    err.write(USAGE);
    return 2;
  }
  if (command === 'workbook') {
    const year = args.values.year ? Number(args.values.year) : new Date().getFullYear();
    const target = await writableTarget(resolve(file), args.values.force, lang);
    if (typeof target !== 'string') return (err.write(`${target.problem}\n`), 2);
    if (!Number.isInteger(year) || !isWorkbookFile(file)) {
      err.write(USAGE);
      return 2;
    }
    const templateLayers = [builtinTemplates, ...(args.values.templates ?? []).map((d) => resolve(d))];
    const layers = catalogueLayers({ templateLayers, extra: (args.values.catalogue ?? []).map((p) => resolve(p)) });
    const { fillInWorkbook } = await import('./fill-in.js');
    try {
      await writeAtomic(target, await fillInWorkbook({ year, catalogues: layers, lang }));
    } catch (e) {
      if (e instanceof DiagnosticError) return (report(e.diagnostics, lang, err), 1);
      if (e instanceof NoCatalogueError)
        return (err.write(lang === 'zh' ? `没有 ${year} 年的科目表（--catalogue 可以给出）\n` : `no catalogue for ${year} (give one with --catalogue)\n`), 1);
      throw e;
    }
    out.write(`${resolve(file)}\n`);
    return 0;
  }
  const to = args.values.to;
  if (to === 'texts') return textsCommand(file, args.values.out, args.values.templates ?? [], lang, out, err, args.values.force);
  const fromWorkbook = isWorkbookFile(file);
  if ((to !== 'xlsx' && to !== 'yaml') || (to === 'xlsx') === fromWorkbook) {
    err.write(USAGE);
    return 2;
  }
  const wanted = resolve(args.values.out ?? file.replace(/\.(ya?ml|xls[xm])$/i, '') + (to === 'xlsx' ? '.xlsx' : '.yaml'));
  let bytes: Buffer;
  try {
    // a link out of its folder is not read (its lines would be quoted in messages)
    if ((await linkOutOf(file)) !== null) return (err.write(`${formatDiagnostic(outsideFolderProblem(file, lang), lang)}\n`), 2);
    bytes = await readFile(file);
  } catch {
    err.write(lang === 'zh' ? `找不到文件 ${file}\n` : `no such file: ${file}\n`);
    return 2;
  }
  const target = await writableTarget(wanted, args.values.force, lang);
  if (typeof target !== 'string') return (err.write(`${target.problem}\n`), 2);
  const { yamlToWorkbook, workbookToYaml } = await import('./convert.js');
  const r = fromWorkbook ? await workbookToYaml(file, bytes, lang) : await yamlToWorkbook(file, bytes.toString('utf8'), lang);
  if ('diagnostics' in r) {
    // nothing is written when the source has a problem
    report(r.diagnostics, lang, err);
    return 1;
  }
  await writeAtomic(target, 'bytes' in r ? r.bytes : new TextEncoder().encode(r.text));
  out.write(`${target}\n`);
  return 0;
}

/** convert DATA.yaml --to texts: what the tables workbook does not carry (src/workbook/tables-in/texts.ts) */
async function textsCommand(
  file: string,
  outPath: string | undefined,
  templates: string[],
  lang: Lang,
  out: Stream,
  err: Stream,
  force: boolean,
): Promise<number> {
  if (isWorkbookFile(file)) {
    err.write(USAGE);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    err.write(`找不到文件 no such file: ${file}\n`);
    return 2;
  }
  const { parseYamlSource } = await import('../source/yaml-source.js');
  const parsed = parseYamlSource(file, text, lang);
  if (!parsed.source) return (report(parsed.diagnostics, lang, err), 1);
  let set;
  try {
    set = await (await import('../templates/load.js')).loadTemplateSet([builtinTemplates, ...templates.map((d) => resolve(d))], lang);
  } catch (e) {
    if (e instanceof DiagnosticError) return (report(e.diagnostics, lang, err), 1);
    throw e;
  }
  const { readSpecs } = await import('./tables-in/read-spec.js');
  const { textsYaml } = await import('./tables-in/texts.js');
  const texts = textsYaml(parsed.source.doc, readSpecs(set))!;
  const target = await writableTarget(resolve(outPath ?? file.replace(/\.ya?ml$/i, '') + '.texts.yaml'), force, lang);
  if (typeof target !== 'string') return (err.write(`${target.problem}\n`), 2);
  await writeAtomic(target, new TextEncoder().encode(texts));
  out.write(`${target}\n`);
  return 0;
}
