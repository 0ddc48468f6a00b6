// Document structure declared in the template set (manifest.yaml, layouts and
// narrative markup): table labels, titles as templates, the 目录, page numbers
// per part, page breaks, orientation, optional cover, list numbering — each
// checked in the IR, the TOC and page numbers also in the PDF text and DOCX XML.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { build, type BuildOutput } from '../src/build.js';
import { builtinTemplates, loadTemplateSet, type TemplateSet } from '../src/templates/load.js';
import { documentFor } from '../src/document/document-for.js';
import { loadCatalogue } from '../src/catalogue/catalogue.js';
import { DiagnosticError, type Diagnostic } from '../src/diagnostics/diagnostic.js';
import type { DocumentIR, Heading, Paragraph, Section, TableOfContents } from '../src/ir/types.js';
import { pdfPages } from './helpers/pdf-text.js';
import { sampleData, sampleFigures, samplePath, sampleText } from './helpers/sample.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const builtinManifest = readFileSync(join(builtinTemplates, 'manifest.yaml'), 'utf8');
const builtinLayout = (id: string) => readFileSync(join(builtinTemplates, 'tables', `${id}.yaml`), 'utf8');

/** An overlay folder over the built-in set with these files (relative path → text). */
function overlay(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'structure-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

/** The built-in manifest with its `parts:` list replaced and lines added on top. */
const manifest = (head: string, parts?: string): string =>
  `${head}\n${parts ? builtinManifest.replace(/parts:\n( {2}- .*\n)+/, `parts:\n${parts}`) : builtinManifest}`;

let prepared: Promise<{ fig: Awaited<ReturnType<typeof sampleFigures>>; cat: Awaited<ReturnType<typeof loadCatalogue>> }> | undefined;
async function irFor(files: Record<string, string>): Promise<{ ir: DocumentIR; set: TemplateSet }> {
  prepared ??= Promise.all([sampleFigures(), loadCatalogue(2020)]).then(([fig, cat]) => ({ fig, cat }));
  const set = await loadTemplateSet([builtinTemplates, overlay(files)]);
  return { ir: await documentFor(sampleData(), set, await prepared), set };
}

async function problems(files: Record<string, string>): Promise<Diagnostic[]> {
  try {
    await irFor(files);
  } catch (e) {
    if (e instanceof DiagnosticError) return [...e.diagnostics];
    throw e;
  }
  return [];
}

const headings = (ir: DocumentIR): Heading[] => ir.sections.flatMap((s) => s.blocks.filter((b): b is Heading => b.kind === 'heading'));
const paragraphs = (s: Section): string[] => s.blocks.filter((b): b is Paragraph => b.kind === 'paragraph').map((p) => p.runs.map((r) => r.text).join(''));
const tocOf = (ir: DocumentIR): TableOfContents | undefined => ir.sections.flatMap((s) => s.blocks).find((b): b is TableOfContents => b.kind === 'toc');
const sectionWith = (ir: DocumentIR, text: string): Section => ir.sections.find((s) => s.blocks.some((b) => b.kind === 'heading' && b.text.includes(text)))!;
const squeeze = (s: string) => s.replace(/\s+/g, '');
const docxXml = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)['word/document.xml']!);
const fileOf = (o: BuildOutput, f: 'pdf' | 'docx') => o.files.find((x) => x.format === f)!.bytes;

describe('defaults reproduce the built-in structure', () => {
  it('has a cover, a 目录 listing parts and tables in place, 表一： labels and one footer style', async () => {
    const { ir } = await irFor({});
    expect(ir.sections[0]!.id).toBe('cover');
    expect(ir.sections[0]!.footer).toBeNull();
    const toc = tocOf(ir)!;
    expect(toc.title).toBe('目录');
    expect(toc.pageNumbers).toBeUndefined();
    const listed = headings(ir).filter((h) => h.toc);
    expect(toc.entries!.map((e) => e.headingId)).toEqual(listed.map((h) => h.id));
    expect(toc.entries!.map((e) => e.level)).toEqual(listed.map((h) => h.level));
    const labels = ir.sections.flatMap(paragraphs).filter((p) => /^表[一二三四五六七八九十]+：$/.test(p));
    expect(labels.slice(0, 3)).toEqual(['表一：', '表二：', '表三：']);
    expect(ir.sections.every((s) => !s.restartPageNumbers)).toBe(true);
    expect(new Set(ir.sections.filter((s) => s.footer).map((s) => `${s.footer!.before}|${s.footer!.after}`))).toEqual(new Set(['- | -']));
  });
});

