// A template set: manifest, styles, narrative partials and table layouts.
// Sets are layered (built-in → bureau → department): a file in a later folder
// replaces the same-named file of an earlier one. Every file is validated with
// located diagnostics: a clerk's typo in a layout is reported at its line.
import { existsSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, join, sep } from 'node:path';
import { TextDecoder } from 'node:util';
import { z } from 'zod';
import { DiagnosticError, tr, type Diagnostic, type Place } from '../diagnostics/diagnostic.js';
import { parseYamlSource, type YamlSource } from '../source/yaml-source.js';
import { validateYaml, type Lang } from '../model/validate.js';
import { layoutSchema, type HeaderNode, type TableLayout } from '../tables/layout-schema.js';
import { gridLayoutSchema, type GridLayout } from '../tables/grid/grid-schema.js';
import { checkGridLayout } from '../tables/grid/grid-check.js';
import { checkGridQueries } from '../tables/grid/grid-queries.js';
import { figureOptions, figuresFileSchema } from './figures-file.js';
import type { FigureOptions } from '../figures/derive.js';
import { indicatorCatalogueSchema, type IndicatorCatalogue } from '../tables/performance-indicators.js';
import { sourceFields, sourceNames } from '../tables/sources.js';
import { incomeKeys, type IncomeKey } from '../model/schema.js';
import { layerOf, pdfFaceSchema, resolveStyleFonts } from '../fonts/font-files.js';
import { numbersFileSchema, setNumbers, type SetNumbers } from '../numbers/numbers-file.js';

import { lookalikeDiagnostics } from '../narrative/markup.js';
import { builtinTemplates } from './builtin.js';
import { hasCover, layoutStructureProblems, manifestStructureKeys, manifestStructureProblems } from '../narrative/structure.js';

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
  // ranges are checked by styleRangeProblems, in the clerk's words
  line_pitch: z.number(),
  footer: z.strictObject({ before: z.string(), after: z.string() }),
});

/** A4 in points: the page every margin is taken from */
const A4 = { width: 595.28, height: 841.89 };
const SIZE_RANGE = [5, 72] as const;
const MARGIN_RANGE = [0, 200] as const;
const PITCH_RANGE = [8, 72] as const;
/** the least content width and height margins may leave on a page */
const MIN_CONTENT = 100;

/**
 * Sizes, margins and line pitch within what prints: a size 0 is invisible text,
 * a 900-point margin hundreds of empty pages. Each value is reported at its line.
 */
