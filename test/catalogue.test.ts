import { mkdtempSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogueDir, catalogueLayers, loadCatalogue } from '../src/catalogue/catalogue.js';
import { NoCatalogueError } from '../src/catalogue/missing.js';
import { parseCsv } from '../src/catalogue/csv.js';
import { DiagnosticError, type Diagnostic } from '../src/diagnostics/diagnostic.js';
import { build } from '../src/build.js';
import { loadTemplateSet, type TemplateSet } from '../src/templates/load.js';
import { projectPath } from '../src/project-root.js';
import { samplePath, sampleText } from './helpers/sample.js';

const fixture = (...p: string[]) => fileURLToPath(new URL(`./fixtures/catalogue/${p.join('/')}`, import.meta.url));
const tmp = () => mkdtempSync(join(tmpdir(), 'catalogue-'));

async function problems(p: Promise<unknown>): Promise<readonly Diagnostic[]> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics;
    throw e;
  }
  throw new Error('expected diagnostics');
}

describe('catalogue layers', () => {
  it('orders built-in → template sets → --catalogue → the department folder', () => {
    const layers = catalogueLayers({ templateLayers: ['/t/builtin', '/t/bureau'], extra: ['/x/2025-functional.csv'], departmentFile: '/d/dept.yaml' });
    expect(layers).toEqual([projectPath('data', 'catalogue'), '/t/builtin/catalogue', '/t/bureau/catalogue', '/x/2025-functional.csv', '/d/catalogue']);
  });

  it('a later layer adds codes and renames earlier ones; sources() names the files used', async () => {
    const a = tmp();
    const b = tmp();
    writeFileSync(join(a, '2020-functional.csv'), '科目编码,科目名称\n2080101,行政运行（甲）\n2089901,新增科目\n');
    writeFileSync(join(b, '2020.yaml'), 'functional:\n  "2080101": 行政运行（乙）\n');
    const cat = await loadCatalogue(2020, [catalogueDir, a, b]);
    expect(cat.functionalName('2080101')).toBe('行政运行（乙）');
    expect(cat.functionalName('2089901')).toBe('新增科目');
    expect(cat.functionalName('2080102')).toBe('一般行政管理事务'); // built-in, untouched
    expect(cat.isPersonnel('30101')).toBe(true);
    expect(cat.sources().map((s) => s.layer)).toEqual([catalogueDir, a, b]);
    expect(cat.sources()[1]!.files).toEqual([join(a, '2020-functional.csv')]);
  });

  it('reads an edited file again (cache by mtime), not a stale copy', async () => {
    const a = tmp();
    const f = join(a, '2020-economic.csv');
    writeFileSync(f, 'code,name\n30101,甲\n');
    expect((await loadCatalogue(2020, [catalogueDir, a])).economicName('30101')).toBe('甲');
    writeFileSync(f, 'code,name\n30101,乙乙\n');
    utimesSync(f, new Date(), new Date(Date.now() + 5000));
    expect((await loadCatalogue(2020, [catalogueDir, a])).economicName('30101')).toBe('乙乙');
  });

  it('a year no layer has is NoCatalogueError; a bureau layer alone makes a year', async () => {
    await expect(loadCatalogue(2025, [catalogueDir])).rejects.toBeInstanceOf(NoCatalogueError);
    const cat = await loadCatalogue(2025, [catalogueDir, fixture('bureau-2025')]);
    expect(cat.year).toBe(2025);
  });
});

