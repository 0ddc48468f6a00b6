// Schema validation whose every issue is reported at the YAML node it is about.
import { z } from 'zod';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { YamlSource } from '../source/yaml-source.js';
import { departmentSchemaFor, type DepartmentData } from './schema.js';
import { toJsWithSourceNumbers } from '../source/source-numbers.js';

export type Lang = 'zh' | 'en';

const CUSTOM: Record<string, Record<Lang, string>> = {
  'amount.negative': { zh: '金额不能为负数', en: 'an amount cannot be negative' },
  'amount.decimals': { zh: '金额最多保留两位小数（按数据的金额单位 department.unit）', en: 'an amount has at most two decimals (in the data’s unit, department.unit)' },
  'amount.not_number': { zh: '金额必须写成普通小数（如 401.91），不能是 0x1A、1e3、.inf、.nan 这类写法', en: 'an amount must be a plain decimal such as 401.91, not 0x1A, 1e3, .inf or .nan' },
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

export function validateDepartment(
  source: YamlSource,
  lang: Lang = 'zh',
): { data: DepartmentData | null; diagnostics: Diagnostic[] } {
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
  raw: unknown = source.doc.toJS(),
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
        const near = nearest(key, keysAt(schema, issue.path));
        if (near) fixedBy.add(JSON.stringify([...issue.path, near]));
      }
  const diagnostics = issues.filter((issue) => !(issue.code !== 'unrecognized_keys' && fixedBy.has(JSON.stringify(issue.path)) && !present(raw, issue.path))).map((issue): Diagnostic => {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      const near = nearest(key, keysAt(schema, path));
      return {
        severity: 'error',
        code: `${kind}.unknown_key`,
        message: lang === 'zh' ? `不认识的字段“${issue.keys.join('”“')}”` : `unknown key "${issue.keys.join('", "')}"`,
        ...(near ? { hint: lang === 'zh' ? `是不是“${near}”？` : `did you mean "${near}"?` } : {}),
        ...source.locate([...path, key], 'key'),
      };
    }
    const field = String(path[path.length - 1] ?? '');
    if (path.length && !present(raw, path))
      return {
        severity: 'error',
        code: `${kind}.missing_field`,
        message: lang === 'zh' ? `“${path.slice(0, -1).join('.') || '文件'}”中缺少字段“${field}”` : `missing field "${field}" in "${path.slice(0, -1).join('.')}"`,
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
    if (isAmount(issue))
      return {
        severity: 'error',
        code: 'schema.amount_not_number',
        message: lang === 'zh' ? `“${path.join('.')}”：金额必须是数字（单位万元，不写“万元”和逗号）` : `"${path.join('.')}": an amount must be a number (万元, no unit, no commas)`,
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
    const code = custom
      ? `${kind}.${issue.message.replace('.', '_')}`
      : kind === 'template'
        ? 'template.invalid_value'
        : `schema.${issue.code}`;
    const where = path.length ? (lang === 'zh' ? `“${path.join('.')}”：` : `"${path.join('.')}": `) : '';
    return {
      severity: 'error',
      code,
      message: `${where}${custom ? custom[lang] : issue.message}`,
      ...source.locate(path),
    };
  });
  return { data: null, diagnostics };
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
