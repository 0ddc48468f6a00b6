// A figure against last year's: the difference, its percent and direction.
import type { Money } from '../model/money.js';
import { percent } from '../model/money.js';

export interface Change {
  readonly current: Money;
  readonly last: Money;
  /** current − last */
  readonly diff: Money;
  /** |diff| / last × 100, half-up to 2 decimals; null when last year was 0 */
  readonly percent: Money | null;
  readonly direction: 'up' | 'down' | 'flat';
  readonly base: 'budget' | 'actual';
}

export function change(current: Money, last: Money, base: 'budget' | 'actual' = 'budget'): Change {
  const diff = current.minus(last);
  return {
    current,
    last,
    diff,
    percent: percent(diff.abs(), last),
    direction: diff.isZero() ? 'flat' : diff.isPositive() ? 'up' : 'down',
    base,
  };
}
