// A PDF as poppler and qpdf (Debian packages) read it: independent of pdfmake
// and of pdfjs. Without them (a developer's machine) the tests that use them
// are skipped; .ci/run installs them, and with CI set a missing one fails.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const has = (cmd: string, flag: string): boolean => spawnSync(cmd, [flag]).error === undefined;
export const withPoppler = has('pdftotext', '-v') || !!process.env.CI;
export const withQpdf = has('qpdf', '--version') || !!process.env.CI;

function withFile<T>(bytes: Uint8Array, f: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'poppler-'));
  try {
    const path = join(dir, 'doc.pdf');
    writeFileSync(path, bytes);
    return f(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** pdftotext's text (reading order) and what it said on stderr (syntax errors). */
export function popplerText(bytes: Uint8Array, ...flags: string[]): { text: string; errors: string } {
  return withFile(bytes, (path) => {
    const r = spawnSync('pdftotext', [...flags, path, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    return { text: r.stdout, errors: r.stderr };
  });
}

/** qpdf --check: exit status 0 and its report. */
export function qpdfCheck(bytes: Uint8Array): { ok: boolean; report: string } {
  return withFile(bytes, (path) => {
    const r = spawnSync('qpdf', ['--check', path], { encoding: 'utf8' });
    return { ok: r.status === 0, report: `${r.stdout}${r.stderr}` };
  });
}
