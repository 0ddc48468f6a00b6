// disclosure build <file.yaml> [--out DIR] [--format pdf|docx] [--templates DIR]…
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build, type Format } from '../build.js';
import { builtinTemplates, loadTemplateSet } from '../templates/load.js';
import { formatDiagnostic, hasErrors } from '../diagnostics/diagnostic.js';
import { writeAtomic } from './write-atomic.js';

const USAGE = `用法 usage:
  disclosure build <data.yaml> [--out DIR] [--format pdf|docx] [--templates DIR]...
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'build') {
    process.stderr.write(USAGE);
    return 2;
  }
  let args;
  try {
    args = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        out: { type: 'string', default: 'out' },
        format: { type: 'string', multiple: true },
        templates: { type: 'string', multiple: true },
      },
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const files = args.positionals;
  const formats = (args.values.format ?? ['pdf', 'docx']) as Format[];
  if (files.length === 0 || formats.some((f) => f !== 'pdf' && f !== 'docx')) {
    process.stderr.write(USAGE);
    return 2;
  }
  const templates = await loadTemplateSet([builtinTemplates, ...(args.values.templates ?? []).map((d) => resolve(d))]);
  const outDir = resolve(args.values.out!);
  await mkdir(outDir, { recursive: true });
  let failed = 0;
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    const result = await build({ file, text, templates, formats });
    for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    // nothing is written when there is an error: no half-finished disclosure on disk
    if (hasErrors(result.diagnostics)) {
      failed++;
      continue;
    }
    for (const f of result.files) {
      const path = join(outDir, `${result.name}.${f.format}`);
      await writeAtomic(path, f.bytes);
      process.stdout.write(`${path} (${result.pages} 页)\n`);
    }
  }
  return failed ? 1 : 0;
}
