// One department's build: data + template set → files + diagnostics.
// A pure function of its inputs (no global state beyond read-only caches of
// fonts and catalogues), so any worker can call it.
import { departmentName } from './source/files.js';
import type { Lang } from './model/validate.js';
import { readDepartmentSource, validateDepartmentSource, type DepartmentSource } from './model/department-source.js';
import { withUnitFiles } from './model/unit-files.js';
import { catalogueYear, documentFor } from './document/document-for.js';
import { catalogueLayers, loadCatalogue, type Catalogue } from './catalogue/catalogue.js';
import { NoCatalogueError, noCatalogueDiagnostic } from './catalogue/missing.js';
import { withDataNames } from './catalogue/data-names.js';
import { checkProjectColumns } from './document/project-columns.js';
import { deriveFigures } from './figures/derive.js';
import { runChecks } from './checks/rules.js';
import type { TemplateSet } from './templates/load.js';
import { DiagnosticError, hasErrors, type Diagnostic } from './diagnostics/diagnostic.js';
import type { DocumentIR } from './ir/types.js';
import { missingGlyphWarnings, packagedGlyphWarnings } from './fonts/glyph-check.js';
import { titleYearWarnings } from './document/title-years.js';
import { mixedDirectionErrors } from './document/text-direction.js';
import { engineStatus } from './engines/notice.js';
import { breakTallRows, limitProblems, limitsOf, pageLimitProblem, type Limits } from './document/limits.js';
import { narrativeContext } from './document/document-for.js';
import { pdfWork } from './document/pagination.js';
import { startDeadline } from './diagnostics/deadline.js';
import { stage } from './engines/work-meter.js';
import { auditOutputs } from './render/print-audit.js';

/** xlsx: the disclosure's tables as a workbook (src/render/xlsx/tables-xlsx.ts) */
export type Format = 'pdf' | 'docx' | 'xlsx';

export interface BuildInput {
  /** the YAML file's path (for messages and the output name) and its text; a workbook (.xlsx) is read from `bytes` or the file */
  file: string;
  text: string;
  bytes?: Uint8Array;
  templates: TemplateSet;
  /** catalogue layers, earliest first (catalogueLayers()); default: built-in, then the catalogue/ folder beside the file */
  catalogues?: readonly string[];
  formats?: readonly Format[];
  lang?: Lang;
  /** warnings block the build too */
  strict?: boolean;
  /** false: run every stage short of rendering (disclosure check) */
  render?: boolean;
  /** also return the document IR (the live preview renders it to HTML) */
  keepIr?: boolean;
  /** pages and seconds per department (default 500 pages, 60 s): src/document/limits.ts */
  limits?: Partial<Limits>;
  /** the department's data already read (a texts YAML with its tables workbook: src/workbook/tables-in) */
  parsed?: DepartmentSource;
}

export interface BuildOutput {
  name: string;
  diagnostics: Diagnostic[];
  files: { format: Format; bytes: Uint8Array }[];
  pages?: number;
  /** the document IR, when `keepIr` was asked and the build got that far */
  ir?: DocumentIR;
}

/**
 * build() with its template set still loading: a broken set is the clerk's to
 * fix at its files, so it comes back as the department's diagnostics (nothing
 * rendered), as a problem in the data would, not as an exception.
 */
export async function buildWithTemplates(templates: Promise<TemplateSet>, input: Omit<BuildInput, 'templates'>): Promise<BuildOutput> {
  let set;
  try {
    set = await templates;
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    return { name: departmentName(input.file), diagnostics: [...e.diagnostics], files: [] };
  }
  return build({ ...input, templates: set });
}

export async function build(input: BuildInput): Promise<BuildOutput> {
  const started = performance.now();
  // the department's clock, looked at inside template expansion too (src/diagnostics/deadline.ts)
  const stop = startDeadline(limitsOf(input.limits).seconds, started);
  try {
    return await buildTimed(input, started);
  } finally {
    stop();
  }
}

