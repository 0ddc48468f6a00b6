// Nothing lost in print: row spans that meet a page break, the print audit
// of both formats, and files an independent checker (qpdf, poppler) accepts.
import { afterAll, describe, expect, it } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import fc from 'fast-check';
import { smallIR } from './fixtures/ir-small.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { renderDocx } from '../src/render/docx/index.js';
import type { Cell, DocumentIR, Section, Table } from '../src/ir/types.js';
import { cutSpans, crossingCuts } from '../src/render/pdf/span-cuts.js';
import { slotGrid } from '../src/render/table-grid.js';
import { auditTarget, docxShortfalls, pdfShortfalls, shortfallDiagnostics } from '../src/render/print-audit.js';
import { installEnginePatches, removeEnginePatches } from '../src/engines/index.js';
import { popplerText, qpdfCheck, withPoppler, withQpdf } from './helpers/poppler.js';

/** A 5-column table of indicator groups: 一级 spans its group, 二级 every four rows; some texts long. */
function groupTable(sizes: readonly number[], longEvery = 5): { rows: Cell[][]; indicators: string[]; labels: string[] } {
  const rows: Cell[][] = [];
  const indicators: string[] = [];
  const labels: string[] = [];
  let n = 0;
  sizes.forEach((size, g) => {
    labels.push(`一级${g}组`);
    for (let i = 0; i < size; i++) {
      n++;
      const r: Cell[] = [];
      if (i === 0) r.push({ text: `一级${g}组`, rowSpan: size });
      if (i % 4 === 0) r.push({ text: `二级${g}-${i}`, rowSpan: Math.min(4, size - i) });
      const name = `指标${n}号${'很长的指标内容'.repeat(n % longEvery === 0 ? 12 : 1)}`;
      indicators.push(`指标${n}号`);
      r.push({ text: name }, { text: `值${n}` }, { text: `${n}.00`, align: 'right' });
      rows.push(r);
    }
  });
  return { rows, indicators, labels };
}

function withTable(rows: Cell[][], extra: Partial<Table> = {}): DocumentIR {
  const ir = smallIR();
  const sections = ir.sections.map((s): Section => {
    if (s.id !== 'part1') return s;
    return {
      ...s,
      blocks: s.blocks.map((b) => (b.kind === 'table' ? { ...b, rows: [...b.rows.slice(0, 2), ...rows], rowsMayBreak: true, ...extra } : b)),
    };
  });
  return { ...ir, sections };
}

const count = (text: string, s: string): number => text.split(s).length - 1;