describe('CSV catalogues', () => {
  it('the bureau 2025 CSVs: BOM, CRLF, a title line above the header, indented names, English headers', async () => {
    const cat = await loadCatalogue(2025, [catalogueDir, fixture('bureau-2025')]);
    expect(cat.functionalName('2080101')).toBe('行政运行');
    expect(cat.functionalName('2080102')).toBe('一般行政管理事务');
    expect(cat.summaryClasses()).toEqual([{ code: '208', name: '社会保障和就业支出' }]);
    expect(cat.economicName('30201')).toBe('办公费');
    expect(cat.governmentEconomicName('50101')).toBe('工资奖金津补贴');
    expect(cat.isPersonnel('30201')).toBe(false);
  });

  it('exceljs is not loaded when no xlsx catalogue exists (it costs a second cold)', () => {
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes(`${sep}exceljs${sep}`));
    expect(loaded).toEqual([]);
  });

  it('a GBK-encoded CSV (as Chinese budget systems export) is decoded', async () => {
    const cat = await loadCatalogue(2025, [catalogueDir, fixture('gbk')]);
    expect(cat.functionalName('2080505')).toBe('机关事业单位基本养老保险缴费支出');
  });

  it('quoted cells keep commas, quotes and line breaks, each cell with its line and column', () => {
    const rows = parseCsv('f.csv', 'a,"b,""c"""\n"x\ny",z\n');
    expect(rows.map((r) => r.map((c) => c.text))).toEqual([
      ['a', 'b,"c"'],
      ['x\ny', 'z'],
    ]);
    expect(rows[1]![1]!.place).toEqual({ file: 'f.csv', line: 3, column: 4 });
  });

  it('bad rows are errors at their own line and column', async () => {
    const file = fixture('bad', '2025-functional.csv');
    const ds = await problems(loadCatalogue(2025, [catalogueDir, fixture('bad')]));
    const at = ds.map((d) => `${d.code}@${d.line}:${d.column}`);
    expect(at).toEqual(['catalogue.bad_code@3:1', 'catalogue.empty_name@4:9', 'catalogue.duplicate_code@6:1', 'catalogue.bad_code@7:1']);
    expect(ds.every((d) => d.file === file)).toBe(true);
    expect(ds[2]!.related?.[0]).toMatchObject({ line: 5, column: 1 });
    expect(ds[0]!.message).toContain('20X01');
  });

  it('messages come in English too', async () => {
    const ds = await problems(loadCatalogue(2025, [catalogueDir, fixture('bad')], 'en'));
    expect(ds[0]!.message).toBe('code “20X01” is not a number');
  });

  it('a file without a code/name header, and a file not named by the convention, are reported', async () => {
    const a = tmp();
    writeFileSync(join(a, '2025-economic.csv'), '301,工资福利支出\n');
    writeFileSync(join(a, '2025-功能分类.csv'), '');
    writeFileSync(join(a, '2025-functional.xls'), '');
    writeFileSync(join(a, 'README.md'), 'notes');
    const ds = await problems(loadCatalogue(2025, [catalogueDir, a]));
    expect(ds.map((d) => d.code).sort()).toEqual(['catalogue.bad_file_name', 'catalogue.bad_file_name']);
    expect(ds.find((d) => d.file.endsWith('.xls'))!.message).toContain('.xls');
    const alone = tmp();
    writeFileSync(join(alone, '2025-economic.csv'), '301,工资福利支出\n');
    const [noHeader] = await problems(loadCatalogue(2025, [catalogueDir, alone]));
    expect(noHeader).toMatchObject({ code: 'catalogue.no_header', line: 1 });
  });

  it('a YAML catalogue whose year contradicts its name is located', async () => {
    const a = tmp();
    writeFileSync(join(a, '2025.yaml'), 'year: 2024\nfunctional:\n  "208": 社会保障和就业支出\n');
    const [d] = await problems(loadCatalogue(2025, [catalogueDir, a]));
    expect(d).toMatchObject({ code: 'catalogue.year_mismatch', line: 1 });
  });
});

describe('xlsx catalogues', () => {
  async function writeXlsx(path: string, rows: unknown[][], sheet = '科目') {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(sheet);
    for (const r of rows) ws.addRow(r);
    await wb.xlsx.writeFile(path);
  }

  it('the first sheet is read; numeric code cells are codes', async () => {
    const a = tmp();
    await writeXlsx(join(a, '2025-functional.xlsx'), [
      ['2025年功能分类'],
      ['科目编码', '科目名称'],
      [208, '社会保障和就业支出'],
      ['20801', '人力资源和社会保障管理事务'],
    ]);
    const cat = await loadCatalogue(2025, [catalogueDir, a]);
    expect(cat.functionalName('208')).toBe('社会保障和就业支出');
    expect(cat.functionalName('20801')).toBe('人力资源和社会保障管理事务');
  });

  it('a bad row is reported at its sheet!cell', async () => {
    const a = tmp();
    await writeXlsx(
      join(a, '2025-economic.xlsx'),
      [
        ['编码', '名称'],
        ['301', '工资福利支出'],
        ['30A', '错'],
      ],
      'Sheet1',
    );
    const [d] = await problems(loadCatalogue(2025, [catalogueDir, a]));
    expect(d).toMatchObject({ code: 'catalogue.bad_code', file: join(a, '2025-economic.xlsx'), line: 3, column: 1 });
    expect(d!.message.startsWith('Sheet1!A3')).toBe(true);
  });
});

