// Issue 20, the silent cases: what the template set or the data holds reaches
// the page as written, or the build stops with a located sentence.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from '../src/build.js';
import { builtinTemplates, loadTemplateSet } from '../src/templates/load.js';
import { DiagnosticError, type Diagnostic } from '../src/diagnostics/diagnostic.js';
import type { Block, DocumentIR } from '../src/ir/types.js';
import { pdfPages } from './helpers/pdf-text.js';
import { visualOrder } from '../src/engines/pdfmake-bidi-lines.js';
import { mixedDirectionErrors } from '../src/document/text-direction.js';
import { execFileSync } from 'node:child_process';
import { strFromU8, unzipSync } from 'fflate';

const root = fileURLToPath(new URL('..', import.meta.url));
const sampleFile = join(root, 'data/hotan-social-insurance-2020.yaml');
const sample = readFileSync(sampleFile, 'utf8');
const builtin = (rel: string) => readFileSync(join(builtinTemplates, rel), 'utf8');
const setFile = (set: string, rel: string) => readFileSync(join(root, 'template-sets', set, rel), 'utf8');

/** A layer over the built-in set holding only the given files. */
function layer(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lost-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

async function setProblems(layers: string[]): Promise<Diagnostic[]> {
  try {
    await loadTemplateSet(layers);
  } catch (e) {
    if (e instanceof DiagnosticError) return [...e.diagnostics];
    throw e;
  }
  return [];
}

async function buildIr(layers: string[], text = sample) {
  return build({ file: sampleFile, text, templates: await loadTemplateSet(layers), render: false, keepIr: true });
}

const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'error');
const blocks = (ir: DocumentIR): Block[] => ir.sections.flatMap((s) => s.blocks);
const cellTexts = (ir: DocumentIR): string[] => blocks(ir).flatMap((b) => (b.kind === 'table' ? b.rows.flatMap((r) => r.map((c) => c.text)) : []));
const allText = (ir: DocumentIR): string[] =>
  blocks(ir).flatMap((b) =>
    b.kind === 'table'
      ? b.rows.flatMap((r) => r.map((c) => c.text))
      : b.kind === 'paragraph'
        ? [b.runs.map((r) => r.text).join('')]
        : b.kind === 'heading' || b.kind === 'toc'
          ? ['text' in b ? b.text : b.title]
          : [],
  );
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('an empty label prints nothing', () => {
  it('issuer_label: "" leaves no bare "：" before the department’s name', async () => {
    const yaml = builtin('tables/income-summary.yaml').replace(/^issuer_label: .*$/m, 'issuer_label: ""');
    const r = await buildIr([builtinTemplates, layer({ 'tables/income-summary.yaml': yaml })]);
    expect(errors(r.diagnostics)).toEqual([]);
    const texts = cellTexts(r.ir!);
    expect(texts.filter((t) => t.startsWith('：'))).toEqual([]);
    // the other tables keep theirs
    expect(texts).toContain('编制部门：和田市社会保险管理局');
  });
});

describe('a narrative reading what the department does not have', () => {
  it('a table the data lacks is a located error naming what exists, not a JavaScript message', async () => {
    const hbs = `${builtin('narrative/part4-glossary.hbs')}\n{{#each fig.extra.meetings.rows}}{{this.name}}{{/each}}\n`;
    const r = await buildIr([builtinTemplates, layer({ 'narrative/part4-glossary.hbs': hbs })]);
    const e = errors(r.diagnostics);
    expect(e).toHaveLength(1);
    expect(e[0]!.message).not.toMatch(/Cannot read|undefined/);
    expect(e[0]).toMatchObject({ code: 'template.missing_variable', line: lineOf(hbs, 'fig.extra.meetings'), column: 9 });
    expect(e[0]!.file).toContain('part4-glossary.hbs');
    expect(e[0]!.message).toContain('fig.extra.meetings');
  });

  it('a field the data lacks names the fields there are, with did-you-mean', async () => {
    const hbs = `${builtin('narrative/part4-glossary.hbs')}\n{{#if department.nmae.length}}x{{/if}}\n`;
    const r = await buildIr([builtinTemplates, layer({ 'narrative/part4-glossary.hbs': hbs })]);
    const e = errors(r.diagnostics);
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ code: 'template.missing_variable', line: lineOf(hbs, 'department.nmae') });
    expect(e[0]!.hint).toContain('name');
    expect(e[0]!.hint).toMatch(/是不是“name”/);
  });
});