describe('row spans across page breaks', () => {
  it('cuts a span before a row on a later page, and around a row that itself breaks', () => {
    const grid = slotGrid({
      kind: 'table',
      columns: [{ width: 1 }, { width: 1 }],
      headerRows: 1,
      font: 'table',
      size: 10,
      rows: [[{ text: 'h1' }, { text: 'h2' }], [{ text: 'A', rowSpan: 4 }, { text: '1' }], [{ text: '2' }], [{ text: '3' }], [{ text: '4' }]],
    });
    // rows 1–2 on page 1, row 3 breaks over pages 1–2, row 4 on page 2
    const pages = [
      { first: 1, last: 1 },
      { first: 1, last: 1 },
      { first: 1, last: 1 },
      { first: 1, last: 2 },
      { first: 2, last: 2 },
    ];
    const cuts = crossingCuts(grid, 1, pages);
    expect([...cuts].sort()).toEqual([3, 4]);
    const cut = cutSpans(grid, 1, cuts);
    expect(cut.map((row) => row[0] && { text: row[0].cell.text, rowSpan: row[0].rowSpan, repeat: row[0].repeat })).toEqual([
      { text: 'h1', rowSpan: 1, repeat: false },
      { text: 'A', rowSpan: 2, repeat: false },
      null,
      { text: 'A', rowSpan: 1, repeat: true },
      { text: 'A', rowSpan: 1, repeat: true },
    ]);
    // once cut, nothing crosses
    expect(crossingCuts(cut, 1, pages).size).toBe(0);
  });

  it('draws every row of merged groups that fall across page breaks, repeats their labels, and keeps q/Q balanced', async () => {
    const { rows, indicators, labels } = groupTable([3, 12, 25, 7, 30, 9]);
    const pdf = await renderPdf(withTable(rows));
    expect(pdf.shortfalls).toEqual([]);
    if (!withPoppler) return;
    const { text, errors } = popplerText(pdf.bytes);
    expect(errors).not.toMatch(/Syntax Error/);
    for (const i of indicators) expect(text).toContain(i);
    // the 30-row group runs over more than one page: its label is printed again after the break
    expect(count(text, labels[4]!)).toBeGreaterThan(1);
    if (withQpdf) expect(qpdfCheck(pdf.bytes).ok).toBe(true);
  });

  describe('with the alignment fix off (as on an untested pdfmake)', () => {
    afterAll(() => {
      removeEnginePatches();
      installEnginePatches();
    });
    it('the audit sees the rows poppler would lose, and says where they belong', async () => {
      removeEnginePatches();
      installEnginePatches({ only: (p) => p.id !== 'pdfmake-alignment-pages' });
      const { rows } = groupTable([3, 12, 25, 7, 30, 9]);
      const pdf = await renderPdf(withTable(rows));
      expect(pdf.shortfalls.length).toBeGreaterThan(0);
      const d = shortfallDiagnostics(pdf.shortfalls, 'dept.yaml')[0]!;
      expect(d.code).toBe('print.missing');
      expect(d.message).toMatch(/表格第 \d+ 行第 \d+ 列/);
      expect(shortfallDiagnostics(pdf.shortfalls, 'dept.yaml', 'en')[0]!.message).toMatch(/table row \d+, column \d+/);
    });
  });
});

describe('the print audit', () => {
  it('counts a text drawn twice, in part, or not at all', () => {
    const place = { section: 'part1' };
    const once = { ...auditTarget('收入总计', place), drawn: '收入 总计' };
    const twice = { ...auditTarget('收入总计', place), drawn: '收入总计收入总计' };
    const part = { ...auditTarget('收入总计', place), drawn: '收入' };
    const header = { ...auditTarget('科目', place, true), drawn: '科目科目科目' };
    expect(pdfShortfalls([once, header])).toEqual([]);
    expect(pdfShortfalls([twice, part]).map((s) => s.found)).toEqual(['收入总计收入总计', '收入']);
  });

  it('finds a DOCX cell the body does not carry, by row and column', async () => {
    const ir = smallIR();
    const docx = await renderDocx(ir);
    expect(docxShortfalls(ir, docx)).toEqual([]);
    const files = unzipSync(docx);
    files['word/document.xml'] = strToU8(strFromU8(files['word/document.xml']!).replace('行政运行项目17<', '<'));
    const missing = docxShortfalls(ir, zipSync(files));
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ format: 'docx', expected: '行政运行项目17', place: { row: 19, col: 2 } });
  });

  it('a line pdfkit was not handed whole counts as not drawn', async () => {
    const { createRequire } = await import('node:module');
    const PDFDocument = createRequire(import.meta.url)('pdfkit') as { prototype: { text(this: unknown, s: unknown, ...rest: unknown[]): unknown } };
    const text = PDFDocument.prototype.text;
    // a drawing that silently drops one string, as a library bug would
    PDFDocument.prototype.text = function (s: unknown, ...rest: unknown[]) {
      return text.call(this, typeof s === 'string' ? s.replace('行政运行项目33', '') : s, ...rest);
    };
    try {
      const pdf = await renderPdf(smallIR());
      expect(pdf.shortfalls.map((s) => s.expected)).toEqual(['行政运行项目33']);
    } finally {
      PDFDocument.prototype.text = text;
    }
  });
});

