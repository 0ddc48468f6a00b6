// A worker builds department after department and keeps what any document
// can reuse: parsed faces, shaped strings, font subset bytes, compiled
// templates. None of it may change what a department comes out as: its bytes
// are the same after other departments as in a process of its own.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { synthDepartment } from '../src/synth/generate.js';
import { loadTemplateSet } from '../src/templates/load.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** PDF and DOCX hashes of synthetic department `seed`, as `pdf docx`. */
async function hashes(seed: number): Promise<string> {
  const r = await build({ file: `dept-${seed}.yaml`, text: synthDepartment(seed, { projects: 3 }), templates: await loadTemplateSet() });
  expect(r.files.map((f) => f.format)).toEqual(['pdf', 'docx']);
  return r.files.map((f) => sha(f.bytes)).join(' ');
}

describe('caches kept across the documents of a process', () => {
  it('leave each department byte-identical to a build in a fresh process', async () => {
    // others first (one with 政府性基金 and 事业收入), so the caches hold their strings and glyphs
    await hashes(2);
    await hashes(7);
    const here = await hashes(6);
    const script = [
      `import { build } from ${JSON.stringify(fileURLToPath(new URL('../src/build.ts', import.meta.url)))};`,
      `import { synthDepartment } from ${JSON.stringify(fileURLToPath(new URL('../src/synth/generate.ts', import.meta.url)))};`,
      `import { loadTemplateSet } from ${JSON.stringify(fileURLToPath(new URL('../src/templates/load.ts', import.meta.url)))};`,
      `import { createHash } from 'node:crypto';`,
      `const r = await build({ file: 'dept-6.yaml', text: synthDepartment(6, { projects: 3 }), templates: await loadTemplateSet() });`,
      `process.stdout.write(r.files.map((f) => createHash('sha256').update(f.bytes).digest('hex')).join(' '));`,
    ].join('\n');
    const alone = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    }).toString();
    expect(here).toBe(alone);
  }, 60_000);
});
