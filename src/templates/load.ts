// A template set: manifest, styles, narrative partials and table layouts.
// Sets are layered (built-in → bureau → department): a file in a later folder
// replaces the same-named file of an earlier one. Every file is validated with
// located diagnostics: a clerk's typo in a layout is reported at its line.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { z } from 'zod';
import { DiagnosticError, tr, type Diagnostic, type Place } from '../diagnostics/diagnostic.js';
import { parseYamlSource, type YamlSource } from '../source/yaml-source.js';
import { validateYaml, type Lang } from '../model/validate.js';
import { layoutSchema, type HeaderNode, type TableLayout } from '../tables/layout-schema.js';
import { gridLayoutSchema, type GridLayout } from '../tables/grid/grid-schema.js';
import { checkGridLayout } from '../tables/grid/grid-check.js';
import { figureOptions, figuresFileSchema } from './figures-file.js';
import type { FigureOptions } from '../figures/derive.js';
import { performanceLayoutSchema, type PerformanceLayout } from '../tables/performance.js';
import { checkPerformanceLayout, declaredKind } from '../tables/performance-layout.js';
import { indicatorCatalogueSchema, type IndicatorCatalogue } from '../tables/performance-indicators.js';
import { sourceFields, sourceNames } from '../tables/sources.js';
import { projectPath } from '../project-root.js';
import { incomeKeys, type IncomeKey } from '../model/schema.js';
import { layerOf, pdfFaceSchema, resolveStyleFonts } from '../fonts/font-files.js';
import { numbersFileSchema, setNumbers, type SetNumbers } from '../numbers/numbers-file.js';

import { builtinTemplates } from './builtin.js';
import { hasCover, layoutStructureProblems, manifestStructureKeys, manifestStructureProblems } from './structure.js';

export { builtinTemplates };

export const manifestSchema = z.strictObject({
  // cover, toc, parts, table_label, tables_page_numbers: see structure.ts
  ...manifestStructureKeys,
  tables: z.array(z.string()),
});

// pdf: a packaged face or font file(s) in the set (src/fonts/font-files.ts); fallback: the packaged face for characters it lacks
const faceSchema = z.strictObject({ docx: z.string(), pdf: pdfFaceSchema, fallback: z.enum(['serif', 'sans']).optional() });
const marginsSchema = z.strictObject({ top: z.number(), right: z.number(), bottom: z.number(), left: z.number() });
export const stylesSchema = z.strictObject({
  page: z.strictObject({ margins: marginsSchema, table_margins: marginsSchema, landscape_margins: marginsSchema }),
  fonts: z.strictObject({ title: faceSchema, heading: faceSchema, body: faceSchema, kai: faceSchema, table: faceSchema }),
  sizes: z.strictObject({
    cover_year: z.number(),
    cover_title: z.number(),
    part_title: z.number(),
    heading: z.number(),
    body: z.number(),
    table_title: z.number(),
    table: z.number(),
    table_info: z.number(),
    footer: z.number(),
  }),
  line_pitch: z.number().positive(),
  footer: z.strictObject({ before: z.string(), after: z.string() }),
});

const STANDARD_SOURCE_NAMES: Partial<Record<IncomeKey, string>> = {
  state_capital: '国有资本经营预算',
  superior_subsidy: '上级补助收入',
  subordinate_remit: '附属单位上缴收入',
};

