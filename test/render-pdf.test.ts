import { describe, it, expect, beforeAll } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { renderPdf, type PdfResult } from '../src/render/pdf/index.js';
import { smallIR, SANS_ONLY_CHAR, SERIF_ONLY_CHAR, TABLE_BODY_ROWS } from './fixtures/ir-small.js';
import type { Cell } from '../src/ir/types.js';

interface PageText {
  text: string;
  /** text items that are the last on the page (the footer) */
  last: string;
  width: number;
  height: number;
}

async function pages(bytes: Uint8Array): Promise<PageText[]> {
  // pdfjs may transfer the buffer it is given: hand it a copy.
  const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false }).promise;
  const out: PageText[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    const { width, height } = page.getViewport({ scale: 1 });
    const items = (await page.getTextContent()).items.flatMap((it) => ('str' in it ? [it] : []));
    // the footer is the lowest text on the page (pdf y grows upwards)
    const minY = Math.min(...items.map((it) => it.transform[5] as number));
    const last = items
      .filter((it) => Math.abs((it.transform[5] as number) - minY) < 1)
      .map((it) => it.str)
      .join('');
    out.push({ text: items.map((it) => it.str).join(''), last, width, height });
  }
  await pdf.destroy();
  return out;
}

describe('renderPdf', () => {
  let result: PdfResult;
  let text: PageText[];

  beforeAll(async () => {
    result = await renderPdf(smallIR());
    text = await pages(result.bytes);
  }, 20_000);

  it('reports the page count', () => {
    expect(result.pageCount).toBe(text.length);
    expect(text.length).toBeGreaterThanOrEqual(6);
  });

  it('prints the table cells', () => {
    const all = text.map((p) => p.text).join('');
    for (let i = 1; i <= TABLE_BODY_ROWS; i++) {
      expect(all).toContain(`2080${String(i).padStart(3, '0')}`);
      expect(all).toContain(`行政运行项目${i}`);
    }
    expect(all).toContain(`${TABLE_BODY_ROWS * 100}.00`);
  });

  it('repeats the header rows on every page of the table', () => {
    const tablePages = text.filter((p) => p.text.includes('行政运行项目'));
    expect(tablePages.length).toBeGreaterThanOrEqual(2);
    for (const p of tablePages) {
      for (const h of ['科目编码', '科目名称', '本年预算', '合计', '基本支出', '项目支出']) expect(p.text).toContain(h);
    }
  });

  it('numbers pages from the first page after the cover', () => {
    expect(text[0]!.text).toContain('某单位');
    expect(text[0]!.text).not.toMatch(/-\s*\d+\s*-/);
    expect(text[1]!.last.replace(/\s/g, '')).toBe('-1-');
    expect(text[2]!.last.replace(/\s/g, '')).toBe('-2-');
  });

  it('prints TOC numbers and heading pages in the footer numbering', () => {
    expect(result.headingPages).toEqual({ 'h-part1': 2, 'h-duties': 2, 'h-tables': 3, 'h-part2': text.length - 1 });
    const toc = text[1]!.text.replace(/\s/g, '');
    expect(toc).toContain('第一部分单位概况2');
    expect(toc).toContain('二、部门预算表3');
    // the page each heading is on shows the number the TOC gives
    const pageOf = (s: string) => text.findIndex((p, i) => i > 1 && p.text.includes(s));
    expect(text[pageOf('二、部门预算表')]!.last.replace(/\s/g, '')).toBe('-3-');
  });

  it('lays landscape sections on landscape pages', () => {
    const last = text[text.length - 1]!;
    expect(last.text).toContain('横向页面');
    expect(last.width).toBeGreaterThan(last.height);
    expect(text[2]!.width).toBeLessThan(text[2]!.height);
  });

  it('sets characters the main face lacks in the fallback face', () => {
    const all = text.map((p) => p.text).join('');
    expect(all).toContain(`管理${SANS_ONLY_CHAR}，确保`);
    expect(all).toContain(`主要职能${SERIF_ONLY_CHAR}`);
  });

  it('gives byte-identical output for the same IR', async () => {
    const again = await renderPdf(smallIR());
    expect(Buffer.compare(Buffer.from(again.bytes), Buffer.from(result.bytes))).toBe(0);
  });

  it('writes the metadata and PDF version', () => {
    const head = Buffer.from(result.bytes.subarray(0, 16)).toString('latin1');
    expect(head.startsWith('%PDF-1.7')).toBe(true);
  });
});

describe('cells that span rows', () => {
  /** y (PDF units, baseline) of each text item on page `n` */
  async function ys(bytes: Uint8Array, n: number): Promise<Map<string, number>> {
    const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
    const content = await (await pdf.getPage(n)).getTextContent();
    const out = new Map<string, number>();
    for (const it of content.items) if ('str' in it && it.str.trim()) out.set(it.str.trim(), it.transform[5] as number);
    await pdf.destroy();
    return out;
  }

  it('are centred on the rows they span, in the header and in the body', async () => {
    const ir = smallIR();
    const part1 = ir.sections.find((s) => s.id === 'part1')!;
    const table = part1.blocks.find((b) => b.kind === 'table')!;
    if (table.kind !== 'table') throw new Error('no table');
    const body: Cell[][] = [
      [{ text: 'SPAN3', rowSpan: 3 }, { text: 'row-a' }, { text: '1' }, { text: '2' }, { text: '3' }],
      [{ text: 'row-b' }, { text: '1' }, { text: '2' }, { text: '3' }],
      [{ text: 'row-c' }, { text: '1' }, { text: '2' }, { text: '3' }],
      [{ text: 'SPAN2', rowSpan: 2 }, { text: 'row-d' }, { text: '1' }, { text: '2' }, { text: '3' }],
      [{ text: 'row-e' }, { text: '1' }, { text: '2' }, { text: '3' }],
    ];
    const blocks = part1.blocks.map((b) => (b === table ? { ...table, rows: [...table.rows.slice(0, 2), ...body] } : b));
    const sections = ir.sections.map((s) => (s === part1 ? { ...s, blocks } : s));
    const { bytes } = await renderPdf({ ...ir, sections });
    const page = (await pages(bytes)).findIndex((p) => p.text.includes('SPAN3')) + 1;
    const y = await ys(bytes, page);
    const near = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1);
    // body: on the middle row of three, half-way between the two rows of two
    near(y.get('SPAN3')!, y.get('row-b')!);
    near(y.get('SPAN2')!, (y.get('row-d')! + y.get('row-e')!) / 2);
    // header: 科目编码 spans the 本年预算 row and the 合计 row
    near(y.get('科目编码')!, (y.get('本年预算')! + y.get('合计')!) / 2);
  }, 20_000);
});