async function buildTimed(input: BuildInput, started: number): Promise<BuildOutput> {
  const name = departmentName(input.file);
  const parsed = input.parsed ?? (await stage('source', () => readDepartmentSource(input.file, input.text, input.lang, input.bytes)));
  if (!parsed.source) return { name, diagnostics: parsed.diagnostics, files: [] };
  const validated = stage('validate', () => validateDepartmentSource(parsed, input.lang));
  if (!validated.data) return { name, diagnostics: validated.diagnostics, files: [] };
  // units whose facts are in files of their own: read, validated, merged; diagnostics point into them
  const withUnits = await stage('validate', () => withUnitFiles(input.file, validated.data!, parsed.source!, input.lang));
  const diagnostics = [...validated.diagnostics, ...withUnits.diagnostics];
  const data = withUnits.data;
  const locate = withUnits.locate;
  if (!data) return { name, diagnostics, files: [] };
  let cat: Catalogue;
  try {
    cat = await stage('catalogue', () => loadCatalogue(catalogueYear(data), input.catalogues ?? catalogueLayers({ departmentFile: input.file }), input.lang));
  } catch (e) {
    if (e instanceof DiagnosticError) return { name, files: [], diagnostics: [...diagnostics, ...e.diagnostics] };
    if (!(e instanceof NoCatalogueError)) throw e;
    const where = data.department.catalogue ? ['department', 'catalogue'] : ['department', 'year'];
    return { name, files: [], diagnostics: [...diagnostics, noCatalogueDiagnostic(e, parsed.source.locate(where), input.lang)] };
  }
  // codes the catalogue lacks but the data names print with those names (the checks warn about them)
  const printed = withDataNames(cat, data);
  const fig = stage('figures', () => deriveFigures(data, printed, input.templates.figures));
  diagnostics.push(...stage('checks', () => runChecks({ data, fig, catalogue: cat, locate, lang: input.lang, templates: input.templates })));
  if (!hasErrors(diagnostics)) diagnostics.push(...stage('checks', () => checkProjectColumns(input.templates, data, cat, locate, input.lang)));
  if (hasErrors(diagnostics) || (input.strict && diagnostics.length)) return { name, diagnostics, files: [] };
  let doc;
  try {
    doc = await stage('document', () => documentFor(data, input.templates, { fig, cat: printed }, input.lang));
  } catch (e) {
    if (e instanceof DiagnosticError) return { name, diagnostics: [...diagnostics, ...e.diagnostics], files: [] };
    throw e;
  }
  // characters a template set's own font file lacks (packaged faces are not checked)
  const d = doc;
  diagnostics.push(...(await stage('glyph checks', () => missingGlyphWarnings(d, input.lang))));
  // headings carry the budget year or the year before, never a year left behind in a template
  diagnostics.push(
    ...stage('checks', () => titleYearWarnings(d, data.department.year, fig.previousYear, input.templates, locate(['department', 'year']), input.lang)),
  );
  // characters no packaged face has (𠮷, Uyghur script, emoji), at the line of the data or template that writes them
  diagnostics.push(
    ...(await stage('glyph checks', () =>
      packagedGlyphWarnings(d, input.lang, [{ path: input.file, text: input.text }, ...Object.values(input.templates.narratives)], { file: input.file }),
    )),
  );
  // a right-to-left word inside a line of Chinese, with no bidi algorithm to lay the line out: refused where it is written
  // where the PDF runs stock (no bidi over its lines: engine patch pdfmake-bidi-lines); a DOCX alone goes
  // ahead, Word runs its own bidi algorithm
  const status = engineStatus();
  const stockLines = status.stock || status.mismatched.some((m) => m.library === 'pdfmake');
  const mixed =
    stockLines && (input.formats ?? ['pdf']).includes('pdf')
      ? stage('glyph checks', () =>
          mixedDirectionErrors(d, input.lang, [{ path: input.file, text: input.text }, ...Object.values(input.templates.narratives)], { file: input.file }),
        )
      : [];
  if (mixed.length) return { name, diagnostics: [...diagnostics, ...mixed], files: [] };
  // a template that loops ends here, before the renderers; rows taller than a page may break
  const context = () => narrativeContext(data, fig, printed, input.templates);
  const overLimit = stage('limits', () => limitProblems(d, input.templates, context, input.limits, input.file, started, input.lang));
  if (overLimit.length) return { name, diagnostics: [...diagnostics, ...overLimit], files: [] };
  doc = stage('limits', () => breakTallRows(d));
  if (input.strict && diagnostics.length) return { name, diagnostics, files: [] };
  const ir = input.keepIr ? { ir: doc } : {};
  if (input.render === false) return { name, diagnostics, files: [], ...ir };
  const formats = input.formats ?? ['pdf', 'docx'];
  const files: BuildOutput['files'] = [];
  // the PDF is laid out once, for itself or for the 目录 numbers of a DOCX alone (pagination.ts); nothing else needs it
  const work = pdfWork(doc, { pdf: formats.includes('pdf'), docx: formats.includes('docx') });
  // renderers load their libraries and fonts only when something is rendered (not for `check`)
  const laid = doc;
  const pdf =
    work === 'none' ? undefined : await stage('pdf', async () => (await import('./render/pdf/index.js')).renderPdf(laid, { layoutOnly: work === 'layout' }));
  if (pdf) {
    const tooLong = pageLimitProblem(doc, input.templates, context, limitsOf(input.limits), input.lang, pdf.pageCount);
    if (tooLong) return { name, diagnostics: [...diagnostics, tooLong], files: [] };
  }
  if (pdf && work === 'draw') files.push({ format: 'pdf', bytes: pdf.bytes });
  let docx: Uint8Array | undefined;
  if (formats.includes('docx')) {
    docx = await stage('docx', async () => (await import('./render/docx/index.js')).renderDocx(laid, { pagination: pdf?.pagination }));
    files.push({ format: 'docx', bytes: docx });
  }
  // every text of the IR reached the page (the drawing) and the DOCX's body, or nothing is written
  const missing = stage('print audit', () => auditOutputs(laid, { ...(pdf ? { pdf } : {}), ...(docx ? { docx } : {}) }, input.file, input.lang));
  if (missing.length) return { name, diagnostics: [...diagnostics, ...missing], files: [] };
  if (formats.includes('xlsx'))
    files.push({ format: 'xlsx', bytes: await stage('xlsx', async () => (await import('./render/xlsx/tables-xlsx.js')).tablesWorkbook(laid)) });
  return { name, diagnostics, files, ...(pdf ? { pages: pdf.pageCount } : {}), ...ir };
}
