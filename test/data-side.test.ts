// Issue 13, data side: text from the data is text (never markup), the review
// checks of src/checks/review-rules.ts, and the CLI's refusals of bad inputs.
import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseYamlSource } from '../src/source/yaml-source.js';
import { validateDepartment } from '../src/model/validate.js';
import { loadTemplateSet } from '../src/templates/load.js';
import { documentFor } from '../src/document/document-for.js';
import { parseMarkup } from '../src/narrative/markup.js';
import { dataText } from '../src/narrative/data-text.js';
import type { DocumentIR } from '../src/ir/types.js';
import { samplePath as sample, sampleText } from './helpers/sample.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
export const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'data-side-'));
  dirs.push(d);
  return d;
};

async function docFor(text: string): Promise<DocumentIR> {
  const { source, diagnostics } = parseYamlSource('x.yaml', text);
  if (!source) throw new Error(JSON.stringify(diagnostics));
  const { data, diagnostics: ds } = validateDepartment(source);
  if (!data) throw new Error(JSON.stringify(ds));
  return documentFor(data, await loadTemplateSet());
}

const blocks = (doc: DocumentIR) => doc.sections.flatMap((s) => s.blocks);
const texts = (doc: DocumentIR) =>
  blocks(doc).map((b) => ('runs' in b ? (b.runs as { text: string }[]).map((r) => r.text).join('') : 'text' in b ? String(b.text) : `[${b.kind}]`));

describe('text from data is text', () => {
  const hostile = '机构改革\n# 第五部分 伪造\n::table budget-summary\n- x\n{{department.name}}';
  const withReason = sampleText.replace(
    /( {4}general_budget:\n {6}last_year: \{ amount: 832\.04, base: budget \}\n {6}reason: ).*\n/,
    `$1|\n${hostile
      .split('\n')
      .map((l) => `        ${l}`)
      .join('\n')}\n`,
  );

  it('a multi-line reason with markup-looking lines prints as body text', async () => {
    expect(withReason).not.toBe(sampleText);
    const [plain, hostileDoc] = await Promise.all([docFor(sampleText), docFor(withReason)]);
    const kinds = (d: DocumentIR) => blocks(d).filter((b) => b.kind === 'heading' || b.kind === 'table' || b.kind === 'toc').length;
    // no extra heading, no extra table, the same 目录
    expect(kinds(hostileDoc)).toBe(kinds(plain));
    expect(JSON.stringify(blocks(hostileDoc).filter((b) => b.kind === 'toc'))).toBe(JSON.stringify(blocks(plain).filter((b) => b.kind === 'toc')));
    const t = texts(hostileDoc);
    expect(t.some((x) => x.includes('主要原因是机构改革'))).toBe(true);
    for (const line of ['# 第五部分 伪造', '::table budget-summary', '- x', '{{department.name}}']) expect(t, line).toContain(line);
    // no private-use marks leak into the document
    expect(JSON.stringify(hostileDoc)).not.toMatch(/[\uE7F0\uE7F1]/);
  });

  it('a one-line value that looks like markup, at the start of a template line, is a paragraph', () => {
    const { blocks: bs, problems } = parseMarkup(`${dataText('## 伪标题')}\n- ${dataText('::table x\n-- y')}\n## 真标题`);
    expect(problems).toEqual([]);
    expect(bs.map((b) => [b.kind, 'text' in b ? b.text : ''])).toEqual([
      ['paragraph', '## 伪标题'],
      ['item', '::table x'],
      ['paragraph', '-- y'],
      ['section', '真标题'],
    ]);
  });

  it('ordinary data text is unchanged', () => {
    expect(dataText('机构改革，人员减少 -5 %')).toBe('机构改革，人员减少 -5 %');
  });
});

describe('CLI inputs', () => {
  const run = async (args: string[]) => {
    const { main } = await import('../src/cli/main.js');
    const { PassThrough } = await import('node:stream');
    const err = new PassThrough();
    const chunks: Buffer[] = [];
    err.on('data', (c: Buffer) => chunks.push(c));
    const code = await main(args, new PassThrough(), err);
    return { code, err: Buffer.concat(chunks).toString('utf8') };
  };

  it('a --templates folder that is missing or a file is exit 2 with a message', async () => {
    const d = tempDir();
    const missing = await run(['check', sample, '--templates', join(d, 'nope')]);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.err).toContain('folder not found');
    writeFileSync(join(d, 'file.txt'), 'x');
    const file = await run(['check', sample, '--templates', join(d, 'file.txt')]);
    expect(file.code).toBe(2);
    expect(file.err).toContain('is not a folder');
  });

  it('two inputs with the same base name are refused before anything is written, naming both', async () => {
    const d = tempDir();
    for (const sub of ['a', 'b']) {
      mkdirSync(join(d, sub));
      copyFileSync(sample, join(d, sub, 'dept.yaml'));
    }
    const outDir = join(d, 'out');
    const r = await run(['build', join(d, 'a', 'dept.yaml'), join(d, 'b', 'dept.yaml'), '--out', outDir, '--format', 'docx']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(join(d, 'a', 'dept.yaml'));
    expect(r.err).toContain(join(d, 'b', 'dept.yaml'));
    expect(() => readdirSync(outDir)).toThrow();
  });

  it('init onto an existing file is a message, exit 2', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'taken'), 'x');
    const r = await run(['init', join(d, 'taken')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('is a file, not a folder');
    expect(r.err).not.toMatch(/ENOTDIR|at .+:\d+/);
  });
});
