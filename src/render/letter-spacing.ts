// Labels spaced out for print ("收 入 总 计", "目  录", "项 目 支 出 绩 效 目 标 表")
// are drawn as the characters alone with character spacing, in both formats:
// the page looks the same, and search, screen readers and checking tools read
// 收入总计 (an independent checker of published budgets missed our totals
// because of those spaces). A label qualifies when it is single Han characters
// separated by one and the same run of spaces (ASCII or U+3000).

export interface LetterSpaced {
  /** the characters alone */
  readonly text: string;
  /** the spaces that stood between each two of them */
  readonly gap: string;
}

const SEPARATOR = /[ \u3000]+/u;
const HAN = /^\p{Script=Han}$/u;

export function letterSpaced(text: string): LetterSpaced | null {
  if (!text.includes(' ') && !text.includes('\u3000')) return null;
  const parts = text.split(/([ \u3000]+)/u);
  // char, sep, char, sep, …, char
  if (parts.length < 3) return null;
  const gap = parts[1]!;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (i % 2 === 0 ? !HAN.test(p) : p !== gap || !SEPARATOR.test(p)) return null;
  }
  return { text: parts.filter((_, i) => i % 2 === 0).join(''), gap };
}

/** The gap's width in em as Word draws it: an ASCII space in the Latin face (a quarter em), U+3000 a full em. */
export const docxGapEm = (gap: string): number => [...gap].reduce((s, ch) => s + (ch === '\u3000' ? 1 : 0.25), 0);
