// disclosure convert FILE.yaml --to xlsx | FILE.xlsx --to yaml [--out PATH]
// disclosure workbook OUT.xlsx [--year N] [--templates DIR]... [--catalogue FILE|DIR]...
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { cliArgs } from '../cli/parse-args.js';
import { DiagnosticError, formatDiagnostic, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';
import { writeAtomic } from '../cli/write-atomic.js';
import { catalogueLayers } from '../catalogue/layers.js';
import { builtinTemplates } from '../templates/builtin.js';
import { NoCatalogueError } from '../catalogue/missing.js';
import { isWorkbookFile } from './read-workbook.js';

const USAGE = `用法 usage:
  disclosure convert <data.yaml> --to xlsx [--out PATH]   a department's YAML as a workbook
  disclosure convert <data.xlsx> --to yaml [--out PATH]   a department's workbook as YAML
  disclosure workbook <OUT.xlsx> [--year N] [--templates DIR]... [--catalogue FILE|DIR]...   an empty workbook to fill in
`;

type Stream = NodeJS.WritableStream;

function report(ds: readonly Diagnostic[], lang: Lang, err: Stream): void {
  for (const d of ds) err.write(`${formatDiagnostic(d, lang)}\n`);
}

export async function workbookCli(command: 'convert' | 'workbook', argv: string[], out: Stream, err: Stream): Promise<number> {
  let args;
  try {
    args = cliArgs({
      args: argv,
      allowPositionals: true,
      options: { to: { type: 'string' }, out: { type: 'string' }, year: { type: 'string' }, templates: { type: 'string', multiple: true }, catalogue: { type: 'string', multiple: true }, lang: { type: 'string', default: 'zh' } },
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
    if (!Number.isInteger(year) || !isWorkbookFile(file)) {
      err.write(USAGE);
      return 2;
    }
    const templateLayers = [builtinTemplates, ...(args.values.templates ?? []).map((d) => resolve(d))];
    const layers = catalogueLayers({ templateLayers, extra: (args.values.catalogue ?? []).map((p) => resolve(p)) });
    const { fillInWorkbook } = await import('./fill-in.js');
    try {
      await writeAtomic(resolve(file), await fillInWorkbook({ year, catalogues: layers, lang }));
    } catch (e) {
      if (e instanceof DiagnosticError) return report(e.diagnostics, lang, err), 1;
      if (e instanceof NoCatalogueError) return err.write(lang === 'zh' ? `没有 ${year} 年的科目表（--catalogue 可以给出）\n` : `no catalogue for ${year} (give one with --catalogue)\n`), 1;
      throw e;
    }
    out.write(`${resolve(file)}\n`);
    return 0;
  }
  const to = args.values.to;
  const fromWorkbook = isWorkbookFile(file);
  if ((to !== 'xlsx' && to !== 'yaml') || (to === 'xlsx') === fromWorkbook) {
    err.write(USAGE);
    return 2;
  }
  const target = resolve(args.values.out ?? file.replace(/\.(ya?ml|xls[xm])$/i, '') + (to === 'xlsx' ? '.xlsx' : '.yaml'));
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    err.write(`找不到文件 no such file: ${file}\n`);
    return 2;
  }
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
