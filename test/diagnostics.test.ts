// Every broken input a clerk may produce gets a located, one-line diagnostic.
// Fixtures: test/fixtures/broken/data/*.yaml (expectations as `# expect: L[:C] code`
// comments, or in a sidecar NAME.yaml.expect) and test/fixtures/broken/templates/<case>/
// (an overlay folder; expectations in <case>/expect as `FILE:L[:C] code`).
// A `# todo` line marks a case whose diagnostic is not implemented yet (it.todo).
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { main } from '../src/cli/main.js';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const dataDir = join(here, 'fixtures/broken/data');
const templatesDir = join(here, 'fixtures/broken/templates');
const sample = join(here, '../data/hotan-social-insurance-2020.yaml');

interface Expected {
  file: string;
  line: number;
  column?: number;
  code: string;
}
interface Case {
  name: string;
  todo: boolean;
  expected: Expected[];
  args: string[];
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(c, _e, cb) {
      chunks.push(String(c));
      cb();
    },
  });
  return { stream, text: () => chunks.join('') };
}

export async function runCheck(args: string[]): Promise<{ code: number; diagnostics: Diagnostic[]; stderr: string }> {
  const out = sink();
  const err = sink();
  const code = await main(['check', ...args, '--json'], out.stream, err.stream);
  const text = out.text().trim();
  const diagnostics = text ? (JSON.parse(text) as Diagnostic[]) : [];
  return { code, diagnostics, stderr: err.text() };
}

const EXPECT = /^(?:(.*?\D.*?):)?(\d+)(?::(\d+))?\s+([\w.]+)\s*$/;

function parseExpectLines(lines: string[], defaultFile: string | null, base: string): { todo: boolean; expected: Expected[] } {
  let todo = false;
  const expected: Expected[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (/^#\s*todo\b/.test(line)) todo = true;
    if (!line || line.startsWith('#') || line === 'none') continue;
    const m = line.match(EXPECT);
    if (!m) throw new Error(`bad expectation "${line}"`);
    const file = m[1] ? resolve(base, m[1]) : defaultFile;
    if (!file) throw new Error(`expectation "${line}" names no file`);
    expected.push({ file, line: Number(m[2]), ...(m[3] ? { column: Number(m[3]) } : {}), code: m[4]! });
  }
  return { todo, expected };
}

function dataCases(): Case[] {
  return readdirSync(dataDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const path = join(dataDir, f);
      const sidecar = `${path}.expect`;
      let lines: string[];
      if (existsSync(sidecar)) lines = readFileSync(sidecar, 'utf8').split('\n');
      else
        lines = readFileSync(path, 'utf8')
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => /^#\s*(expect:|todo\b)/.test(l))
          .map((l) => l.replace(/^#\s*expect:\s*/, ''));
      return { name: f, ...parseExpectLines(lines, path, dataDir), args: [path] };
    });
}

function templateCases(): Case[] {
  return readdirSync(templatesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const dir = join(templatesDir, name);
      const lines = readFileSync(join(dir, 'expect'), 'utf8').split('\n');
      return { name, ...parseExpectLines(lines, null, dir), args: [sample, '--templates', dir] };
    });
}

const same = (d: Diagnostic, e: Expected) =>
  d.code === e.code && resolve(d.file) === e.file && d.line === e.line && (e.column === undefined || d.column === e.column);

const show = (d: Diagnostic) => `${d.file}:${d.line ?? '?'}:${d.column ?? '?'} ${d.severity} ${d.code} ${d.message}`;

function assertWellFormed(ds: readonly Diagnostic[]) {
  for (const d of ds) {
    for (const text of [d.message, d.hint ?? '']) {
      expect(text, show(d)).not.toMatch(/\n/);
      expect(text, show(d)).not.toMatch(/^\s*at |\bat .+:\d+:\d+\)?$/m);
      expect(text, show(d)).not.toMatch(/\b[A-Z]\w*Error:|^Error:/);
    }
    expect(d.code, show(d)).not.toBe('internal');
    expect(d.file, show(d)).toBeTruthy();
    expect(d.line, `no line: ${show(d)}`).toBeTypeOf('number');
  }
}

async function checkCase(c: Case) {
  // a fixture without expectations must be named *-ok (it then must pass without errors)
  if (!c.name.replace(/\.ya?ml$/, '').endsWith('-ok')) expect(c.expected.length, `${c.name} states no expectation`).toBeGreaterThan(0);
  const { code, diagnostics } = await runCheck(c.args);
  const relevant = diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
  const missing = c.expected.filter((e) => !relevant.some((d) => same(d, e)));
  const unexpected = relevant.filter((d) => d.severity === 'error' && !c.expected.some((e) => same(d, e)));
  expect(
    { missing: missing.map((e) => `${e.file}:${e.line}:${e.column ?? '*'} ${e.code}`), unexpected: unexpected.map(show) },
    `all reported:\n${relevant.map(show).join('\n')}`,
  ).toEqual({ missing: [], unexpected: [] });
  assertWellFormed(diagnostics);
  expect(code).toBe(relevant.some((d) => d.severity === 'error') ? 1 : 0);
}

describe('broken department files', () => {
  const cases = dataCases();
  it('has enough fixtures', () => expect(cases.length).toBeGreaterThanOrEqual(119));
  for (const c of cases) (c.todo ? it.todo : it)(c.name, () => checkCase(c), 20_000);
});

describe('broken template overlays', () => {
  const cases = templateCases();
  it('has enough fixtures', () => expect(cases.length).toBeGreaterThanOrEqual(8));
  for (const c of cases) (c.todo ? it.todo : it)(c.name, () => checkCase(c), 20_000);
});

describe('the sample', () => {
  it('has warnings only, all located', async () => {
    const { code, diagnostics } = await runCheck([sample]);
    expect(code).toBe(0);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    assertWellFormed(diagnostics);
  });
});

describe('--lang en', () => {
  it('reports the same problems in English', async () => {
    const { main } = await import('../src/cli/main.js');
    const { PassThrough } = await import('node:stream');
    const file = new URL('./fixtures/broken/data/', import.meta.url);
    const { readdirSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const dir = fileURLToPath(file);
    const sample = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => dir + f);
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await main(['check', ...sample, '--json', '--lang', 'en'], out, new PassThrough());
    const ds = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { message: string; hint?: string; code: string }[];
    expect(ds.length).toBeGreaterThan(30);
    // quoted names and data and the form's own terms may be Chinese; the sentence is not
    const terms = /“[^”]*”|"[^"]*"|万元|表[一二三四五六七八九]|绩效目标表|功能分类/g;
    const chinese = ds.filter((d) => /[\u4e00-\u9fff]/.test(`${d.message} ${d.hint ?? ''}`.replace(terms, '')));
    expect(chinese.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
  });
});
