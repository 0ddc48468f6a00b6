// Own font files per role (styles.yaml `pdf:` paths), table rows that follow
// the font size, and `init --only` copies that know their built-in version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { strFromU8, unzipSync } from 'fflate';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { builtinTemplates, loadTemplateSet } from '../src/templates/load.js';
import { documentFor } from '../src/document/document-for.js';
import { missingGlyphWarnings } from '../src/fonts/glyph-check.js';
import { packagedFonts } from '../src/fonts/packaged.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { renderDocx } from '../src/render/docx/index.js';
import { main } from '../src/cli/main.js';
import { DiagnosticError, type Diagnostic } from '../src/diagnostics/diagnostic.js';
import type { Block, DocumentIR, Table } from '../src/ir/types.js';
import { smallIR } from './fixtures/ir-small.js';
import { sampleData, samplePath, tableAfter } from './helpers/sample.js';
import { pdfPages } from './helpers/pdf-text.js';

// Roboto ships with pdfmake (a dependency): Latin only, so every 汉字 is a missing glyph.
const robotoDir = fileURLToPath(new URL('../node_modules/pdfmake/fonts/Roboto/', import.meta.url));
const notAFont = fileURLToPath(new URL('./fixtures/fonts/not-a-font.ttf', import.meta.url));
const builtinStyles = readFileSync(join(builtinTemplates, 'styles.yaml'), 'utf8');

const tmp: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'fonts-init-'));
  tmp.push(d);
  return d;
};
afterAll(() => tmp.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A template set with only styles.yaml (role lines replaced) and Roboto in fonts/. */
function fontSet(faces: Partial<Record<'title' | 'heading' | 'body' | 'kai' | 'table', string>>): { dir: string; line: (role: string) => number } {
  const dir = tempDir();
  mkdirSync(join(dir, 'fonts'));
  copyFileSync(join(robotoDir, 'Roboto-Regular.ttf'), join(dir, 'fonts/roboto.ttf'));
  copyFileSync(join(robotoDir, 'Roboto-Medium.ttf'), join(dir, 'fonts/roboto-bold.ttf'));
  copyFileSync(notAFont, join(dir, 'fonts/not-a-font.ttf'));
  let text = builtinStyles;
  for (const [role, face] of Object.entries(faces)) text = text.replace(new RegExp(`^  ${role}: .*$`, 'm'), `  ${role}: ${face}`);
  writeFileSync(join(dir, 'styles.yaml'), text);
  const lines = text.split('\n');
  return { dir, line: (role) => lines.findIndex((l) => l.startsWith(`  ${role}:`)) + 1 };
}

async function loadError(layers: string[]): Promise<Diagnostic[]> {
  try {
    await loadTemplateSet(layers, 'en');
  } catch (e) {
    if (e instanceof DiagnosticError) return [...e.diagnostics];
    throw e;
  }
  throw new Error('the set loaded');
}

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const o: string[] = [];
  const e: string[] = [];
  out.on('data', (c) => o.push(String(c)));
  err.on('data', (c) => e.push(String(c)));
  const code = await main(args, out, err);
  return { code, stdout: o.join(''), stderr: e.join('') };
}

