// Issue 20: with the engine patches off the PDF claims no tagging it does not
// have, and the run says once which library versions it ran stock.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TESTED_VERSIONS } from '../src/engines/versions.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

async function cli(args: string[], env: Record<string, string>) {
  return run(process.execPath, [join(root, 'bin/disclosure.js'), ...args], { cwd: root, env: { ...process.env, ...env }, maxBuffer: 1 << 24 }).catch(
    (e: { stdout: string; stderr: string; code: number }) => e,
  );
}

const warnings = (stderr: string) => stderr.split('\n').filter((l) => /DISCLOSURE_STOCK_ENGINES|library versions/.test(l));

describe('engine patches off (DISCLOSURE_STOCK_ENGINES=1)', () => {
  it('the PDF claims no tagging, and one warning names the library versions', async () => {
    const out = mkdtempSync(join(tmpdir(), 'stock-'));
    const r = await cli(['build', 'data/hotan-social-insurance-2020.yaml', '--out', out, '--format', 'pdf'], { DISCLOSURE_STOCK_ENGINES: '1' });
    const pdf = readFileSync(join(out, 'hotan-social-insurance-2020.pdf')).toString('latin1');
    expect(pdf).not.toMatch(/\/Marked\s+true/);
    expect(pdf).not.toContain('/StructTreeRoot');
    const w = warnings(r.stderr);
    expect(w).toHaveLength(1);
    for (const [lib, v] of Object.entries(TESTED_VERSIONS)) expect(w[0]).toContain(`${lib} ${v}`);
  }, 120_000);

  it('a batch of two departments warns once, not once per worker', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stock-batch-'));
    for (const name of ['a', 'b']) {
      mkdirSync(join(dir, 'in'), { recursive: true });
      copyFileSync(join(root, 'data/hotan-social-insurance-2020.yaml'), join(dir, 'in', `${name}.yaml`));
    }
    const r = await cli(['build', join(dir, 'in'), '--out', join(dir, 'out'), '--format', 'docx', '--jobs', '2'], { DISCLOSURE_STOCK_ENGINES: '1' });
    expect(warnings(r.stderr)).toHaveLength(1);
  }, 180_000);

  it('with the patches on the PDF is tagged and nothing is said', async () => {
    const out = mkdtempSync(join(tmpdir(), 'patched-'));
    const r = await cli(['build', 'data/hotan-social-insurance-2020.yaml', '--out', out, '--format', 'pdf'], {});
    const pdf = readFileSync(join(out, 'hotan-social-insurance-2020.pdf')).toString('latin1');
    expect(pdf).toMatch(/\/Marked\s+true/);
    expect(pdf).toContain('/StructTreeRoot');
    expect(warnings(r.stderr)).toEqual([]);
  }, 120_000);
});
