// Broken and hostile input, round two: workbooks, CSV/xlsx catalogues, unit
// files, fonts, links out of the folders, limits, the queue's addresses and
// the command line, each written as a clerk, a careless script or an attacker
// would. One folder per case in test/fixtures/broken/cases/<case>/, copied to
// a temporary folder and run through the CLI's main() in-process; its `case`
// file says how:
//   setup: sample FILE [UNIT-FILE]    the sample department as FILE (with a unit whose file: is UNIT-FILE)
//   setup: link FILE TARGET           a symbolic link FILE → TARGET (made here: git on Windows has none)
//   setup: zip FILE KIND              a generated zip (see zips below)
//   setup: big FILE MB LINE           LINE repeated to MB megabytes
//   setup: bytes FILE TEXT            TEXT as the file, UTF-8 (\n for new lines, \xNN for a byte)
//   setup: styles FILE FONT           the built-in styles.yaml with the body's PDF face the font file FONT
//   run: ARGS…                        the command line ({dir} is the case's temporary folder); several run in order
//   exit: N                           the last run's exit code
//   expect: FILE[:L[:C]|:CELL] CODE   a diagnostic line of the last run, located there, with that code
//   says: TEXT                        the last run's error output contains TEXT (command-line messages have no code)
//   never: TEXT                       no run's output contains TEXT (a system file's content, a library's sentence)
//   english                           the last run is --lang en: its messages have no Chinese outside quotes
// Every run's output is also checked for what never reaches a clerk: stack
// traces, "Error:", [object Object], an internal error.
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { zipSync, strToU8 } from 'fflate';
import { crc32, deflateRawSync } from 'node:zlib';
import { main } from '../src/cli/main.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const casesDir = join(here, 'fixtures/broken/cases');
const sample = readFileSync(join(here, '../data/hotan-social-insurance-2020.yaml'), 'utf8');

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

