// Money is exact decimal: amounts are read from their YAML text and summed with
// decimal.js, so 102.46 + 172.3 + … is exactly 397.24, never 397.23999….
import Decimal from 'decimal.js';

export type Money = Decimal;
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export const ZERO: Money = new Money(0);

export const money = (v: number | string | Decimal): Money => new Money(v);

export const sum = (xs: readonly Money[]): Money => xs.reduce((a, b) => a.plus(b), ZERO);

/** A share or change as a percentage, rounded half-up to `places`. */
export const percent = (part: Money, whole: Money, places = 2): Money | null =>
  whole.isZero() ? null : part.div(whole).times(100).toDecimalPlaces(places, Decimal.ROUND_HALF_UP);

/** Decimals of a number as written: 172.3 → 1, 41.39 → 2. */
export const decimalsOf = (v: Money): number => Math.max(0, v.decimalPlaces());