describe('no template text prints unrendered', () => {
  it('header labels, the total’s label and the issuer label of a layout are templates', async () => {
    const yaml = builtin('tables/budget-summary.yaml')
      .replace('- { label: 预算数, field: in_amount, width: 4 }', '- { label: "{{department.year}}年预算数", field: in_amount, width: 4 }')
      .replace('income_total: 收 入 总 计', 'income_total: "{{department.year}}年收入总计"');
    const r = await buildIr([builtinTemplates, layer({ 'tables/budget-summary.yaml': yaml })]);
    expect(errors(r.diagnostics)).toEqual([]);
    const texts = cellTexts(r.ir!);
    expect(texts).toContain('2020年预算数');
    expect(texts).toContain('2020年收入总计');
    expect(allText(r.ir!).filter((t) => t.includes('{{'))).toEqual([]);
  });

  it('a grid’s header label, fixed row label and total label are templates', async () => {
    const yaml = setFile('eastern', 'tables/budget-summary.yaml').replace(
      '{ label: 预算数, value: {}, width: 5 }',
      '{ label: "{{department.year}}年预算数", value: {}, width: 5 }',
    );
    const layers = [builtinTemplates, join(root, 'template-sets/eastern'), layer({ 'tables/budget-summary.yaml': yaml })];
    const r = await buildIr(layers);
    expect(errors(r.diagnostics)).toEqual([]);
    expect(cellTexts(r.ir!)).toContain('2020年预算数');
  });

  it('a 目录 entry (toc_text) written as a template prints rendered', async () => {
    const yaml = `${builtin('tables/income-summary.yaml')}toc_text: "{{department.year}}年收入总表"\n`;
    const r = await buildIr([builtinTemplates, layer({ 'tables/income-summary.yaml': yaml })]);
    expect(errors(r.diagnostics)).toEqual([]);
    expect(JSON.stringify(r.ir)).toContain('2020年收入总表');
  });

  it('braces a template prints literally (\\{{…}}) are an error at the line that writes them', async () => {
    const hbs = `${builtin('narrative/part4-glossary.hbs')}\n本部门名称为 \\{{department.name}}。\n`;
    const r = await buildIr([builtinTemplates, layer({ 'narrative/part4-glossary.hbs': hbs })]);
    const e = errors(r.diagnostics);
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ code: 'template.unrendered', line: lineOf(hbs, '\\{{department') });
    expect(e[0]!.file).toContain('part4-glossary.hbs');
  });

  it('in a layout’s title: the error is at the YAML line of the title', async () => {
    const yaml = builtin('tables/income-summary.yaml').replace(/^title: .*$/m, 'title: "收入总表 \\\\{{x}}"');
    const r = await buildIr([builtinTemplates, layer({ 'tables/income-summary.yaml': yaml })]);
    const e = errors(r.diagnostics);
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ code: 'template.unrendered', line: lineOf(yaml, 'title:') });
    expect(e[0]!.file).toContain('income-summary.yaml');
  });
});

