// Schema validation whose every issue is reported at the YAML node it is about.
import { z } from 'zod';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { YamlSource } from '../source/yaml-source.js';
import { departmentSchemaFor, type DepartmentData } from './schema.js';
import { toJsWithSourceNumbers } from '../source/source-numbers.js';

export type Lang = 'zh' | 'en';

const CUSTOM: Record<string, Record<Lang, string>> = {
  'amount.negative': { zh: '金额不能为负数', en: 'an amount cannot be negative' },
  'amount.decimals': {
    zh: '金额最多保留两位小数（按数据的金额单位 department.unit）',
    en: 'an amount has at most two decimals (in the data’s unit, department.unit)',
  },
  'amount.not_number': {
    zh: '金额必须写成普通小数（如 401.91），不能是 0x1A、1e3、.inf、.nan 这类写法',
    en: 'an amount must be a plain decimal such as 401.91, not 0x1A, 1e3, .inf or .nan',
  },
  'date.impossible': { zh: '日期不存在', en: 'this date does not exist' },
  'extra.duplicate_id': { zh: 'extra_tables 中已有同名的表（id 不能重复）', en: 'extra_tables already has a table with this id' },
};

const AMOUNT_PATTERN = String(/^-?\d+(\.\d+)?$/);

/** Does the raw data have a value at `path`? (a missing field versus a wrong value) */
function present(raw: unknown, path: readonly PropertyKey[]): boolean {
  let v: unknown = raw;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, k as string)) return false;
    v = (v as Record<string, unknown>)[k as string];
  }
  return v !== undefined && v !== null;
}

const zhError = z.locales.zhCN().localeError;
const enError = z.locales.en().localeError;

export function validateDepartment(source: YamlSource, lang: Lang = 'zh'): { data: DepartmentData | null; diagnostics: Diagnostic[] } {
  // amounts are read from their source text, in the unit the data declares
  const raw = toJsWithSourceNumbers(source.doc);
  const unit = (raw as { department?: { unit?: unknown } } | null)?.department?.unit === '元' ? '元' : '万元';
  return validateYaml(departmentSchemaFor(unit), source, lang, 'schema', raw);
}

/**
 * Any YAML file against its zod schema, every issue at its node. `kind` names
 * the codes: `schema.*` for department data, `template.*` for template-set files.
 */
