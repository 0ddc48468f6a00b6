// Template sets a bureau owns: the twelve-table set of the repository built end
// to end, per-table unit/decimals/font/margins, extra tables of the data, and
// the issue's "Done when": `disclosure init`, two edits, a build with both.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { unzipSync, strFromU8 } from 'fflate';
import { build, type BuildOutput } from '../src/build.js';
import { main } from '../src/cli/main.js';
import { builtinTemplates, loadTemplateSet } from '../src/templates/load.js';
import { buildGrid } from '../src/tables/build-table.js';
import { layoutSchema } from '../src/tables/layout-schema.js';
import { sources } from '../src/tables/sources.js';
import { loadCatalogue } from '../src/catalogue/catalogue.js';
import { documentFor } from '../src/document/document-for.js';
import type { Section, Table } from '../src/ir/types.js';
import { pdfPages } from './helpers/pdf-text.js';
import { rowText, sampleData, sampleFigures, samplePath, tableAfter } from './helpers/sample.js';

const twelveDir = fileURLToPath(new URL('../template-sets/twelve-tables/', import.meta.url));
const twelveData = join(twelveDir, 'sample-data.yaml');
const squeeze = (s: string) => s.replace(/\s+/g, '');
const fileOf = (o: BuildOutput, f: 'pdf' | 'docx') => o.files.find((x) => x.format === f)!.bytes;
/** the text of a DOCX body, run after run */
const docxText = (bytes: Uint8Array) =>
  [...strFromU8(unzipSync(bytes)['word/document.xml']!).matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

const TWELVE = [
  '部门收支总表',
  '部门收入总表',
  '部门支出总表',
  '财政拨款收支总表',
  '一般公共预算支出表（按功能分类）',
  '一般公共预算基本支出表',
  '财政拨款支出表（按功能分类）',
  '项目支出表',
  '一般公共预算“三公”经费支出表',
  '会议费、培训费预算表',
  '机关运行经费预算表',
  '政府采购预算表',
];
const NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

describe('the twelve-table set (template-sets/twelve-tables)', () => {
  let out: BuildOutput;
  let pages: string[];
  let text: string;
  beforeAll(async () => {
    const templates = await loadTemplateSet([builtinTemplates, twelveDir]);
    out = await build({ file: twelveData, text: readFileSync(twelveData, 'utf8'), templates });
    pages = await pdfPages(fileOf(out, 'pdf'));
    text = squeeze(pages.join('\n'));
  }, 60_000);

  it('builds without errors', () => {
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(out.files.map((f) => f.format).sort()).toEqual(['docx', 'pdf']);
  });

  it('prints 表一 … 表十二 in manifest order, one table a page, with their names', () => {
    const tablePages = pages.map(squeeze).filter((p) => /^表[一二三四五六七八九十]+：/.test(p));
    expect(tablePages.length).toBe(12);
    tablePages.forEach((p, i) => expect(p.startsWith(`表${NUMBERS[i]}：${squeeze(TWELVE[i]!)}`), p.slice(0, 40)).toBe(true));
    // the part-two narrative lists them, numbered from the manifest
    expect(text).toContain(squeeze(`本部分公开以下十二张表：${TWELVE.map((t, i) => `表${NUMBERS[i]} ${t}`).join('；')}。`));
    // and the built-in 政府性基金 table is not in this set
    expect(text).not.toContain('政府性基金预算支出情况表');
  });

  it('prints the 元 table converted, whole yuan, and says so', () => {
    const page = squeeze(pages.find((p) => squeeze(p).startsWith('表六：'))!);
    expect(page).toContain('单位：元');
    expect(page).toContain('3972400'); // 301 工资福利支出 397.24 万元
    expect(page).toContain('4433000'); // 合计 443.30 万元
    expect(page).not.toContain('397.24');
    expect(page).not.toMatch(/3972400\.0/);
  });

  it('prints the extra table of the data, with its computed total', () => {
    const page = squeeze(pages.find((p) => squeeze(p).startsWith('表十：'))!);
    for (const row of ['社会保险经办工作会议', '养老保险待遇认证工作部署会', '社保经办业务培训', '社保信息系统操作培训']) expect(page).toContain(row);
    expect(page).toContain(squeeze('合计 0.48 1.62'));
    expect(text).toContain(squeeze('会议费预算 0.48 万元，培训费预算 1.62 万元，具体见表十'));
  });

  it('prints the new tables over data the schema has', () => {
    const fiscal = squeeze(pages.find((p) => squeeze(p).startsWith('表七：'))!);
    expect(fiscal).toContain(squeeze('208 社会保障和就业支出 482.04 443.30 38.74 482.04'));
    const operating = squeeze(pages.find((p) => squeeze(p).startsWith('表十一：'))!);
    expect(operating).toContain(squeeze('302 商品和服务支出 14.50'));
    expect(operating).toContain(squeeze('合计 14.50'));
    const procurement = squeeze(pages.find((p) => squeeze(p).startsWith('表十二：'))!);
    expect(procurement).toContain(squeeze('货 物 2.00 工 程 0.00 服 务 0.50 合 计 2.50'));
    // the narrative cites tables by number, following the manifest
    expect(text).toContain('见表十二');
    expect(text).toContain('明细见表十一');
  });

  it('carries the tables into the DOCX too', () => {
    const docx = squeeze(docxText(fileOf(out, 'docx')));
    for (const [i, t] of TWELVE.entries()) expect(docx).toContain(squeeze(`表${NUMBERS[i]}：${t}`));
    expect(docx).toContain('3972400');
    expect(docx).toContain('社保信息系统操作培训');
    expect(docx).toContain('单位：元');
  });

  it('applies per-table font, size, orientation and margins', async () => {
    const { validateDepartment } = await import('../src/model/validate.js');
    const { parseYamlSource } = await import('../src/source/yaml-source.js');
    const { data } = validateDepartment(parseYamlSource(twelveData, readFileSync(twelveData, 'utf8')).source!);
    const templates = await loadTemplateSet([builtinTemplates, twelveDir]);
    const doc = await documentFor(data!, templates);
    const sectionOf = (title: string): Section => doc.sections.find((s) => s.blocks.some((b) => b.kind === 'heading' && b.text === title))!;
    const meetings = tableAfter(doc, '会议费、培训费预算表');
    expect([meetings.font, meetings.size]).toEqual(['body', 12]);
    expect(sectionOf('会议费、培训费预算表').page.orientation).toBe('landscape');
    const proc = sectionOf('政府采购预算表');
    expect(proc.margins).toEqual({ ...templates.styles.page.table_margins, left: 90, right: 90 });
    expect(tableAfter(doc, '政府采购预算表').size).toBe(12);
    expect(tableAfter(doc, '部门收支总表').font).toBe('table');
  });
});

describe('per-table unit and decimals', () => {
  it('converts 万元 to 元 exactly and rounds half-up to the decimals asked', async () => {
    const data = sampleData();
    const fig = await sampleFigures();
    const cat = await loadCatalogue(2020);
    const layout = (extra: object) =>
      layoutSchema.parse({
        title: 't',
        source: 'economic',
        header: [
          { label: '名称', field: 'name' },
          { label: '小计', field: 'total' },
        ],
        total: { label: '合计', field: 'name' },
        ...extra,
      });
    const grid = (extra: object): Table => {
      const L = layout(extra);
      return buildGrid(L, sources[L.source]!({ data, fig, catalogue: cat, labels: {} }), { font: 'table', size: 10 });
    };
    expect(rowText(grid({ unit: '元', decimals: 0 }))).toContain('工资福利支出 3972400');
    expect(rowText(grid({ unit: '元', decimals: 2 }))).toContain('工资福利支出 3972400.00');
    expect(rowText(grid({}))).toContain('工资福利支出 397.24');
    expect(rowText(grid({ decimals: 1 }))).toContain('工资福利支出 397.2');
    expect(rowText(grid({ decimals: 0 })).at(-1)).toBe('合计 443');
    expect(rowText(grid({ decimals: 1, format: 'plain' }))).toContain('津补贴 172.3');
    expect(() => layout({ decimals: 5 })).toThrow();
    expect(() => layout({ font: 'songti' })).toThrow();
  });
});

describe('labels.yaml', () => {
  it('names the income sources the narrative lists; a bureau layer renames them', async () => {
    const text = (doc: Awaited<ReturnType<typeof documentFor>>) =>
      doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.runs.map((r) => r.text).join('')] : []))).join('\n');
    const builtin = text(await documentFor(sampleData(), await loadTemplateSet()));
    expect(builtin).toContain('收入预算包括：一般公共预算。');
    const dir = mkdtempSync(join(tmpdir(), 'labels-'));
    try {
      writeFileSync(
        join(dir, 'labels.yaml'),
        readFileSync(join(builtinTemplates, 'labels.yaml'), 'utf8').replace('general_budget: 一般公共预算', 'general_budget: 一般公共预算拨款'),
      );
      const renamed = text(await documentFor(sampleData(), await loadTemplateSet([builtinTemplates, dir])));
      expect(renamed).toContain('收入预算包括：一般公共预算拨款。');
      // only sources with income are listed: the sample has none from 政府性基金
      expect(renamed).not.toContain('政府性基金预算。');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the issue’s “Done when”: init, two edits, build with --templates', () => {
  const SENTENCE_OLD = '按照全口径预算的原则';
  const SENTENCE_NEW = '依照全口径预算的要求'; // as long as the old one: no reflow
  const HEADING_OLD = '公务接待费';
  const HEADING_NEW = '公务接待费（含外事接待）';
  let dir: string;
  let edited: { pdf: string; docx: string; pages: number };
  let plain: { pdf: string; docx: string; pages: number };

  const cli = async (args: string[]) => {
    const out = new PassThrough();
    const err = new PassThrough();
    const chunks: string[] = [];
    err.on('data', (c) => chunks.push(String(c)));
    const code = await main(args, out, err);
    return { code, stderr: chunks.join('') };
  };
  const read = async (outDir: string) => {
    const pdf = readFileSync(join(outDir, 'hotan-social-insurance-2020.pdf'));
    const pages = await pdfPages(pdf);
    return { pdf: squeeze(pages.join('\n')), docx: squeeze(docxText(readFileSync(join(outDir, 'hotan-social-insurance-2020.docx')))), pages: pages.length };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'disclosure-init-'));
    const set = join(dir, 'bureau');
    expect((await cli(['init', set])).code).toBe(0);
    const part3 = join(set, 'narrative/part3-explanation.hbs');
    const before = readFileSync(part3, 'utf8');
    expect(before).toContain(SENTENCE_OLD);
    writeFileSync(part3, before.replace(SENTENCE_OLD, SENTENCE_NEW));
    const table = join(set, 'tables/three-public.yaml');
    writeFileSync(table, readFileSync(table, 'utf8').replace(`label: ${HEADING_OLD},`, `label: ${HEADING_NEW},`));
    const r1 = await cli(['build', samplePath, '--templates', set, '--out', join(dir, 'edited')]);
    expect(r1.code, r1.stderr).toBe(0);
    const r2 = await cli(['build', samplePath, '--out', join(dir, 'plain')]);
    expect(r2.code, r2.stderr).toBe(0);
    edited = await read(join(dir, 'edited'));
    plain = await read(join(dir, 'plain'));
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('shows both changes in PDF and DOCX', () => {
    for (const t of [edited.pdf, edited.docx]) {
      expect(t).toContain(squeeze(SENTENCE_NEW));
      expect(t).not.toContain(SENTENCE_OLD);
      expect(t).toContain(squeeze(HEADING_NEW));
    }
  });

  it('leaves everything else as before', () => {
    expect(edited.pages).toBe(plain.pages);
    const undo = (s: string) => s.replace(squeeze(SENTENCE_NEW), SENTENCE_OLD).replace(squeeze(HEADING_NEW), HEADING_OLD);
    expect(undo(edited.pdf)).toBe(plain.pdf);
    expect(undo(edited.docx)).toBe(plain.docx);
  });
});
