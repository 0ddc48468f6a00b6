// Validated data + a template set → the document IR: figures are derived,
// narrative templates filled, tables laid out, and all of it assembled.
import type { DocumentIR } from '../ir/types.js';
import { incomeKeys, type DepartmentData } from '../model/schema.js';
import { loadCatalogue, type Catalogue } from '../catalogue/catalogue.js';
import { deriveFigures, type Figures } from '../figures/derive.js';
import { DiagnosticError, tr, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';
import { contextNames, findInSource, templateDiagnostic } from '../narrative/template-errors.js';
import { narrativeEnv } from '../narrative/env.js';
import { DeadlineExceeded, OutputTooLarge } from '../diagnostics/deadline.js';
import { outputLimitInTemplate, timeLimitInTemplate } from './limits.js';
import { markupDiagnostics, parseMarkup, type MarkupBlock } from '../narrative/markup.js';
import { asDataText, plainText } from '../narrative/data-text.js';
import { hasCover, tableLabel } from '../narrative/structure.js';
import { chineseNumber } from '../narrative/format.js';
import { assemble, type TableInsert } from './assemble.js';
import { atYamlLine, fillLayoutText } from './layout-text.js';
import type { TemplateSet } from '../templates/load.js';
import { sources } from '../tables/sources.js';
import { buildGrid } from '../tables/build-table.js';
import { buildGridTable, columnPath, GridQueryError } from '../tables/grid/grid-build.js';
import { parseYamlSource } from '../source/yaml-source.js';
import type { GridColumn } from '../tables/grid/grid-schema.js';
import { describe } from '../figures/facts.js';
import { NUMBER_FORMAT_KEY } from '../numbers/helper-format.js';
import type { TableLayout } from '../tables/layout-schema.js';
import type { Table } from '../ir/types.js';
import { tableUnit } from '../tables/table-format.js';
import { buildBlockGrid, isBlockGrid } from '../tables/grid/grid-blocks.js';
import { departmentSubject, projectSubject, type Subject } from '../tables/grid/grid-subject.js';
import { projectTitle, tableDirectives } from '../tables/grid/grid-per.js';
import type { GridLayout } from '../tables/grid/grid-schema.js';

/** The context every narrative template sees. */
/** The listed projects as the narrative names them: name, amount, funds, named passages, and index for ::table performance N. */
const projectEntries = (fig: Figures) =>
  fig.projects.list.map((p, index) => asDataText({ index, name: p.name, amount: p.amount, funds: p.funds ?? null, sections: p.sections ?? null }));

function functionNames(fig: Figures, cat: Catalogue): Record<string, string> {
  const out: Record<string, string> = {};
  const codes = new Set([
    ...fig.facts.values('function'),
    ...fig.facts.statements.statements.flatMap((s) => s.cells.map((c) => c.at.function ?? '').filter(Boolean)),
  ]);
  for (const c of codes)
    for (const len of [3, 5, 7]) {
      if (c.length < len) continue;
      const k = c.slice(0, len);
      out[k] ??= cat.functionalName(k) ?? k;
    }
  return out;
}

export function narrativeContext(data: DepartmentData, fig: Figures, cat: Catalogue, t: TemplateSet) {
  const econ = fig.economic.rows.filter((r) => r.level === 2);
  const withIncome = incomeKeys.filter((k) => !fig.income[k].isZero());
  // a table's number as its label prints it, without the label's closing colon (表一, 公开01表, 表1); 表一 where labels are off
  const numberOf = (id: string, n: number) => {
    const own = t.tables[id]?.layout.label ?? t.grids[id]?.layout.label;
    return tableLabel(own ?? t.manifest.table_label ?? '表{{cn}}：', n, chineseNumber(n)).replace(/[：:]\s*$/, '') || `表${chineseNumber(n)}`;
  };
  const tableList = t.manifest.tables.map((id, i) => ({
    id,
    number: numberOf(id, i + 1),
    title: t.tables[id]?.layout.title ?? t.grids[id]?.layout.title ?? id,
  }));
  // data strings are text: their line breaks and a markup-looking start are marked so the markup parser prints them as body text
  const d = asDataText(data);
  return {
    ...d,
    fig,
    /** the ::table directives of the manifest's tables (a per-project 绩效目标表: one per project with performance data) */
    tables: tableDirectives(t.manifest.tables, t.grids, data.projects),
    /** the tables in manifest order with their numbers: [{ id, number: 表一, title }] */
    tableList,
    /** a table's number by id: {{lookup tableNo "three-public"}} → 表八 */
    tableNo: Object.fromEntries(tableList.map((x) => [x.id, x.number])),
    /** the sources with income this year (keys), and their names from labels.yaml */
    incomeSources: withIncome,
    incomeSourceNames: withIncome.map((k) => t.labels.income_sources[k]),
    /**
     * 第三部分 二, one entry per source with income this year: its name, amount
     * and share, and (where the data gives last year's figure) the change and reason
     */
    incomeItems: withIncome.map((k) => ({
      key: k,
      name: t.labels.income_sources[k],
      amount: fig.income[k],
      share: fig.incomeShares[k],
      change: fig.changes.income[k],
      reason: d.explanation.income[k]?.reason ?? null,
    })),
    /** the set's numbers.yaml `narrative` format: the default of {{money}}, {{pct}}, {{diff}}, {{delta}} */
    [NUMBER_FORMAT_KEY]: t.numbers?.narrative,
    /** the year of the data, and the year last year's figures belong to */
    year: data.department.year,
    previousYear: fig.previousYear,
    /** the department's units, its own (本级) first: [{ id, name, type, code }] */
    unitList: asDataText(fig.units.map(({ id, name, type, code }) => ({ id, name, type: type ?? null, code: code ?? null }))),
    /** the 下属单位 only */
    subordinateUnits: d.units.map(({ id, name, type, code }) => ({ id, name, type, code: code ?? null })),
    /** the declared expenditure types beyond 基本/项目: [{ key, name, amount }] */
    expenditureTypes: d.expenditure_types.map((x) => ({ ...x, amount: fig.expenditure.types[x.key] })),
    /** the listed projects with their amount and their index (for ::table performance N), those with named passages first */
    projectsWithSections: projectEntries(fig).filter((p) => p.sections),
    projectsWithoutSections: projectEntries(fig).filter((p) => !p.sections),
    /** names of the 功能分类 codes the facts use and their 类/款, from the year's catalogue (for qrows) */
    functionNames: functionNames(fig, cat),
    personnelItems: econ.filter((r) => !r.personnel.isZero()).map((r) => cat.economicName(r.code) ?? r.name),
    publicItems: econ.filter((r) => !r.public.isZero()).map((r) => cat.economicName(r.code) ?? r.name),
  };
}

/**
 * A layout with `source: extra` prints a table of the data's extra_tables: the
 * table must be there (an empty one is written `rows: []` and prints the
 * layout's empty_note) and every column must name one of its fields.
 */
export function checkExtraBindings(t: TemplateSet, fig: Figures, lang?: Lang): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const id of t.manifest.tables) {
    const entry = t.tables[id];
    if (!entry || entry.layout.source !== 'extra' || entry.layout.table === undefined) continue;
    const want = entry.layout.table;
    const extra = fig.extra[want];
    const have = Object.keys(fig.extra);
    if (!extra) {
      out.push({
        severity: 'error',
        code: 'template.extra_table_missing',
        message: tr(lang, `数据中没有 extra_tables 表“${want}”，表格 ${id} 要印它`, `the data has no extra_tables entry “${want}”, which table ${id} prints`),
        hint: tr(
          lang,
          `在数据的 extra_tables 中加上 id: ${want}（没有内容时写 rows: []，表下印 empty_note）${have.length ? `；数据中有：${have.join('、')}` : ''}`,
          `add id: ${want} to the data’s extra_tables (with rows: [] when there is nothing to print; the empty_note is printed)${have.length ? `; the data has: ${have.join(', ')}` : ''}`,
        ),
        ...(entry.places?.table ?? { file: entry.file.path }),
      });
      continue;
    }
    for (const f of entry.places?.fields ?? [])
      if (!(f.field in extra.fields))
        out.push({
          severity: 'error',
          code: 'template.unknown_field',
          message: tr(lang, `数据的 extra_tables 表“${want}”没有字段“${f.field}”`, `extra_tables entry “${want}” has no field “${f.field}”`),
          hint: tr(lang, `它的字段：${Object.keys(extra.fields).join('、')}`, `its fields: ${Object.keys(extra.fields).join(', ')}`),
          ...f.place,
        });
  }
  return out;
}

