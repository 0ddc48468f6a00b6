// The 目录 worded as the bureau words it: a narrative heading's entry may
// differ from the heading ({toc: …}), and dates print with the parts they have.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMarkup } from '../src/narrative/markup.js';
import { chineseDate } from '../src/narrative/format.js';
import { build } from '../src/build.js';
import { builtinTemplates, loadTemplateSet } from '../src/templates/load.js';
import type { TableOfContents } from '../src/ir/types.js';
import { samplePath, sampleText } from './helpers/sample.js';

describe('toc wording of narrative headings', () => {
  it('parses {toc: …} after a heading’s text', () => {
    const { blocks, problems } = parseMarkup('## 2019 年主要工作任务 {toc: 2019 年度部门主要工作任务}\n## 机构设置');
    expect(problems).toEqual([]);
    expect(blocks[0]).toMatchObject({ kind: 'section', text: '2019 年主要工作任务', tocText: '2019 年度部门主要工作任务' });
    expect(blocks[1]).not.toHaveProperty('tocText');
  });

  it('the 目录 lists the entry so, numbered like its heading; the heading prints as written', async () => {
    const part1 = readFileSync(join(builtinTemplates, 'narrative/part1-overview.hbs'), 'utf8');
    const first = /^## (.+)$/m.exec(part1)!;
    const dir = mkdtempSync(join(tmpdir(), 'toc-'));
    mkdirSync(join(dir, 'narrative'));
    writeFileSync(join(dir, 'narrative/part1-overview.hbs'), part1.replace(first[0], `${first[0]} {toc: 部门的主要职能}`));
    const out = await build({ file: samplePath, text: sampleText, templates: await loadTemplateSet([builtinTemplates, dir]), render: false, keepIr: true });
    const blocks = out.ir!.sections.flatMap((s) => s.blocks);
    const toc = blocks.find((b): b is TableOfContents => b.kind === 'toc')!;
    expect(toc.entries!.map((e) => e.text)).toContain('一、部门的主要职能');
    expect(blocks.some((b) => b.kind === 'heading' && b.text === `一、${first[1]!.trim()}`)).toBe(true);
  });
});

describe('dates with the parts they have', () => {
  it('a day, a month, a year; or only the parts asked for', () => {
    expect(chineseDate('2020-07-20')).toBe('2020 年 7 月 20 日');
    expect(chineseDate('2024-04')).toBe('2024 年 4 月');
    expect(chineseDate('2024')).toBe('2024 年');
    expect(chineseDate('2020-07-20', '年月')).toBe('2020 年 7 月');
  });
});

describe('page numbering and the cover', () => {
  it('page_numbers_from: document counts the cover and the 目录; cover_orientation turns the cover', async () => {
    const { printedNumber } = await import('../src/document/pagination.js');
    const manifest = readFileSync(join(builtinTemplates, 'manifest.yaml'), 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'numbering-'));
    writeFileSync(join(dir, 'manifest.yaml'), `${manifest}\npage_numbers_from: document\ncover_orientation: landscape\n`);
    const built = async (layers: string[]) =>
      (await build({ file: samplePath, text: sampleText, templates: await loadTemplateSet(layers), render: false, keepIr: true })).ir!;
    const plain = await built([builtinTemplates]);
    const counted = await built([builtinTemplates, dir]);
    expect(plain.sections[0]!.page.orientation).toBe('portrait');
    expect(counted.sections[0]!.page.orientation).toBe('landscape');
    // cover on page 1, 目录 on 2, the first part from 3
    const starts = { sectionFirstPages: counted.sections.map((_, i) => i + 1) };
    expect(printedNumber(plain, starts, 3)).toBe(2);
    expect(printedNumber(counted, starts, 3)).toBe(3);
  });
});

describe('tables listed in the 目录 where the set says', () => {
  const manifest = readFileSync(join(builtinTemplates, 'manifest.yaml'), 'utf8');
  const withToc = (toc: string) => manifest.replace(/^toc:.*$/m, toc);

  it('under a named part, with a suffix, whatever part prints them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'toc-tables-'));
    writeFileSync(join(dir, 'manifest.yaml'), withToc('toc: { title: 目录, tables_under: part1-overview, tables_suffix: （附后） }'));
    const out = await build({ file: samplePath, text: sampleText, templates: await loadTemplateSet([builtinTemplates, dir]), render: false, keepIr: true });
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const toc = out.ir!.sections.flatMap((s) => s.blocks).find((b): b is TableOfContents => b.kind === 'toc')!;
    const texts = toc.entries!.map((e) => e.text);
    const part2 = texts.findIndex((t) => t.startsWith('第二部分'));
    const first = texts.findIndex((t) => t.endsWith('（附后）'));
    // every table entry sits together, before 第二部分 (the part that prints them), one level under the parts
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(part2);
    const tables = toc.entries!.filter((e) => e.text.endsWith('（附后）'));
    expect(tables.length).toBeGreaterThanOrEqual(9);
    expect(tables.every((e) => e.level === 2)).toBe(true);
    expect(texts.slice(first, first + tables.length).every((t) => t.endsWith('（附后）'))).toBe(true);
  });

  it('a part that is not in the manifest is an error at tables_under, with did-you-mean', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'toc-tables-'));
    const text = withToc('toc: { title: 目录, tables_under: part2-table }');
    writeFileSync(join(dir, 'manifest.yaml'), text);
    let ds: { line?: number; hint?: string }[] = [];
    try {
      await loadTemplateSet([builtinTemplates, dir], 'en');
    } catch (e) {
      ds = (e as { diagnostics: { line?: number; hint?: string }[] }).diagnostics;
    }
    expect(ds).toHaveLength(1);
    expect(ds[0]!.line).toBe(text.split('\n').findIndex((l) => l.includes('tables_under')) + 1);
    expect(ds[0]!.hint).toContain('part2-tables');
  });
});
