// disclosure convert: YAML → workbook and workbook → YAML. Only valid data is
// converted (a problem is reported where it is, and nothing is written), so
// the result builds exactly as its source does.
import { stringify } from 'yaml';
import { tr, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';
import { SourceNumber } from '../source/source-numbers.js';
import { readDepartmentSource, validateDepartmentSource } from '../model/department-source.js';
import { workbookBytes } from '../model/workbook/write-workbook.js';

/** The schema's order of the top-level keys, so a converted YAML reads like a clerk's. */
const KEY_ORDER = [
  'department',
  'expenditure_types',
  'units',
  'overview',
  'income',
  'expenditure',
  'basic_by_economic',
  'project_listing',
  'project_count',
  'performance',
  'projects',
  'explanation',
  'three_public',
  'meetings_training',
  'operating_costs',
  'procurement',
  'last_year',
  'assets',
  'extra_tables',
];

export async function yamlToWorkbook(file: string, text: string, lang: Lang = 'zh'): Promise<{ bytes: Uint8Array } | { diagnostics: Diagnostic[] }> {
  const src = await readDepartmentSource(file, text, lang);
  const v = validateDepartmentSource(src, lang);
  if (!v.data) return { diagnostics: v.diagnostics };
  const units = ((src.raw as { units?: { file?: unknown }[] }).units ?? []).map((u, i) => [u, i] as const).filter(([u]) => u.file !== undefined);
  if (units.length)
    return {
      diagnostics: units.map(([u, i]) => ({
        severity: 'error' as const,
        code: 'workbook.unit_file',
        message: tr(
          lang,
          `单位的数据在文件 ${String(u.file)} 中，工作簿不能引用文件`,
          `this unit's facts are in ${String(u.file)}; a workbook cannot refer to files`,
        ),
        hint: tr(
          lang,
          '先把单位文件中的 income、expenditure、basic_by_economic 并入部门数据',
          "merge the unit file's income, expenditure and basic_by_economic into the department's data first",
        ),
        ...src.source!.locate(['units', i, 'file']),
      })),
    };
  return { bytes: await workbookBytes(src.raw) };
}

const plain = (v: unknown): unknown => {
  if (v instanceof SourceNumber) return Number(v.text);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
};

export async function workbookToYaml(file: string, bytes: Uint8Array, lang: Lang = 'zh'): Promise<{ text: string } | { diagnostics: Diagnostic[] }> {
  const src = await readDepartmentSource(file, '', lang, bytes);
  const v = validateDepartmentSource(src, lang);
  if (!v.data) return { diagnostics: v.diagnostics };
  const raw = src.raw as Record<string, unknown>;
  const ordered = Object.fromEntries(
    [...KEY_ORDER.filter((k) => k in raw), ...Object.keys(raw).filter((k) => !KEY_ORDER.includes(k))].map((k) => [k, plain(raw[k])]),
  );
  const unit = (raw.department as { unit?: string } | undefined)?.unit ?? '万元';
  return { text: `# 由工作簿转换 converted from a workbook；金额单位：${unit}\n${stringify(ordered, { lineWidth: 0 })}` };
}
