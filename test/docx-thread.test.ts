// The DOCX thread of a single build (render/docx/thread.ts): drafted beside the
// PDF's layout and finished while its pages are drawn, the DOCX must be the
// same bytes as rendered after the PDF in one thread, and a thread that dies
// must cost nothing but time.
import { afterEach, describe, expect, it } from 'vitest';
import { build, type BuildOutput } from '../src/build.js';
import { startDocxThread, type DocxThread } from '../src/render/docx/thread.js';
import { draftDocx, finishDocx, renderDocx } from '../src/render/docx/index.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { synthDepartment } from '../src/synth/generate.js';
import { loadTemplateSet } from '../src/templates/load.js';
import { samplePath, sampleText } from './helpers/sample.js';

const threads: DocxThread[] = [];
afterEach(async () => {
  await Promise.all(threads.splice(0).map((t) => t.close()));
});
const started = (url?: URL) => {
  const t = startDocxThread(url);
  threads.push(t);
  return t;
};
const docxOf = (r: BuildOutput) => Buffer.from(r.files.find((f) => f.format === 'docx')!.bytes);
const pdfOf = (r: BuildOutput) => Buffer.from(r.files.find((f) => f.format === 'pdf')!.bytes);

describe('the DOCX thread', () => {
  it('renders the same PDF and DOCX bytes as one thread (sample, and a department of 12 projects)', async () => {
    const templates = await loadTemplateSet();
    const thread = started();
    for (const [file, text] of [
      [samplePath, sampleText],
      ['dept-12.yaml', synthDepartment(12, { projects: 12 })],
    ] as const) {
      const alone = await build({ file, text, templates });
      const beside = await build({ file, text, templates, renderDocx: thread.render });
      expect(Buffer.compare(docxOf(beside), docxOf(alone)), file).toBe(0);
      expect(Buffer.compare(pdfOf(beside), pdfOf(alone)), file).toBe(0);
    }
    expect(thread.rendered).toEqual({ thread: 2, here: 0 });
  }, 60_000);

  it('writes the page numbers it was given into the TOC (a draft finished with other pages differs only there)', async () => {
    const r = await build({ file: samplePath, text: sampleText, templates: await loadTemplateSet(), render: false, keepIr: true });
    const ir = r.ir!;
    const { headingPages } = await renderPdf(ir);
    expect(Buffer.compare(Buffer.from(finishDocx(draftDocx(ir), headingPages)), Buffer.from(await renderDocx(ir, { headingPages })))).toBe(0);
    const shifted = Object.fromEntries(Object.entries(headingPages).map(([id, p]) => [id, p + 100]));
    expect(Buffer.compare(Buffer.from(finishDocx(draftDocx(ir), shifted)), Buffer.from(await renderDocx(ir, { headingPages: shifted })))).toBe(0);
    expect(Buffer.compare(Buffer.from(finishDocx(draftDocx(ir), shifted)), Buffer.from(finishDocx(draftDocx(ir), headingPages)))).not.toBe(0);
  }, 60_000);

  it('renders the DOCX here when the thread dies', async () => {
    const templates = await loadTemplateSet();
    const alone = await build({ file: samplePath, text: sampleText, templates, formats: ['docx'] });
    const thread = started(new URL('./fixtures/threads/exits.mjs', import.meta.url));
    const beside = await build({ file: samplePath, text: sampleText, templates, formats: ['docx'], renderDocx: thread.render });
    expect(Buffer.compare(docxOf(beside), docxOf(alone))).toBe(0);
    expect(thread.rendered).toEqual({ thread: 0, here: 1 });
  }, 60_000);

  it('passes an error of the thread on to the build', async () => {
    const thread = started(new URL('./fixtures/threads/fails.mjs', import.meta.url));
    await expect(build({ file: samplePath, text: sampleText, templates: await loadTemplateSet(), renderDocx: thread.render })).rejects.toThrow(
      /drafting failed on purpose/,
    );
  }, 60_000);
});
