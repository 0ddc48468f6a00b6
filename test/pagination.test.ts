// One pagination, one 目录: the pagination the PDF's layout gives is what the
// PDF prints, the DOCX's and the preview's 目录 carry its numbers, the three
// renderers list the entries the document layer decided, and a DOCX alone
// lays the PDF out (without drawing it) only when its 目录 needs the numbers.
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { build } from '../src/build.js';
import { loadTemplateSet } from '../src/templates/load.js';
import { renderPdf, type PdfResult } from '../src/render/pdf/index.js';
import { renderDocx } from '../src/render/docx/index.js';
import { renderHtml } from '../src/render/html/index.js';
import { installEnginePatches } from '../src/engines/index.js';
import { pdfWork, printedHeadingPages, type Pagination } from '../src/document/pagination.js';
import { tocLayout, tocsOf, type TocLayout } from '../src/document/toc-layout.js';
import type { DocumentIR, Table } from '../src/ir/types.js';
import { pdfPages } from './helpers/pdf-text.js';
import { samplePath, sampleText } from './helpers/sample.js';

const squeeze = (s: string) => s.replace(/\s/g, '');
let ir: DocumentIR;
let pdf: PdfResult;
let p: Pagination;
let pages: string[];
let toc: TocLayout;
let docx: Uint8Array;

beforeAll(async () => {
  const r = await build({ file: samplePath, text: sampleText, templates: await loadTemplateSet(), render: false, keepIr: true });
  ir = r.ir!;
  pdf = await renderPdf(ir);
  p = pdf.pagination;
  pages = (await pdfPages(pdf.bytes)).map(squeeze);
  toc = tocLayout(ir.sections, tocsOf(ir)[0]!);
  docx = await renderDocx(ir, { pagination: p });
}, 60_000);

