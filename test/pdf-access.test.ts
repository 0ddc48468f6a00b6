// The sample PDF as a screen reader, a search and an archive meet it: a
// structure tree with headings, paragraphs and table cells; justified lines
// that extract as words, not letter by letter; no heading left at a page foot;
// no PDF/A claim that nothing here validates.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { justifyGaps, TIGHT } from '../src/engines/pdfmake-cjk-justify.js';
import type { DocumentIR } from '../src/ir/types.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { loadTemplateSet } from '../src/templates/load.js';
import { samplePath, sampleText } from './helpers/sample.js';

let ir: DocumentIR;
let pdf: Uint8Array;
let file: string;
const pdftotext = (...flags: string[]) => execFileSync('pdftotext', [...flags, file, '-'], { encoding: 'utf8' });
// poppler reads the PDF as the reference text was extracted; without it (a developer's machine) these
// checks are skipped, and .ci/run installs it (with CI set, a missing pdftotext fails them)
const withPoppler = spawnSync('pdftotext', ['-v']).error === undefined || !!process.env.CI;

beforeAll(async () => {
  const r = await build({ file: samplePath, text: sampleText, templates: await loadTemplateSet(), render: false, keepIr: true });
  ir = r.ir!;
  pdf = (await renderPdf(ir)).bytes;
  file = join(mkdtempSync(join(tmpdir(), 'pdf-access-')), 'sample.pdf');
  writeFileSync(file, pdf);
}, 60_000);

interface StructNode {
  role?: string;
  type?: string;
  children?: StructNode[];
  alt?: string;
  lang?: string;
}

function roles(node: StructNode | null, out: string[] = []): string[] {
  if (!node) return out;
  if (node.role) out.push(node.role);
  for (const c of node.children ?? []) roles(c, out);
  return out;
}

/** every text the IR prints (headings, paragraphs, cells) */
function irTexts(doc: DocumentIR): string[] {
  const out: string[] = [];
  for (const s of doc.sections)
    for (const b of s.blocks) {
      if (b.kind === 'heading') out.push(b.text);
      if (b.kind === 'paragraph') out.push(b.runs.map((r) => r.text).join(''));
      if (b.kind === 'table') for (const row of b.rows) for (const c of row) out.push(c.text);
    }
  return out;
}

describe('tagged PDF', () => {
  it('has a structure tree with headings, paragraphs and tables of TH and TD', async () => {
    const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
    const all: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) roles(await (await doc.getPage(n)).getStructTree(), all);
    await doc.destroy();
    const count = (r: string) => all.filter((x) => x === r).length;
    for (const r of ['H1', 'H2', 'P', 'Table', 'TR', 'TH', 'TD']) expect(count(r), r).toBeGreaterThan(0);
    // one Table per printed table (a table over two pages counts on both)
    expect(count('Table')).toBeGreaterThanOrEqual(ir.sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'table' && b.borders !== 'none').length);
  });

  it('says so in the catalogue with the document language, and claims no PDF/A', () => {
    const raw = Buffer.from(pdf).toString('latin1');
    expect(raw).toMatch(/\/Marked true/);
    expect(raw).toMatch(/\/Lang \(zh-CN\)/);
    expect(raw).not.toMatch(/pdfaid/);
  });

  it.runIf(withPoppler)('marks page numbers as artifacts: they are not in the structure tree', () => {
    const tree = execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8' });
    const pageNo = /^-\s*3\s*-$/m;
    expect(pdftotext('-f', '4', '-l', '4')).toMatch(pageNo);
    expect(tree).not.toMatch(/"-\s*\d+\s*-"/);
  });
});

describe('text extraction', () => {
  it.runIf(withPoppler)('reads no justified line letter by letter', () => {
    const text = pdftotext();
    const printed = irTexts(ir);
    const spaced = [...text.matchAll(/(?:\p{Script=Han} ){2,}\p{Script=Han}/gu)].map((m) => m[0]);
    // only what the templates themselves space out (支 出 合 计 in a table)
    for (const s of spaced)
      expect(
        printed.some((t) => t.includes(s)),
        s,
      ).toBe(true);
    expect(text.replace(/ /g, '')).toContain('项目支出38.74万元');
    expect(text).toContain('项目支出 38.74 万元');
  });

  it('puts the slack of a loose justified line where CJK meets Latin, not between hanzi', () => {
    const inl = (text: string) => ({ text, x: 0, fontSize: 16 });
    const line = ['项', '目', '支', '出 ', '38.74 ', '万', '元'].map(inl);
    const gaps = justifyGaps(line, 40)!;
    expect(gaps.reduce((a, b) => a + b, 0)).toBeCloseTo(40);
    expect(gaps[1]).toBeCloseTo(TIGHT * 16);
    expect(gaps[4]).toBeGreaterThan(TIGHT * 16);
    // a line whose even spread stays tight is left to pdfmake
    expect(justifyGaps(line, 2)).toBeUndefined();
  });
});

describe('outline', () => {
  it("nests part two's tables under it and lists every 绩效目标表 and （五）", async () => {
    const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
    type Item = { title: string; items: Item[] };
    const top = (await doc.getOutline()) as Item[];
    await doc.destroy();
    const part2 = top.find((i) => i.title.startsWith('第二部分'))!;
    expect(part2.items.map((i) => i.title)).toContain('表一：部门收支总体情况表');
    expect(top.map((i) => i.title)).not.toContain('表一：部门收支总体情况表');
    const all = (items: Item[]): Item[] => items.flatMap((i) => [i, ...all(i.items)]);
    expect(all(top).filter((i) => i.title === '项目支出绩效目标表').length).toBe(4);
    const ten = all(top).find((i) => i.title.startsWith('十、'))!;
    expect(ten.items.map((i) => i.title)).toContain('（五）其他需说明的事项');
    expect(top.map((i) => i.title)).toContain('第四部分 名词解释');
  });
});

describe('pagination', () => {
  it.runIf(withPoppler)('leaves no heading as the last line of a page', () => {
    const headings = ir.sections
      .flatMap((s) => s.blocks)
      .filter((b) => b.kind === 'heading')
      .map((b) => (b.kind === 'heading' ? b.text.replace(/\s+/g, '') : ''));
    const pages = pdftotext('-layout').split('\f');
    let checked = 0;
    for (const page of pages) {
      const lines = page
        .split('\n')
        .map((l) => l.replace(/\s+/g, ''))
        .filter((l) => l && !/^\D?\d+\D?$/.test(l));
      const last = lines[lines.length - 1];
      // a part's title page holds its heading alone, by design
      if (!last || lines.length === 1) continue;
      checked++;
      expect(headings.includes(last), last).toBe(false);
    }
    expect(checked).toBeGreaterThan(20);
    expect(pages.findIndex((p) => p.includes('十、其他重要事项的情况说明')) + 1).toBeGreaterThan(0);
  });
});
