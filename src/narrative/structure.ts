// The document-structure keys of a template set (manifest.yaml and table
// layouts): cover, 目录, page breaks, page numbers and table labels. The zod
// schemas say what shape each key has; `structureProblems` checks the small
// templates inside them ({{n}} …) and reports them at their line.
import { z } from 'zod';
import { tr, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';
import type { YamlSource } from '../source/yaml-source.js';
import { aroundPageNumber } from './numbering.js';
import { nearest } from '../model/validate.js';

const partialMargins = z.strictObject({
  top: z.number().min(0).max(300).optional(),
  right: z.number().min(0).max(300).optional(),
  bottom: z.number().min(0).max(300).optional(),
  left: z.number().min(0).max(300).optional(),
});

/** true: the styles' footer; false: no page numbers; a text with {{n}}: e.g. 第{{n}}页 */
export const pageNumbersSchema = z.union([z.boolean(), z.string()]);

export const partSchema = z.strictObject({
  narrative: z.string(),
  /** true: starts a page; false: its `# ` title runs on after the previous part */
  new_page: z.boolean().optional(),
  page_numbers: pageNumbersSchema.optional(),
  /** printed page numbers start at 1 again on the part's first page */
  restart: z.boolean().optional(),
  orientation: z.enum(['portrait', 'landscape']).optional(),
  /** points; sides left out keep styles.yaml's (margins or landscape_margins) */
  margins: partialMargins.optional(),
});

const tocObjectSchema = z.strictObject({
  title: z.string(),
  levels: z
    .array(z.union([z.literal(1), z.literal(2), z.literal(3)]))
    .min(1)
    .optional(),
  page_numbers: z.boolean().optional(),
  tables: z.enum(['under_part', 'after_parts', 'none']).optional(),
  /** false: the 目录 pages print no page number (the numbering starts on the first page with one) */
  footer: z.boolean().optional(),
  /** the tables are listed under this part (its narrative's name), wherever they print: 公开表 listed under 第二部分, printed at the end */
  tables_under: z.string().optional(),
  /** after each table's entry, e.g. （附后） */
  tables_suffix: z.string().optional(),
});
export type TocSetting = z.infer<typeof tocObjectSchema>;

/** `toc: 目录` (the title), `toc: none` (no 目录 page) or the object; a bare string is read as `{ title }` */
export const tocSchema = z.union([z.string().transform((title) => ({ title })), z.unknown()]).pipe(tocObjectSchema);

/** `cover: cover` (a narrative) or `none` / left out: no cover page */
export const coverSchema = z.string().optional();

/** a table label template: 表{{cn}}： / 表{{n}} / 公开{{nn}}表, or `none` */
export const labelSchema = z.string();

/** the manifest keys of the document structure (load.ts adds them to its manifestSchema) */
export const manifestStructureKeys = {
  cover: coverSchema,
  toc: tocSchema,
  parts: z.array(partSchema).min(1),
  table_label: labelSchema.optional(),
  tables_page_numbers: pageNumbersSchema.optional(),
  /** the cover page's orientation (default portrait) */
  cover_orientation: z.enum(['portrait', 'landscape']).optional(),
  /** printed page numbers count from the document's first page (the cover is page 1) or, by default, from the first page that prints one */
  page_numbers_from: z.enum(['document', 'first_numbered']).optional(),
};

/** the layout keys of the document structure (layout-schema.ts adds them) */
export const layoutStructureKeys = {
  /** over the manifest's table_label: text (with {{n}} {{nn}} {{cn}}) or `none` */
  label: labelSchema.optional(),
  /** its entry in the 目录 (a template like the title); default the title */
  toc_text: z.string().optional(),
  /** false: follows the previous block on its page (same orientation); default its own page */
  new_page: z.boolean().optional(),
  /** over the manifest's tables_page_numbers and its part's page_numbers */
  page_numbers: pageNumbersSchema.optional(),
};

const none = (s: string | undefined): boolean => s === undefined || s.trim() === 'none';
export const hasCover = (cover: string | undefined): cover is string => !none(cover);

/** The label of table number n (1-based) from a label template; '' for `none`. */
export function tableLabel(template: string, n: number, cn: string): string {
  if (none(template)) return '';
  return template.replace(/\{\{\s*(nn|n|cn)\s*\}\}/g, (_, v: string) => (v === 'n' ? String(n) : v === 'nn' ? String(n).padStart(2, '0') : cn));
}

const LABEL_VARS = new Set(['n', 'nn', 'cn']);

function labelProblem(value: string | undefined, path: PropertyKey[], source: YamlSource, lang: Lang): Diagnostic[] {
  if (value === undefined) return [];
  const bad = [...value.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1]!).find((v) => !LABEL_VARS.has(v));
  if (bad === undefined && !/\{\{|\}\}/.test(value.replace(/\{\{\s*(nn|n|cn)\s*\}\}/g, ''))) return [];
  return [
    {
      severity: 'error',
      code: 'template.invalid_value',
      message: tr(lang, `表格编号“${value}”中只能用 {{n}}、{{nn}}、{{cn}}`, `a table label “${value}” may only use {{n}}, {{nn}}, {{cn}}`),
      hint: tr(
        lang,
        '{{n}} 印 1，{{nn}} 印 01，{{cn}} 印 一；例如“表{{cn}}：”，不要编号写 none',
        '{{n}} prints 1, {{nn}} 01, {{cn}} 一; e.g. “表{{cn}}：”; none for no label',
      ),
      ...source.locate(path),
    },
  ];
}