export function styleRangeProblems(styles: Styles, source: YamlSource, lang: Lang): Diagnostic[] {
  const out: Diagnostic[] = [];
  const range = (path: PropertyKey[], v: number, [min, max]: readonly [number, number], whatZh: string, whatEn: string) => {
    if (Number.isFinite(v) && v >= min && v <= max) return;
    out.push({
      severity: 'error',
      code: 'template.out_of_range',
      message: tr(lang, `“${path.join('.')}”是 ${v}：${whatZh}应在 ${min}～${max} 磅之间`, `“${path.join('.')}” is ${v}: ${whatEn} must be between ${min} and ${max} points`),
      hint: tr(lang, '数值以磅为单位（1 毫米约 2.83 磅），例如正文字号 16、页边距 70', 'values are points (1 mm ≈ 2.83 pt), e.g. body size 16, a margin of 70'),
      ...source.locate(path),
    });
  };
  for (const [k, v] of Object.entries(styles.sizes)) range(['sizes', k], v, SIZE_RANGE, '字号', 'a font size');
  range(['line_pitch'], styles.line_pitch, PITCH_RANGE, '行距', 'the line pitch');
  for (const key of ['margins', 'table_margins', 'landscape_margins'] as const) {
    const m = styles.page[key];
    let sidesOk = true;
    for (const side of ['top', 'right', 'bottom', 'left'] as const) {
      const before = out.length;
      range(['page', key, side], m[side], MARGIN_RANGE, '页边距', 'a margin');
      if (out.length > before) sidesOk = false;
    }
    if (!sidesOk) continue;
    const page = key === 'landscape_margins' ? { width: A4.height, height: A4.width } : A4;
    const width = page.width - m.left - m.right;
    const height = page.height - m.top - m.bottom;
    if (width < MIN_CONTENT || height < MIN_CONTENT)
      out.push({
        severity: 'error',
        code: 'template.page_too_small',
        message: tr(
          lang,
          `“page.${key}”的页边距只留下 ${Math.round(width)} × ${Math.round(height)} 磅的版心，至少要 ${MIN_CONTENT} × ${MIN_CONTENT} 磅`,
          `the margins of “page.${key}” leave a ${Math.round(width)} × ${Math.round(height)} pt content area; at least ${MIN_CONTENT} × ${MIN_CONTENT} pt is needed`,
        ),
        hint: tr(lang, `A4 纸宽 ${A4.width} 磅、高 ${A4.height} 磅；减小左右或上下边距`, `A4 is ${A4.width} × ${A4.height} pt; reduce the left/right or top/bottom margins`),
        ...source.locate(['page', key]),
      });
  }
  return out;
}

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
  /** its text, to report a template error in it at its line */
  manifestText?: string;
  styles: Styles;
  labels: Labels;
  narratives: Record<string, TemplateFile>;
  tables: Record<string, { file: TemplateFile; layout: TableLayout; places?: LayoutPlaces }>;
  /** figures.yaml: what 财政拨款 and 机关运行经费 cover in this set */
  figures: FigureOptions;
  /** grid layouts (src/tables/grid): every figure a query over the department's facts */
  grids: Record<string, { file: TemplateFile; layout: GridLayout }>;
  /** tables/performance.yaml: the grid `::table performance N` prints (a project's 绩效目标表) */
  performance: { file: TemplateFile; layout: GridLayout };
  /** indicators.yaml: the standard indicator names per year (null: none, nothing checked) */
  indicators: IndicatorCatalogue | null;
  /** numbers.yaml (optional): the set's default number formats of tables and narrative */
  numbers: SetNumbers;
}

/**
 * Why a manifest's name cannot be a file of the set: a template set reads only
 * inside its own folders, so `../x`, `/etc/passwd` and `C:\\x` name nothing.
 */