describe('layout mistakes are located errors', () => {
  const eastern = join(root, 'template-sets/eastern');
  const incomeSummary = setFile('eastern', 'tables/income-summary.yaml');
  const grid = (yaml: string) => setProblems([builtinTemplates, eastern, layer({ 'tables/income-summary.yaml': yaml })]);

  it('every shipped set loads without one of these errors', async () => {
    for (const set of [
      [builtinTemplates],
      [builtinTemplates, eastern],
      [builtinTemplates, join(root, 'template-sets/twelve-tables')],
      [builtinTemplates, join(root, 'template-sets/performance-grid')],
    ])
      expect(await setProblems(set)).toEqual([]);
  });

  it('a query over an unknown income source, with did-you-mean', async () => {
    const yaml = incomeSummary.replace('value: { source: government_fund }', 'value: { source: goverment_fund }');
    const p = await grid(yaml);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ code: 'template.unknown_value', line: lineOf(yaml, 'goverment_fund') });
    expect(p[0]!.hint).toContain('government_fund');
  });

  it('an unknown kind, cost or year value', async () => {
    const yaml = incomeSummary
      .replace('value: { source: business }', 'value: { kind: incom }')
      .replace('value: { source: other }', 'value: { cost: personal }');
    const p = await grid(yaml);
    expect(p.map((d) => [d.code, d.line])).toEqual([
      ['template.unknown_value', lineOf(yaml, 'kind: incom')],
      ['template.unknown_value', lineOf(yaml, 'cost: personal')],
    ]);
    expect(p[0]!.hint).toContain('income');
    expect(p[1]!.hint).toContain('personnel');
  });

  it('a row group whose filter can match no fact by construction', async () => {
    const yaml = incomeSummary.replace('  - by: function\n    levels: [1, 2, 3]', '  - by: function\n    filter: { kind: income }\n    levels: [1, 2, 3]');
    const p = await grid(yaml);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ code: 'template.never_matches', line: lineOf(yaml, 'filter: { kind: income }') });
    expect(p[0]!.message).toContain('function');
  });

  it('a fixed row asking income for a 功能分类 code never matches', async () => {
    const yaml = setFile('eastern', 'tables/budget-summary.yaml').replace(
      '{ kind: income, source: general_budget }',
      '{ kind: income, source: general_budget, function: 208 }',
    );
    const p = await setProblems([builtinTemplates, eastern, layer({ 'tables/budget-summary.yaml': yaml })]);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ code: 'template.never_matches', line: lineOf(yaml, 'function: 208') });
  });

  it('a column that no row can give a figure', async () => {
    const yaml = incomeSummary.replace('value: { source: other }', 'value: { kind: meetings }');
    const p = await grid(yaml);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ code: 'template.never_matches', line: lineOf(yaml, 'kind: meetings') });
  });

  it('two computed columns referring to each other, and a column computed from itself: the cycle is named', async () => {
    const yaml = setFile('eastern', 'tables/three-public.yaml')
      .replace('compute: { op: sum, of: [overseas, vehicles, reception] }', 'id: all, compute: { op: sum, of: [overseas, vehicles, reception] }')
      .replace('compute: { op: sum, of: [purchase, operation] }', 'compute: { op: sum, of: [purchase, all] }');
    const p = await setProblems([builtinTemplates, eastern, layer({ 'tables/three-public.yaml': yaml })]);
    expect(p.map((d) => d.code)).toEqual(['template.compute_cycle']);
    expect(p[0]!.message).toMatch(/all → vehicles → all|vehicles → all → vehicles/);
    const self = setFile('eastern', 'tables/three-public.yaml').replace(
      'compute: { op: sum, of: [purchase, operation] }',
      'compute: { op: sum, of: [purchase, vehicles] }',
    );
    const q = await setProblems([builtinTemplates, eastern, layer({ 'tables/three-public.yaml': self })]);
    expect(q.map((d) => [d.code, d.line])).toEqual([['template.compute_cycle', lineOf(self, 'of: [purchase, vehicles]')]]);
    expect(q[0]!.message).toContain('vehicles → vehicles');
  });

  it('a table listed twice in a manifest', async () => {
    const manifest = builtin('manifest.yaml').replace('  - three-public\n', '  - three-public\n  - income-summary\n');
    const p = await setProblems([builtinTemplates, layer({ 'manifest.yaml': manifest })]);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ code: 'template.duplicate_table', line: manifest.split('\n').lastIndexOf('  - income-summary') + 1 });
    expect(p[0]!.hint).toContain(String(manifest.split('\n').indexOf('  - income-summary') + 1));
  });

  it('a legitimately empty table still prints with its 本表为空 note', async () => {
    const r = await buildIr([builtinTemplates, eastern]);
    expect(errors(r.diagnostics)).toEqual([]);
    expect(JSON.stringify(r.ir)).toContain('年没有使用国有资本经营预算拨款安排的支出，本表为空表。');
  });
});

