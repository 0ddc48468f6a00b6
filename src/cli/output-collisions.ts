// A build names each output after its input's base name: two inputs of one
// name from two folders would overwrite each other's disclosure unnoticed.
import { join, resolve } from 'node:path';
import { nameOf } from '../batch/paths.js';

/** Pairs of inputs whose outputs would collide, with the shared name (case-insensitive: Windows and macOS folders). */
export function outputCollisions(files: readonly string[]): [string, string, string][] {
  const seen = new Map<string, string>();
  const out: [string, string, string][] = [];
  for (const f of files) {
    const key = nameOf(f).toLowerCase();
    const first = seen.get(key);
    if (first === undefined) seen.set(key, f);
    else if (resolve(first) !== resolve(f)) out.push([first, f, nameOf(f)]);
  }
  return out;
}

/** Inputs an output would be written over (a workbook built with --format xlsx into its own folder). */
export function outputsOverInputs(files: readonly string[], outDir: string, formats: readonly string[]): string[] {
  const inputs = new Set(files.map((f) => resolve(f)));
  return files.filter((f) => formats.some((fmt) => inputs.has(join(outDir, `${nameOf(f)}.${fmt}`))));
}
