// Random damage to the sample YAML (what a clerk's editor might do) must always
// give a clean report: no exception, exit 0 or 1, JSON output, no `internal` diagnostic.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { main } from '../src/cli/main.js';
import { parseMarkup } from '../src/narrative/markup.js';
import { dataText } from '../src/narrative/data-text.js';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';

const sample = readFileSync(fileURLToPath(new URL('../data/hotan-social-insurance-2020.yaml', import.meta.url)), 'utf8');
const sampleLines = sample.split('\n');

type Mutation =
  | { kind: 'delete'; i: number }
  | { kind: 'duplicate'; i: number }
  | { kind: 'swap'; i: number; j: number }
  | { kind: 'insert'; i: number; at: number; s: string }
  | { kind: 'number'; k: number; to: string }
  | { kind: 'truncate'; at: number };

const CHARS = [
  '\t',
  '"',
  "'",
  ':',
  ': ',
  ' ',
  '  ',
  '-',
  '- ',
  '{',
  '}',
  '[',
  ']',
  '#',
  '中',
  '万元',
  '，',
  '：',
  '0',
  '9',
  '.',
  ',',
  '&',
  '*',
  '!',
  '|',
  '>',
  '%',
  '@',
  '`',
  '\\',
  '\n',
  '\uFEFF',
  '—',
  // what clerks type (issue 13): look-alike spaces, invisible characters, full-width digits, merge keys, a second document, empty values
  '\u00a0',
  '\u3000',
  '\u200b',
  '１２',
  '％',
  '<<: ',
  '\n---\n',
  '~',
  '1,234.5',
];
const line = fc.nat({ max: sampleLines.length - 1 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), i: line }),
  fc.record({ kind: fc.constant('duplicate' as const), i: line }),
  fc.record({ kind: fc.constant('swap' as const), i: line, j: line }),
  fc.record({
    kind: fc.constant('insert' as const),
    i: line,
    at: fc.nat({ max: 80 }),
    s: fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 4 }).map((a) => a.join('')),
  }),
  fc.record({
    kind: fc.constant('number' as const),
    k: fc.nat({ max: 400 }),
    to: fc.oneof(
      fc.constantFrom('-1', '0', '0.001', '1e9', '99999999999999999999.99', '.5', '1.', '-0', 'NaN', '.inf', '0x1F', '1_000', '一百'),
      fc.integer({ min: -100000, max: 100000 }).map(String),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String),
    ),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat({ max: sample.length }) }),
);

function apply(text: string, m: Mutation): string {
  const ls = text.split('\n');
  const n = ls.length;
  switch (m.kind) {
    case 'delete':
      ls.splice(m.i % n, 1);
      return ls.join('\n');
    case 'duplicate':
      ls.splice(m.i % n, 0, ls[m.i % n]!);
      return ls.join('\n');
    case 'swap': {
      const [a, b] = [m.i % n, m.j % n];
      [ls[a], ls[b]] = [ls[b]!, ls[a]!];
      return ls.join('\n');
    }
    case 'insert': {
      const l = ls[m.i % n]!;
      const at = Math.min(m.at, l.length);
      ls[m.i % n] = l.slice(0, at) + m.s + l.slice(at);
      return ls.join('\n');
    }
    case 'number': {
      let seen = 0;
      const count = (text.match(/\d+(\.\d+)?/g) ?? []).length;
      if (!count) return text;
      const target = m.k % count;
      return text.replace(/\d+(\.\d+)?/g, (x) => (seen++ === target ? m.to : x));
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
  }
}

let dir: string;
beforeAll(() => {
  // a fresh folder: no `templates/` beside the file
  dir = mkdtempSync(join(tmpdir(), 'disclosure-prop-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sink() {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(c, _e, cb) {
        chunks.push(String(c));
        cb();
      },
    }),
    text: () => chunks.join(''),
  };
}

describe('mutated sample', () => {
  it('never crashes and always reports clean JSON', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (ms) => {
        const text = ms.reduce(apply, sample);
        const file = join(dir, `m${n++}.yaml`);
        writeFileSync(file, text);
        const out = sink();
        const err = sink();
        const code = await main(['check', file, '--json'], out.stream, err.stream);
        expect([0, 1]).toContain(code);
        const ds = JSON.parse(out.text()) as Diagnostic[];
        expect(Array.isArray(ds)).toBe(true);
        for (const d of ds) {
          expect(d.code, `${d.code}: ${d.message}`).not.toBe('internal');
          expect(d.message, d.message).not.toMatch(/\n/);
          expect(typeof d.line, `${d.code} ${d.message}`).toBe('number');
          // never a regular expression or zod's own sentence shown to a clerk
          expect(`${d.message} ${d.hint ?? ''}`, d.message).not.toMatch(/\/\^|\$\/|正则|Invalid input|expected (string|number)|record 中的键/);
        }
      }),
      { numRuns: 200, seed: Number(process.env.PROP_SEED ?? 20200720) },
    );
  }, 60_000);
});

describe('mutated sample, built', () => {
  it('an error means nothing is written; no error means the document is', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
        const text = ms.reduce(apply, sample);
        const file = join(dir, `b${n}.yaml`);
        const outDir = join(dir, `out${n++}`);
        writeFileSync(file, text);
        const code = await main(['build', file, '--out', outDir, '--format', 'docx', '--json'], sink().stream, sink().stream);
        expect([0, 1]).toContain(code);
        const written = existsSync(outDir) ? readdirSync(outDir) : [];
        expect(written, `exit ${code}`).toEqual(code === 0 ? [`b${n - 1}.docx`] : []);
      }),
      { numRuns: 3, seed: Number(process.env.PROP_SEED ?? 20200720) },
    );
  }, 60_000);
});

describe('text from data', () => {
  it('any data string is body text wherever a template puts it', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.constantFrom('# ', '## ', '- ', '-- ', '::table x', '::signature', '{{a}}', '\n', '\r\n', ' ', '甲', 'x', '#!', '::'), { maxLength: 12 })
          .map((a) => a.join('')),
        (s) => {
          const { blocks, problems } = parseMarkup(`${dataText(s)}\n原因：${dataText(s)}\n- ${dataText(s)}`);
          expect(problems).toEqual([]);
          expect(
            blocks.every((b) => b.kind === 'paragraph' || (b.kind === 'item' && b.line === 3)),
            JSON.stringify(blocks),
          ).toBe(true);
          expect(JSON.stringify(blocks)).not.toMatch(/[\uE7F0\uE7F1]/);
        },
      ),
      { numRuns: 300, seed: Number(process.env.PROP_SEED ?? 20200720) },
    );
  });
});
