// The printed numbers of list items and the page-number text around {{n}}.
import { chineseNumber } from './format.js';
import type { ItemStyle } from './markup.js';

/** ① … ⑳, ㉑ … ㉟, ㊱ … ㊿ are single characters; past 50 there are none. */
function circled(n: number): string {
  if (n >= 1 && n <= 20) return String.fromCodePoint(0x2460 + n - 1);
  if (n >= 21 && n <= 35) return String.fromCodePoint(0x3251 + n - 21);
  if (n >= 36 && n <= 50) return String.fromCodePoint(0x32b1 + n - 36);
  return `（${n}）`;
}

/** The number a list item of `style` prints before its text (GB/T 9704 order: 一、（一）1.（1）, then ①). */
export function itemPrefix(style: ItemStyle, n: number): string {
  switch (style) {
    case 'cn':
      return `${chineseNumber(n)}、`;
    case 'paren':
      return `（${chineseNumber(n)}）`;
    case 'arabic':
      return `${n}.`;
    case 'arabic-paren':
      return `（${n}）`;
    case 'circled':
      return circled(n);
  }
}

/** `第{{n}}页` → the text before and after the number; null when {{n}} is not there exactly once. */
export function aroundPageNumber(style: string): { before: string; after: string } | null {
  const parts = style.split(/\{\{\s*n\s*\}\}/);
  return parts.length === 2 ? { before: parts[0]!, after: parts[1]! } : null;
}