/** page and y (PDF points, from the bottom) of the first text item equal to `str` */
async function positionOf(bytes: Uint8Array, str: string): Promise<{ page: number; y: number }> {
  const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false }).promise;
  try {
    for (let i = 1; i <= pdf.numPages; i++) {
      const items = (await (await pdf.getPage(i)).getTextContent()).items.flatMap((it) => ('str' in it ? [it] : []));
      const hit = items.find((it) => it.str === str);
      if (hit) return { page: i, y: hit.transform[5] as number };
    }
  } finally {
    await pdf.destroy();
  }
  throw new Error(`no text ${str}`);
}

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe('fonts per role from the template set’s own files', () => {
  let set: { dir: string; line: (role: string) => number };
  let doc: DocumentIR;

  beforeAll(async () => {
    set = fontSet({
      body: '{ docx: 仿宋_GB2312, pdf: fonts/roboto.ttf }',
      table: '{ docx: 宋体, pdf: { regular: fonts/roboto.ttf, bold: fonts/roboto-bold.ttf }, fallback: sans }',
    });
    doc = await documentFor(sampleData(), await loadTemplateSet([builtinTemplates, set.dir], 'en'));
  });

  it('resolves the paths against the set that declares them, keeps the Word name, and falls back to a packaged face', () => {
    const real = realpathSync(set.dir);
    expect(doc.fonts.body).toEqual({
      docxName: '仿宋_GB2312',
      pdf: { regular: join(real, 'fonts/roboto.ttf') },
      fallback: { regular: packagedFonts.serifRegular, bold: packagedFonts.serifBold },
      declaredAt: { file: join(set.dir, 'styles.yaml'), line: set.line('body'), column: expect.any(Number) },
    });
    expect(doc.fonts.table.pdf).toEqual({ regular: join(real, 'fonts/roboto.ttf'), bold: join(real, 'fonts/roboto-bold.ttf') });
    expect(doc.fonts.table.fallback?.regular).toBe(packagedFonts.sansRegular);
    // packaged faces are as before: no declaredAt, so never checked
    expect(doc.fonts.heading).toEqual({
      docxName: '黑体',
      pdf: { regular: packagedFonts.sansRegular, bold: packagedFonts.sansBold },
      fallback: { regular: packagedFonts.serifRegular, bold: packagedFonts.serifBold },
    });
  });

  it('warns, per role and file, about the characters the file lacks, at the styles.yaml line', async () => {
    const warnings = await missingGlyphWarnings(doc, 'en');
    expect(warnings.every((w) => w.severity === 'warning' && w.code === 'font.missing_glyphs')).toBe(true);
    const body = warnings.find((w) => w.message.startsWith('the body font file roboto.ttf'))!;
    expect(body).toMatchObject({ file: join(set.dir, 'styles.yaml'), line: set.line('body') });
    expect(body.message).toMatch(/lacks \d+ characters: .*部/);
    expect(body.message).toContain('NotoSerifSC_400Regular.ttf'); // what prints them instead
    // the sample's tables have no bold cells: only the regular file is reported, with the tables it is in
    const table = warnings.filter((w) => w.line === set.line('table'));
    expect(table.map((w) => w.message.split(' lacks')[0])).toEqual(['the table font file roboto.ttf']);
    expect(table[0]!.message).toContain('部门收支总体情况表');
    // bold header cells are set in the bold file: reported on their own
    const ir = smallIR();
    const boldToo = await missingGlyphWarnings({ ...ir, fonts: { ...ir.fonts, table: doc.fonts.table } }, 'en');
    expect(boldToo.map((w) => w.message.split(' lacks')[0])).toEqual(['the table font file roboto.ttf', 'the table font file roboto-bold.ttf']);
    expect(boldToo[1]!.message).toMatch(/characters: .*科目编码|characters: .*[科目编码]/);
    // Latin letters and digits are in Roboto: never reported
    expect(body.message.split('characters: ')[1]!.split(' (in: ')[0]).not.toMatch(/[0-9A-Za-z]/);
    expect(body.message).toMatch(/\(in: 目录; 第一部分 .*; 第三部分 /);
    expect(warnings.some((w) => w.line === set.line('heading'))).toBe(false);
  });

  it('packaged faces are not checked (no cost on the sample)', async () => {
    const plain = await documentFor(sampleData(), await loadTemplateSet());
    expect(await missingGlyphWarnings(plain)).toEqual([]);
    // not even opened: a face without declaredAt pointing nowhere passes untouched
    const nowhere = { regular: '/nonexistent/font.ttf' };
    expect(await missingGlyphWarnings({ ...plain, fonts: { ...plain.fonts, body: { docxName: '仿宋_GB2312', pdf: nowhere } } })).toEqual([]);
  });

  it('the PDF embeds the file and still prints the characters it lacks; the DOCX names the Word font', async () => {
    const ir = smallIR();
    const withRoboto: DocumentIR = { ...ir, fonts: { ...ir.fonts, body: doc.fonts.body } };
    const pdf = await renderPdf(withRoboto);
    expect(latin1(pdf.bytes)).toMatch(/\/BaseFont \/[A-Z]{6}\+Roboto-Regular/);
    // the Chinese text comes from the fallback face, and none of it is lost
    expect(latin1(pdf.bytes)).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifSC/);
    expect((await pdfPages(pdf.bytes)).join('')).toContain('本单位内设机构五个，下属单位两个。');
    const docx = unzipSync(await renderDocx(withRoboto));
    const xml = strFromU8(docx['word/styles.xml']!) + strFromU8(docx['word/document.xml']!);
    expect(xml).toContain('仿宋_GB2312');
    expect(xml).not.toContain('Roboto');
  });

  it('a missing file, a path out of the set, a file that is no font and an unknown face name are located errors', async () => {
    const outside = tempDir();
    copyFileSync(join(robotoDir, 'Roboto-Regular.ttf'), join(outside, 'elsewhere.ttf'));
    const bad = fontSet({
      title: '{ docx: 方正小标宋简体, pdf: fonts/missing.ttf }',
      heading: '{ docx: 黑体, pdf: ../../../../etc/passwd.ttf }',
      body: '{ docx: 仿宋_GB2312, pdf: fonts/not-a-font.ttf }',
      kai: '{ docx: 楷体_GB2312, pdf: serf }',
      table: '{ docx: 宋体, pdf: { regular: fonts/link.ttf, bold: /etc/x.ttf } }',
    });
    symlinkSync(join(outside, 'elsewhere.ttf'), join(bad.dir, 'fonts/link.ttf'));
    const ds = await loadError([builtinTemplates, bad.dir]);
    const at = (role: string) => ds.filter((d) => d.line === bad.line(role)).map((d) => d.code);
    expect(ds.every((d) => d.file === join(bad.dir, 'styles.yaml') && d.severity === 'error')).toBe(true);
    expect(at('title')).toEqual(['template.font_missing']);
    expect(at('heading')).toEqual(['template.font_outside']);
    expect(at('body')).toEqual(['template.font_unreadable']);
    expect(at('kai')).toEqual(['template.invalid_value']);
    expect(at('table')).toEqual(['template.font_outside', 'template.font_outside']);
    expect(ds.find((d) => d.line === bad.line('kai'))!.hint).toContain('serif-bold');
  });
});

