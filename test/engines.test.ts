// The engine boundary (src/engines): the sample built with every patch and
// with stock libraries gives the same text on the same pages, the patches
// that claim it give the same bytes, and a library at an untested version is
// left stock with one notice.
import { execFileSync, spawnSync } from 'node:child_process';

// poppler's pdftotext reads the pages (skipped without it on a developer's machine; .ci/run installs it)
const withPoppler = spawnSync('pdftotext', ['-v']).error === undefined || !!process.env.CI;
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { ENGINE_PATCHES, installEnginePatches, removeEnginePatches } from '../src/engines/index.js';
import { installedVersion, TESTED_VERSIONS } from '../src/engines/versions.js';
import { checkingCompilerInForce } from '../src/engines/handlebars-checking-compiler.js';
import { narrativeEnv } from '../src/narrative/env.js';
import { MissingPathError, TemplateValueError } from '../src/narrative/template-errors.js';
import type { DocumentIR } from '../src/ir/types.js';
import { renderDocx } from '../src/render/docx/index.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { loadTemplateSet } from '../src/templates/load.js';
import { samplePath, sampleText } from './helpers/sample.js';

const dir = mkdtempSync(join(tmpdir(), 'engines-'));
/**
 * pdftotext's text per page (form feeds), without whitespace: the patches
 * draw a justified line as one string (stock: glyph by glyph) and centre
 * row-spanning cells (stock: text at the top), which moves where extraction
 * sees gaps and in which order it reads a table's cells, not what is printed:
 * a page is compared as the sorted characters it prints
 */
function pagesOf(pdf: Uint8Array, name: string): string[] {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })
    .split('\f')
    .map((p) => [...p.replace(/\s+/g, '')].sort().join(''));
}
const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

let ir: DocumentIR;
const patched = {} as { pdf: Uint8Array; docx: Uint8Array; pages: Record<string, number> };
const stock = {} as typeof patched;

beforeAll(async () => {
  const r = await build({ file: samplePath, text: sampleText, templates: await loadTemplateSet(), render: false, keepIr: true });
  ir = r.ir!;
  removeEnginePatches();
  installEnginePatches();
  const p = await renderPdf(ir);
  Object.assign(patched, { pdf: p.bytes, pages: p.headingPages, docx: await renderDocx(ir, { headingPages: p.headingPages }) });
  removeEnginePatches();
  installEnginePatches({ only: () => false });
  const s = await renderPdf(ir);
  Object.assign(stock, { pdf: s.bytes, pages: s.headingPages, docx: await renderDocx(ir, { headingPages: s.headingPages }) });
}, 120_000);
afterAll(() => {
  removeEnginePatches();
});

describe('engine patches', () => {
  it('are all known, with the libraries they touch at the tested versions here', () => {
    expect(ENGINE_PATCHES.length).toBeGreaterThanOrEqual(11);
    for (const l of Object.keys(TESTED_VERSIONS) as (keyof typeof TESTED_VERSIONS)[]) expect(installedVersion(l)).toBe(TESTED_VERSIONS[l]);
  });

  it.runIf(withPoppler)('change neither the text nor the page breaks of the sample', () => {
    expect(stock.pages).toEqual(patched.pages);
    const a = pagesOf(patched.pdf, 'patched');
    const b = pagesOf(stock.pdf, 'stock');
    expect(b.length).toBe(a.length);
    expect(b).toEqual(a);
    expect(a.filter((p) => p.length > 50).length).toBeGreaterThan(20);
  });

  it('that claim the same bytes give the same bytes as stock', async () => {
    removeEnginePatches();
    const report = installEnginePatches({ only: (p) => p.sameBytes });
    expect(report.installed).toContain('pdfmake-measure-cache');
    expect(report.installed).toContain('docx-prep-for-xml');
    const p = await renderPdf(ir);
    expect(same(p.bytes, stock.pdf)).toBe(true);
    expect(same(await renderDocx(ir, { headingPages: stock.pages }), stock.docx)).toBe(true);
    // and those that do not, do not (else they should claim it)
    expect(same(patched.pdf, stock.pdf)).toBe(false);
    expect(same(patched.docx, stock.docx)).toBe(false);
  }, 60_000);

  it('stay off for a library at another version, with one notice', () => {
    removeEnginePatches();
    const notices: string[] = [];
    const report = installEnginePatches({ versionOf: (l) => (l === 'docx' ? '9.16.0' : TESTED_VERSIONS[l]), notice: (m) => notices.push(m) });
    expect(report.mismatched).toEqual([{ library: 'docx', installed: '9.16.0', tested: TESTED_VERSIONS.docx }]);
    expect(report.installed.some((id) => id.startsWith('docx-'))).toBe(false);
    expect(report.installed).toContain('pdfmake-measure-cache');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/docx 9\.16\.0 \(tested 9\.15\.2\)/);
    expect(installEnginePatches({ notice: (m) => notices.push(m) })).toBe(report);
    expect(notices).toHaveLength(1);
  });

  it('the Handlebars checking compiler: on, a printed object fails at its mustache; stock prints it; the sample reads the same either way', async () => {
    const printObject = () => narrativeEnv().compile('甲\n{{x}}')({ x: { a: 1 } });
    removeEnginePatches();
    expect(installEnginePatches().installed).toContain('handlebars-checking-compiler');
    const throughMissing = () => narrativeEnv().compile('{{a.b.c}}')({ a: {} });
    expect(printObject).toThrow(TemplateValueError);
    expect(throughMissing).toThrow(MissingPathError);
    removeEnginePatches();
    installEnginePatches({ only: () => false });
    expect(printObject()).toBe('甲\n[object Object]');
    expect(throughMissing).not.toThrow(MissingPathError);
    // same text for a good template set: the sample's IR (made patched in beforeAll) comes out the same stock
    const r = await build({ file: samplePath, text: sampleText, templates: await loadTemplateSet(), render: false, keepIr: true });
    expect(r.ir).toEqual(ir);
  }, 60_000);

  it('the Handlebars checking compiler stays off over another Handlebars, with one notice, whoever asks first', () => {
    removeEnginePatches();
    const notices: string[] = [];
    const report = installEnginePatches({ versionOf: (l) => (l === 'handlebars' ? '4.8.0' : TESTED_VERSIONS[l]), notice: (m) => notices.push(m) });
    expect(report.installed).not.toContain('handlebars-checking-compiler');
    expect(report.installed).toContain('docx-prep-for-xml');
    expect(notices).toEqual([expect.stringMatching(/handlebars 4\.8\.0 \(tested 4\.7\.10\)/)]);
    expect(narrativeEnv().compile('{{x}}')({ x: {} })).toBe('[object Object]');
    // the narrative before any renderer (a `check`): the same gate
    removeEnginePatches();
    expect(checkingCompilerInForce((l) => (l === 'handlebars' ? '4.8.0' : TESTED_VERSIONS[l]))).toBe(false);
    removeEnginePatches();
    expect(checkingCompilerInForce()).toBe(true);
  });
});
