// Schema validation whose every issue is reported at the YAML node it is about.
import { z } from 'zod';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { YamlSource } from '../source/yaml-source.js';
import { departmentSchema, type DepartmentData } from './schema.js';

export type Lang = 'zh' | 'en';

const CUSTOM: Record<string, Record<Lang, string>> = {
  'amount.negative': { zh: '金额不能为负数', en: 'an amount cannot be negative' },
  'amount.decimals': { zh: '金额最多保留两位小数（万元）', en: 'an amount has at most two decimals (万元)' },
  'date.impossible': { zh: '日期不存在', en: 'this date does not exist' },
};

const zhError = z.locales.zhCN().localeError;
const enError = z.locales.en().localeError;

export function validateDepartment(
  source: YamlSource,
  lang: Lang = 'zh',
): { data: DepartmentData | null; diagnostics: Diagnostic[] } {
  const r = departmentSchema.safeParse(source.doc.toJS(), { error: lang === 'zh' ? zhError : enError });
  if (r.success) return { data: r.data, diagnostics: [] };
  const diagnostics = r.error.issues.map((issue): Diagnostic => {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      const near = nearest(key, keysAt(departmentSchema, path));
      return {
        severity: 'error',
        code: 'schema.unknown_key',
        message: lang === 'zh' ? `不认识的字段“${issue.keys.join('”“')}”` : `unknown key "${issue.keys.join('", "')}"`,
        ...(near ? { hint: lang === 'zh' ? `是不是“${near}”？` : `did you mean "${near}"?` } : {}),
        ...source.locate([...path, key]),
      };
    }
    const custom = CUSTOM[issue.message];
    const code =
      issue.code === 'invalid_type' && issue.input === undefined
        ? 'schema.missing_field'
        : custom
          ? `schema.${issue.message.replace('.', '_')}`
          : `schema.${issue.code}`;
    const where = path.length ? `“${path.join('.')}”：` : '';
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
function nearest(key: string, keys: string[]): string | undefined {
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
