// A year left behind in a template (a heading of last year's document) is
// reported at the template line that types it; the budget year and the year
// before are fine.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../src/build.js';
import { builtinTemplates, loadTemplateSet } from '../src/templates/load.js';
import { samplePath, sampleText } from './helpers/sample.js';

describe('years in headings', () => {
  it('warns about a year that is neither the budget year nor the year before, at the template line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'years-'));
    mkdirSync(join(dir, 'narrative'));
    const glossary = readFileSync(join(builtinTemplates, 'narrative', 'part4-glossary.hbs'), 'utf8');
    const file = join(dir, 'narrative', 'part4-glossary.hbs');
    writeFileSync(file, glossary.replace(/^# .*$/m, '# 第四部分 2018 年名词解释'));
    const out = await build({ file: samplePath, text: sampleText, templates: await loadTemplateSet([builtinTemplates, dir]), render: false });
    const w = out.diagnostics.filter((d) => d.code === 'check.title_year');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ severity: 'warning', file, line: 1, column: 8 });
    expect(w[0]!.message).toContain('2018');
    // the sample's own headings carry 2020 only
    const clean = await build({ file: samplePath, text: sampleText, templates: await loadTemplateSet([builtinTemplates]), render: false });
    expect(clean.diagnostics.filter((d) => d.code === 'check.title_year')).toEqual([]);
  });
});
