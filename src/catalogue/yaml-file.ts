// The YAML form of a catalogue (data/catalogue/2020.yaml). In a later layer
// every key is optional: a bureau's 2025.yaml may only add codes, or only say
// which 类 are left out of 表一.
import { z } from 'zod';
import { tr, type Lang } from '../diagnostics/diagnostic.js';
import { parseYamlSource } from '../source/yaml-source.js';
import { validateYaml } from '../model/validate.js';
import { decodeCatalogueText } from './csv.js';
import type { CatalogueEntry, FileContents } from './entries.js';

const name = z.string().trim().min(1);
const classCode = z.string().regex(/^\d{3}$/);

export const catalogueYamlSchema = z.strictObject({
  year: z.number().int().optional(),
  /** 支出功能分类: 类 3 digits, 款 5, 项 7 */
  functional: z.record(z.string().regex(/^(\d{3}|\d{5}|\d{7})$/), name).optional(),
  /** 功能分类 类 not listed line by line in 表一 and 表四 */
  not_in_summary: z.array(classCode).optional(),
  /** 部门预算支出经济分类: 类 3 digits, 款 5 */
  economic: z.record(z.string().regex(/^(\d{3}|\d{5})$/), name).optional(),
  /** 政府预算支出经济分类 (501 …): 类 3 digits, 款 5 */
  gov_economic: z.record(z.string().regex(/^(\d{3}|\d{5})$/), name).optional(),
  /** 经济分类 类 whose money is 人员经费; the rest is 公用经费 */
  personnel_classes: z.array(classCode).optional(),
});
export type CatalogueYaml = z.infer<typeof catalogueYamlSchema>;

const fileYear = (path: string) => Number(/(\d{4})\.ya?ml$/i.exec(path)?.[1]);

export function readYamlCatalogue(file: string, bytes: Uint8Array, lang: Lang): FileContents {
  const decoded = decodeCatalogueText(file, bytes, lang);
  if ('problem' in decoded) return { entries: [], problems: [decoded.problem] };
  const { source, diagnostics } = parseYamlSource(file, decoded.text, lang);
  if (!source) return { entries: [], problems: diagnostics };
  const r = validateYaml(catalogueYamlSchema, source, lang, 'schema');
  const problems = [...diagnostics, ...r.diagnostics.map((d) => ({ ...d, code: d.code.replace(/^schema\./, 'catalogue.') }))];
  if (!r.data) return { entries: [], problems };
  const data = r.data;
  if (data.year !== undefined && data.year !== fileYear(file))
    problems.push({
      severity: 'error',
      code: 'catalogue.year_mismatch',
      message: tr(
        lang,
        `文件名是 ${fileYear(file)} 年的科目表，文件中写的是 year: ${data.year}`,
        `the file is named for ${fileYear(file)} but says year: ${data.year}`,
      ),
      hint: tr(lang, '改正 year，或按年份重命名文件', 'correct year, or rename the file for its year'),
      ...source.locate(['year']),
    });
  const entries: CatalogueEntry[] = [
    ...Object.entries(data.functional ?? {}).map(([code, n]) => ({ kind: 'functional' as const, code, name: n })),
    ...Object.entries(data.economic ?? {}).map(([code, n]) => ({ kind: 'economic' as const, code, name: n })),
    ...Object.entries(data.gov_economic ?? {}).map(([code, n]) => ({ kind: 'gov-economic' as const, code, name: n })),
  ];
  return {
    entries,
    ...(data.not_in_summary ? { notInSummary: data.not_in_summary } : {}),
    ...(data.personnel_classes ? { personnelClasses: data.personnel_classes } : {}),
    problems,
  };
}