export function validateYaml<S extends z.ZodType>(
  schema: S,
  source: YamlSource,
  lang: Lang,
  kind: 'schema' | 'template',
  // many aliases are fine: parseYamlSource has refused documents whose aliases multiply
  raw: unknown = source.doc.toJS({ maxAliasCount: -1 }),
): { data: z.infer<S> | null; diagnostics: Diagnostic[] } {
  const r = schema.safeParse(raw, { error: lang === 'zh' ? zhError : enError });
  if (r.success) return { data: r.data, diagnostics: [] };
  // one problem per node: a malformed date is not also reported as an impossible one
  const seen = new Set<string>();
  const issues = r.error.issues.filter((issue) => {
    if (issue.code === 'unrecognized_keys') return true;
    const k = JSON.stringify(issue.path);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  // a misspelt key whose likely fix is a missing field: report the misspelling only
  const fixedBy = new Set<string>();
  for (const issue of issues)
    if (issue.code === 'unrecognized_keys')
      for (const key of issue.keys) {
        // `amount：832.04` (a full-width colon) is the key `amount` written wrong
        const near = nearest(key.split(/[：:]/)[0]!.trim(), keysAt(schema, issue.path));
        if (near) fixedBy.add(JSON.stringify([...issue.path, near]));
      }
  const diagnostics = issues
    .filter((issue) => !(issue.code !== 'unrecognized_keys' && fixedBy.has(JSON.stringify(issue.path)) && !present(raw, issue.path)))
    .map((issue): Diagnostic => {
      const path = issue.path;
      if (issue.code === 'unrecognized_keys') {
        const key = issue.keys[0]!;
        const near = nearest(key, keysAt(schema, path));
        return {
          severity: 'error',
          code: `${kind}.unknown_key`,
          message: lang === 'zh' ? `不认识的字段“${issue.keys.join('”“')}”` : `unknown key "${issue.keys.join('", "')}"`,
          ...(/[：:]/.test(key)
            ? {
                hint:
                  lang === 'zh'
                    ? '字段名和值之间要写半角冒号加空格（“: ”），不能用全角冒号“：”或省去空格'
                    : 'a key and its value are separated by “: ” (an ASCII colon and a space), not a full-width “：”',
              }
            : near
              ? { hint: lang === 'zh' ? `是不是“${near}”？` : `did you mean "${near}"?` }
              : {}),
          ...source.locate([...path, key], 'key'),
        };
      }
      const field = String(path[path.length - 1] ?? '');
      // `region: ~` or `region:` with nothing after it: the key is there, its value is not
      if (path.length && keyWithoutValue(raw, path))
        return {
          severity: 'error',
          code: `${kind}.empty_value`,
          message: lang === 'zh' ? `“${path.join('.')}”的值是空的` : `"${path.join('.')}" has an empty value`,
          hint:
            lang === 'zh'
              ? `在“${field}:”后写上值（~ 和空白都表示没有值）；不需要时删去这一行`
              : `write a value after "${field}:" (~ and nothing both mean no value); or delete the line`,
          ...source.locate(path, 'key'),
        };
      if (path.length && !present(raw, path))
        return {
          severity: 'error',
          code: `${kind}.missing_field`,
          message:
            lang === 'zh' ? `“${path.slice(0, -1).join('.') || '文件'}”中缺少字段“${field}”` : `missing field "${field}" in "${path.slice(0, -1).join('.')}"`,
          hint: lang === 'zh' ? `在这一段中补上“${field}:”` : `add "${field}:" here`,
          ...source.locate(path.slice(0, -1)),
        };
      const isAmount = (i: unknown): boolean => {
        const x = i as { code?: string; pattern?: string; expected?: string; errors?: { expected?: string }[][] };
        if (x.code === 'invalid_format') return x.pattern === AMOUNT_PATTERN;
        // the amount is the schema's only number-or-string union (e.g. .inf, .nan)
        const expected = new Set(x.errors?.flat().map((e) => e.expected));
        return x.code === 'invalid_union' && (!!x.errors?.some((es) => es.some(isAmount)) || (expected.has('number') && expected.has('string')));
      };
      const typed = typedValue(valueAt(raw, path), field, lang);
      if (typed)
        return {
          severity: 'error',
          code: `${kind}.${typed.code}`,
          message: `${lang === 'zh' ? `“${path.join('.')}”：` : `"${path.join('.')}": `}${typed.message}`,
          hint: typed.hint,
          ...source.locate(path),
        };
      if (isAmount(issue))
        return {
          severity: 'error',
          code: 'schema.amount_not_number',
          message:
            lang === 'zh'
              ? `“${path.join('.')}”：金额必须是数字（单位万元，不写“万元”和逗号）`
              : `"${path.join('.')}": an amount must be a number (万元, no unit, no commas)`,
          hint: lang === 'zh' ? '例如 401.91' : 'e.g. 401.91',
          ...source.locate(path),
        };
      const tooShort = issue as { code: string; origin?: string; minimum?: unknown };
      if (tooShort.code === 'too_small' && tooShort.origin === 'string' && Number(tooShort.minimum) === 1)
        return {
          severity: 'error',
          code: `${kind}.empty_text`,
          message: lang === 'zh' ? `“${path.join('.')}”不能为空` : `"${path.join('.')}" must not be empty`,
          hint: lang === 'zh' ? '在冒号后写上文字' : 'write the text after the colon',
          ...source.locate(path),
        };
      const custom = CUSTOM[issue.message];
      const code = custom ? `${kind}.${issue.message.replace('.', '_')}` : kind === 'template' ? 'template.invalid_value' : `schema.${issue.code}`;
      const where = path.length ? (lang === 'zh' ? `“${path.join('.')}”：` : `"${path.join('.')}": `) : '';
      const plain = custom ? null : plainIssue(issue, lang);
      const keyIssue = issue.code === 'invalid_key';
      return {
        severity: 'error',
        code,
        message: `${where}${custom ? custom[lang] : (plain?.message ?? issue.message)}`,
        ...(plain?.hint ? { hint: plain.hint } : {}),
        ...source.locate(path, keyIssue ? 'key' : 'value'),
      };
    });
  return { data: null, diagnostics };
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k as string];
  }
  return v;
}

