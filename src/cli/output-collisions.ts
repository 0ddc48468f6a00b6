// A build names each output after its input's base name: two inputs of one
// name from two folders would overwrite each other's disclosure unnoticed.
import { resolve } from 'node:path';
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
