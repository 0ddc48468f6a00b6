// Issue 13, the template side: every glyph printed or reported, long cell text
// never lost, limits per department, the template set as a sandbox.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, symlinkSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { build } from '../src/build.js';
import { loadTemplateSet } from '../src/templates/load.js';
import { main } from '../src/cli/main.js';
import { FAST_PATH } from '../src/fonts/glyph-check.js';
import { packagedFontFiles } from '../src/fonts/packaged.js';
import { openFont } from '../src/fonts/font-cache.js';
import { estimatePages, outermostBlockLine } from '../src/document/limits.js';
import { DiagnosticError, type Diagnostic } from '../src/diagnostics/diagnostic.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const sampleFile = join(root, 'data/hotan-social-insurance-2020.yaml');
const sample = readFileSync(sampleFile, 'utf8');

async function run(args: string[]): Promise<{ code: number; diagnostics: Diagnostic[]; stderr: string }> {
  const chunks: string[] = [];
  const errs: string[] = [];
  const sink = (to: string[]) => new Writable({ write: (c, _e, cb) => (to.push(String(c)), cb()) });
  const code = await main(args, sink(chunks), sink(errs));
  const text = chunks.join('').trim();
  return { code, diagnostics: text.startsWith('[') ? (JSON.parse(text) as Diagnostic[]) : [], stderr: errs.join('') };
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false }).promise;
  let text = '';
  for (let i = 1; i <= pdf.numPages; i++) text += (await (await pdf.getPage(i)).getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join('');
  return text;
}

describe('every glyph printed or reported', () => {
  it('the packaged faces have every character of the fast path (so it needs no look-up)', () => {
    for (const file of packagedFontFiles) {
      const font = openFont(file);
      const missing: string[] = [];
      for (const [a, b] of FAST_PATH) for (let cp = a; cp <= b; cp++) if (!font.hasGlyphForCodePoint(cp)) missing.push(cp.toString(16));
      expect(missing, file).toEqual([]);
    }
  });

  it('a character no packaged face has is a warning at the data line that writes it, with its code point', async () => {
    const text = sample.replace('  - name: 办公补助经费', '  - name: 办公补助经费𠮷ئۇيغۇر');
    const line = text.split('\n').findIndex((l) => l.includes('𠮷')) + 1;
    const r = await build({ file: sampleFile, text, templates: await loadTemplateSet(), render: false });
    const glyphs = r.diagnostics.filter((d) => d.code === 'font.missing_glyph');
    const jiyi = glyphs.find((d) => d.message.includes('U+20BB7'));
    expect(jiyi).toMatchObject({ severity: 'warning', file: sampleFile, line, column: 17 });
    expect(jiyi!.message).toContain('𠮷');
    // the Uyghur letters, each named
    expect(glyphs.some((d) => d.message.includes('U+0626'))).toBe(true);
  });

  it('the sample has no character outside the fast path: no font is looked up for it', async () => {
    const r = await build({ file: sampleFile, text: sample, templates: await loadTemplateSet(), render: false });
    expect(r.diagnostics.filter((d) => d.code === 'font.missing_glyph')).toEqual([]);
  });
});

describe('long cell text is never lost', () => {
  it('a 2,500-character indicator and a 2,500-character project name print in full', async () => {
    const long = (mark: string) => `${mark}${'很长的文字'.repeat(499)}${mark}尾`;
    const text = sample
      .replace('  - name: 办公补助经费', `  - name: ${long('甲')}`)
      .replace('{ name: 参保人员满意度, value: ≥90% }', `{ name: ${long('乙')}, value: ≥90% }`);
    const r = await build({ file: sampleFile, text, templates: await loadTemplateSet(), formats: ['pdf'] });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const printed = (await pdfText(r.files[0]!.bytes)).replace(/\s+/g, '');
    // the end of each text: the part a dropped row loses
    expect(printed).toContain('甲尾');
    expect(printed).toContain('乙尾');
  }, 30_000);
});

describe('limits per department', () => {
  it('estimates the sample at about its real length', async () => {
    const r = await build({ file: sampleFile, text: sample, templates: await loadTemplateSet(), render: false, keepIr: true });
    const pages = estimatePages(r.ir!);
    expect(pages).toBeGreaterThan(15);
    expect(pages).toBeLessThan(60);
  });

  it('--max-pages refuses a longer document at the narrative that prints the most; nothing is written', async () => {
    const out = mkdtempSync(join(tmpdir(), 'limits-'));
    const r = await run(['build', sampleFile, '--out', out, '--max-pages', '5', '--json']);
    expect(r.code).toBe(1);
    const limit = r.diagnostics.find((d) => d.code === 'limit.pages');
    expect(limit?.file).toMatch(/narrative\/part\d-\w+\.hbs$/);
    expect(limit?.line).toBeTypeOf('number');
    expect(existsSync(join(out, 'hotan-social-insurance-2020.pdf'))).toBe(false);
  }, 30_000);

  it('a limit that is not a positive number is bad usage', async () => {
    expect((await run(['check', sampleFile, '--max-seconds', '0'])).code).toBe(2);
    expect((await run(['check', sampleFile, '--max-pages', 'many'])).code).toBe(2);
  });

  it('finds the outermost #each of a nest', () => {
    expect(outermostBlockLine('a\n{{#if x}}y{{/if}}\n  {{#each a}}{{#each b}}x{{/each}}{{/each}}')).toEqual({ line: 3, column: 3 });
  });
});

describe('the template set is a sandbox', () => {
  const set = () => {
    const dir = mkdtempSync(join(tmpdir(), 'set-'));
    mkdirSync(join(dir, 'narrative'));
    return dir;
  };
  const problems = async (dir: string) => {
    try {
      await loadTemplateSet([join(root, 'templates'), dir]);
      return [];
    } catch (e) {
      if (e instanceof DiagnosticError) return [...e.diagnostics];
      throw e;
    }
  };

  it('a narrative symlinked to /etc/passwd is refused, never read', async () => {
    const dir = set();
    symlinkSync('/etc/passwd', join(dir, 'narrative/part4-glossary.hbs'));
    const ds = await problems(dir);
    expect(ds).toMatchObject([{ code: 'template.outside_set', file: join(dir, 'narrative/part4-glossary.hbs'), line: 1 }]);
    expect(JSON.stringify(ds)).not.toContain('root:x:0');
  });

  it('a symlinked folder inside the set that points outside is refused too', async () => {
    const dir = set();
    const outside = mkdtempSync(join(tmpdir(), 'outside-'));
    writeFileSync(join(outside, 'three-public.yaml'), readFileSync(join(root, 'templates/tables/three-public.yaml')));
    symlinkSync(outside, join(dir, 'tables'));
    expect((await problems(dir)).map((d) => d.code)).toEqual(['template.outside_set']);
  });

  it('a GBK template is a located encoding error, not mojibake', async () => {
    const dir = set();
    writeFileSync(join(dir, 'narrative/part4-glossary.hbs'), Buffer.from([0x23, 0x20, 0xb5, 0xda, 0xcb, 0xc4, 0x0a]));
    expect(await problems(dir)).toMatchObject([{ code: 'template.encoding', line: 1, column: 3 }]);
  });
});