export function unsafeName(rel: string): boolean {
  return isAbsolute(rel) || /^[a-zA-Z]:/.test(rel) || rel.includes('//') || rel.includes('\0') || rel.split(/[\\/]/).some((seg) => seg === '..');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/** A template file's text as UTF-8, or where its first byte that is not UTF-8 is. */
export function decodeTemplate(bytes: Uint8Array): { text: string } | { line: number; column: number } {
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    const text = lenient.decode(bytes);
    const before = text.slice(0, Math.max(0, text.indexOf('\uFFFD'))).split('\n');
    return { line: before.length, column: before[before.length - 1]!.length + 1 };
  }
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
    const lang = this.lang;
    const at = (file: string): Place => (missingAt?.line !== undefined ? { file: missingAt.file, line: missingAt.line, ...(missingAt.column !== undefined ? { column: missingAt.column } : {}) } : { file, line: 1, column: 1 });
    if (unsafeName(rel)) {
      this.problems.push({
        severity: 'error',
        code: 'template.outside_set',
        message: tr(lang, `“${rel}”指向模板集文件夹之外`, `“${rel}” points outside the template set’s folder`),
        hint: tr(lang, '模板和表格样式只能用本模板集中的名字，不能含“..”或以 / 开头', 'templates and layouts are named inside the set: no “..”, no leading /'),
        ...at(join(this.layers[this.layers.length - 1]!, 'manifest.yaml')),
      });
      return null;
    }
    const path = resolveFile(this.layers, rel);
    if (!path) {
      this.problems.push(
        missingAt ?? { severity: 'error', code: 'template.missing_file', message: tr(lang, `模板集中没有文件 ${rel}`, `the template set has no file ${rel}`), file: join(this.layers[this.layers.length - 1]!, rel) },
      );
      return null;
    }
    return this.readResolved(path, missingAt);
  }

  /** A file of a layer, if it really is inside that layer (a symlink may point anywhere) and is UTF-8. */
  async readResolved(path: string, missingAt?: Diagnostic | null): Promise<TemplateFile | null> {
    const lang = this.lang;
    const layer = this.layers.filter((l) => path.startsWith(l.endsWith(sep) ? l : l + sep)).sort((a, b) => b.length - a.length)[0];
    const [real, realLayer] = await Promise.all([realpath(path).catch(() => null), layer ? realpath(layer).catch(() => null) : null]);
    if (!real || !realLayer || !real.startsWith(realLayer.endsWith(sep) ? realLayer : realLayer + sep)) {
      this.problems.push({
        severity: 'error',
        code: 'template.outside_set',
        message: tr(lang, `${path} 是指向模板集文件夹之外的链接${real ? `（${real}）` : ''}，不读取`, `${path} is a link to a file outside the template set${real ? ` (${real})` : ''}; it is not read`),
        hint: tr(lang, '把文件本身复制到模板集文件夹中，不要用快捷方式或符号链接', 'copy the file itself into the template set’s folder instead of linking to it'),
        file: path,
        line: 1,
        column: 1,
      });
      return null;
    }
    let bytes;
    try {
      bytes = await readFile(path);
    } catch {
      this.problems.push(missingAt ?? { severity: 'error', code: 'io.unreadable', message: tr(lang, `无法读取文件 ${path}`, `cannot read the file ${path}`), file: path, line: 1, column: 1 });
      return null;
    }
    const decoded = decodeTemplate(bytes);
    if ('text' in decoded) return { path, text: decoded.text };
    this.problems.push({
      severity: 'error',
      code: 'template.encoding',
      message: tr(lang, '模板文件不是 UTF-8 编码（可能是 GBK），会印出乱码', 'the template file is not UTF-8 (GBK, perhaps): it would print garbled'),
      hint: tr(lang, '用记事本或 WPS “另存为”时选择 UTF-8 编码', 'save it again as UTF-8 (Save as… in Notepad or WPS)'),
      file: path,
      ...decoded,
    });
    return null;
  }

  /** An optional file of the set (figures.yaml, numbers.yaml …): null when no layer has it. */
  async optional(rel: string): Promise<TemplateFile | null> {
    const path = resolveFile(this.layers, rel);
    return path ? this.readResolved(path) : null;
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
  (layout.groups ?? []).forEach((g, i) => {
    for (const key of ['field', 'into'] as const)
      if (g[key] !== undefined && !fields(g[key]))
        out.push({
          severity: 'error',
          code: 'template.unknown_field',
          message: tr(lang, `行源“${layout.source}”没有字段“${g[key]}”`, `row source “${layout.source}” has no field “${g[key]}”`),
          ...source.locate(['groups', i, key]),
        });
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
  // a group's field must be one of the extra table's too
  (layout.groups ?? []).forEach((g, i) => fields.push({ field: g.field, place: source.locate(['groups', i, 'field']) }));
  return {
    source: source.locate(['source']),
    ...(layout.table !== undefined ? { table: source.locate(['table']) } : {}),
    fields,
  };
}

/**
 * A 绩效目标表 layout of the old form (`kind: performance` / `performance-department`, before
 * they became grids) is one located error that says what to write instead.
 */
function oldPerformanceLayout(file: TemplateFile, L: { problems: Diagnostic[] }, lang: Lang): boolean {
  const m = /^kind:\s*["']?(performance[\w-]*)/m.exec(file.text);
  if (!m) return false;
  const line = file.text.slice(0, m.index).split('\n').length;
  L.problems.push({
    severity: 'error',
    code: 'template.unknown_key',
    message: tr(lang, `绩效目标表样式不再写 kind: ${m[1]}，它是一张 grid 表`, `a performance layout no longer says kind: ${m[1]}: it is a grid layout`),
    hint: tr(
      lang,
      `改写为 per: ${m[1] === 'performance-department' ? 'department' : 'project'}、rows: [{ by: indicator }]、columns（field: level1 … merge: true），表头行写在 head（funds: total 等），见 README“Performance tables as grids”`,
      `write per: ${m[1] === 'performance-department' ? 'department' : 'project'}, rows: [{ by: indicator }], columns (field: level1 … merge: true), head rows under head (funds: total …); see the README, “Performance tables as grids”`,
    ),
    file: file.path,
    line,
    column: 1,
  });
  return true;
}

export async function loadTemplateSet(layers: readonly string[] = [builtinTemplates], lang: Lang = 'zh'): Promise<TemplateSet> {
  const L = new SetLoader(layers, lang);
  const manifestFile = await L.read('manifest.yaml');
  const manifest = manifestFile ? L.yaml(manifestFile, manifestSchema) : null;
  const stylesFile = await L.read('styles.yaml');
  const stylesYaml = stylesFile ? L.yaml(stylesFile, stylesSchema) : null;
  if (stylesYaml) L.problems.push(...styleRangeProblems(stylesYaml.data, stylesYaml.source, lang));
  if (stylesFile && stylesYaml) L.problems.push(...(await resolveStyleFonts(stylesYaml.data.fonts, layerOf(stylesFile.path), stylesYaml.source, lang)));
  const styles = stylesYaml?.data;
  const labelsFile = await L.read('labels.yaml');
  const labels = labelsFile ? L.yaml(labelsFile, labelsSchema)?.data : undefined;
  const narratives: TemplateSet['narratives'] = {};
  const tables: TemplateSet['tables'] = {};
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
      // ｛｛x｝｝, ＃ 标题, ：：table would print literally
      if (f) L.problems.push(...lookalikeDiagnostics(f.path, f.text, lang));
    }
    const listed = new Map<string, number>();
    for (const [i, t] of m.tables.entries()) {
      // a table listed twice prints twice, both under the same label
      const earlier = listed.get(t);
      if (earlier !== undefined) {
        const first = manifest.source.locate(['tables', earlier]);
        L.problems.push({
          severity: 'error',
          code: 'template.duplicate_table',
          message: tr(lang, `表格“${t}”在 tables 中列了两次`, `the table “${t}” is listed twice under tables`),
          hint: tr(lang, `第一次在第 ${first.line} 行；删去其中一行`, `first at line ${first.line}; remove one of them`),
          related: [{ ...first, message: tr(lang, '第一次列出', 'first listed here') }],
          ...manifest.source.locate(['tables', i]),
        });
        continue;
      }
      listed.set(t, i);
      const file = await L.read(`tables/${t}.yaml`, {
        severity: 'error',
        code: 'template.missing_file',
        message: tr(lang, `没有表格样式文件 tables/${t}.yaml`, `there is no table layout tables/${t}.yaml`),
        hint: tr(lang, '检查表名拼写，或在 tables/ 中补上该文件', 'check the table name, or add the file to tables/'),
        ...manifest.source.locate(['tables', i]),
      });
      if (file && oldPerformanceLayout(file, L, lang)) continue;
      // a grid layout (rows and columns as queries over the facts) says `rows:` or `sides:`
      if (file && /^(rows|sides):/m.test(file.text) && !/^source:/m.test(file.text)) {
        const grid = L.yaml(file, gridLayoutSchema);
        const shape = grid ? [...checkGridLayout(grid.data, grid.source, lang), ...layoutStructureProblems(grid.data, grid.source, lang)] : [];
        // the queries once the shape is sound (a compute naming no column is reported once, above)
        const problems = grid && !shape.length ? checkGridQueries(grid.data, grid.source, lang) : shape;
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
  const figuresText = await L.optional('figures.yaml');
  const figuresFile = figuresText ? L.yaml(figuresText, figuresFileSchema) : null;
  const numbersText = await L.optional('numbers.yaml');
  const numbersFile = numbersText ? L.yaml(numbersText, numbersFileSchema) : null;
  const perfFile = await L.read('tables/performance.yaml');
  const performance = perfFile && !oldPerformanceLayout(perfFile, L, lang) ? L.yaml(perfFile, gridLayoutSchema) : null;
  if (performance) L.problems.push(...checkGridLayout(performance.data, performance.source, lang), ...layoutStructureProblems(performance.data as never, performance.source, lang));
  const indicatorsText = await L.optional('indicators.yaml');
  const indicators = indicatorsText ? L.yaml(indicatorsText, indicatorCatalogueSchema) : null;
  if (L.problems.length || !manifest || !styles || !labels || !perfFile || !performance) throw new DiagnosticError(L.problems);
  return { manifest: manifest.data, manifestPath: manifestFile?.path, manifestText: manifestFile?.text, styles, labels, narratives, tables, grids, figures: figureOptions(figuresFile?.data), performance: { file: perfFile, layout: performance.data }, indicators: indicators?.data ?? null, numbers: setNumbers(numbersFile?.data) };
}
