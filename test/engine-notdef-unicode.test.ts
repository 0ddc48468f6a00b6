// src/engines/pdfkit-notdef-unicode.ts, stock against patched: a character no
// face has is a box on the page either way; only with the patch does the
// text layer keep it.
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { installEnginePatches, removeEnginePatches } from '../src/engines/index.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { loadTemplateSet } from '../src/templates/load.js';
import { pdfPages } from './helpers/pdf-text.js';
import { samplePath, sampleText } from './helpers/sample.js';

afterAll(() => {
  removeEnginePatches();
  installEnginePatches();
});

describe('pdfkit-notdef-unicode', () => {
  it('stock drops 𠮷 and the Uyghur word from the text layer; patched keeps them, on the same pages', async () => {
    const text = sampleText.replace('  - name: 办公补助经费', '  - name: 办公补助经费𠮷').replace('{ name: 参保人员满意度,', '{ name: ئۇيغۇر,');
    const r = await build({ file: samplePath, text, templates: await loadTemplateSet(), render: false, keepIr: true });
    // patched first: the shaped runs are cached per face across documents, and stock ones would serve the patched render
    removeEnginePatches();
    installEnginePatches();
    const withIt = await renderPdf(r.ir!);
    removeEnginePatches();
    installEnginePatches({ only: (p) => p.id !== 'pdfkit-notdef-unicode' });
    const without = await renderPdf(r.ir!);
    const stock = (await pdfPages(without.bytes)).join('');
    const patched = (await pdfPages(withIt.bytes)).join('');
    expect(stock).not.toContain('𠮷');
    expect(patched).toContain('𠮷');
    expect(patched).toContain('ئ');
    expect(withIt.pageCount).toBe(without.pageCount);
    // nothing else changes: the text without the missing characters is the same
    const strip = (s: string) => s.replace(/[\u{20BB7}\u0600-\u06ff\s]|\0/gu, '');
    expect(strip(patched)).toBe(strip(stock));
  }, 60_000);
});