describe('property: every cell of random tables reaches the PDF and the DOCX', () => {
  const cellText = fc
    .tuple(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 9999 }))
    .map(([len]) => '预算公开表格内容'.repeat(Math.ceil(len / 8)).slice(0, len));
  const tableArb = fc.record({
    groups: fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 5 }),
    texts: fc.array(cellText, { minLength: 200, maxLength: 200 }),
    orientation: fc.constantFrom('portrait' as const, 'landscape' as const),
  });

  it.runIf(withPoppler)(
    'finds every cell (poppler), with qpdf --check clean',
    async () => {
      await fc.assert(
        fc.asyncProperty(tableArb, async ({ groups, texts, orientation }) => {
          const rows: Cell[][] = [];
          const expected: string[] = [];
          let k = 0;
          // each cell starts with its own mark: poppler must find every one (a cell broken over pages
          // has the repeated header between its parts, so the mark, not the whole text, is looked for;
          // the audit holds the whole text against the drawing)
          const next = () => `〔${++k}〕${texts[k % texts.length]!}`;
          groups.forEach((size, g) => {
            for (let i = 0; i < size; i++) {
              const r: Cell[] = [];
              if (i === 0) {
                const label = `组${g}标签`;
                r.push({ text: label, rowSpan: size });
                expected.push(label);
              }
              for (let c = 0; c < 4; c++) {
                // long texts are kept to a few cells, so a run stays within the suite's time
                const t = c === 1 && k % 7 === 0 ? next() : `〔${++k}〕`;
                r.push({ text: t });
                expected.push(`〔${k}〕`);
              }
              rows.push(r);
            }
          });
          const ir = withTable(rows);
          const sections = ir.sections.map((s) => (s.id === 'part1' ? { ...s, page: { ...s.page, orientation } } : s));
          const doc = { ...ir, sections };
          const pdf = await renderPdf(doc);
          expect(pdf.shortfalls).toEqual([]);
          // -raw: in the order drawn, so a cell's wrapped lines stay together
          const { text, errors } = popplerText(pdf.bytes, '-raw');
          expect(errors).not.toMatch(/Syntax Error/);
          const flat = text.replace(/\s+/g, '');
          for (const e of expected) expect(flat).toContain(e);
          if (withQpdf) expect(qpdfCheck(pdf.bytes).ok).toBe(true);
          const docx = await renderDocx(doc, { pagination: pdf.pagination });
          expect(docxShortfalls(doc, docx)).toEqual([]);
        }),
        { numRuns: 5, seed: 20261208, interruptAfterTimeLimit: 150_000, markInterruptAsFailure: true },
      );
    },
    240_000,
  );
});

describe('a city department: 14 projects of 10–25 indicators (test/fixtures/city)', () => {
  it.runIf(withPoppler)(
    'prints every indicator, repeats group labels after breaks, and qpdf finds nothing wrong',
    async () => {
      const { readFileSync } = await import('node:fs');
      const { build } = await import('../src/build.js');
      const { loadTemplateSet } = await import('../src/templates/load.js');
      const file = new URL('./fixtures/city/city-department.yaml', import.meta.url).pathname;
      const text = readFileSync(file, 'utf8');
      const out = await build({ file, text, templates: await loadTemplateSet(), formats: ['pdf', 'docx'] });
      expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const pdf = out.files.find((f) => f.format === 'pdf')!.bytes;
      const names = [...text.matchAll(/name: (\S+第\d+项)/g)].map((m) => m[1]!);
      expect(names).toHaveLength(241);
      const { text: printed, errors } = popplerText(pdf, '-raw');
      expect(errors).not.toMatch(/Syntax Error/);
      const flat = printed.replace(/\s+/g, '');
      for (const n of names) expect(flat).toContain(n);
      // a group that runs onto the next page prints its 一级 label there again: more labels than groups started
      const pages = popplerText(pdf, '-layout').text.split('\f');
      const startsWithLabel = pages.filter((p) => /^\s*(项目效益指标|项目完成指标|满意度指标)/.test(p));
      expect(startsWithLabel.length).toBeGreaterThan(3);
      if (withQpdf) expect(qpdfCheck(pdf).ok).toBe(true);
    },
    120_000,
  );
});