/** The DOCX's cached 目录 lines: text and page number, as the TOC field holds them. */
function docxTocLines(bytes: Uint8Array): { level: number; text: string; page: string }[] {
  const xml = strFromU8(unzipSync(bytes)['word/document.xml']!);
  return [...xml.matchAll(/<w:p><w:pPr><w:pStyle w:val="TOC(\d)"\/>.*?<\/w:p>/gs)].map((m) => {
    const [before, after = ''] = m[0].split('<w:tab/>');
    const text = (s: string) => [...s.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('');
    return { level: Number(m[1]), text: text(before!), page: text(after) };
  });
}

describe('the pagination', () => {
  it('is what the PDF prints: each heading on its physical page, under the printed number of its footer', () => {
    expect(p.pageCount).toBe(pages.length);
    expect(Object.keys(p.headings).length).toBeGreaterThan(25);
    for (const [id, place] of Object.entries(p.headings)) {
      const h = ir.sections.flatMap((s) => s.blocks).find((b) => b.kind === 'heading' && b.id === id)!;
      const page = pages[place.physical - 1]!;
      expect(page, id).toContain(squeeze(h.kind === 'heading' ? h.text : ''));
      const section = p.sections.filter((s) => s.physical <= place.physical).at(-1)!;
      const style = section.numberStyle!;
      expect(page.endsWith(squeeze(`${style.before}${place.printed}${style.after}`)), `${id} on ${place.physical}`).toBe(true);
    }
    // the PDF's own heading map is the pagination's
    expect(pdf.headingPages).toEqual(printedHeadingPages(p));
  });

  it('places every section and table; numbering starts after the cover and the sections tile the pages', () => {
    const [cover, first] = p.sections;
    expect(cover).toMatchObject({ id: 'cover', physical: 1, numberStyle: null, restartsNumbering: false });
    expect(first).toMatchObject({ physical: 2, printed: 1, restartsNumbering: true });
    expect(p.sections.reduce((n, s) => n + s.pages, 0)).toBe(p.pageCount);
    for (const [a, b] of p.sections.slice(0, -1).map((s, i) => [s, p.sections[i + 1]!])) expect(b!.physical).toBe(a!.physical + a!.pages);
    const bordered = ir.sections.flatMap((s) => s.blocks).filter((b): b is Table => b.kind === 'table');
    expect(p.tables).toHaveLength(bordered.length);
    for (const t of p.tables) {
      const table = ir.sections.find((s) => s.id === t.sectionId)!.blocks[t.block] as Table;
      const cell = table.rows.flat().find((c) => squeeze(c.text).length > 1);
      if (cell) expect(pages[t.physical - 1], `${t.sectionId}#${t.block}`).toContain(squeeze(cell.text));
      if (t.headingId) expect(t.physical).toBeGreaterThanOrEqual(p.headings[t.headingId]!.physical);
    }
  });

  it('crosses threads as plain data', () => {
    expect(structuredClone(p)).toEqual(p);
  });
});

describe('one 目录', () => {
  it('the PDF, DOCX and HTML list the entries of the document layer, with the pagination numbers', () => {
    const expected = toc.lines.map((l) => ({ text: l.text, page: String(p.headings[l.headingId]!.printed), depth: l.depth }));
    expect(expected).toHaveLength(25);
    // PDF: the 目录 pages read title, then each entry followed by its number
    const tocSection = p.sections.find((s) => s.id === 'toc')!;
    const printed = pages.slice(tocSection.physical - 1, tocSection.physical - 1 + tocSection.pages).join('');
    expect(printed.startsWith(squeeze(toc.title.text))).toBe(true);
    let at = 0;
    for (const e of expected) {
      const i = printed.indexOf(squeeze(e.text) + e.page, at);
      expect(i, e.text).toBeGreaterThanOrEqual(at);
      at = i + 1;
    }
    // DOCX: the TOC field's cached lines, in order, at the layout's depth
    expect(docxTocLines(docx)).toEqual(expected.map((e) => ({ level: e.depth + 1, text: e.text, page: e.page })));
    // HTML: the same lines, numbered when a pagination is given, unnumbered in the live preview
    const li = (html: string) => [
      ...html.matchAll(/<li class="ir-toc-l\d[^"]*"[^>]*><a [^>]*>([^<]*)<\/a>(?:<span class="ir-toc-page">(\d+)<\/span>)?<\/li>/g),
    ];
    expect(li(renderHtml(ir, { pagination: p })).map((m) => ({ text: m[1], page: m[2] }))).toEqual(expected.map((e) => ({ text: e.text, page: e.page })));
    expect(li(renderHtml(ir)).map((m) => m[2])).toEqual(expected.map(() => undefined));
  });

  it('the title has one style: the DOCX and HTML titles use the layout’s face, size, weight and pitch', () => {
    const t = toc.title.style;
    expect(t).toMatchObject({ size: 22, bold: true, align: 'center', lineHeightPt: 28.95, spaceAfterPt: 16 });
    const xml = strFromU8(unzipSync(docx)['word/document.xml']!);
    const title = xml.match(/<w:p>(?:(?!<\/w:p>).)*?<w:t[^>]*>目录<\/w:t>.*?<\/w:p>/s)![0];
    expect(title).toMatch(/<w:spacing w:after="320" w:before="0" w:line="579" w:lineRule="exact"\/>/);
    expect(title).toMatch(/<w:b\/>.*<w:sz w:val="44"\/>/s);
    expect(renderHtml(ir)).toMatch(
      /<h1 class="ir-toc-title f-body" style="font-size:22pt;text-align:center;font-weight:bold;line-height:28\.95pt;margin-bottom:16pt">目录<\/h1>/,
    );
  });
});

describe('a DOCX alone', () => {
  it('lays the PDF out without drawing it when the 目录 prints page numbers: same pagination, same DOCX', async () => {
    installEnginePatches();
    const Renderer = createRequire(import.meta.url)('pdfmake/js/Renderer.js').default as { prototype: { renderPages: () => void } };
    const drawn = vi.spyOn(Renderer.prototype, 'renderPages');
    try {
      const laid = await renderPdf(ir, { layoutOnly: true });
      expect(drawn).not.toHaveBeenCalled();
      expect(laid.bytes.length).toBe(0);
      expect(laid.pagination).toEqual(p);
      const templates = await loadTemplateSet();
      const alone = await build({ file: samplePath, text: sampleText, templates, formats: ['docx'] });
      expect(drawn).not.toHaveBeenCalled();
      expect(alone.files.map((f) => f.format)).toEqual(['docx']);
      expect(alone.pages).toBe(p.pageCount);
      expect(Buffer.compare(Buffer.from(alone.files[0]!.bytes), Buffer.from(docx))).toBe(0);
      await renderPdf(ir);
      expect(drawn).toHaveBeenCalledTimes(1);
    } finally {
      drawn.mockRestore();
    }
  }, 60_000);

  it('needs no layout at all when its 目录 prints no page numbers', async () => {
    const plain: DocumentIR = {
      ...ir,
      sections: ir.sections.map((s) => ({ ...s, blocks: s.blocks.map((b) => (b.kind === 'toc' ? { ...b, pageNumbers: false } : b)) })),
    };
    expect(pdfWork(ir, { pdf: false, docx: true })).toBe('layout');
    expect(pdfWork(plain, { pdf: false, docx: true })).toBe('none');
    expect(pdfWork(plain, { pdf: true, docx: true })).toBe('draw');
    expect(pdfWork(ir, { pdf: false, docx: false })).toBe('none');
    // without a pagination the DOCX is the same bytes: nothing it prints came from a layout
    const without = await renderDocx(plain);
    expect(Buffer.compare(Buffer.from(without), Buffer.from(await renderDocx(plain, { pagination: p })))).toBe(0);
    expect(docxTocLines(without).every((l) => l.page === '')).toBe(true);
    expect(strFromU8(unzipSync(without)['word/document.xml']!)).not.toContain('w:dirty="true"');
    // numbers due and none given: Word is asked to update the field
    expect(strFromU8(unzipSync(await renderDocx(ir))['word/document.xml']!)).toContain('w:dirty="true"');
  }, 60_000);
});
