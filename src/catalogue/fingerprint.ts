// A batch's --changed skips a department whose inputs are unchanged: its
// catalogues are inputs too (a bureau fixing a name in 2025-functional.csv
// must rebuild every 2025 department).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** sha256 over the files of every catalogue layer (name + bytes), layers in order; missing layers count as empty. */
export function catalogueFingerprint(layers: readonly string[]): string {
  const h = createHash('sha256');
  for (const layer of layers) {
    const s = statSync(layer, { throwIfNoEntry: false });
    const files = !s
      ? []
      : s.isDirectory()
        ? readdirSync(layer)
            .sort()
            .map((n) => join(layer, n))
        : [layer];
    h.update(`layer\0${files.length}\0`);
    for (const f of files) if (statSync(f, { throwIfNoEntry: false })?.isFile()) h.update(`${f}\0`).update(readFileSync(f)).update('\0');
  }
  return h.digest('hex');
}
