// The inline merging in src/engines/pdfmake-speedups.ts must draw every glyph
// where pdfmake placed it: these cases pin the rules.
import { describe, expect, it } from 'vitest';
import { GenerationalCache, mergeInlines } from '../src/engines/pdfmake-speedups.js';

const font = { id: 'F1' };
const inl = (text: string, x: number, width: number, extra: Record<string, unknown> = {}) => ({
  text,
  x,
  width,
  font,
  fontSize: 16,
  color: 'black',
  opacity: 1,
  characterSpacing: 0,
  ...extra,
});

/** x of each glyph when a run is drawn: its glyph widths plus its character spacing. */
function glyphXs(runs: ReturnType<typeof mergeInlines>, widths: Record<string, number>): number[] {
  const xs: number[] = [];
  for (const r of runs) {
    let x = r.x;
    for (const ch of r.text) {
      xs.push(x);
      x += widths[ch]! + ((r.characterSpacing as number) || 0);
    }
  }
  return xs;
}

describe('mergeInlines', () => {
  it('joins touching inlines of one style into one string', () => {
    const runs = mergeInlines([inl('财', 0, 16), inl('政', 16, 16), inl('12.5', 32, 30)]);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ text: '财政12.5', x: 0, width: 62 });
  });

  it('turns the even gaps of a justified line of single characters into character spacing', () => {
    const s = 0.75;
    const chars = '部门预算公开';
    const line = [...chars].map((c, i) => inl(c, i * (16 + s), 16));
    const runs = mergeInlines(line);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.characterSpacing).toBeCloseTo(s);
    const widths = Object.fromEntries([...chars].map((c) => [c, 16]));
    expect(glyphXs(runs, widths)).toEqual(line.map((i) => i.x));
  });

  it('keeps a multi-character inline of a justified line apart (spacing would move its glyphs)', () => {
    const runs = mergeInlines([inl('占', 0, 16), inl('91.96%', 17, 40), inl('。', 58, 16)]);
    expect(runs.map((r) => r.text)).toEqual(['占', '91.96%', '。']);
  });

  it('never joins other fonts, sizes, links or page references', () => {
    const other = { id: 'F2' };
    expect(mergeInlines([inl('a', 0, 8), inl('b', 8, 8, { font: other })])).toHaveLength(2);
    expect(mergeInlines([inl('a', 0, 8), inl('b', 8, 8, { fontSize: 12 })])).toHaveLength(2);
    expect(mergeInlines([inl('a', 0, 8), inl('b', 8, 8, { linkToDestination: 'h1' })])).toHaveLength(2);
    expect(mergeInlines([inl('a', 0, 8), inl('1', 8, 8, { _pageNodeRef: {} })])).toHaveLength(2);
  });

  it('starts a new run where the gap changes', () => {
    const runs = mergeInlines([inl('一', 0, 16), inl('二', 17, 16), inl('三', 33, 16)]);
    expect(runs.map((r) => r.text)).toEqual(['一二', '三']);
  });

  it('leaves the inlines it was given untouched', () => {
    const line = [inl('甲', 0, 16), inl('乙', 16, 16)];
    const copy = structuredClone(line);
    mergeInlines(line);
    expect(line).toEqual(copy);
  });
});

describe('GenerationalCache (shaping results kept across a batch)', () => {
  it('keeps keys in steady use, ages out the rest, and never holds more than two generations', () => {
    const c = new GenerationalCache<string>(3);
    let made = 0;
    const get = (k: string) => c.get(k, () => (made++, `v:${k}`));
    expect(get('hot')).toBe('v:hot');
    for (let i = 0; i < 50; i++) {
      expect(get(`once-${i}`)).toBe(`v:once-${i}`);
      expect(get('hot')).toBe('v:hot');
      expect(c.size).toBeLessThanOrEqual(6);
    }
    expect(made).toBe(51); // 'hot' was made once, every other key once
    made = 0;
    get('once-0'); // long gone: made again
    expect(made).toBe(1);
    get('once-49'); // still in a generation: not made again
    expect(made).toBe(1);
  });
});

describe('drawing a merged line', () => {
  it('takes the glyphs its inlines were shaped with: fontkit never shapes the merged string', async () => {
    const { renderPdf } = await import('../src/render/pdf/index.js');
    const { openFont } = await import('../src/fonts/font-cache.js');
    const { smallIR } = await import('./fixtures/ir-small.js');
    const { packagedFonts } = await import('../src/fonts/packaged.js');
    const face = openFont(packagedFonts.serifRegular) as unknown as { layout(text: string, ...rest: unknown[]): unknown };
    const shaped: string[] = [];
    const layout = face.layout;
    face.layout = function (text: string, ...rest: unknown[]) {
      shaped.push(text);
      return layout.call(this, text, ...rest);
    };
    try {
      const ir = smallIR();
      // a line of ideographs no other test sets: each is shaped alone when measured, never the line
      const line = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉';
      const section = ir.sections[1]!;
      (section.blocks as unknown[]).push({ kind: 'paragraph', runs: [{ text: line }], font: 'body', size: 16, align: 'left' });
      const pdf = await renderPdf(ir);
      expect(pdf.pageCount).toBeGreaterThan(0);
      expect(shaped.filter((t) => t.length > 1 && /^[\u4e00-\u9fff]+$/.test(t))).toEqual([]);
      expect(shaped).toEqual(expect.arrayContaining(['甲', '酉']));
    } finally {
      face.layout = layout;
    }
  }, 60_000);
});
