// src/engines/pdfmake-keep-passes.ts: keep-with-next moves in stretches of
// pages that start a page anyway are made in one layout pass, with the same
// bytes as pdfmake's one-move-per-pass loop. The sample moves two headings in
// different sections (stock: three passes, patched: two); the counted synthetic
// department moves two in one stretch (three passes either way: the second
// move is only seen once the first is made).
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { installEnginePatches, removeEnginePatches } from '../src/engines/index.js';
import { startMeter, stopMeter } from '../src/engines/work-meter.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { synthDepartment } from '../src/synth/generate.js';
import { loadTemplateSet } from '../src/templates/load.js';
import { COUNTED_SEED } from '../bench/sample-work.js';
import { samplePath, sampleText } from './helpers/sample.js';
import type { DocumentIR } from '../src/ir/types.js';

afterAll(() => removeEnginePatches());

async function passes(ir: DocumentIR, keep: boolean): Promise<{ passes: number; bytes: Buffer }> {
  removeEnginePatches();
  installEnginePatches({ only: (p) => keep || p.id !== 'pdfmake-keep-passes' });
  startMeter();
  const pdf = await renderPdf(ir);
  return { passes: stopMeter().counts['layout passes'] ?? 0, bytes: Buffer.from(pdf.bytes) };
}

describe('keep-with-next moves per layout pass', () => {
  it('the sample: two passes instead of three, the same bytes', async () => {
    const { ir } = await build({ file: samplePath, text: sampleText, templates: await loadTemplateSet(), render: false, keepIr: true });
    const stock = await passes(ir!, false);
    const patched = await passes(ir!, true);
    expect(stock.passes).toBe(3);
    expect(patched.passes).toBe(2);
    expect(Buffer.compare(patched.bytes, stock.bytes)).toBe(0);
  }, 120_000);

  it('two moves in one stretch: one after the other, the same bytes', async () => {
    const file = samplePath.replace(/[^/\\]+$/, 'counted-department.yaml');
    const { ir } = await build({ file, text: synthDepartment(COUNTED_SEED, { projects: 4 }), templates: await loadTemplateSet(), render: false, keepIr: true });
    const stock = await passes(ir!, false);
    const patched = await passes(ir!, true);
    expect(patched.passes).toBe(stock.passes);
    expect(Buffer.compare(patched.bytes, stock.bytes)).toBe(0);
  }, 120_000);
});