describe('text that stays text', () => {
  it('a character no face has keeps its Unicode in the PDF text layer (𠮷, Uyghur)', async () => {
    const text = sample.replace('  - name: 办公补助经费', '  - name: 办公补助经费𠮷').replace('{ name: 参保人员满意度,', '{ name: ئۇيغۇر,');
    const r = await build({ file: sampleFile, text, templates: await loadTemplateSet(), formats: ['pdf'] });
    expect(errors(r.diagnostics)).toEqual([]);
    const printed = (await pdfPages(r.files[0]!.bytes)).join('');
    expect(printed).toContain('𠮷');
    for (const ch of 'ئۇيغر') expect(printed).toContain(ch);
  }, 60_000);
});

describe('right-to-left text inside a line', () => {
  it('a Uyghur word running into Chinese in one line: the Chinese after it keeps its order (bidi)', async () => {
    const text = sample.replace('  - name: 办公补助经费', '  - name: 办公补助经费 ئۇيغۇر部门单 经费');
    const r = await build({ file: sampleFile, text, templates: await loadTemplateSet(), formats: ['pdf'] });
    expect(errors(r.diagnostics)).toEqual([]);
    const printed = execFileSync('pdftotext', ['-', '-'], { input: Buffer.from(r.files[0]!.bytes), encoding: 'utf8' });
    expect(printed).toContain('部门单');
    expect(printed).not.toContain('单门部');
  }, 60_000);

  it('two right-to-left words in a line pass the print audit (it holds the drawing against the line in visual order)', async () => {
    const text = sample.replace('  - name: 办公补助经费', '  - name: 办公补助经费 ئۇيغۇر تىلى 经费');
    const r = await build({ file: sampleFile, text, templates: await loadTemplateSet(), formats: ['pdf'] });
    expect(errors(r.diagnostics)).toEqual([]);
    expect(r.files).toHaveLength(1);
  }, 60_000);

  it('two right-to-left words in a line stand in visual order, right to left (Unicode bidi, rule L2)', () => {
    const inline = (text: string, x: number, width: number) => ({ text, x, width });
    const line = [inline('甲', 0, 10), inline('ئۇيغۇر ', 10, 30), inline('تىلى', 40, 20), inline('乙', 60, 10)];
    const v = visualOrder(line)!;
    expect(v.map((i) => i.text)).toEqual(['甲', 'تىلى', 'ئۇيغۇر ', '乙']);
    expect(v.map((i) => i.x)).toEqual([0, 10, 30, 60]);
    expect(visualOrder([inline('部门', 0, 20), inline('单', 20, 10)])).toBeNull();
  });

  it('with the engine patches off such a line is refused at the data line that writes it', async () => {
    const text = sample.replace('  - name: 办公补助经费', '  - name: 办公补助经费ئۇيغۇر');
    const diagnostics = mixedDirectionErrors(
      (await build({ file: sampleFile, text, templates: await loadTemplateSet(), render: false, keepIr: true })).ir!,
      'zh',
      [{ path: sampleFile, text }],
      { file: sampleFile },
    );
    expect(diagnostics.map((d) => d.code)).toEqual(['text.mixed_direction']);
    expect(diagnostics[0]).toMatchObject({ file: sampleFile, line: lineOf(text, 'ئۇيغۇر'), column: 17 });
  }, 60_000);

  it('a right-to-left word alone in its cell prints (its own order is the font’s)', async () => {
    const text = sample.replace('{ name: 参保人员满意度,', '{ name: ئۇيغۇر,');
    const r = await build({ file: sampleFile, text, templates: await loadTemplateSet(), render: false });
    expect(errors(r.diagnostics)).toEqual([]);
  });
});