/** A zip of deflated parts, written here with zlib (fflate takes seconds to deflate 160 MB of zeros). */
function zipOf(parts: Record<string, Uint8Array>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(parts)) {
    const n = Buffer.from(name);
    const packed = deflateRawSync(data, { level: 1 });
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(8, 8);
    h.writeUInt32LE(crc32(data), 14);
    h.writeUInt32LE(packed.length, 18);
    h.writeUInt32LE(data.length, 22);
    h.writeUInt16LE(n.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(crc32(data), 16);
    c.writeUInt32LE(packed.length, 20);
    c.writeUInt32LE(data.length, 24);
    c.writeUInt16LE(n.length, 28);
    c.writeUInt32LE(offset, 42);
    locals.push(h, n, packed);
    central.push(c, n);
    offset += 30 + n.length + packed.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(parts).length, 8);
  end.writeUInt16LE(Object.keys(parts).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A zip whose central directory and local header say 1000 bytes while the part inflates to 160 MB. */
function lyingBomb(): Uint8Array {
  const z = zipOf({ '[Content_Types].xml': strToU8('<x/>'), 'xl/workbook.xml': strToU8('<x/>'), 'xl/worksheets/sheet1.xml': new Uint8Array(160 * 1048576) });
  // every size field of every header set to 1000: only inflating tells the truth
  for (let i = 0; i < z.length - 4; i++) {
    const sig = z.readUInt32LE(i);
    if (sig === 0x04034b50 && z.readUInt16LE(i + 26) === 'xl/worksheets/sheet1.xml'.length) z.writeUInt32LE(1000, i + 22);
    if (sig === 0x02014b50 && z.readUInt16LE(i + 28) === 'xl/worksheets/sheet1.xml'.length) z.writeUInt32LE(1000, i + 24);
  }
  return z;
}

const zips: Record<string, () => Uint8Array> = {
  'bomb-declared': () =>
    zipOf({ '[Content_Types].xml': strToU8('<x/>'), 'xl/workbook.xml': strToU8('<x/>'), 'xl/worksheets/sheet1.xml': new Uint8Array(120 * 1048576) }),
  'bomb-lying': lyingBomb,
  'many-entries': () =>
    zipSync(Object.fromEntries([['xl/workbook.xml', strToU8('<x/>')], ...Array.from({ length: 2500 }, (_, i) => [`xl/p${i}.xml`, strToU8('<x/>')])])),
  docx: () => zipSync({ '[Content_Types].xml': strToU8('<x/>'), 'word/document.xml': strToU8('<w:document/>') }),
  ods: () => zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': strToU8('<office:document-content/>') }),
  'no-workbook': () => zipSync({ 'readme.txt': strToU8('hello') }),
  truncated: () => {
    const z = zipSync({ '[Content_Types].xml': strToU8('<x/>'), 'xl/workbook.xml': strToU8('<workbook/>'.repeat(2000)) });
    return z.subarray(0, Math.floor(z.length / 2));
  },
  'bad-method': () => {
    const z = Buffer.from(zipSync({ 'xl/workbook.xml': strToU8('<workbook/>'.repeat(100)) }, { level: 9 }));
    for (let i = 0; i < z.length - 4; i++) {
      if (z.readUInt32LE(i) === 0x04034b50) z.writeUInt16LE(14, i + 8);
      if (z.readUInt32LE(i) === 0x02014b50) z.writeUInt16LE(14, i + 10);
    }
    return z;
  },
};

interface Case {
  name: string;
  setup: string[][];
  runs: string[][];
  exit?: number;
  expect: { file: string; at: string; code: string }[];
  says: string[];
  never: string[];
  english: boolean;
}

function readCase(name: string): Case {
  const c: Case = { name, setup: [], runs: [], expect: [], says: [], never: [], english: false };
  for (const raw of readFileSync(join(casesDir, name, 'case'), 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (line === 'english') c.english = true;
    const m = /^(setup|run|exit|expect|says|never):\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, key, rest] = m as unknown as [string, string, string];
    if (key === 'setup') c.setup.push(rest.split(/\s+/));
    else if (key === 'run') c.runs.push(rest.match(/"[^"]*"|\S+/g)!.map((a) => a.replace(/^"|"$/g, '')));
    else if (key === 'exit') c.exit = Number(rest);
    else if (key === 'says') c.says.push(rest);
    else if (key === 'never') c.never.push(rest);
    else {
      const e = /^(.+?)(?::((?:\d+(?::\d+)?)|[^:\s]+![A-Z]+\d+))?\s+([\w.]+)$/.exec(rest);
      if (!e) throw new Error(`${name}: bad expectation "${rest}"`);
      c.expect.push({ file: e[1]!, at: e[2] ?? '', code: e[3]! });
    }
  }
  return c;
}

function setUp(dir: string, step: string[]): void {
  const [what, file, ...args] = step;
  const path = join(dir, file!);
  mkdirSync(dirname(path), { recursive: true });
  if (what === 'sample') {
    const unit = args[0];
    writeFileSync(
      path,
      unit ? sample.replace('overview:\n', `units:\n  - id: center\n    name: 社保服务中心\n    type: 事业\n    file: ${unit}\n\noverview:\n`) : sample,
    );
  } else if (what === 'link') symlinkSync(args[0]!, path);
  else if (what === 'zip') writeFileSync(path, zips[args[0]!]!());
  else if (what === 'big') {
    const line = `${args.slice(1).join(' ')}\n`;
    writeFileSync(path, line.repeat(Math.ceil((Number(args[0]) * 1048576) / Buffer.byteLength(line))));
  } else if (what === 'bytes') {
    // text as UTF-8; \xNN escapes for bytes that are not (a GBK name, a file signature)
    const parts = args
      .join(' ')
      .replace(/\\n/g, '\n')
      .split(/(\\x[0-9a-f]{2})/i);
    writeFileSync(path, Buffer.concat(parts.map((p) => (/^\\x/i.test(p) ? Buffer.from([parseInt(p.slice(2), 16)]) : Buffer.from(p, 'utf8')))));
  } else if (what === 'styles')
    // the built-in styles.yaml with the body face's PDF font replaced by a file of the set
    writeFileSync(
      path,
      readFileSync(join(here, '../templates/styles.yaml'), 'utf8').replace(
        'body: { docx: 仿宋_GB2312, pdf: serif }',
        `body: { docx: 仿宋_GB2312, pdf: ${args[0]} }`,
      ),
    );
  else throw new Error(`unknown setup ${what}`);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What never reaches a clerk, whatever the case. */
function assertClean(text: string, c: Case): void {
  expect(text, c.name).not.toMatch(/^\s+at .+[:(]\d+/m);
  expect(text, c.name).not.toMatch(/\b[A-Z]\w*Error:|^Error:/m);
  expect(text, c.name).not.toMatch(/\[object Object\]|\[internal\]|内部错误|Please report this|ECONNREFUSED|argument is ambiguous/);
  for (const n of c.never) expect(text, `${c.name}: never "${n}"`).not.toContain(n);
}

async function runCase(c: Case): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `hostile-${c.name}-`));
  try {
    cpSync(join(casesDir, c.name), dir, { recursive: true });
    for (const s of c.setup) setUp(dir, s);
    let last = { code: 0, err: '', out: '' };
    for (const args of c.runs) {
      const out = sink();
      const err = sink();
      const code = await main(
        args.map((a) => a.replace('{dir}', dir)),
        out.stream,
        err.stream,
      );
      last = { code, err: err.text(), out: out.text() };
      assertClean(`${last.out}\n${last.err}`, c);
    }
    const all = `${last.err}\n${last.out}`;
    if (c.exit !== undefined) expect(last.code, `${c.name} exit\n${all}`).toBe(c.exit);
    for (const e of c.expect) {
      const where = `${join(dir, e.file)}${e.at ? `:${e.at}` : ''}`;
      const re = new RegExp(`^${escape(where)} (错误|警告|error|warning) .*\\[${escape(e.code)}\\]$`, 'm');
      expect(all, `${c.name}: ${e.file}${e.at ? `:${e.at}` : ''} ${e.code}`).toMatch(re);
    }
    for (const s of c.says) expect(all, c.name).toContain(s.replace('{dir}', dir));
    if (c.english) {
      // quoted names, paths and the form's own terms may be Chinese (as in diagnostics.test.ts); the sentence is not
      const quoted = /“[^”]*”|"[^"]*"|‘[^’]*’|\S*[\\/]\S*|万元|表[一二三四五六七八九]|绩效目标表|功能分类/g;
      const lines = all.split('\n').filter((l) => /\[[\w.]+\]$/.test(l) || /^\s+hint:/.test(l));
      expect(
        lines.filter((l) => /[\u4e00-\u9fff]/.test(l.replace(quoted, ''))),
        c.name,
      ).toEqual([]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const names = existsSync(casesDir)
  ? readdirSync(casesDir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()
  : [];

describe('broken and hostile input, round two', () => {
  it('has at least 60 cases, each with an expected outcome', () => {
    expect(names.length).toBeGreaterThanOrEqual(60);
    for (const n of names) {
      const c = readCase(n);
      expect(c.runs.length, n).toBeGreaterThan(0);
      expect(c.exit, `${n} states its exit code`).toBeTypeOf('number');
    }
  });
  for (const n of names) it(n, () => runCase(readCase(n)), 60_000);
});