/** A grid layout with its header labels passed through `fill` (the paths of its columns unchanged). */
function filledLabels(L: GridLayout, fill: (s: string) => string): GridLayout {
  const cols = (cs: GridColumn[]): GridColumn[] => cs.map((c) => ({ ...c, label: fill(c.label), ...(c.children ? { children: cols(c.children) } : {}) }));
  return {
    ...L,
    ...(L.columns ? { columns: cols(L.columns) } : {}),
    ...(L.sides ? { sides: L.sides.map((s) => ({ ...s, columns: cols(s.columns) })) } : {}),
  };
}

/** A table asks for a figure finer than anything the data states: the error is the layout's, at the column that asks. */
function uncoveredDiagnostic(
  file: { path: string; text: string },
  path: PropertyKey[],
  filter: Record<string, string | undefined>,
  fig: Figures,
  lang?: Lang,
): Diagnostic {
  const source = parseYamlSource(file.path, file.text, lang).source;
  const stated = fig.facts.statements.statements.map((s) => `{ ${describe(s.of)}${s.grain.size ? ` × ${[...s.grain.keys()].join(' × ')}` : ''} }`);
  return {
    severity: 'error',
    code: 'template.uncovered_query',
    message: tr(
      lang,
      `表格要的数字（${describe(filter)}）比数据写明的更细：数据没有按这些维度给出`,
      `the table asks for a figure (${describe(filter)}) finer than anything the data states`,
    ),
    hint: tr(lang, `数据写明的口径：${stated.join('；') || '（无）'}`, `the data states: ${stated.join('; ') || '(nothing)'}`),
    ...(source ? source.locate(path) : { file: file.path }),
  };
}

