// Bundles the TypeScript sources into dist/ (esbuild, ~50 ms): the CLI and the
// batch worker as plain ES modules, packages left external. Running the bundle
// skips tsx's on-the-fly compilation of ~100 modules at every start (about a
// second of a cold build). Run by `npm install` (prepare) and, when src/ has
// changed since, by bin/disclosure.js itself.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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
      // split-build/index.ts starts its second thread from ./split-build.mjs next to itself
      'split-build': 'src/split-build/thread.ts',
    },
    // code loaded with import() (the renderers) goes to chunks of its own, so
    // a thread loads only what it runs: in a split build the CLI's thread
    // never loads the docx library, the other never pdfmake
    splitting: true,
    chunkNames: 'chunk-[hash]',
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Packages stay external (loaded from node_modules) but zod and decimal.js,
    // ES modules that bundle cleanly: zod alone is hundreds of modules, and
    // reading, linking and compiling them one by one cost a worker thread
    // ~0.1 s of its start; bundled, it is part of one file. The CommonJS ones
    // (yaml, Handlebars, pdfmake, …) stay external: they call require().
    external: [
      'docx',
      'fflate',
      'cli-progress',
      'tsx',
      'tsx/*',
      'pdfmake',
      'pdfmake/*',
      'pdfkit',
      'fontkit',
      'esbuild',
      'yaml',
      'handlebars',
      'exceljs',
      'bullmq',
      'ioredis',
    ],
    logLevel: 'warning',
    banner: { js: '// generated from src/ by scripts/bundle.mjs; do not edit' },
  });
  // written under a temporary name and renamed, so a CLI started meanwhile
  // (two rebuilding at once, say) never imports half a file; chunks first, so
  // an entry never names a chunk that is not there yet
  const isChunk = (path) => basename(path).startsWith('chunk-');
  outputFiles.sort((a, b) => Number(isChunk(b.path)) - Number(isChunk(a.path)));
  for (const f of outputFiles) {
    mkdirSync(dirname(f.path), { recursive: true });
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
  // chunks of earlier bundles (their names are content hashes)
  const current = new Set(outputFiles.map((f) => basename(f.path)));
  const dist = join(root, 'dist');
  for (const name of readdirSync(dist)) if (isChunk(name) && !current.has(name)) rmSync(join(dist, name), { force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundle();
