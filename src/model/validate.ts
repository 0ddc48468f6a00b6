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
      return {
        severity: 'error',
        code: 'schema.unknown_key',
        message: lang === 'zh' ? `不认识的字段“${issue.keys.join('”“')}”` : `unknown key "${issue.keys.join('", "')}"`,
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