/** The key is written but its value is `~`, `null` or nothing. */
function keyWithoutValue(raw: unknown, path: readonly PropertyKey[]): boolean {
  const parent = valueAt(raw, path.slice(0, -1));
  const k = path[path.length - 1] as string;
  return (
    parent !== null &&
    typeof parent === 'object' &&
    !Array.isArray(parent) &&
    Object.prototype.hasOwnProperty.call(parent, k) &&
    (parent as Record<string, unknown>)[k] === null
  );
}

const toAscii = (s: string) => s.replace(/[０-９．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[，,\s]/g, '');

/** A number as clerks type it where a plain one is needed: full-width digits, a thousands separator, a percent sign. */
function typedValue(v: unknown, field: string, lang: Lang): { code: string; message: string; hint: string } | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  const zh = lang === 'zh';
  if (/[０-９]/.test(t) && /^[-－]?[０-９0-9.．,，]+[%％]?$/.test(t))
    return {
      code: 'fullwidth_digits',
      message: zh ? `“${t}”是全角数字` : `“${t}” is written in full-width digits`,
      hint: zh ? `写作半角数字 ${toAscii(t)}（关掉输入法的全角模式）` : `write ${toAscii(t)} in ASCII digits (switch the input method to half-width)`,
    };
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t))
    return {
      code: 'thousands_separator',
      message: zh ? `“${t}”中有千位分隔符（逗号）` : `“${t}” has a thousands separator`,
      hint: zh ? `写作 ${t.replace(/,/g, '')}` : `write ${t.replace(/,/g, '')}`,
    };
  if (/percent/.test(field) || /^-?\d+(\.\d+)?\s*[%％]$/.test(t))
    return /^-?\d+(\.\d+)?\s*[%％]$/.test(t)
      ? {
          code: 'percent_sign',
          message: zh ? `百分数只写数字，不写“%”` : 'a percentage is written without “%”',
          hint: zh ? `写作 ${t.replace(/\s*[%％]$/, '')}` : `write ${t.replace(/\s*[%％]$/, '')}`,
        }
      : {
          code: 'percent_not_number',
          message: zh ? '百分数必须是数字（不写“%”）' : 'a percentage must be a number (without “%”)',
          hint: zh ? '例如 42.98' : 'e.g. 42.98',
        };
  return null;
}

/** Formats a clerk writes, described by an example, never by the pattern that checks them. */
const FORMATS: Record<string, [string, string]> = {
  [String(/^\d{7}$/)]: ['应为 7 位数字的功能分类科目编码，如 "2080101"', 'a 7-digit function code such as "2080101"'],
  [String(/^(\d{3}|\d{5}|\d{7})$/)]: [
    '应为 3、5 或 7 位数字的功能分类编码，如 "208"、"20801"、"2080101"',
    'a function code of 3, 5 or 7 digits such as "208", "20801", "2080101"',
  ],
  [String(/^\d{5}$/)]: ['应为 5 位数字的经济分类科目编码，如 "30101"', 'a 5-digit economic code such as "30101"'],
  [String(/^\d{3}$/)]: ['应为 3 位数字的经济分类编码，如 "301"', 'a 3-digit economic code such as "301"'],
  [String(/^(\d{3}|\d{5})$/)]: ['应为 3 或 5 位数字的经济分类编码，如 "301" 或 "30101"', 'an economic code of 3 or 5 digits such as "301" or "30101"'],
  [String(/^\d{4}$/)]: ['应为 4 位数字的年份，如 "2020"', 'a 4-digit year such as "2020"'],
  [String(/^\d{4}-\d{2}-\d{2}$/)]: ['日期写作 年-月-日，如 2020-07-20', 'a date is written year-month-day, e.g. 2020-07-20'],
  [String(/^[A-Za-z][\w-]*$/)]: [
    '应以英文字母开头，只含字母、数字、_ 和 -，如 unit_a',
    'starts with a letter and has letters, digits, _ and - only, e.g. unit_a',
  ],
};

