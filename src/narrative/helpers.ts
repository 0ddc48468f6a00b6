// The only helpers a template may call. Templates are data written by clerks:
// they get formatting and wording helpers, never code.
import type { HelperOptions } from 'handlebars';
import { Money } from '../model/money.js';
import type { Change } from '../figures/derive.js';
import { chineseDate, chineseNumber } from './format.js';
import { formatAmount, formatPercent } from '../numbers/number-format.js';
import { helperFormat } from '../numbers/helper-format.js';

const isChange = (v: unknown): v is Change => typeof v === 'object' && v !== null && 'direction' in v && 'diff' in v;
const toMoney = (v: unknown): Money | null => (v instanceof Money ? v : typeof v === 'number' || (typeof v === 'string' && v !== '') ? new Money(v) : null);

type Helper = (...args: unknown[]) => unknown;

export const helpers: Record<string, Helper> = {
  // money, pct, diff and delta take the number format's keys as hash options
  // ({{money x unit="元" thousands=true}}); the last argument is Handlebars' options
  /** an amount as the narrative writes it: 443.3 */
  money: (v, options) => {
    const f = helperFormat('money', options);
    const m = toMoney(v);
    return m ? formatAmount(m, f) : '';
  },
  /** a percentage without trailing zeros: 91.96%, 100% ({{pct p decimals=2 fixed=true}}: 91.96%, 100.00%) */
  pct: (v, options) => {
    const f = helperFormat('pct', options, true);
    const m = toMoney(v);
    return m ? formatPercent(m, f) : '—';
  },
  /** |change| in 万元 */
  diff: (c, options) => {
    const f = helperFormat('diff', options);
    return isChange(c) ? formatAmount(c.diff.abs(), f) : '';
  },
  /** 增加 / 减少 / 持平 */
  dir: (c) => (isChange(c) ? { up: '增加', down: '减少', flat: '持平' }[c.direction] : ''),
  /** 增长 / 下降 / 持平 */
  trend: (c) => (isChange(c) ? { up: '增长', down: '下降', flat: '持平' }[c.direction] : ''),
  /** 上年预算 / 上年执行数 (the wording of the standard explanation) */
  base: (c) => (isChange(c) ? (c.base === 'actual' ? '上年执行数' : '上年预算') : ''),
  /** 减少 333.42 万元 / 增加 2 万元 / 增加（减少）0 万元 — the form's wording when nothing changed */
  delta: (c, options) => {
    const f = helperFormat('delta', options);
    if (!isChange(c)) return '';
    return c.direction === 'flat' ? `增加（减少）0 ${f.unit}` : `${c.direction === 'up' ? '增加' : '减少'} ${formatAmount(c.diff.abs(), f)} ${f.unit}`;
  },
  changed: (c) => isChange(c) && c.direction !== 'flat',
  /** 2026-03 → 二〇二六年三月, 2026-03-05 → 二〇二六年三月五日 (the way covers print a date) */
  cnDate: (d) => {
    if (typeof d !== 'string') return '';
    const digits = '〇一二三四五六七八九';
    const [y, m, day] = d.split('-');
    const year = [...(y ?? '')].map((c) => digits[Number(c)] ?? c).join('');
    return `${year}年${chineseNumber(Number(m))}月${day === undefined ? '' : `${chineseNumber(Number(day))}日`}`;
  },
  /** a text without an ending it has: {{trimEnd name "支出"}} (一般公共服务支出 → 一般公共服务) */
  trimEnd: (s, end) => (typeof s === 'string' && typeof end === 'string' && end !== '' && s.endsWith(end) ? s.slice(0, -end.length) : s),
  /** part of a text: {{slice code 0 3}} (a 项's 类 code) */
  slice: (s, a, b) => (typeof s === 'string' ? s.slice(Number(a), typeof b === 'number' || typeof b === 'string' ? Number(b) : undefined) : ''),
  /** a count (vehicles, pieces of equipment): a whole number, 0 printed */
  count: (v) => {
    const m = toMoney(v);
    return m ? m.toFixed(0) : '';
  },
  /** the number of items of a list or of entries of a map */
  len: (v) => (Array.isArray(v) ? v.length : typeof v === 'object' && v !== null ? Object.keys(v).length : 0),
  /** a list joined with `sep`, its last item with `last`: {{joinAnd offices "、" "和"}} → 甲、乙和丙 */
  joinAnd: (list, sep, last) => {
    if (!Array.isArray(list)) return '';
    const items = list.map(String);
    const s = typeof sep === 'string' ? sep : '、';
    const l = typeof last === 'string' ? last : s;
    return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(s)}${l}${items[items.length - 1]}`;
  },
  /** 1 → 一 */
  cn: (n) => chineseNumber(Number(n)),
  /** @index → 一 (counting from 1) */
  cnIndex: (i) => chineseNumber(Number(i) + 1),
  inc: (i) => Number(i) + 1,
  /** {{date department.date}}: as much of the date as it has; {{date d "年月"}}: those parts only */
  date: (d, parts) => (typeof d === 'string' ? chineseDate(d, typeof parts === 'string' ? parts : undefined) : ''),
  /** join a list with 、 (or the given separator) */
  join: (list, sep) => (Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : '、') : ''),
  /** join one field of each item of a list */
  joinBy: (list, field, sep) =>
    Array.isArray(list)
      ? list
          .map((x) => (x && typeof x === 'object' ? String((x as Record<string, unknown>)[String(field)] ?? '') : ''))
          .join(typeof sep === 'string' ? sep : '、')
      : '',
  isZero: (v) => {
    const m = toMoney(v);
    return !m || m.isZero();
  },
  eq: (a, b) => a === b,
  /** a value the data gives (0 and empty text included): optional facts are tested with it */
  isDefined: (v) => v !== undefined && v !== null,
  gt: (a, b) => Number(a) > Number(b),
  and: (...args) => args.slice(0, -1).every(Boolean),
  or: (...args) => args.slice(0, -1).some(Boolean),
  not: (a) => !a,
  /** a signed head-count change: 减少 23 人 / 增加 1 人 / 增加或减少 0 人 */
  headcount: (n) => {
    const v = Number(n);
    return v > 0 ? `增加 ${v} 人` : v < 0 ? `减少 ${-v} 人` : '增加或减少 0 人';
  },
};

export type { HelperOptions };