describe('table labels, titles and TOC texts', () => {
  it('prints table_label with {{n}}/{{nn}}/{{cn}}, a layout label or none, titles filled from the data', async () => {
    const { ir } = await irFor({
      'manifest.yaml': manifest('table_label: "公开{{nn}}表 "'),
      'tables/income-summary.yaml': `${builtinLayout('income-summary').replace(/^title: .*$/m, 'title: "{{department.year}}年部门收入总表"')}\nlabel: "附表{{n}}（{{cn}}）"\ntoc_text: "收入总表（{{department.year}}）"\n`,
      'tables/expenditure-summary.yaml': `${builtinLayout('expenditure-summary')}\nlabel: none\n`,
    });
    const texts = ir.sections.flatMap(paragraphs);
    expect(texts).toContain('公开01表 ');
    expect(texts).toContain('附表2（二）');
    expect(texts).toContain('公开04表 ');
    expect(texts.some((t) => t.startsWith('公开03表'))).toBe(false);
    const h = headings(ir).find((x) => x.text === '2020年部门收入总表')!;
    expect(h).toBeDefined();
    expect(tocOf(ir)!.entries!.find((e) => e.headingId === h.id)!.text).toBe('收入总表（2020）');
  });
});

describe('the 目录', () => {
  it('lists tables after the parts, or not at all; chosen levels; no page numbers', async () => {
    const after = await irFor({
      'manifest.yaml': manifest('').replace('toc: 目录', 'toc: { title: 目  录, levels: [1], tables: after_parts, page_numbers: false }'),
    });
    const toc = tocOf(after.ir)!;
    expect(toc.title).toBe('目  录');
    expect(toc.pageNumbers).toBe(false);
    const texts = toc.entries!.map((e) => e.text);
    const parts = headings(after.ir)
      .filter((h) => h.level === 1)
      .map((h) => h.text);
    const tables = headings(after.ir)
      .filter((h) => h.level === 2 && h.font === 'title' && h.toc)
      .map((h) => h.text);
    expect(parts.length).toBe(4);
    expect(tables.length).toBe(9);
    expect(texts).toEqual([...parts, ...tables]);
    expect(toc.entries!.every((e) => e.level === 1)).toBe(true);
    // no 一、 sections at level 2
    expect(texts.some((t) => /^一、/.test(t))).toBe(false);

    const none = await irFor({ 'manifest.yaml': manifest('').replace('toc: 目录', 'toc: { title: 目录, tables: none }') });
    const tableHeads = headings(none.ir).filter((h) => h.font === 'title' && h.level === 2);
    expect(tableHeads.length).toBeGreaterThan(5);
    expect(tableHeads.every((h) => !h.toc)).toBe(true);
    expect(tocOf(none.ir)!.entries!.some((e) => tableHeads.some((h) => h.id === e.headingId))).toBe(false);
  });

  it('toc: none and cover: none leave out those pages', async () => {
    const { ir } = await irFor({ 'manifest.yaml': manifest('').replace('toc: 目录', 'toc: none').replace('cover: cover', 'cover: none') });
    expect(tocOf(ir)).toBeUndefined();
    expect(ir.sections.map((s) => s.id)).not.toContain('cover');
    expect(ir.sections[0]!.blocks[0]).toMatchObject({ kind: 'heading', level: 1 });
  });
});

