// npm run synth -- --count N --out DIR [--seed S] [--projects K | --projects LO-HI]
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { synthDepartment } from './generate.js';

/** `projects`: a fixed count, a [min, max] range, or (undefined) random 0–80. */
export type ProjectCount = number | readonly [number, number] | undefined;

/** "4" → 4, "0-4" → [0, 4]; anything else is undefined (bad usage). */
export function parseProjects(s: string): number | [number, number] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(s.trim());
  if (!m) return undefined;
  if (m[2] === undefined) return Number(m[1]);
  const lo = Number(m[1]);
  const hi = Number(m[2]);
  return lo <= hi ? [lo, hi] : undefined;
}

export async function writeSynth(outDir: string, count: number, seed = 1, projects?: ProjectCount): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const files: string[] = [];
  const opts = projects === undefined ? {} : typeof projects === 'number' ? { projects } : { projectRange: projects };
  for (let i = 1; i <= count; i++) {
    const f = join(outDir, `dept-${String(i).padStart(4, '0')}.yaml`);
    await writeFile(f, synthDepartment(seed * 100003 + i, opts));
    files.push(f);
  }
  return files;
}

const isMain = !!process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { values } = parseArgs({
    options: { count: { type: 'string', default: '10' }, out: { type: 'string' }, seed: { type: 'string', default: '1' }, projects: { type: 'string' } },
  });
  const projects = values.projects === undefined ? undefined : parseProjects(values.projects);
  if (!values.out || (values.projects !== undefined && projects === undefined)) {
    process.stderr.write('usage: synth --count N --out DIR [--seed S] [--projects K | --projects LO-HI]\n');
    process.exit(2);
  }
  const files = await writeSynth(values.out, Number(values.count), Number(values.seed), projects);
  process.stdout.write(`${files.length} files written to ${values.out}\n`);
}
