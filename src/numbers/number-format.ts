// How a figure is printed: unit, decimals, separators, zeros and negatives.
// One module for tables and narrative helpers, so a figure prints the same
// wherever a template set asks for the same format. Every printed figure is
// rounded half-up from its exact value (totals too); nothing is re-summed
// after rounding.
import { z } from 'zod';
import { Money } from '../model/money.js';

export const unitSchema = z.enum(['元', '万元', '亿元']);
export type Unit = z.infer<typeof unitSchema>;

/** How an exact zero prints: '' | "0" | like any figure ("0.00") | "-" | "—". */
export const zeroStyles = ['blank', '0', 'fixed', 'dash', 'em_dash'] as const;

/**
 * Every key optional: formats are layers (set default → table → column, or
 * set default → helper call), each saying only what it changes.
 */
export const numberFormatSchema = z.strictObject({
  /** amounts are kept in 万元; 元 is × 10000, 亿元 ÷ 10000, both exact */
  unit: unitSchema.optional(),
  decimals: z.number().int().min(0).max(6).optional(),
  /** true: always `decimals` places (443.30); false: trailing zeros dropped (443.3) */
  fixed: z.boolean().optional(),
  /** 13,377.11 */
  thousands: z.boolean().optional(),
  // YAML and Handlebars both read a bare 0 as a number
  zero: z.union([z.enum(zeroStyles), z.literal(0).transform(() => '0' as const)]).optional(),
  /** -12.00 or (12.00) */
  negative: z.enum(['minus', 'parens']).optional(),
  percent_decimals: z.number().int().min(0).max(6).optional(),
  percent_fixed: z.boolean().optional(),
  /** thousands separators in percentages (1,009.71%); left out: as `thousands` says */
  percent_thousands: z.boolean().optional(),
  /**
   * shares and changes (qshare, chg) from the exact amounts (default) or from the amounts as printed
   * (rounded to `decimals` in `unit`), as documents that compute from their printed 万元 figures do
   */
  percent_from: z.enum(['exact', 'printed']).optional(),
});

export type NumberFormat = z.infer<typeof numberFormatSchema>;
export type ResolvedFormat = Required<Omit<NumberFormat, 'percent_thousands' | 'percent_from'>> & {
  percent_thousands?: boolean | undefined;
  percent_from?: 'exact' | 'printed' | undefined;
};

/** What a key left out everywhere means; the table and narrative defaults are layers on it. */
export const BASE_FORMAT: ResolvedFormat = {
  unit: '万元',
  decimals: 2,
  fixed: true,
  thousands: false,
  zero: 'fixed',
  negative: 'minus',
  percent_decimals: 2,
  percent_fixed: false,
};

/** Tables as printed so far: 443.30, zeros left blank. */
export const TABLE_DEFAULT: NumberFormat = { unit: '万元', decimals: 2, fixed: true, thousands: false, zero: 'blank' };

/** The narrative as written so far: 443.3 万元, 0 万元, 91.96%, 100%. */
export const NARRATIVE_DEFAULT: NumberFormat = {
  unit: '万元',
  decimals: 2,
  fixed: false,
  thousands: false,
  zero: '0',
  percent_decimals: 2,
  percent_fixed: false,
};

// formats resolveFormat made: formatAmount need not resolve them again (a table prints thousands of cells)
const resolved = new WeakSet<object>();

/** Later layers override earlier ones, key by key; keys a layer leaves out (or sets undefined) fall through. */
export function resolveFormat(...layers: readonly (NumberFormat | undefined)[]): ResolvedFormat {
  const out: Record<string, unknown> = { ...BASE_FORMAT };
  for (const layer of layers) for (const [k, v] of Object.entries(layer ?? {})) if (v !== undefined) out[k] = v;
  resolved.add(out);
  return out as ResolvedFormat;
}

const full = (fmt: NumberFormat): ResolvedFormat => (resolved.has(fmt) ? (fmt as ResolvedFormat) : resolveFormat(fmt));

const SCALE: Record<Unit, Money> = { 元: new Money(10000), 万元: new Money(1), 亿元: new Money('0.0001') };

/** An amount as a format prints it, back in 万元: rounded half-up to `decimals` in the format's unit (16,474.82 万元 in 亿元, 2 places: 1.65 亿元 = 16,500 万元). */
export function printedValue(v: Money, fmt: NumberFormat): Money {
  const f = full(fmt);
  return v.times(SCALE[f.unit]).toDecimalPlaces(f.decimals, Money.ROUND_HALF_UP).div(SCALE[f.unit]);
}

/** An amount kept in 万元, expressed in `unit` (exact: 397.24 万元 is 3972400 元, never 3972399.9999). */
export const toUnit = (wan: Money, unit: Unit): Money => wan.times(SCALE[unit]);

/** An amount written in `unit`, back in 万元 (exact). */
export const fromUnit = (m: Money, unit: Unit): Money => m.div(SCALE[unit]);

/** "1234567.891" → "1,234,567.891": separators in the integer part only. */
const groupThousands = (s: string): string => {
  const [int, frac] = s.split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
};

/** |v| rounded half-up and written per `fixed`/`thousands`, with the sign style applied. */
function digits(v: Money, decimals: number, fixed: boolean, fmt: ResolvedFormat): string {
  // half-up is away from zero: -2.345 → -2.35
  let s = v.toFixed(decimals, Money.ROUND_HALF_UP);
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1);
  if (!fixed && s.includes('.')) s = s.replace(/\.?0+$/, '');
  if (fmt.thousands) s = groupThousands(s);
  // a figure that rounds to zero is printed unsigned: never "-0.00"
  if (negative && /[1-9]/.test(s)) return fmt.negative === 'parens' ? `(${s})` : `-${s}`;
  return s;
}

const ZERO_TEXT: Record<Exclude<ResolvedFormat['zero'], 'fixed'>, string> = { blank: '', '0': '0', dash: '-', em_dash: '—' };

/** An amount kept in 万元, printed in the format's unit. */
export function formatAmount(wan: Money, fmt: NumberFormat): string {
  const f = full(fmt);
  if (wan.isZero() && f.zero !== 'fixed') return ZERO_TEXT[f.zero];
  return digits(toUnit(wan, f.unit), f.decimals, f.fixed, f);
}

/**
 * A percentage (91.96 for 91.96%) with `percent_decimals`/`percent_fixed`;
 * `null` (a share of nothing) prints "—". `zero` does not apply: 0% is a figure.
 */
export function formatPercent(p: Money | null, fmt: NumberFormat): string {
  if (p === null) return '—';
  const f = full(fmt);
  return `${digits(p, f.percent_decimals, f.percent_fixed, f.percent_thousands === undefined ? f : { ...f, thousands: f.percent_thousands })}%`;
}
