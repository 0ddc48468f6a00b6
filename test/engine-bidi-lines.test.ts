// src/engines/pdfmake-bidi-lines.ts, stock against patched: two right-to-left
// words in a line of Chinese stand right to left (the first word rightmost)
// only with the patch.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { build } from '../src/build.js';
import { installEnginePatches, removeEnginePatches } from '../src/engines/index.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { loadTemplateSet } from '../src/templates/load.js';
import { samplePath, sampleText } from './helpers/sample.js';

afterAll(() => {
  removeEnginePatches();
  installEnginePatches();
});

/** xMin of the word holding `ch` on the narrative's line 2、项目名称：办公补助经费 … */
function xOf(pdf: Uint8Array, ch: string): number {
  const xml = execFileSync('pdftotext', ['-bbox', '-', '-'], { input: Buffer.from(pdf), encoding: 'utf8', maxBuffer: 1 << 26 });
  const words = [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)];
  const y = words.find((w) => w[3]!.includes('项目名称：办公补助经费'))?.[2];
  const m = words.find((w) => w[2] === y && w[3]!.includes(ch));
  return Number(m?.[1] ?? NaN);
}

describe('pdfmake-bidi-lines', () => {
  it('stock puts two right-to-left words left to right; patched right to left', async () => {
    const text = sampleText.replace('  - name: 办公补助经费', '  - name: 办公补助经费 ئۇيغۇر تىلى 经费');
    const r = await build({ file: samplePath, text, templates: await loadTemplateSet(), render: false, keepIr: true });
    removeEnginePatches();
    installEnginePatches();
    const patched = (await renderPdf(r.ir!)).bytes;
    removeEnginePatches();
    installEnginePatches({ only: (p) => p.id !== 'pdfmake-bidi-lines' });
    const stock = (await renderPdf(r.ir!)).bytes;
    // ئ is in the first word, ت in the second
    expect(xOf(patched, 'ت')).toBeLessThan(xOf(patched, 'ئ'));
    expect(xOf(stock, 'ت')).toBeGreaterThan(xOf(stock, 'ئ'));
  }, 60_000);
});