describe('table rows follow the table’s font size', () => {
  let small: Table;
  let normal: Table;
  beforeAll(async () => {
    // a bureau layout: the built-in 项目支出情况表 (header_row_height: 20) in 7 pt
    const dir = tempDir();
    mkdirSync(join(dir, 'tables'));
    writeFileSync(
      join(dir, 'tables/project-expenditure.yaml'),
      `font_size: 7\n${readFileSync(join(builtinTemplates, 'tables/project-expenditure.yaml'), 'utf8')}`,
    );
    normal = tableAfter(await documentFor(sampleData(), await loadTemplateSet()), '项目支出情况表');
    small = tableAfter(await documentFor(sampleData(), await loadTemplateSet([builtinTemplates, dir])), '项目支出情况表');
    expect([normal.size, small.size, small.rowHeightPt]).toEqual([10, 7, 20]);
  });

  /** smallIR with its table replaced by `t` and a marker paragraph after it */
  const withTable = (t: Table): DocumentIR => {
    const ir = smallIR();
    const sections = ir.sections.map((s) => ({
      ...s,
      blocks: s.blocks.flatMap((b): Block[] =>
        b.kind === 'table' ? [t, { kind: 'paragraph', runs: [{ text: 'END' }], font: 'body', size: 16, align: 'left' }] : [b],
      ),
    }));
    return { ...ir, sections };
  };

  it('PDF: the same table in 7 pt is shorter', async () => {
    const [a, b] = await Promise.all([renderPdf(withTable(normal)), renderPdf(withTable(small))]);
    const [endA, endB] = [await positionOf(a.bytes, 'END'), await positionOf(b.bytes, 'END')];
    expect(endB.page).toBe(endA.page);
    // y grows upwards: the paragraph after the shorter table sits higher
    const bodyRows = normal.rows.length - normal.headerRows;
    expect(endB.y - endA.y).toBeGreaterThan(bodyRows * 4);
  });

  it('DOCX: body rows get a lower minimum height; header rows keep header_row_height', async () => {
    const heights = async (t: Table) => {
      const xml = strFromU8(unzipSync(await renderDocx(withTable(t)))['word/document.xml']!);
      return [...xml.matchAll(/<w:trHeight w:val="(\d+)" w:hRule="atLeast"\/>/g)].map((m) => Number(m[1]));
    };
    const [a, b] = [await heights(normal), await heights(small)];
    const header = normal.headerRows;
    expect(a.slice(0, header).concat(b.slice(0, header))).toEqual(new Array(2 * header).fill(400));
    expect(new Set(a.slice(header))).toEqual(new Set([400])); // 20 pt, as before
    expect(new Set(b.slice(header))).toEqual(new Set([280])); // two lines of 7 pt
  });

  it('rowHeightPt stays a minimum where it is below two lines of the font', async () => {
    const ir = smallIR();
    const t = ir.sections.flatMap((s) => s.blocks).find((b): b is Table => b.kind === 'table')!;
    expect([t.size, t.rowHeightPt]).toEqual([10.5, 18]);
    const xml = strFromU8(unzipSync(await renderDocx(ir))['word/document.xml']!);
    expect(xml.match(/<w:trHeight w:val="360" w:hRule="atLeast"\/>/g)!.length).toBe(t.rows.length);
  });
});

