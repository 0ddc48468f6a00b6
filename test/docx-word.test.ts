// The sample's DOCX as Word and LibreOffice users meet it: a field update of
// the 目录 gives the shipped entries, each once; fields update on open; the
// heading styles carry what the headings look like; the font table names a
// fallback for each official face; the cover is centred in a way LibreOffice
// honours too. The LibreOffice check runs where soffice and python3-uno are.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { renderDocx } from '../src/render/docx/index.js';
import { loadTemplateSet } from '../src/templates/load.js';
import { samplePath, sampleText } from './helpers/sample.js';

const helper = (name: string) => fileURLToPath(new URL(`./helpers/${name}`, import.meta.url));
const hasLibreOffice =
  existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', 'import uno']).status === 0 && spawnSync('soffice', ['--version']).status === 0;

let file: string;
let parts: Record<string, string>;

beforeAll(async () => {
  const r = await build({ file: samplePath, text: sampleText, templates: await loadTemplateSet(), render: false, keepIr: true });
  // page numbers as a PDF layout would give them: any will do for what is checked here
  const bytes = await renderDocx(r.ir!);
  file = join(mkdtempSync(join(tmpdir(), 'docx-word-')), 'sample.docx');
  writeFileSync(file, bytes);
  parts = Object.fromEntries(
    Object.entries(unzipSync(bytes))
      .filter(([n]) => n.endsWith('.xml'))
      .map(([n, b]) => [n, strFromU8(b)]),
  );
}, 60_000);

const paragraphs = () => parts['word/document.xml']!.match(/<w:p\b.*?<\/w:p>/gs) ?? [];
const textOf = (p: string) => (p.match(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, '')).join('');
const cachedToc = () =>
  execFileSync('/usr/bin/python3', [helper('docx-toc-cached.py'), file], { encoding: 'utf8' })
    .trim()
    .split('\n');

describe('the sample DOCX in a word processor', () => {
  it.runIf(existsSync('/usr/bin/python3'))('lists each 目录 entry once, and only headings a TOC collects have heading styles', () => {
    const entries = cachedToc().map((l) => l.split('\t')[0]!);
    expect(entries).toHaveLength(25);
    expect(new Set(entries).size).toBe(entries.length);
    const styled = paragraphs()
      .filter((p) => /<w:pStyle w:val="Heading[12]"\/>/.test(p))
      .map(textOf);
    expect(styled.some((t) => t.replace(/\s/g, '').includes('项目支出绩效目标表'))).toBe(false);
    expect(paragraphs().filter((p) => p.includes('w:val="HeadingNotInToc"')).length).toBe(4);
  });

  it('asks Word to update fields on open', () => {
    expect(parts['word/settings.xml']).toContain('<w:updateFields w:val="true"/>');
  });

  it('lets the 一、 headings take their look from 标题 2 (no direct formatting)', () => {
    const yi = paragraphs().filter((p) => /<w:pStyle w:val="Heading2"\/>/.test(p) && /^[一二三四五六七八九十]+、/.test(textOf(p)));
    expect(yi.length).toBeGreaterThanOrEqual(10);
    for (const p of yi) expect(p).not.toMatch(/<w:jc |<w:spacing |<w:rFonts |<w:sz /);
    const style = parts['word/styles.xml']!.match(/<w:style [^>]*w:styleId="Heading2".*?<\/w:style>/s)![0];
    expect(style).toMatch(/<w:rFonts [^>]*w:eastAsia="黑体"/);
  });

  it('names a fallback face for each official face', () => {
    const fonts = parts['word/fontTable.xml']!;
    expect(fonts).toMatch(/<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"\/><w:panose1 [^>]*\/><w:charset w:val="86"\/><w:family w:val="modern"\/>/);
    expect(fonts).toContain('<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>');
    expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>');
    expect(fonts).toContain('<w:font w:name="黑体"><w:altName w:val="SimHei"/>');
  });

  it('centres the cover in a cell as high as the page, which LibreOffice honours', () => {
    const body = parts['word/document.xml']!;
    const cover = body.slice(0, body.indexOf('</w:tbl>'));
    expect(cover).toMatch(/<w:trHeight [^>]*w:hRule="exact"/);
    expect(cover).toContain('<w:vAlign w:val="center"/>');
    expect(textOf(cover)).toContain('部门预算公开');
  });

  // in CI (.ci/run installs libreoffice-writer-nogui and python3-uno) a missing LibreOffice fails instead of skipping
  it.skipIf(!hasLibreOffice && !process.env.CI)(
    'keeps the same 目录 entries after a field update (LibreOffice over UNO)',
    () => {
      const updated = execFileSync('/usr/bin/python3', [helper('lo-update-toc.py'), file], { encoding: 'utf8', timeout: 90_000 })
        .trim()
        .split('\n');
      expect(updated.map((l) => l.split('\t')[0])).toEqual(cachedToc().map((l) => l.split('\t')[0]));
    },
    120_000,
  );
});
