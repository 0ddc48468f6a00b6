// One side of `npm run bench -- --compare REF` (bench/compare.ts), in its own
// process: builds the given departments (PDF + DOCX) warm in one thread with
// the code of the tree at ROOT, and prints, as one JSON line, each build's
// wall and this thread's CPU milliseconds after the first `warm` builds. Only
// build() and loadTemplateSet() of ROOT are used, which every ref has.
//   node --import tsx bench/compare-runner.ts ROOT WARM FILE...
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as BuildModuleNs from '../src/build.js';
import type * as LoadModuleNs from '../src/templates/load.js';

type BuildModule = typeof BuildModuleNs;
type LoadModule = typeof LoadModuleNs;

const [root, warmArg, ...files] = process.argv.slice(2);
if (!root || !files.length) throw new Error('usage: compare-runner ROOT WARM FILE...');
const warm = Number(warmArg);
const { build } = (await import(pathToFileURL(join(root, 'src/build.ts')).href)) as BuildModule;
const { loadTemplateSet } = (await import(pathToFileURL(join(root, 'src/templates/load.ts')).href)) as LoadModule;

/** this thread's on-CPU nanoseconds (Linux); the process's elsewhere */
function cpuNs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]);
  } catch {
    const u = process.cpuUsage();
    return (u.user + u.system) * 1000;
  }
}

const templates = await loadTemplateSet();
const wall: number[] = [];
const cpu: number[] = [];
let pages = 0;
for (const [i, file] of files.entries()) {
  const text = readFileSync(file, 'utf8');
  const t0 = performance.now();
  const c0 = cpuNs();
  const out = await build({ file, text, templates, formats: ['pdf', 'docx'] });
  const c1 = cpuNs();
  if (!out.pages) throw new Error(`${file}: ${out.diagnostics.map((d) => d.message).join('; ')}`);
  if (i < warm) continue;
  wall.push(performance.now() - t0);
  cpu.push((c1 - c0) / 1e6);
  pages += out.pages;
}
process.stdout.write(`${JSON.stringify({ wall, cpu, pages })}\n`);
