// Bundles the TypeScript sources into dist/ (esbuild, ~50 ms): the CLI and the
// batch worker as plain ES modules, packages left external. Running the bundle
// skips tsx's on-the-fly compilation of ~100 modules at every start (about a
// second of a cold build). Run by `npm install` (prepare) and, when src/ has
// changed since, by bin/disclosure.js itself.
import { build } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function bundle() {
  const { outputFiles } = await build({
    write: false,
    absWorkingDir: root,
    entryPoints: {
      // pool.ts starts its workers from ./worker-entry.mjs next to itself: in the
      // bundle that is dist/worker-entry.mjs, the bundled worker
      cli: 'src/cli/main.ts',
      'worker-entry': 'src/batch/worker.ts',
    },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    banner: { js: '// generated from src/ by scripts/bundle.mjs; do not edit' },
  });
  // written under a temporary name and renamed, so a CLI started meanwhile
  // (two rebuilding at once, say) never imports half a file
  for (const f of outputFiles) {
    mkdirSync(dirname(f.path), { recursive: true });
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundle();