function pageNumbersProblem(value: boolean | string | undefined, path: PropertyKey[], source: YamlSource, lang: Lang): Diagnostic[] {
  if (typeof value !== 'string' || aroundPageNumber(value)) return [];
  return [
    {
      severity: 'error',
      code: 'template.invalid_value',
      message: tr(lang, `页码样式“${value}”中要有一处 {{n}}（页码）`, `the page number style “${value}” needs one {{n}} (the number)`),
      hint: tr(lang, '例如 "- {{n}} -"、"{{n}}"、"第{{n}}页"；不印页码写 false', 'e.g. "- {{n}} -", "{{n}}", "第{{n}}页"; false for none'),
      ...source.locate(path),
    },
  ];
}

interface ManifestStructure {
  toc: TocSetting;
  parts: { narrative: string; page_numbers?: boolean | string | undefined }[];
  table_label?: string | undefined;
  tables_page_numbers?: boolean | string | undefined;
}

/** What the schema cannot say about the manifest's structure keys, at its line. */
export function manifestStructureProblems(m: ManifestStructure, source: YamlSource, lang: Lang): Diagnostic[] {
  return [
    ...labelProblem(m.table_label, ['table_label'], source, lang),
    ...pageNumbersProblem(m.tables_page_numbers, ['tables_page_numbers'], source, lang),
    ...m.parts.flatMap((p, i) => pageNumbersProblem(p.page_numbers, ['parts', i, 'page_numbers'], source, lang)),
    ...tablesUnderProblem(m, source, lang),
  ];
}

/** `toc: { tables_under: NAME }` names one of the manifest's parts. */
function tablesUnderProblem(m: ManifestStructure, source: YamlSource, lang: Lang): Diagnostic[] {
  const want = m.toc.tables_under;
  const names = m.parts.map((p) => p.narrative);
  if (want === undefined || names.includes(want)) return [];
  const near = nearest(want, names);
  return [
    {
      severity: 'error',
      code: 'template.invalid_value',
      message: tr(lang, `目录的 tables_under“${want}”不是 parts 中的一部分`, `the 目录's tables_under “${want}” is not one of the parts`),
      hint: near ? tr(lang, `是不是“${near}”？`, `did you mean “${near}”?`) : tr(lang, `parts：${names.join('、')}`, `parts: ${names.join(', ')}`),
      ...source.locate(['toc', 'tables_under']),
    },
  ];
}

/** The same for a table layout's keys. */
export function layoutStructureProblems(
  l: { label?: string | undefined; page_numbers?: boolean | string | undefined },
  source: YamlSource,
  lang: Lang,
): Diagnostic[] {
  return [...labelProblem(l.label, ['label'], source, lang), ...pageNumbersProblem(l.page_numbers, ['page_numbers'], source, lang)];
}
