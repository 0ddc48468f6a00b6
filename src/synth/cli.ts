// npm run synth -- --count N --out DIR [--seed S] [--projects K]
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { synthDepartment } from './generate.js';

export async function writeSynth(outDir: string, count: number, seed = 1, projects?: number): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const files: string[] = [];
  for (let i = 1; i <= count; i++) {
    const f = join(outDir, `dept-${String(i).padStart(4, '0')}.yaml`);
    await writeFile(f, synthDepartment(seed * 100003 + i, projects === undefined ? {} : { projects }));
    files.push(f);
  }
  return files;
}

const isMain = !!process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { values } = parseArgs({
    options: { count: { type: 'string', default: '10' }, out: { type: 'string' }, seed: { type: 'string', default: '1' }, projects: { type: 'string' } },
  });
  if (!values.out) {
    process.stderr.write('usage: synth --count N --out DIR [--seed S] [--projects K]\n');
    process.exit(2);
  }
  const files = await writeSynth(values.out, Number(values.count), Number(values.seed), values.projects === undefined ? undefined : Number(values.projects));
  process.stdout.write(`${files.length} files written to ${values.out}\n`);
}
