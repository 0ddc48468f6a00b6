// How exports vary in writing the same words: spaces inside labels (收 入),
// full-width spaces for indentation, ordinals (一、), years and table numbers
// before titles. Compared after these are taken away.
import { Money, ZERO } from '../../model/money.js';
import { amountText } from '../../model/workbook/cells.js';

export const squeeze = (s: string): string => s.replace(/[\s\u3000]+/g, '');

/** a row label without its ordinal or indentation: “一、一般公共预算” → 一般公共预算 */
export const labelKey = (s: string): string =>
  squeeze(s)
    .replace(/^[-—－–]+$/, '')
    .replace(/^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])/, '')
    .replace(/^其中[:：]/, '');

/** a title without year, table number and template fields: “公开01表 2025年部门收支总表” → 部门收支总表 */
export const titleKey = (s: string): string =>
  squeeze(s.replace(/\{\{[^}]*\}\}(?:\s*年度?)?/g, ''))
    .replace(/\d{4}年度?/g, '')
    .replace(/^(?:(?:附表|公开|表)[\d一二三四五六七八九十]+表?|\d+(?=[-—－:：、.．]))[-—－:：、.．]?/, '')
    .replace(/[“”"]/g, '');

export const yearIn = (s: string): number | undefined => {
  const m = /(\d{4})年/.exec(s);
  return m ? Number(m[1]) : undefined;
};

/** an amount as exports print it: a number, or text with separators; "-", "—" or nothing for zero */
export function parseAmount(v: unknown): Money | 'bad' {
  if (v === undefined || v === null) return ZERO;
  if (typeof v === 'number') return Number.isFinite(v) ? new Money(amountText(v)) : 'bad';
  const t = squeeze(String(v)).replace(/[,，]/g, '');
  if (t === '' || /^[-—－–]+$/.test(t)) return ZERO;
  if (/^-?\d+(\.\d+)?$/.test(t)) return new Money(t);
  return 'bad';
}

/** a printed code in any of its spellings (2080101, 208 01 01, 208-01-01) as digits; '' when it is not one */
export const codeDigits = (s: string): string => {
  const t = squeeze(s).replace(/[-—.．]/g, '');
  return /^\d+$/.test(t) ? t : '';
};

/** the digits of a row's code cells together: a code repeated over 类/款/项 (merged, or copied unmerged) counts once; 款 01 | 项 01 are two */
export const codeParts = (texts: readonly string[]): string[] => texts.map(codeDigits).filter((p, i, a) => !(i > 0 && p.length >= 3 && p === a[i - 1]));
