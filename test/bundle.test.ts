// The CLI as `npm start` runs it: bin/disclosure.js runs the esbuild bundle in
// dist/, rebuilt when a source is newer. It must build what the sources build.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from '../src/build.js';
import { builtinTemplates, loadTemplateSet } from '../src/templates/load.js';
import { samplePath, sampleText } from './helpers/sample.js';
import { writeSynth } from '../src/synth/cli.js';
import { startSplitBuild } from '../src/split-build/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
const cli = (args: string[]) =>
  run(process.execPath, [join(root, 'bin/disclosure.js'), ...args], { cwd: root, env: { ...process.env, DISCLOSURE_FROM_SOURCE: '' } });
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bundle-test-'));
  return () => rmSync(dir, { recursive: true, force: true });
});

describe('the bundled CLI', () => {
  it('is rebuilt when a source is newer, and builds the same bytes as the sources', async () => {
    // a source touched after the bundle makes the next run rebundle
    const touched = join(root, 'src/build.ts');
    const now = new Date();
    utimesSync(touched, now, now);
    await cli(['build', samplePath, '--out', join(dir, 'one')]);
    const bundle = statSync(join(root, 'dist/cli.mjs')).mtimeMs;
    expect(bundle).toBeGreaterThanOrEqual(statSync(touched).mtimeMs);
    expect(statSync(join(root, 'dist/worker-entry.mjs')).mtimeMs).toBeGreaterThanOrEqual(statSync(touched).mtimeMs);
    expect(statSync(join(root, 'dist/split-build.mjs')).mtimeMs).toBeGreaterThanOrEqual(statSync(touched).mtimeMs);
    expect(readFileSync(join(root, 'dist/cli.mjs'), 'utf8')).toMatch(/^\/\/ generated from src\//);

    const fromSource = await build({ file: samplePath, text: sampleText, templates: await loadTemplateSet() });
    for (const f of fromSource.files) {
      const bytes = readFileSync(join(dir, 'one', `hotan-social-insurance-2020.${f.format}`));
      expect(Buffer.compare(bytes, Buffer.from(f.bytes)), f.format).toBe(0);
    }
  }, 60_000);

  it('has a split-build thread that works (a broken one would fall back silently, only slower)', async () => {
    await cli(['build', samplePath, '--out', join(dir, 'two')]); // bundles if a source is newer
    const split = startSplitBuild(pathToFileURL(join(root, 'dist/split-build.mjs')));
    try {
      const alone = await build({ file: samplePath, text: sampleText, templates: await loadTemplateSet() });
      const beside = await split.build({ file: samplePath, text: sampleText, layers: [builtinTemplates], formats: ['pdf', 'docx'], lang: 'zh', strict: false });
      expect(beside.files.map((f) => Buffer.from(f.bytes).toString('base64'))).toEqual(alone.files.map((f) => Buffer.from(f.bytes).toString('base64')));
      expect(split.built).toEqual({ split: 1, here: 0, docxHere: 0 });
    } finally {
      await split.close();
    }
  }, 60_000);

  it('runs a batch on its bundled workers', async () => {
    const data = join(dir, 'batch');
    mkdirSync(data);
    await writeSynth(data, 2, 5, 1);
    writeFileSync(join(data, 'bad.yaml'), 'department: [\n');
    const out = join(dir, 'batch-out');
    const r = await cli(['build', data, '--out', out, '--jobs', '2']).catch((e: { code: number; stdout: string }) => e);
    expect('code' in r ? r.code : 0).toBe(1);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { totals: { built: number; failed: number } };
    expect(summary.totals).toMatchObject({ built: 2, failed: 1 });
    for (const n of ['dept-0001', 'dept-0002']) for (const f of ['pdf', 'docx']) expect(statSync(join(out, `${n}.${f}`)).size).toBeGreaterThan(1000);
  }, 60_000);
});
