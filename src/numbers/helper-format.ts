// The number format of one narrative helper call: the built-in narrative
// default → the template set's (read from the context, never from process
// state: one env renders every department and set) → the call's hash options
// {{money x unit="元" decimals=0 thousands=true}}.
import { numberFormatSchema, NARRATIVE_DEFAULT, zeroStyles, type NumberFormat, type ResolvedFormat } from './number-format.js';
import { resolveFormat } from './number-format.js';
import { HelperArgumentError } from './helper-error.js';

/**
 * The narrative context key holding the set's numbers.yaml `narrative` format
 * (a NumberFormat). Whoever builds the context puts it there; without it the
 * helpers use NARRATIVE_DEFAULT.
 */
export const NUMBER_FORMAT_KEY = 'numberFormat';

interface CallOptions {
  hash?: Record<string, unknown>;
  data?: { root?: Record<string, unknown> };
  loc?: { start?: { line?: number; column?: number } };
}

const isOptions = (v: unknown): v is CallOptions => typeof v === 'object' && v !== null && 'hash' in v;

const allowed: Record<string, [zh: string, en: string]> = {
  unit: ['元、万元 或 亿元', '元, 万元 or 亿元'],
  decimals: ['0～6 的整数', 'a whole number 0 to 6'],
  percent_decimals: ['0～6 的整数', 'a whole number 0 to 6'],
  fixed: ['true 或 false', 'true or false'],
  thousands: ['true 或 false', 'true or false'],
  percent_fixed: ['true 或 false', 'true or false'],
  percent_thousands: ['true 或 false', 'true or false'],
  zero: [zeroStyles.join('、'), zeroStyles.join(', ')],
  negative: ['minus 或 parens', 'minus or parens'],
};

const example = (helper: string) => (helper === 'pct' ? '{{pct p decimals=1 fixed=true}}' : `{{${helper} x unit="元" decimals=0 thousands=true}}`);

const shown = (v: unknown) => (typeof v === 'string' ? `"${v}"` : String(v));

/** In {{pct p decimals=1 fixed=true}}, decimals and fixed are those of the percentage. */
const asPercent = ({ decimals, fixed, ...rest }: NumberFormat): NumberFormat => ({
  ...rest,
  ...(decimals !== undefined ? { percent_decimals: decimals } : {}),
  ...(fixed !== undefined ? { percent_fixed: fixed } : {}),
});

/**
 * The resolved format of a helper call (`percent`: the call prints a
 * percentage); a bad hash option throws a located HelperArgumentError.
 */
export function helperFormat(helper: string, options: unknown, percent = false): ResolvedFormat {
  const o = isOptions(options) ? options : {};
  const setDefault = o.data?.root?.[NUMBER_FORMAT_KEY] as NumberFormat | undefined;
  const hash = o.hash ?? {};
  if (Object.keys(hash).length === 0) return resolveFormat(NARRATIVE_DEFAULT, setDefault);
  const r = numberFormatSchema.safeParse(hash);
  if (r.success) return resolveFormat(NARRATIVE_DEFAULT, setDefault, percent ? asPercent(r.data) : r.data);
  const keys = Object.keys(allowed).join(' ');
  const unknown = Object.keys(hash).find((k) => !(k in allowed));
  if (unknown !== undefined)
    throw new HelperArgumentError(
      `{{${helper}}} 没有选项“${unknown}”`,
      `{{${helper}}} has no option “${unknown}”`,
      `可用的选项：${keys}`,
      `options: ${keys}`,
      o.loc,
    );
  const bad = r.error.issues[0]!.path[0] as string;
  const [zh, en] = allowed[bad]!;
  throw new HelperArgumentError(
    `{{${helper}}} 的选项 ${bad}=${shown(hash[bad])} 不可用：应为 ${zh}`,
    `{{${helper}}}: ${bad}=${shown(hash[bad])} is not allowed: use ${en}`,
    `例如 ${example(helper)}（数字和 true/false 不加引号）`,
    `e.g. ${example(helper)} (numbers and true/false unquoted)`,
    o.loc,
  );
}