describe('disclosure init --only, and copies whose built-in original changed', () => {
  const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
  const origins = (dir: string) => JSON.parse(readFileSync(join(dir, '.origin.json'), 'utf8')).builtin as Record<string, string>;

  it('copies just the named files and records their built-in versions', async () => {
    const dir = join(tempDir(), 'bureau');
    const r = await run(['init', dir, '--only', 'tables/budget-summary.yaml', '--only', './narrative']);
    expect(r.code).toBe(0);
    const narrative = readdirSync(join(builtinTemplates, 'narrative')).map((f) => `narrative/${f}`);
    expect(Object.keys(origins(dir)).sort()).toEqual(['tables/budget-summary.yaml', ...narrative].sort());
    expect(origins(dir)['tables/budget-summary.yaml']).toBe(sha(join(builtinTemplates, 'tables/budget-summary.yaml')));
    expect(readdirSync(dir).sort()).toEqual(['.origin.json', 'narrative', 'tables']);
    expect(readdirSync(join(dir, 'tables'))).toEqual(['budget-summary.yaml']);
    // a second --only adds to the folder; the same file again needs --force
    expect((await run(['init', dir, '--only', 'tables/income-summary.yaml'])).code).toBe(0);
    expect(Object.keys(origins(dir))).toContain('tables/income-summary.yaml');
    const again = await run(['init', dir, '--only', 'tables/budget-summary.yaml']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
    expect((await run(['init', dir, '--only', 'tables/budget-summary.yaml', '--force'])).code).toBe(0);
  });

  it('an unknown --only path is a usage error and writes nothing', async () => {
    const dir = join(tempDir(), 'bureau');
    const r = await run(['init', dir, '--only', 'tables/budget-summery.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tables/budget-summery.yaml');
    expect(r.stderr).toContain('tables/budget-summary.yaml'); // the list of files to choose from
    expect(existsSync(dir)).toBe(false);
  });

  it('a full init records every file', async () => {
    const dir = join(tempDir(), 'all');
    expect((await run(['init', dir])).code).toBe(0);
    expect(origins(dir)['styles.yaml']).toBe(sha(join(builtinTemplates, 'styles.yaml')));
    expect((await run(['init', dir])).code).toBe(2); // not empty
  });

  it('check warns about a copy whose original changed, until it is re-copied or accepted', async () => {
    const dir = join(tempDir(), 'bureau');
    await run(['init', dir, '--only', 'tables/budget-summary.yaml', '--only', 'styles.yaml']);
    const outdated = async () => {
      const r = await run(['check', samplePath, '--templates', dir, '--json', '--lang', 'en']);
      return (JSON.parse(r.stdout) as Diagnostic[]).filter((d) => d.code.startsWith('template.o'));
    };
    expect(await outdated()).toEqual([]);
    // as if the built-in file had been fixed after the copy was made
    const o = JSON.parse(readFileSync(join(dir, '.origin.json'), 'utf8'));
    o.builtin['tables/budget-summary.yaml'] = '0'.repeat(64);
    writeFileSync(join(dir, '.origin.json'), JSON.stringify(o));
    const [w, ...rest] = await outdated();
    expect(rest).toEqual([]);
    expect(w).toMatchObject({ severity: 'warning', code: 'template.outdated_copy', file: join(dir, 'tables/budget-summary.yaml') });
    expect(w!.hint).toContain(join(builtinTemplates, 'tables/budget-summary.yaml'));
    expect(w!.hint).toContain(`--accept tables/budget-summary.yaml`);
    expect((await run(['init', dir, '--accept', 'tables/budget-summary.yaml'])).code).toBe(0);
    expect(await outdated()).toEqual([]);
  });
});