describe('parts: page breaks, page numbers, orientation', () => {
  const parts = [
    '  - narrative: part1-overview',
    '    page_numbers: false',
    '    orientation: landscape',
    '    margins: { left: 90 }',
    '  - narrative: part2-tables',
    '    page_numbers: "第{{n}}页"',
    '  - narrative: part3-explanation',
    '    restart: true',
    '  - narrative: part4-glossary',
    '    new_page: false',
    '  - narrative: signature',
    '',
  ].join('\n');
  const files = {
    'manifest.yaml': manifest('tables_page_numbers: "{{n}}"', parts),
    'tables/three-public.yaml': `${builtinLayout('three-public')}\npage_numbers: false\n`,
    'tables/income-summary.yaml': `${builtinLayout('income-summary')}\nnew_page: false\n`,
    'tables/fiscal-summary.yaml': `${builtinLayout('fiscal-summary')}\nnew_page: false\n`,
  };

  it('gives each part its footer, restart, orientation and margins; new_page: false runs on', async () => {
    const { ir, set } = await irFor(files);
    const p1 = sectionWith(ir, '第一部分');
    expect(p1.footer).toBeNull();
    expect(p1.page.orientation).toBe('landscape');
    expect(p1.margins).toEqual({ ...set.styles.page.landscape_margins, left: 90 });
    const p2 = sectionWith(ir, '第二部分');
    expect(p2.footer).toMatchObject({ before: '第', after: '页' });
    // tables take tables_page_numbers, a layout's page_numbers over it
    const budget = sectionWith(ir, '部门收支总体情况表');
    expect(budget.footer).toMatchObject({ before: '', after: '' });
    expect(sectionWith(ir, '“三公”').footer).toBeNull();
    // a portrait table follows the one before on its page; the landscape income table cannot
    expect(sectionWith(ir, '财政拨款收支预算总体情况表')).toBe(sectionWith(ir, '部门支出总体情况表'));
    expect(sectionWith(ir, '部门收入总体情况表')).not.toBe(budget);
    const p3 = sectionWith(ir, '第三部分');
    expect(p3.restartPageNumbers).toBe(true);
    expect(p3.page.orientation).toBe('portrait');
    // part four runs on after part three's last page (same geometry), the signature after it
    const p4 = sectionWith(ir, '第四部分');
    expect(p4).toBe(sectionWith(ir, '其他需说明的事项'));
    expect(p4.blocks.at(-1)).toMatchObject({ kind: 'paragraph', align: 'right' });
    expect(ir.sections.filter((s) => s.restartPageNumbers)).toEqual([p3]);
  });

  it('numbers the PDF pages and the DOCX footers that way', async () => {
    const set = await loadTemplateSet([builtinTemplates, overlay(files)]);
    const out = await build({ file: samplePath, text: sampleText, templates: set, keepIr: true });
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const pages = (await pdfPages(fileOf(out, 'pdf'))).map(squeeze);
    const p1 = pages.findIndex((p) => p.startsWith('第一部分'));
    const p2 = pages.findIndex((p) => p.startsWith('第二部分'));
    const p3 = pages.findIndex((p) => p.startsWith('第三部分'));
    // part one: no number; the TOC page is page 1 (first page with a footer)
    expect(pages[p1]).not.toMatch(/-\d+-$/);
    expect(pages[1]).toMatch(/-1-$/);
    // pages count on through part one: part two's page is 2 + part one's pages
    expect(pages[p2]).toMatch(new RegExp(`第${p2}页$`));
    // part three restarts at 1
    expect(pages[p3]).toMatch(/-1-$/);
    const docx = out.files.find((f) => f.format === 'docx')!.bytes;
    const xml = docxXml(docx);
    expect((xml.match(/<w:pgNumType w:start="1"\/>/g) ?? []).length).toBe(2);
    const footers = Object.entries(unzipSync(docx))
      .filter(([n]) => /^word\/footer\d+\.xml$/.test(n))
      .map(([, b]) => strFromU8(b));
    expect(footers.some((f) => f.includes('>第<') && f.includes('>页<'))).toBe(true);
  }, 30_000);
});

describe('the TOC in PDF and DOCX', () => {
  it('lists tables under 第二部分 with their toc_text, and leaves page numbers out when asked', async () => {
    const files = {
      'manifest.yaml': manifest('').replace('toc: 目录', 'toc: { title: 目录, page_numbers: false }'),
      'tables/budget-summary.yaml': `${builtinLayout('budget-summary')}\ntoc_text: 表一 收支总表\n`,
      'narrative/part1-overview.hbs': `${readFileSync(join(builtinTemplates, 'narrative/part1-overview.hbs'), 'utf8')}\n##! 不进目录的一节\n`,
    };
    const set = await loadTemplateSet([builtinTemplates, overlay(files)]);
    const out = await build({ file: samplePath, text: sampleText, templates: set, keepIr: true });
    const pages = (await pdfPages(fileOf(out, 'pdf'))).map(squeeze);
    const toc = pages[1]!;
    expect(toc.startsWith('目录')).toBe(true);
    // 第二部分, then its table entries, then 第三部分
    const i2 = toc.indexOf('第二部分');
    const iT = toc.indexOf('表一收支总表');
    expect(i2).toBeGreaterThan(0);
    expect(iT).toBeGreaterThan(i2);
    expect(toc.indexOf('第三部分')).toBeGreaterThan(iT);
    expect(toc).not.toContain('不进目录');
    // no page numbers: no digits after the entries (the footer is the only number)
    expect(toc.replace(/-\d+-$/, '').replace(/2020/g, '')).not.toMatch(/\d/);
    // the heading is printed, numbered, but not listed
    expect(pages.some((p) => p.includes('三、不进目录的一节'))).toBe(true);
    const xml = docxXml(fileOf(out, 'docx'));
    expect(xml).toContain('表一 收支总表');
    expect(xml).toMatch(/TOC [^<]*\\n/);
    expect(xml).not.toContain('不进目录的一节</w:t></w:r></w:hyperlink>');
    const entry = xml.slice(xml.indexOf('表一 收支总表'), xml.indexOf('表一 收支总表') + 200);
    expect(entry).toMatch(/<w:tab\/><\/w:r>|<w:tab\/><w:t[^>]*><\/w:t>/);
  }, 30_000);
});