describe('the build with catalogues', () => {
  let templates: TemplateSet;
  beforeAll(async () => {
    templates = await loadTemplateSet();
  });
  const run = (text: string, catalogues?: string[]) => build({ file: samplePath, text, templates, catalogues, render: false, keepIr: true });
  const irText = (ir: unknown) => JSON.stringify(ir);
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('the sample is clean of catalogue diagnostics', async () => {
    const r = await run(sampleText);
    expect(r.diagnostics.filter((d) => /unknown|uncatalogued|catalogue|class/.test(d.code))).toEqual([]);
  });

  it('a year for which no layer has a file is an error at department.year, naming the layers and file names', async () => {
    const text = sampleText.replace('  year: 2020', '  year: 2031');
    const r = await run(text);
    const d = r.diagnostics.find((x) => x.code === 'check.unknown_catalogue')!;
    expect(d.line).toBe(lineOf(text, 'year: 2031'));
    expect(d.hint).toContain('2031-functional.csv');
    expect(d.hint).toContain('data/catalogue');
  });

  it('an unknown code with a name: a warning, and the name prints', async () => {
    const text = sampleText.replace(
      '- code: "2080505" # 机关事业单位基本养老保险缴费支出\n    name: 机关事业单位基本养老保险支出',
      '- code: "2080598"\n    name: 局自定科目',
    );
    const r = await run(text);
    const w = r.diagnostics.find((d) => d.code === 'check.uncatalogued_code')!;
    expect(w).toMatchObject({ severity: 'warning', line: lineOf(text, '"2080598"') });
    expect(w.hint).toContain('2020-functional.csv');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(irText(r.ir)).toContain('局自定科目');
  });

  it('an unknown code without a name: a located error whose hint names the layers searched', async () => {
    const text = sampleText.replace('- code: "2080505" # 机关事业单位基本养老保险缴费支出\n    name: 机关事业单位基本养老保险支出', '- code: "2080598"');
    const r = await run(text, catalogueLayers({ extra: [fixture('bureau-2025')], departmentFile: samplePath }));
    const e = r.diagnostics.find((d) => d.code === 'check.unknown_code')!;
    expect(e).toMatchObject({ severity: 'error', line: lineOf(text, '"2080598"') });
    expect(e.hint).toContain('bureau-2025');
    expect(r.files).toEqual([]);
  });

  it('an unknown 款 above a named code is an error at the row (it would print as a bare number)', async () => {
    const text = sampleText.replace(
      '- code: "2080505" # 机关事业单位基本养老保险缴费支出\n    name: 机关事业单位基本养老保险支出',
      '- code: "2089901"\n    name: 局自定科目',
    );
    const r = await run(text);
    const e = r.diagnostics.filter((d) => d.severity === 'error');
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ code: 'check.unknown_code', line: lineOf(text, '"2089901"') });
    expect(e[0]!.message).toContain('20899');
  });

  it('money under 经济分类 388 in a project is an error at that amount, not dropped from 表七', async () => {
    const text = sampleText.replace('economic: { "302": 30 }', 'economic: { "388": 30 }');
    const r = await run(text);
    const e = r.diagnostics.find((d) => d.code === 'check.unknown_economic_class')!;
    expect(e).toMatchObject({ severity: 'error', line: lineOf(text, '"388": 30') });
    expect(r.ir).toBeUndefined();
  });

  it('a catalogue class the project table has no column for is an error at the data, related to the layout', async () => {
    const a = tmp();
    writeFileSync(join(a, '2020-economic.csv'), '编码,名称\n388,局自定经济分类\n');
    const text = sampleText.replace('economic: { "302": 30 }', 'economic: { "388": 30 }');
    const r = await run(text, catalogueLayers({ extra: [a], departmentFile: samplePath }));
    const e = r.diagnostics.find((d) => d.code === 'check.project_class_not_shown')!;
    expect(e).toMatchObject({ severity: 'error', line: lineOf(text, '"388": 30') });
    expect(e.hint).toContain('field: e388');
    expect(e.related?.[0]?.file).toContain('project-expenditure.yaml');
  });

  it('the department folder’s catalogue/ is a layer of its own', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'catalogue'));
    writeFileSync(join(dir, 'catalogue', '2020-functional.csv'), '科目编码,科目名称\n2080598,局自定科目\n');
    const text = sampleText.replace('- code: "2080505" # 机关事业单位基本养老保险缴费支出\n    name: 机关事业单位基本养老保险支出', '- code: "2080598"');
    const r = await build({ file: join(dir, 'dept.yaml'), text, templates, render: false, keepIr: true });
    expect(r.diagnostics.filter((d) => d.code.includes('unknown') || d.code.includes('uncatalogued'))).toEqual([]);
    expect(irText(r.ir)).toContain('局自定科目');
  });
});