describe('letter-spaced labels are drawn with character spacing, not spaces', () => {
  const bbox = (pdf: Uint8Array, name: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'spaced-'));
    writeFileSync(join(dir, `${name}.pdf`), pdf);
    return execFileSync('pdftotext', ['-bbox', join(dir, `${name}.pdf`), '-'], { encoding: 'utf8' });
  };

  it('the PDF reads 收入总计 and 目录, its characters where the spaced ones were; the DOCX uses w:spacing', async () => {
    const layers = [builtinTemplates, join(root, 'template-sets/eastern')];
    const r = await build({ file: sampleFile, text: sample, templates: await loadTemplateSet(layers), formats: ['pdf', 'docx'] });
    expect(errors(r.diagnostics)).toEqual([]);
    const pdf = r.files.find((f) => f.format === 'pdf')!.bytes;
    const text = execFileSync('pdftotext', ['-', '-'], { input: Buffer.from(pdf), encoding: 'utf8' });
    expect(text).toContain('收入总计');
    expect(text).not.toMatch(/收 入 总 计/);
    // the 目录's gap is two spaces (half an em), which extraction reads as a word break: the line says /ActualText (目录)
    expect(text).toMatch(/^目录$/m);
    const docx = strFromU8(unzipSync(r.files.find((f) => f.format === 'docx')!.bytes)['word/document.xml']!);
    expect(docx).not.toMatch(/收 入|目 +录/);
    expect(docx).toMatch(/<w:spacing w:val="\d+"\/>(?:<[^>]+>)*<w:t[^>]*>目录<\/w:t>/);
  }, 90_000);

  it('the look stays: the label spans what "收 入 总 计" spanned (four characters, three spaces of the face)', async () => {
    const r = await build({ file: sampleFile, text: sample, templates: await loadTemplateSet(), formats: ['pdf'] });
    const words = [...bbox(r.files[0]!.bytes, 'now').matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>收入总计<\/word>/g)];
    expect(words.length).toBeGreaterThan(0);
    // the table size of the built-in styles (10 pt) in Noto Serif SC: ideographs 1 em, the space 0.256 em
    const size = Number(/^ {2}table: (\d+(?:\.\d+)?)$/m.exec(builtin('styles.yaml'))?.[1] ?? NaN);
    for (const [, a, b] of words) expect(Number(b) - Number(a)).toBeCloseTo(size * (4 + 3 * 0.256), 1);
  }, 90_000);
});

describe('a narrative query over an unknown value', () => {
  it('{{q source="goverment_fund"}} is an error at its line with did-you-mean, not a silent 0', async () => {
    const hbs = `${builtin('narrative/part4-glossary.hbs')}\n政府性基金 {{money (q kind="income" source="goverment_fund")}} 万元。\n`;
    const r = await buildIr([builtinTemplates, layer({ 'narrative/part4-glossary.hbs': hbs })]);
    const e = errors(r.diagnostics);
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ code: 'template.helper_argument', line: lineOf(hbs, 'goverment_fund') });
    expect(e[0]!.hint).toContain('government_fund');
  });
});

describe('the 目录 title is a template located in the manifest', () => {
  it('braces it prints literally are an error at the manifest line of toc', async () => {
    const manifest = builtin('manifest.yaml').replace(/^toc: .*$/m, 'toc: "目录 \\\\{{x}}"');
    const r = await buildIr([builtinTemplates, layer({ 'manifest.yaml': manifest })]);
    const e = errors(r.diagnostics);
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ code: 'template.unrendered', line: lineOf(manifest, 'toc:') });
    expect(e[0]!.file).toContain('manifest.yaml');
  });

  it('{{department.year}} in it prints rendered', async () => {
    const manifest = builtin('manifest.yaml').replace(/^toc: .*$/m, 'toc: "{{department.year}}年目录"');
    const r = await buildIr([builtinTemplates, layer({ 'manifest.yaml': manifest })]);
    expect(errors(r.diagnostics)).toEqual([]);
    expect(allText(r.ir!)).toContain('2020年目录');
  });
});

describe('right-to-left text and a DOCX alone', () => {
  it('is not refused: Word lays the line out with its own bidi algorithm', async () => {
    const text = sample.replace('  - name: 办公补助经费', '  - name: 办公补助经费ئۇيغۇر');
    const r = await build({ file: sampleFile, text, templates: await loadTemplateSet(), formats: ['docx'] });
    expect(errors(r.diagnostics)).toEqual([]);
    expect(r.files.map((f) => f.format)).toEqual(['docx']);
  }, 60_000);
});
