// Content hash for `--changed`: data text + every template file + package version
// (+ the build options that change the output).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectPath } from '../project-root.js';

let pkgVersion: string | undefined;
export function packageVersion(): string {
  if (pkgVersion === undefined) {
    const pkg = projectPath('package.json');
    pkgVersion = String((JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version ?? '0');
  }
  return pkgVersion;
}

function walk(dir: string, root: string, out: [string, string][]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, root, out);
    else if (e.isFile() || statSync(p).isFile()) out.push([relative(root, p), p]);
  }
}

const layerCache = new Map<string, string>();
/** sha256 over every file of every layer (relative path + text), layers in order. */
export function templatesHash(layers: readonly string[]): string {
  const key = layers.join('\0');
  const cached = layerCache.get(key);
  if (cached) return cached;
  const h = createHash('sha256');
  for (const layer of layers) {
    const files: [string, string][] = [];
    walk(layer, layer, files);
    files.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    h.update(`layer\0${files.length}\0`);
    for (const [rel, p] of files) h.update(`${rel}\0`).update(readFileSync(p)).update('\0');
  }
  const d = h.digest('hex');
  layerCache.set(key, d);
  return d;
}

export function contentHash(text: string, layers: readonly string[], options: unknown): string {
  return createHash('sha256')
    .update(`v${packageVersion()}\0${JSON.stringify(options)}\0${templatesHash(layers)}\0`)
    .update(text)
    .digest('hex');
}
