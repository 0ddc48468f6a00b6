// Random damage to the sample YAML (what a clerk's editor might do) must always
// give a clean report: no exception, exit 0 or 1, JSON output, no `internal` diagnostic.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { main } from '../src/cli/main.js';
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

const CHARS = ['\t', '"', "'", ':', ': ', ' ', '  ', '-', '- ', '{', '}', '[', ']', '#', '中', '万元', '，', '：', '0', '9', '.', ',', '&', '*', '!', '|', '>', '%', '@', '`', '\\', '\n', '\uFEFF', '—'];
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
        const code = await main(['check', file, '--json'], out.stream as never, err.stream as never);
        expect([0, 1]).toContain(code);
        const ds = JSON.parse(out.text()) as Diagnostic[];
        expect(Array.isArray(ds)).toBe(true);
        for (const d of ds) {
          expect(d.code, `${d.code}: ${d.message}`).not.toBe('internal');
          expect(d.message, d.message).not.toMatch(/\n/);
          expect(typeof d.line, `${d.code} ${d.message}`).toBe('number');
        }
      }),
      { numRuns: 200, seed: Number(process.env.PROP_SEED ?? 20200720) },
    );
  }, 60_000);
});
