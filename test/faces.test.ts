// The packaged faces closest to GB/T 9704: LXGW WenKai for 楷体 (unwrapped
// from its WOFF at install) and Noto Serif SC Black for 小标宋.
import { describe, expect, it } from 'vitest';
import fs, { readFileSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinTemplates, loadTemplateSet } from '../src/templates/load.js';
import { documentFor } from '../src/document/document-for.js';
import { packagedFaces, packagedFonts } from '../src/fonts/packaged.js';
import { packagedFaceNames } from '../src/fonts/font-files.js';
import { woffToSfnt } from '../src/fonts/woff-to-sfnt.js';
import { openFont } from '../src/fonts/font-cache.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { DiagnosticError, type Diagnostic } from '../src/diagnostics/diagnostic.js';
import type { DocumentIR } from '../src/ir/types.js';
import { sampleData } from './helpers/sample.js';

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/** Every hanzi of GBK: the double-byte range decoded, one character per code. */
function gbkHanzi(): number[] {
  const dec = new TextDecoder('gbk');
  const seen = new Set<number>();
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const s = dec.decode(new Uint8Array([lead, trail]));
      const cp = s.codePointAt(0)!;
      if (s.length === 1 && cp !== 0xfffd && /\p{Script=Han}/u.test(s)) seen.add(cp);
    }
  return [...seen];
}

const para = (font: 'body' | 'kai' | 'title', text: string) =>
  ({ kind: 'paragraph', runs: [{ text }], font, size: 16, align: 'left', firstLineIndentChars: 0, lineHeightPt: 28.95 }) as const;

describe('packaged 楷体 and 小标宋 faces', () => {
  // first in this file: the process-wide font cache has parsed nothing yet
  it('a document that prints no 楷体 or title never reads those faces (each is 15 MB)', async () => {
    const full = await documentFor(sampleData(), await loadTemplateSet());
    const doc: DocumentIR = { ...full, sections: [{ ...full.sections[0]!, footer: null, blocks: [para('body', '和田市社会保险管理局2020年部门预算')] }] };
    const read: string[] = [];
    const original = fs.readFileSync;
    fs.readFileSync = ((path: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
      read.push(String(path));
      return (original as (...a: unknown[]) => unknown)(path, ...rest);
    }) as typeof fs.readFileSync;
    syncBuiltinESMExports();
    try {
      await renderPdf(doc);
    } finally {
      fs.readFileSync = original;
      syncBuiltinESMExports();
    }
    expect(read).toContain(packagedFonts.serifRegular);
    for (const big of [packagedFonts.kaiRegular, packagedFonts.kaiBold, packagedFonts.serifBlack]) expect(read).not.toContain(big);
  });

  it('the built-in styles print 楷体 in LXGW WenKai and titles in Noto Serif SC Black; Word keeps the official names', async () => {
    const doc = await documentFor(sampleData(), await loadTemplateSet());
    expect(doc.fonts.kai).toEqual({
      docxName: '楷体_GB2312',
      pdf: { regular: packagedFonts.kaiRegular, bold: packagedFonts.kaiBold },
      fallback: { regular: packagedFonts.serifRegular, bold: packagedFonts.serifBold },
    });
    expect(doc.fonts.title.docxName).toBe('方正小标宋简体');
    expect(doc.fonts.title.pdf).toEqual({ regular: packagedFonts.serifBlack, bold: packagedFonts.serifBlack });
  });

  it('a PDF embeds the Kai face for the kai role and the Black face for the title role, and nothing else for them', async () => {
    const full = await documentFor(sampleData(), await loadTemplateSet());
    const doc: DocumentIR = {
      ...full,
      sections: [{ ...full.sections[0]!, footer: null, blocks: [para('title', '第一部分 部门概况'), para('kai', '（一）一般公共预算当年拨款规模变化情况')] }],
    };
    const { bytes } = await renderPdf(doc);
    const fonts = [...latin1(bytes).matchAll(/\/BaseFont \/[A-Z]{6}\+([\w-]+)/g)].map((m) => m[1]);
    expect(new Set(fonts)).toEqual(new Set(['LXGWWenKai-Regular', 'NotoSerifSC-Black']));
  });

  it('the Kai face (regular and bold) and the Black face have a glyph for every GBK hanzi', () => {
    const hanzi = gbkHanzi();
    expect(hanzi.length).toBe(20_934); // 6,763 of GB 2312 and the rest of GBK's 汉字
    for (const file of [packagedFonts.kaiRegular, packagedFonts.kaiBold, packagedFonts.serifBlack]) {
      const font = openFont(file);
      const missing = hanzi.filter((cp) => !font.hasGlyphForCodePoint(cp));
      expect(missing.map((cp) => String.fromCodePoint(cp)).join(''), file).toBe('');
    }
  });

  it('the unwrapped Kai face is a well-formed TrueType: its checksums add up and fontkit reads the Regular', () => {
    const ttf = readFileSync(packagedFonts.kaiRegular);
    expect(ttf.readUInt32BE(0)).toBe(0x00010000);
    let sum = 0;
    for (let i = 0; i < ttf.length; i += 4) sum = (sum + ttf.readUInt32BE(i)) >>> 0;
    expect(sum).toBe(0xb1b0afba); // what head.checkSumAdjustment makes the whole file sum to
    const font = openFont(packagedFonts.kaiRegular) as unknown as { postscriptName: string; unitsPerEm: number };
    expect(font.postscriptName).toBe('LXGWWenKai-Regular');
    expect(font.unitsPerEm).toBe(1000);
  });

  it('woffToSfnt refuses what is not WOFF 1.0', () => {
    expect(() => woffToSfnt(readFileSync(packagedFonts.sansRegular).subarray(0, 4096))).toThrow(/not a WOFF/);
    expect(() => woffToSfnt(Buffer.from('wOFF'))).toThrow(/not a WOFF/);
  });

  it('every packaged face name is usable in styles.yaml, and a misspelt one lists them at its line', async () => {
    expect(Object.keys(packagedFaces).sort()).toEqual([...packagedFaceNames].sort());
    const dir = mkdtempSync(join(tmpdir(), 'faces-'));
    try {
      const styles = readFileSync(join(builtinTemplates, 'styles.yaml'), 'utf8').replace(/^ {2}kai: .*$/m, '  kai: { docx: 楷体_GB2312, pdf: kia }');
      writeFileSync(join(dir, 'styles.yaml'), styles);
      let ds: Diagnostic[] = [];
      try {
        await loadTemplateSet([builtinTemplates, dir], 'en');
      } catch (e) {
        if (!(e instanceof DiagnosticError)) throw e;
        ds = [...e.diagnostics];
      }
      const line = styles.split('\n').findIndex((l) => l.startsWith('  kai:')) + 1;
      expect(ds).toHaveLength(1);
      expect(ds[0]).toMatchObject({ code: 'template.invalid_value', line });
      expect(ds[0]!.hint).toContain('kai');
      expect(ds[0]!.hint).toContain('serif-black');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
