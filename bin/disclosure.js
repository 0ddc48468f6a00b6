#!/usr/bin/env node
// Runs the bundle in dist/ (plain JavaScript, quick to start) when it is at
// least as new as every source file; rebuilds it first when a source is newer;
// falls back to running the TypeScript sources through tsx when it cannot be
// built (a read-only install, say). All three run the same code.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundled = join(root, 'dist', 'cli.mjs');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

async function load() {
  const sources = Math.max(newest(join(root, 'src')), mtime(join(root, 'package.json')));
  if (process.env.DISCLOSURE_FROM_SOURCE !== '1') {
    const entries = [bundled, join(root, 'dist', 'worker-entry.mjs'), join(root, 'dist', 'split-build.mjs')];
    if (entries.every((e) => mtime(e) >= sources)) return import(bundled);
    try {
      const { bundle } = await import('../scripts/bundle.mjs');
      await bundle();
      return import(bundled);
    } catch {
      // fall through to the sources
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import('../src/cli/main.ts');
}

const { main } = await load();
process.exitCode = await main(process.argv.slice(2));
