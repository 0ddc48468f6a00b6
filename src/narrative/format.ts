// How figures and dates are written in a disclosure. Shared by the narrative
// helpers and the table layouts so a figure prints the same everywhere.
// Amounts go through src/numbers, the one place that rounds and writes figures.
import type { Money } from '../model/money.js';
import { formatAmount } from '../numbers/number-format.js';

/** 443.30 → "443.3", 2 → "2", 0.5 → "0.5": the way the narrative writes 万元 (as is, no unit conversion). */
export const plainAmount = (m: Money, places = 2): string => formatAmount(m, { decimals: places, fixed: false, zero: 'fixed' });

/** 443.3 → "443.30": the way most tables write 万元. */
export const fixedAmount = (m: Money, places = 2): string => formatAmount(m, { decimals: places, fixed: true, zero: 'fixed' });

const DIGITS = '零一二三四五六七八九';

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999) return String(n);
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  const rest = n % 100;
  return `${DIGITS[Math.floor(n / 100)]}百${rest === 0 ? '' : rest < 10 ? `零${DIGITS[rest]}` : rest < 20 ? `一${chineseNumber(rest)}` : chineseNumber(rest)}`;
}

/**
 * "2020-07-20" → "2020 年 7 月 20 日"; a month "2024-04" → "2024 年 4 月", a year → "2024 年".
 * `parts` (any of 年 月 日, in that order: 年月, 月日 …) prints only those parts of a fuller date.
 */
export function chineseDate(iso: string, parts = '年月日'): string {
  const [y, m, d] = iso.split('-').map(Number);
  const pieces: [string, number | undefined][] = [
    ['年', y],
    ['月', m],
    ['日', d],
  ];
  return pieces
    .filter(([unit, v]) => v !== undefined && !Number.isNaN(v) && parts.includes(unit))
    .map(([unit, v]) => `${v} ${unit}`)
    .join(' ');
}
