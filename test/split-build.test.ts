// The split build of one department (split-build/): the IR and the DOCX in a
// second thread, the PDF here. It must give what build() gives, byte for
// byte, and a thread that dies or fails must cost nothing but time.
import { afterEach, describe, expect, it } from 'vitest';
import { build, type BuildOutput } from '../src/build.js';
import { startSplitBuild, type SplitBuild, type SplitJob } from '../src/split-build/index.js';
import { draftDocx, finishDocx, renderDocx } from '../src/render/docx/index.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { synthDepartment } from '../src/synth/generate.js';
import { builtinTemplates, loadTemplateSet } from '../src/templates/load.js';
import { samplePath, sampleText } from './helpers/sample.js';
import { readFileSync } from 'node:fs';

const splits: SplitBuild[] = [];
afterEach(async () => {
  await Promise.all(splits.splice(0).map((t) => t.close()));
});
const started = (url?: URL) => {
  const t = startSplitBuild(url);
  splits.push(t);
  return t;
};
const job = (file: string, text: string, more: Partial<SplitJob> = {}): SplitJob => ({
  file,
  text,
  layers: [builtinTemplates],
  formats: ['pdf', 'docx'],
  lang: 'zh',
  strict: false,
  ...more,
});
const bytesOf = (r: BuildOutput) => r.files.map((f) => `${f.format}:${Buffer.from(f.bytes).toString('base64')}`);

describe('the split build', () => {
  it('gives what build() gives, the same bytes (sample, a department of 12 projects, docx only)', async () => {
    const templates = await loadTemplateSet();
    const split = started();
    for (const [file, text, formats] of [
      [samplePath, sampleText, ['pdf', 'docx']],
      ['dept-12.yaml', synthDepartment(12, { projects: 12 }), ['pdf', 'docx']],
      [samplePath, sampleText, ['docx']],
    ] as const) {
      const alone = await build({ file, text, templates, formats: [...formats] });
      const beside = await split.build(job(file, text, { formats: [...formats] }));
      expect(beside.name).toBe(alone.name);
      expect(beside.pages).toBe(alone.pages);
      expect(beside.diagnostics).toEqual(alone.diagnostics);
      expect(bytesOf(beside), file).toEqual(bytesOf(alone));
    }
    expect(split.built).toEqual({ split: 3, here: 0, docxHere: 0 });
  }, 90_000);

  it('reports data and template errors as build() does, with no files', async () => {
    const split = started();
    const broken = readFileSync(new URL('./fixtures/broken/data/income-unexplained.yaml', import.meta.url), 'utf8');
    const strict = await split.build(job('income-unexplained.yaml', broken, { strict: true }));
    const alone = await build({ file: 'income-unexplained.yaml', text: broken, templates: await loadTemplateSet(), strict: true });
    expect(strict.diagnostics).toEqual(alone.diagnostics);
    expect(strict.diagnostics.length).toBeGreaterThan(0);
    expect(strict.files).toEqual([]);
    const badSet = await split.build(job(samplePath, sampleText, { layers: [builtinTemplates, '/nonexistent/templates/'] }));
    const badHere = await started(new URL('./fixtures/threads/exits.mjs', import.meta.url)).build(
      job(samplePath, sampleText, { layers: [builtinTemplates, '/nonexistent/templates/'] }),
    );
    expect(badSet).toEqual(badHere);
    expect(split.built.split).toBe(2);
  }, 60_000);

  it('writes the page numbers it is given into the DOCX TOC (a draft finished with other pages differs)', async () => {
    const r = await build({ file: samplePath, text: sampleText, templates: await loadTemplateSet(), render: false, keepIr: true });
    const ir = r.ir!;
    const { pagination } = await renderPdf(ir);
    const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
    expect(same(finishDocx(await draftDocx(ir), pagination), await renderDocx(ir, { pagination }))).toBe(true);
    const headings = Object.fromEntries(Object.entries(pagination.headings).map(([id, p]) => [id, { ...p, printed: p.printed + 100 }]));
    const shifted = { ...pagination, headings };
    expect(same(finishDocx(await draftDocx(ir), shifted), await renderDocx(ir, { pagination: shifted }))).toBe(true);
    expect(same(finishDocx(await draftDocx(ir), shifted), finishDocx(await draftDocx(ir), pagination))).toBe(false);
  }, 60_000);

  it('builds here alone when the thread dies', async () => {
    const split = started(new URL('./fixtures/threads/exits.mjs', import.meta.url));
    const alone = await build({ file: samplePath, text: sampleText, templates: await loadTemplateSet() });
    const here = await split.build(job(samplePath, sampleText));
    expect(bytesOf(here)).toEqual(bytesOf(alone));
    expect(split.built).toEqual({ split: 0, here: 1, docxHere: 0 });
  }, 60_000);

  it('renders the DOCX here when the thread dies after the IR', async () => {
    const split = started(new URL('./fixtures/threads/dies-after-model.mjs', import.meta.url));
    const alone = await build({ file: samplePath, text: sampleText, templates: await loadTemplateSet() });
    const here = await split.build(job(samplePath, sampleText));
    expect(bytesOf(here)).toEqual(bytesOf(alone));
    expect(split.built).toEqual({ split: 1, here: 0, docxHere: 1 });
  }, 60_000);

  it('passes an error of the thread on', async () => {
    const split = started(new URL('./fixtures/threads/fails.mjs', import.meta.url));
    await expect(split.build(job(samplePath, sampleText))).rejects.toThrow(/failed on purpose/);
  }, 60_000);
});
