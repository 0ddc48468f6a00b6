// docs/template-data.md is generated from the code and the sample: it must not
// drift from either, and the unknown-variable diagnostic points clerks to it.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE, sampleContext, templateDataReference, type Sample } from '../scripts/template-data-reference.js';
import { projectPath } from '../src/project-root.js';
import { documentFor } from '../src/document/document-for.js';
import { DiagnosticError } from '../src/diagnostics/diagnostic.js';

let sample: Sample;
let text: string;
beforeAll(async () => {
  sample = await sampleContext();
  text = await templateDataReference(sample);
});

describe('docs/template-data.md', () => {
  it('is what `npm run reference` generates now (run it after changing the context, the helpers or the sample)', () => {
    expect(readFileSync(projectPath(REFERENCE), 'utf8')).toBe(text);
  });

  it('lists every key of the narrative context, and every figure', () => {
    for (const k of Object.keys(sample.ctx)) expect(text, k).toContain(`| \`${k}\` |`);
    for (const k of Object.keys(sample.fig)) expect(text, k).toContain(`| \`fig.${k}\` |`);
  });

  it('gives types, sample values and descriptions from the source comments', () => {
    expect(text).toContain('| `fig.expenditure.generalBasic` | amount (万元, exact) | 443.3 | 一般公共预算基本支出: what 表六 breaks down by 经济分类 |');
    // a key the sample leaves out still appears, from the schema
    expect(text).toMatch(/\| `department\.previous_year` \| number; not in the sample \|/);
    expect(text).toMatch(/\| `fig\.operatingCosts` \| Change or null \| 14\.5 vs 20\.96 \(down\) \|/);
  });

  it('renders the helper and query examples on the sample', () => {
    expect(text).toContain('| `{{money (q function="208")}}` | `482.04` |');
    expect(text).toContain('| `{{pct fig.expenditure.basicShare}}` | `91.96%` |');
    expect(text).toMatch(/\| `year` \| this \(default\) or last/);
  });
});

describe('an unknown variable', () => {
  it('is reported at its line and column with the name it may have meant', async () => {
    const { data, fig, cat, set } = sample;
    const part = set.manifest.parts[0]!.narrative;
    const f = set.narratives[part]!;
    const line3 = '本部门：{{departmnet.name}}。';
    const broken = { ...set, narratives: { ...set.narratives, [part]: { ...f, text: `# 标题\n\n${line3}\n` } } };
    const err = await documentFor(data, broken, { fig, cat }, 'en').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiagnosticError);
    const [d] = (err as DiagnosticError).diagnostics;
    expect(d).toMatchObject({ code: 'template.missing_variable', file: f.path, line: 3, column: line3.indexOf('departmnet') + 1 });
    expect(d!.hint).toContain('“department”');
    expect(d!.hint).toContain('docs/template-data.md');
  });
});
