// Where one department's build spends its time, warm, in one thread:
//   npm run profile -- [--runs N] [data/file.yaml]
// prints the median of N runs of each stage (data → IR, PDF, DOCX). Add
// `node --cpu-prof --import tsx bench/profile-build.ts` profiles the same runs.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadTemplateSet } from '../src/templates/load.js';
import { build } from '../src/build.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { renderDocx } from '../src/render/docx/index.js';

const { values, positionals } = parseArgs({ options: { runs: { type: 'string', default: '10' } }, allowPositionals: true });
const file = positionals[0] ?? 'data/hotan-social-insurance-2020.yaml';
const text = readFileSync(file, 'utf8');
const templates = await loadTemplateSet();
const runs = Number(values.runs);
const times: Record<string, number[]> = { 'data → IR': [], PDF: [], DOCX: [] };
const lap = async <T>(stage: string, i: number, f: () => Promise<T>): Promise<T> => {
  const t0 = performance.now();
  const r = await f();
  if (i > 0) times[stage]!.push(performance.now() - t0); // run 0 warms up
  return r;
};
let sizes = '';
for (let i = 0; i <= runs; i++) {
  const out = await lap('data → IR', i, () => build({ file, text, templates, render: false, keepIr: true }));
  if (!out.ir) throw new Error(`${file}: ${out.diagnostics.map((d) => d.message).join('; ')}`);
  const ir = out.ir;
  const pdf = await lap('PDF', i, () => renderPdf(ir));
  const docx = await lap('DOCX', i, () => renderDocx(ir, { headingPages: pdf.headingPages }));
  sizes = `${pdf.pageCount} pages, PDF ${(pdf.bytes.length / 1024).toFixed(0)} KB, DOCX ${(docx.length / 1024).toFixed(0)} KB`;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`${file}: ${sizes}; median of ${runs} warm runs`);
for (const [stage, xs] of Object.entries(times)) console.log(`  ${stage.padEnd(10)} ${median(xs).toFixed(0).padStart(5)} ms`);