/** Names the narrative lists from the data (which ones is computed; what they are called is wording). */
export const labelsSchema = z.strictObject({
  // sources added to the model later default to their standard names, so an older set keeps loading
  income_sources: z.strictObject(
    Object.fromEntries(incomeKeys.map((k) => [k, STANDARD_SOURCE_NAMES[k] ? z.string().min(1).default(STANDARD_SOURCE_NAMES[k]) : z.string().min(1)])) as Record<IncomeKey, z.ZodString>,
  ),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type Labels = z.infer<typeof labelsSchema>;
export type Styles = z.infer<typeof stylesSchema>;

export interface TemplateFile {
  path: string;
  text: string;
}

/**
 * Where a layout says what can only be checked against a department's data
 * (`source: extra`: the extra table's id and the fields its columns name).
 */
export interface LayoutPlaces {
  source: Place;
  table?: Place;
  fields: { field: string; place: Place }[];
}

export interface TemplateSet {
  manifest: Manifest;
  /** the manifest.yaml in use (templates in it are reported there) */
  manifestPath?: string;
  styles: Styles;
  labels: Labels;
  narratives: Record<string, TemplateFile>;
  tables: Record<string, { file: TemplateFile; layout: TableLayout; places?: LayoutPlaces }>;
  /** figures.yaml: what 财政拨款 and 机关运行经费 cover in this set */
  figures: FigureOptions;
  /** grid layouts (src/tables/grid): every figure a query over the department's facts */
  grids: Record<string, { file: TemplateFile; layout: GridLayout }>;
  performance: { file: TemplateFile; layout: PerformanceLayout };
  /** manifest tables whose layout is a 绩效目标表 (`kind: performance` or `performance-department`) */
  performanceTables: Record<string, { file: TemplateFile; layout: PerformanceLayout }>;
  /** indicators.yaml: the standard indicator names per year (null: none, nothing checked) */
  indicators: IndicatorCatalogue | null;
  /** numbers.yaml (optional): the set's default number formats of tables and narrative */
  numbers: SetNumbers;
}

/** The last layer that has the file wins. */
export function resolveFile(layers: readonly string[], rel: string): string | null {
  for (let i = layers.length - 1; i >= 0; i--) {
    const p = join(layers[i]!, rel);
    if (existsSync(p)) return p;
  }
  return null;
}

/** Collects what is wrong across the whole set, so a clerk sees every problem in one run. */
class SetLoader {
  readonly problems: Diagnostic[] = [];
  constructor(
    readonly layers: readonly string[],
    readonly lang: Lang,
  ) {}

  async read(rel: string, missingAt?: Diagnostic | null): Promise<TemplateFile | null> {
    const path = resolveFile(this.layers, rel);
    if (!path) {
      this.problems.push(
        missingAt ?? { severity: 'error', code: 'template.missing_file', message: tr(this.lang, `模板集中没有文件 ${rel}`, `the template set has no file ${rel}`), file: join(this.layers[this.layers.length - 1]!, rel) },
      );
      return null;
    }
    return { path, text: await readFile(path, 'utf8') };
  }

  yaml<S extends z.ZodType>(file: TemplateFile, schema: S): { data: z.infer<S>; source: YamlSource } | null {
    const { source, diagnostics } = parseYamlSource(file.path, file.text);
    if (!source) {
      this.problems.push(...diagnostics.map((d) => ({ ...d, code: d.code.startsWith('yaml.') ? 'template.yaml_syntax' : d.code })));
      return null;
    }
    const r = validateYaml(schema, source, this.lang, 'template');
    this.problems.push(...r.diagnostics);
    return r.data === null ? null : { data: r.data, source };
  }
}

/** A layout's source must exist and every column must name a field the source provides. */
function checkLayout(layout: TableLayout, source: YamlSource, lang: Lang): Diagnostic[] {
  if (layout.source === 'extra' && layout.table === undefined)
    return [
      {
        severity: 'error',
        code: 'template.missing_field',
        message: tr(lang, '“source: extra”的表格要用“table:”写明数据中 extra_tables 的哪一张表（id）', 'a table with “source: extra” names the id of the data’s extra_tables entry with “table:”'),
        hint: tr(lang, '在 source 下面加一行，例如 table: meetings-training', 'add a line such as table: meetings-training'),
        ...source.locate(['source']),
      },
    ];
  if (layout.source !== 'extra' && layout.table !== undefined && Object.hasOwn(sourceFields, layout.source))
    return [
      {
        severity: 'error',
        code: 'template.invalid_value',
        message: tr(lang, `“table:”只用于“source: extra”的表格（这张表的行源是“${layout.source}”）`, `“table:” is for tables with “source: extra” only (this one’s source is “${layout.source}”)`),
        hint: tr(lang, '删去 table，或把 source 改为 extra', 'remove table, or set source: extra'),
        ...source.locate(['table'], 'key'),
      },
    ];
  // own keys only: `source: constructor` or `toString` names no row source
  const fields = Object.hasOwn(sourceFields, layout.source) ? sourceFields[layout.source] : undefined;
  if (!fields)
    return [
      {
        severity: 'error',
        code: 'template.unknown_source',
        message: tr(lang, `没有名为“${layout.source}”的行源`, `there is no row source “${layout.source}”`),
        hint: tr(lang, `可用的行源：${sourceNames.join('、')}`, `row sources: ${sourceNames.join(', ')}`),
        ...source.locate(['source']),
      },
    ];
  const out: Diagnostic[] = [];
  const walk = (nodes: readonly HeaderNode[], path: PropertyKey[]) =>
    nodes.forEach((n, i) => {
      if (n.field !== undefined && !fields(n.field))
        out.push({
          severity: 'error',
          code: 'template.unknown_field',
          message: tr(lang, `行源“${layout.source}”没有字段“${n.field}”`, `row source “${layout.source}” has no field “${n.field}”`),
          ...source.locate([...path, i, 'field']),
        });
      if (n.children) walk(n.children, [...path, i, 'children']);
    });
  walk(layout.header, ['header']);
  if (layout.total && !fields(layout.total.field))
    out.push({
      severity: 'error',
      code: 'template.unknown_field',
      message: tr(lang, `行源“${layout.source}”没有字段“${layout.total.field}”`, `row source “${layout.source}” has no field “${layout.total.field}”`),
      ...source.locate(['total', 'field']),
    });
  return out;
}

function layoutPlaces(layout: TableLayout, source: YamlSource): LayoutPlaces {
  const fields: LayoutPlaces['fields'] = [];
  const walk = (nodes: readonly HeaderNode[], path: PropertyKey[]) =>
    nodes.forEach((n, i) => {
      if (n.field !== undefined) fields.push({ field: n.field, place: source.locate([...path, i, 'field']) });
      if (n.children) walk(n.children, [...path, i, 'children']);
    });
  walk(layout.header, ['header']);
  return {
    source: source.locate(['source']),
    ...(layout.table !== undefined ? { table: source.locate(['table']) } : {}),
    fields,
  };
}

export async function loadTemplateSet(layers: readonly string[] = [builtinTemplates], lang: Lang = 'zh'): Promise<TemplateSet> {
  const L = new SetLoader(layers, lang);
  const manifestFile = await L.read('manifest.yaml');
  const manifest = manifestFile ? L.yaml(manifestFile, manifestSchema) : null;
  const stylesFile = await L.read('styles.yaml');
  const stylesYaml = stylesFile ? L.yaml(stylesFile, stylesSchema) : null;
  if (stylesFile && stylesYaml) L.problems.push(...(await resolveStyleFonts(stylesYaml.data.fonts, layerOf(stylesFile.path), stylesYaml.source, lang)));
  const styles = stylesYaml?.data;
  const labelsFile = await L.read('labels.yaml');
  const labels = labelsFile ? L.yaml(labelsFile, labelsSchema)?.data : undefined;
  const narratives: TemplateSet['narratives'] = {};
  const tables: TemplateSet['tables'] = {};
  const performanceTables: TemplateSet['performanceTables'] = {};
  const grids: TemplateSet['grids'] = {};
  if (manifest) {
    const m = manifest.data;
    L.problems.push(...manifestStructureProblems(m, manifest.source, lang));
    const names: [string, PropertyKey[]][] = [
      ...(hasCover(m.cover) ? [[m.cover, ['cover']] as [string, PropertyKey[]]] : []),
      ...m.parts.map((p, i): [string, PropertyKey[]] => [p.narrative, ['parts', i, 'narrative']]),
    ];
    for (const [n, path] of names) {
      const f = await L.read(`narrative/${n}.hbs`, {
        severity: 'error',
        code: 'template.missing_file',
        message: tr(lang, `没有叙述模板 narrative/${n}.hbs`, `there is no narrative template narrative/${n}.hbs`),
        ...manifest.source.locate(path),
      });
      if (f) narratives[n] = f;
    }
    for (const [i, t] of m.tables.entries()) {
      const file = await L.read(`tables/${t}.yaml`, {
        severity: 'error',
        code: 'template.missing_file',
        message: tr(lang, `没有表格样式文件 tables/${t}.yaml`, `there is no table layout tables/${t}.yaml`),
        hint: tr(lang, '检查表名拼写，或在 tables/ 中补上该文件', 'check the table name, or add the file to tables/'),
        ...manifest.source.locate(['tables', i]),
      });
      // a 绩效目标表 layout says so with `kind:` and has its own schema
      if (file && declaredKind(file.text)?.startsWith('perf')) {
        const perf = L.yaml(file, performanceLayoutSchema);
        const problems = perf ? checkPerformanceLayout(perf.data, perf.source, lang) : [];
        L.problems.push(...problems);
        if (perf && !problems.length) performanceTables[t] = { file, layout: perf.data };
        continue;
      }
      // a grid layout (rows and columns as queries over the facts) says `rows:` or `sides:`
      if (file && /^(rows|sides):/m.test(file.text) && !/^source:/m.test(file.text)) {
        const grid = L.yaml(file, gridLayoutSchema);
        const problems = grid ? [...checkGridLayout(grid.data, grid.source, lang), ...layoutStructureProblems(grid.data as never, grid.source, lang)] : [];
        L.problems.push(...problems);
        if (grid && !problems.length) grids[t] = { file, layout: grid.data };
        continue;
      }
      const layout = file ? L.yaml(file, layoutSchema) : null;
      if (file && layout) {
        const problems = [...checkLayout(layout.data, layout.source, lang), ...layoutStructureProblems(layout.data, layout.source, lang)];
        L.problems.push(...problems);
        if (!problems.length) tables[t] = { file, layout: layout.data, places: layoutPlaces(layout.data, layout.source) };
      }
    }
  }
  const figuresPath = resolveFile(layers, 'figures.yaml');
  const figuresFile = figuresPath ? L.yaml({ path: figuresPath, text: await readFile(figuresPath, 'utf8') }, figuresFileSchema) : null;
  const numbersPath = resolveFile(layers, 'numbers.yaml');
  const numbersFile = numbersPath ? L.yaml({ path: numbersPath, text: await readFile(numbersPath, 'utf8') }, numbersFileSchema) : null;
  const perfFile = await L.read('tables/performance.yaml');
  const performance = perfFile ? L.yaml(perfFile, performanceLayoutSchema) : null;
  if (performance) L.problems.push(...checkPerformanceLayout(performance.data, performance.source, lang));
  const indicatorsPath = resolveFile(layers, 'indicators.yaml');
  const indicators = indicatorsPath ? L.yaml({ path: indicatorsPath, text: await readFile(indicatorsPath, 'utf8') }, indicatorCatalogueSchema) : null;
  if (L.problems.length || !manifest || !styles || !labels || !perfFile || !performance) throw new DiagnosticError(L.problems);
  return { manifest: manifest.data, manifestPath: manifestFile?.path, styles, labels, narratives, tables, grids, figures: figureOptions(figuresFile?.data), performance: { file: perfFile, layout: performance.data }, performanceTables, indicators: indicators?.data ?? null, numbers: setNumbers(numbersFile?.data) };
}