const fileDate = (data: DepartmentData): string => {
  const d = data.department.date;
  return d === undefined ? `${data.department.year}-01-01` : d.length === 7 ? `${d}-01` : d;
};

export const catalogueYear = (data: DepartmentData): number => (data.department.catalogue ? Number(data.department.catalogue) : data.department.year);

export async function documentFor(data: DepartmentData, t: TemplateSet, prepared?: { fig: Figures; cat: Catalogue }, lang?: Lang): Promise<DocumentIR> {
  const cat = prepared?.cat ?? (await loadCatalogue(catalogueYear(data)));
  const fig = prepared?.fig ?? deriveFigures(data, cat, t.figures);
  const env = narrativeEnv();
  const ctx = narrativeContext(data, fig, cat, t);
  // filled text for the line markup keeps the data marks; everywhere else they are taken out
  const fillMarked = (file: string, source: string): string => {
    try {
      return env.compile(source)(ctx);
    } catch (e) {
      // the clock ran out inside this template: the culprit is its outermost loop
      if (e instanceof DeadlineExceeded) throw new DiagnosticError([timeLimitInTemplate(file, source, e.seconds, lang)]);
      if (e instanceof OutputTooLarge) throw new DiagnosticError([outputLimitInTemplate(file, source, e.chars, lang)]);
      throw new DiagnosticError([templateDiagnostic(file, e, source, lang, () => contextNames(ctx))]);
    }
  };
  const fill = (file: string, source: string): string => plainText(fillMarked(file, source));
  // a ::table directive naming no table is reported where it is written
  const tableIds = new Set(['performance', ...Object.keys(t.tables), ...Object.keys(t.grids)]);
  const markup = (name: string): MarkupBlock[] => {
    const f = t.narratives[name]!;
    const { blocks, problems } = parseMarkup(fillMarked(f.path, f.text));
    if (problems.length) throw new DiagnosticError(markupDiagnostics(problems, f.path, f.text, lang));
    const unknown = blocks.filter((b) => b.kind === 'table' && !tableIds.has(b.id)) as { id: string }[];
    if (unknown.length)
      throw new DiagnosticError(
        unknown.map((b) => ({
          severity: 'error' as const,
          code: 'template.unknown_table',
          message: tr(lang, `没有名为“${b.id}”的表格`, `there is no table “${b.id}”`),
          hint: tr(lang, `可用的表格：${[...tableIds].join('、')}`, `tables: ${[...tableIds].join(', ')}`),
          file: f.path,
          ...findInSource(f.text, new RegExp(`(?<=::table\\s+)${b.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`)),
        })),
      );
    return blocks;
  };
  const S = t.styles.sizes;
  const dept = data.department.name;
  const extraProblems = checkExtraBindings(t, fig, lang);
  if (extraProblems.length) throw new DiagnosticError(extraProblems);

  const blockContext = { fig, facts: fig.facts, catalogue: cat, sourceNames: t.labels.income_sources, data };
  const gridOptions = { font: 'table' as const, size: S.table, numbers: t.numbers?.table };
  /** A grid's subject: the project of a `per: project` table (arg: its index), the department's; null where the data has none. */
  const subjectOf = (L: GridLayout, arg: string | undefined): Subject | null | undefined => {
    if (L.per === 'project') {
      const i = Number(arg);
      const p = fig.projects.list[i];
      return p?.performance
        ? projectSubject(
            p,
            i,
            data,
            L.rows!.find((g) => g.by === 'indicator')?.groups ?? t.performance.layout.rows?.find((g) => g.by === 'indicator')?.groups ?? [],
          )
        : null;
    }
    if (L.per === 'department') return data.performance ? departmentSubject(data, fig) : null;
    return undefined;
  };
  const table = (id: string, arg: string | undefined): TableInsert | null => {
    if (id === 'performance') {
      const L = fillLayoutText(t.performance.layout, t.performance.file, fill, ['title', 'project_title']);
      const subject = subjectOf({ ...L, per: 'project' }, arg);
      if (!subject) return null;
      return {
        label: '',
        // a set's project_title names the project (信息化运行维护绩效目标表), as the per-table form does
        title: (() => {
          const f = (s: string) => fill(t.performance.file.path, s);
          const p = fig.projects.list[Number(arg)];
          return L.project_title === undefined || !p
            ? f(L.title)
            : projectTitle(L.project_title, f, { title: L.title, project: p.performance?.name ?? p.name });
        })(),
        inToc: false,
        info: null,
        table: buildBlockGrid(L, blockContext, subject, gridOptions).table,
        notes: [],
        orientation: L.orientation,
      };
    }
    const entry = t.tables[id] ?? t.grids[id];
    if (!entry) return null;
    // every text the layout prints, filled (header labels, row and total labels, names …); a
    // per-project title has its own {{project}}, filled below
    const L = fillLayoutText(entry.layout, entry.file, fill, 'per' in entry.layout && entry.layout.per ? ['title', 'project_title'] : []);
    // a grid's figures are queries over the facts; a legacy layout prints a row source
    let body: { table: Table; rows: number };
    let title = L.title;
    const unit = tableUnit(L as TableLayout, t.numbers?.table);
    // the line above the table: the layout's wording ({{unit}} put in before the narrative's Handlebars), or none
    const infoPart = (template: string | undefined, fallback: string) =>
      template === undefined ? fallback : fill(entry.file.path, template.replace(/\{\{\s*unit\s*\}\}/g, unit));
    // an empty issuer label prints nothing, not a bare "：" before the name
    let info: TableInsert['info'] =
      L.info === 'none'
        ? null
        : { left: infoPart(L.info?.left, L.issuer_label.trim() ? `${L.issuer_label}：${dept}` : ''), right: infoPart(L.info?.right, `单位：${unit}`) };
    if ('source' in L) {
      const result = sources[L.source]!({ data, fig, catalogue: cat, labels: L.labels, table: L.table });
      body = { table: buildGrid(L, result, { font: 'table', size: S.table, numbers: t.numbers?.table }), rows: result.rows.length };
    } else if (isBlockGrid(L)) {
      // a 绩效目标表 (per project or the department's) is left out where the data has none (the checks say so)
      const subject = subjectOf(L, arg);
      if (subject === null) return null;
      const g = buildBlockGrid(L, blockContext, subject ?? null, gridOptions);
      body = { table: g.table, rows: g.rowCount };
      if (L.per) {
        const f = (x: string) => fill(entry.file.path, x);
        const p = L.per === 'project' ? fig.projects.list[Number(arg)] : undefined;
        title = p ? projectTitle(L.project_title ?? L.title, f, { title: L.title, project: p.performance?.name ?? p.name }) : f(L.title);
        // a 绩效目标表 names its unit in its head rows, unless its layout words a line above it
        if (L.info === undefined) info = null;
      }
    } else {
      let g: ReturnType<typeof buildGridTable>;
      // a header label may name the year ("{{year}} 年预算数"): filled like the title
      const LF = filledLabels(L, (text) => (text.includes('{{') ? fill(entry.file.path, text) : text));
      try {
        g = buildGridTable(
          LF,
          { fig, facts: fig.facts, catalogue: cat, sourceNames: t.labels.income_sources },
          { font: 'table', size: S.table, numbers: t.numbers?.table },
        );
      } catch (e) {
        if (!(e instanceof GridQueryError)) throw e;
        throw new DiagnosticError([
          uncoveredDiagnostic(
            entry.file,
            e.column ? columnPath(LF, e.column) : e.path,
            e.column
              ? e.filter
              : {
                  ...e.filter,
                  ...Object.fromEntries(
                    e.reason
                      .slice('uncovered:'.length)
                      .split(', ')
                      .map((kv): [string, string] => {
                        const [k = '', v = ''] = kv.split('=');
                        return [k, v];
                      }),
                  ),
                },
            fig,
            lang,
          ),
        ]);
      }
      body = { table: g.table, rows: g.rowCount };
    }
    const notes: string[] = [];
    if (L.note) notes.push(L.note);
    if (body.rows === 0 && L.empty_note) notes.push(L.empty_note);
    const n = t.manifest.tables.indexOf(id) + 1;
    const pageNumbers = L.page_numbers ?? t.manifest.tables_page_numbers;
    return {
      // a layout's own label, else the manifest's table_label (default 表一：)
      label: tableLabel(L.label ?? t.manifest.table_label ?? '表{{cn}}：', n, chineseNumber(n)),
      title,
      tocText: L.toc_text,
      newPage: L.new_page,
      ...(pageNumbers !== undefined ? { pageNumbers } : {}),
      info,
      ...(L.repeat_title ? { repeatTitle: true } : {}),
      table: body.table,
      notes,
      orientation: L.orientation,
      margins: L.margins,
    };
  };

  // the 目录 title is a template of the manifest: an error in it is reported at its line there
  const tocTitle = (): string => {
    const file = { path: t.manifestPath ?? 'manifest.yaml', text: t.manifestText ?? '' };
    try {
      return fill(file.path, t.manifest.toc.title);
    } catch (e) {
      if (!(e instanceof DiagnosticError) || !t.manifestText) throw e;
      const where = /^toc:\s*\S/m.test(file.text) ? ['toc'] : ['toc', 'title'];
      throw new DiagnosticError(e.diagnostics.map((d) => atYamlLine(d, file, where)));
    }
  };

  return assemble({
    styles: t.styles,
    meta: {
      title: `${dept} ${data.department.year} 年部门预算公开`,
      author: dept,
      subject: '部门预算公开',
      language: 'zh-CN',
      // a month-only date dates the files on its first day; none: 1 January of the year
      date: fileDate(data),
    },
    cover: hasCover(t.manifest.cover) ? markup(t.manifest.cover) : null,
    coverOrientation: t.manifest.cover_orientation,
    numberFromFirstPage: t.manifest.page_numbers_from === 'document',
    toc:
      t.manifest.toc.title.trim() === 'none'
        ? null
        : {
            title: tocTitle(),
            levels: t.manifest.toc.levels,
            pageNumbers: t.manifest.toc.page_numbers,
            tables: t.manifest.toc.tables,
            ...(t.manifest.toc.tables_under !== undefined
              ? { tablesUnder: t.manifest.parts.findIndex((p) => p.narrative === t.manifest.toc.tables_under) }
              : {}),
            ...(t.manifest.toc.tables_suffix !== undefined ? { tablesSuffix: t.manifest.toc.tables_suffix } : {}),
            footer: t.manifest.toc.footer,
          },
    parts: t.manifest.parts.map((p) => ({
      blocks: markup(p.narrative),
      newPage: p.new_page,
      pageNumbers: p.page_numbers,
      restart: p.restart,
      orientation: p.orientation,
      margins: p.margins,
    })),
    table,
  });
}
