// Right-to-left words (Uyghur, Arabic, Hebrew) inside a line of Chinese.
// pdfmake lays every line out left to right in logical order; fontkit reverses
// a run it sees starting in a right-to-left script. A Uyghur word drawn with
// the Chinese after it as one string turned that Chinese around ("单门部" for
// "部门单"), and two right-to-left words stood in logical, not visual, order.
// Here a line holding right-to-left text is put in visual order with the
// Unicode Bidirectional Algorithm (bidi-js, paragraph direction left to right):
// its inlines are reordered by their resolved levels (rule L2) and placed one
// after another from where the line began, each keeping the gap that followed
// its slot. A right-to-left inline is drawn on its own (never merged with its
// neighbours, see pdfmake-speedups mergeInlines), so fontkit lays out that
// word alone, right to left. Lines without right-to-left text are untouched.
import { createRequire } from 'node:module';
import bidiFactory from 'bidi-js';
import { DRAWN_ORDER_KEY } from './pdfmake-print-audit.js';

const require = createRequire(import.meta.url);

export const RTL = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

type Inline = Record<string, unknown> & { text: string; x: number; width: number };

let bidi: ReturnType<typeof bidiFactory> | undefined;

/** The inlines of a line in visual order, with their x moved accordingly (null: nothing to do). */
export function visualOrder(inlines: readonly Inline[]): Inline[] | null {
  if (!inlines.some((i) => RTL.test(i.text))) return null;
  bidi ??= bidiFactory();
  const text = inlines.map((i) => i.text).join('');
  const { levels } = bidi.getEmbeddingLevels(text, 'ltr');
  // an inline's level: that of its first character that is not a space (all spaces: its first)
  let at = 0;
  const level = inlines.map((i) => {
    const lead = i.text.search(/\S/);
    const l = levels[at + Math.max(0, lead)] ?? 0;
    at += i.text.length;
    return l;
  });
  const order = inlines.map((_, k) => k);
  const max = Math.max(...level);
  const minOdd = Math.min(...level.filter((l) => l % 2 === 1), max);
  // L2: from the highest level down to the lowest odd one, reverse every run at that level or higher
  for (let l = max; l >= minOdd && l > 0; l--)
    for (let a = 0; a < order.length;) {
      if (level[order[a]!]! < l) {
        a++;
        continue;
      }
      let b = a;
      while (b < order.length && level[order[b]!]! >= l) b++;
      order.splice(a, b - a, ...order.slice(a, b).reverse());
      a = b;
    }
  if (order.every((k, i) => k === i)) return null;
  // the gap after each slot as laid out (justification, spaces) stays with the slot
  const gaps = inlines.map((i, k) => (k + 1 < inlines.length ? inlines[k + 1]!.x - (i.x + i.width) : 0));
  let x = inlines[0]!.x;
  return order.map((k, slot) => {
    const moved = { ...inlines[k]!, x };
    x += inlines[k]!.width + gaps[slot]!;
    return moved;
  });
}

export function patchBidiLines(): () => void {
  const Renderer = require('pdfmake/js/Renderer.js').default as {
    prototype: { renderLine(this: unknown, line: { inlines: Inline[] } & Record<string, unknown>, x: number, y: number): void };
  };
  const renderLine = Renderer.prototype.renderLine;
  Renderer.prototype.renderLine = function (line, x, y) {
    const visual = visualOrder(line.inlines);
    if (!visual) return renderLine.call(this, line, x, y);
    const logical = line.inlines;
    line.inlines = visual;
    // the print audit holds what pdfkit receives against the line in this order
    (line as Record<string, unknown>)[DRAWN_ORDER_KEY] = visual.map((i) => i.text).join('');
    try {
      renderLine.call(this, line, x, y);
    } finally {
      line.inlines = logical;
    }
  };
  return () => {
    Renderer.prototype.renderLine = renderLine;
  };
}
