// The sample built end to end: PDF text, DOCX structure, determinism.
import { beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { build, type BuildOutput } from '../src/build.js';
import { loadTemplateSet } from '../src/templates/load.js';
import { samplePath, sampleText, sampleDocument, rowText } from './helpers/sample.js';
import { pdfPages } from './helpers/pdf-text.js';
import type { Table } from '../src/ir/types.js';

const squeeze = (s: string) => s.replace(/\s+/g, '');
let first: BuildOutput;
let second: BuildOutput;

beforeAll(async () => {
  const templates = await loadTemplateSet();
  first = await build({ file: samplePath, text: sampleText, templates });
  second = await build({ file: samplePath, text: sampleText, templates });
}, 60_000);

const fileOf = (o: BuildOutput, f: 'pdf' | 'docx') => o.files.find((x) => x.format === f)!.bytes;

describe('building the sample', () => {
  it('has no errors, and warns about what the reference deserves', () => {
    expect(first.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const codes = first.diagnostics.map((d) => d.code);
    expect(codes).toContain('check.project_name_mismatch');
    expect(codes).toContain('check.derived_mismatch');
  });

  it('gives byte-identical PDF and DOCX when built twice', () => {
    expect(Buffer.compare(fileOf(first, 'pdf'), fileOf(second, 'pdf'))).toBe(0);
    expect(Buffer.compare(fileOf(first, 'docx'), fileOf(second, 'docx'))).toBe(0);
  });

  it('puts every row of every table into the PDF text', async () => {
    const pages = await pdfPages(fileOf(first, 'pdf'));
    expect(pages.length).toBe(first.pages);
    const text = squeeze(pages.join('\n'));
    const doc = await sampleDocument();
    const tables = doc.sections.flatMap((s) => s.blocks.filter((b): b is Table => b.kind === 'table'));
    expect(tables.length).toBeGreaterThanOrEqual(13);
    for (const t of tables) for (const row of rowText(t)) expect(text).toContain(squeeze(row));
  });

  it('numbers pages - N - except the cover, and carries the narrative', async () => {
    const pages = await pdfPages(fileOf(first, 'pdf'));
    expect(pages[0]).not.toMatch(/-\s*\d+\s*-/);
    expect(pages[1]).toMatch(/-\s*1\s*-/);
    const text = squeeze(pages.join(''));
    expect(text).toContain(squeeze('基本支出 443.3 万元，占 91.96%'));
    expect(text).toContain('下降42.93%');
    expect(text).toContain(squeeze('2020 年 7 月 20 日'));
  });

  it('writes a DOCX with merged cells, eastAsia fonts and zh-CN', () => {
    const zip = unzipSync(fileOf(first, 'docx'));
    const xml = strFromU8(zip['word/document.xml']!);
    const styles = strFromU8(zip['word/styles.xml']!);
    expect(styles).toMatch(/w:eastAsia="仿宋_GB2312"/);
    // 黑体 (the section headings) is carried by the heading style, not repeated on runs
    expect(styles + xml).toMatch(/w:eastAsia="黑体"/);
    expect(xml).toContain('w:gridSpan');
    expect(xml).toContain('w:vMerge');
    expect(xml).toContain('w:tblHeader');
    expect(xml).toContain('w:orient="landscape"');
    expect(styles + xml).toContain('zh-CN');
  });
});