describe('markup: headings and lists', () => {
  const narrative = [
    '# 第一部分 概况',
    '## 主要职能',
    '- 甲',
    '中间的一段不打断编号。',
    '- 乙',
    '-- 乙的第一项',
    '--- 第一条',
    '---- 细目',
    '-* 圈一',
    '-* 圈二',
    '--- 第二条',
    '-- 乙的第二项',
    '- 丙',
    '-- 丙下又从（一）起',
    '::restart -',
    '- 重新起',
    '##= 不编号的一节',
    '- 新的一节从一起',
    '### 小节',
    '- 小节里接着上一节的列表',
    '##! 不进目录',
    '### 小节',
    '',
  ].join('\n');

  it('numbers five list styles, continues across paragraphs, restarts at headings and ::restart', async () => {
    const { ir } = await irFor({ 'narrative/part1-overview.hbs': narrative });
    const s = sectionWith(ir, '第一部分 概况');
    expect(paragraphs(s)).toEqual([
      '一、甲',
      '中间的一段不打断编号。',
      '二、乙',
      '（一）乙的第一项',
      '1.第一条',
      '（1）细目',
      '①圈一',
      '②圈二',
      '2.第二条',
      '（二）乙的第二项',
      '三、丙',
      '（一）丙下又从（一）起',
      '一、重新起',
      '一、新的一节从一起',
      '二、小节里接着上一节的列表',
    ]);
    const hs = s.blocks.filter((b): b is Heading => b.kind === 'heading').map((h) => [h.text, h.toc]);
    expect(hs).toEqual([
      ['第一部分 概况', true],
      ['一、主要职能', true],
      ['不编号的一节', true],
      ['（一）小节', false],
      ['二、不进目录', false],
      ['（一）小节', false],
    ]);
  });
});

describe('validation', () => {
  it('reports bad structure keys at their line', async () => {
    const bad = manifest(
      '',
      ['  - narrative: part1-overview', '    page_break: true', '  - narrative: part2-tables', '    orientation: sideways', ''].join('\n'),
    ).replace('toc: 目录', 'toc: { title: 目录, levels: [4], tables: under }');
    const lineOf = (s: string) => bad.split('\n').findIndex((l) => l.includes(s)) + 1;
    const ds = await problems({ 'manifest.yaml': bad });
    expect(ds.map((d) => [d.code, d.line])).toEqual([
      ['template.invalid_value', lineOf('levels: [4]')],
      ['template.invalid_value', lineOf('levels: [4]')],
      ['template.unknown_key', lineOf('page_break')],
      ['template.invalid_value', lineOf('sideways')],
    ]);
    expect(ds.every((d) => d.file && d.file.endsWith('manifest.yaml'))).toBe(true);

    // the small templates inside the keys
    const templ = manifest(
      'table_label: "表{{x}}"\ntables_page_numbers: "页"',
      ['  - narrative: part1-overview', '    page_numbers: "{{n}}{{n}}"', ''].join('\n'),
    );
    const ts = await problems({ 'manifest.yaml': templ });
    expect(ts.map((d) => [d.code, d.line])).toEqual([
      ['template.invalid_value', 1],
      ['template.invalid_value', 2],
      ['template.invalid_value', templ.split('\n').findIndex((l) => l.includes('{{n}}{{n}}')) + 1],
    ]);
    expect(ts[0]!.message).toContain('{{cn}}');

    const lines = (extra: string) => `${builtinLayout('income-summary')}\n${extra}\n`;
    const lineIn = (text: string, s: string) => text.split('\n').findIndex((l) => l.startsWith(s)) + 1;
    for (const extra of ['new_page: maybe', 'label: "表{{n"', 'page_numbers: "第页"']) {
      const ds = await problems({ 'tables/income-summary.yaml': lines(extra) });
      expect(ds.map((d) => [d.code, d.line])).toEqual([['template.invalid_value', lineIn(lines(extra), extra.split(':')[0]!)]]);
      expect(ds[0]!.file).toMatch(/income-summary\.yaml$/);
    }
  });

  it('reports malformed markers at their template line', async () => {
    const text = [
      '# 第一部分 概况',
      '## 主要职能',
      '{{#each overview.functions}}',
      '-- {{this}}',
      '{{/each}}',
      '####! 太深',
      '-+ 错的列表',
      '::restart ~',
      '::boxed 无此写法',
      '',
    ].join('\n');
    const ds = await problems({ 'narrative/part1-overview.hbs': text });
    expect(ds.map((d) => [d.code, d.line])).toEqual([
      ['markup.bad_heading', 6],
      ['markup.bad_item', 7],
      ['markup.bad_restart', 8],
      ['markup.unknown_directive', 9],
    ]);
    expect(ds.every((d) => d.file.endsWith('part1-overview.hbs') && d.message && d.hint)).toBe(true);
  });
});