const TYPE_NAMES: Record<string, [string, string]> = {
  number: ['数字', 'a number'],
  string: ['文字', 'text'],
  array: ['列表（每项以“- ”开头）', 'a list (items starting with “- ”)'],
  object: ['一组字段（下一行缩进写“字段: 值”）', 'a map (indented “key: value” lines below)'],
  boolean: ['true 或 false', 'true or false'],
  int: ['整数', 'a whole number'],
};
const typeName = (t: string | undefined, lang: Lang) => (TYPE_NAMES[t ?? ''] ?? [t ?? '?', t ?? '?'])[lang === 'zh' ? 0 : 1];

/** The common schema issues in the clerk's words (zod's own sentences show patterns and English type names). */
function plainIssue(issue: z.core.$ZodIssue, lang: Lang): { message: string; hint?: string } | null {
  const zh = lang === 'zh';
  const i = issue as {
    code: string;
    pattern?: string;
    expected?: string;
    values?: unknown[];
    minimum?: unknown;
    maximum?: unknown;
    origin?: string;
    format?: string;
    input?: unknown;
  };
  switch (i.code) {
    case 'invalid_format': {
      const f = i.pattern ? FORMATS[i.pattern] : undefined;
      return { message: f ? f[zh ? 0 : 1] : zh ? '格式不对' : 'the format is wrong' };
    }
    case 'invalid_key': {
      const inner = (issue as { issues?: { pattern?: string }[] }).issues?.find((x) => x.pattern);
      const f = inner?.pattern ? FORMATS[inner.pattern] : undefined;
      return { message: zh ? `这个字段名不对${f ? `：${f[0]}` : ''}` : `this key is wrong${f ? `: ${f[1]}` : ''}` };
    }
    case 'invalid_type': {
      const got = i.input === null || i.input === undefined ? null : Array.isArray(i.input) ? 'array' : typeof i.input;
      return {
        message: zh
          ? `应为${typeName(i.expected, lang)}${got ? `，这里是${typeName(got, lang)}` : ''}`
          : `expected ${typeName(i.expected, lang)}${got ? `, found ${typeName(got, lang)}` : ''}`,
      };
    }
    case 'invalid_value':
      return i.values?.length ? { message: zh ? `只能是：${i.values.map(String).join('、')}` : `must be one of: ${i.values.map(String).join(', ')}` } : null;
    case 'too_small':
      return i.origin === 'number' ? { message: zh ? `不能小于 ${String(i.minimum)}` : `must be at least ${String(i.minimum)}` } : null;
    case 'too_big':
      return i.origin === 'number' ? { message: zh ? `不能大于 ${String(i.maximum)}` : `must be at most ${String(i.maximum)}` } : null;
    default:
      return null;
  }
}

/** The keys a strict object of the schema allows at `path` (numeric steps go into arrays and records). */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s: unknown = schema;
  const unwrap = (x: unknown): unknown => {
    for (let i = 0; i < 10; i++) {
      const def = (x as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
      if (!def) return x;
      if (def.innerType) x = def.innerType;
      else if (def.type === 'pipe') x = def.in;
      else if (def.type === 'lazy') x = (def.getter as () => unknown)();
      else return x;
    }
    return x;
  };
  for (const step of path) {
    s = unwrap(s);
    const def = (s as { _zod: { def: Record<string, unknown> } })._zod.def;
    if (def.type === 'object') s = (def.shape as Record<string, unknown>)[String(step)];
    else if (def.type === 'array') s = def.element;
    else if (def.type === 'record') s = def.valueType;
    else return [];
    if (!s) return [];
  }
  s = unwrap(s);
  const def = (s as { _zod?: { def: Record<string, unknown> } })._zod?.def;
  return def?.type === 'object' ? Object.keys(def.shape as object) : [];
}

/** The allowed key closest to a typo, if it is close enough to be a likely fix. */
export function nearest(key: string, keys: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of keys) {
    const d = editDistance(key, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return dp[b.length]!;
}
