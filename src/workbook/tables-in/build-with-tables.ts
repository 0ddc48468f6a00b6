// `build TEXTS.yaml --tables TABLES.xlsx`: the texts YAML and the department's
// published tables, read through the set's layouts, built as one department.
// Every figure the sheets print is then compared with the table the tool
// builds from what it read; nothing is written when any differs.
import { tr, hasErrors, DiagnosticError, type Diagnostic, type Lang, type Place } from '../../diagnostics/diagnostic.js';
import { build, type BuildInput, type BuildOutput } from '../../build.js';
import { departmentName } from '../../source/files.js';
import { parseYamlSource, type YamlSource } from '../../source/yaml-source.js';
import { toJsWithSourceNumbers, numberOf } from '../../source/source-numbers.js';
import { catalogueLayers, loadCatalogue } from '../../catalogue/catalogue.js';
import { NoCatalogueError } from '../../catalogue/missing.js';
import { DEFAULT_FISCAL_SOURCES } from '../../figures/facts.js';
import { checkZipBounds } from './zip-bounds.js';
import { loadSheets } from './sheet-grid.js';
import { readSpecs, unreadTitles } from './read-spec.js';
import { readTables } from './read-tables.js';
import { solveFacts } from './solve-facts.js';
import { assemble } from './assemble.js';
import { checkPrinted } from './check-printed.js';
import { squeeze } from './normalize.js';

export interface TablesInput extends Omit<BuildInput, 'parsed' | 'bytes'> {
  tablesFile: string;
  tablesBytes: Uint8Array;
}

type Raw = Record<string, unknown>;

export async function buildWithTables(input: TablesInput): Promise<BuildOutput> {
  const lang: Lang = input.lang ?? 'zh';
  const name = departmentName(input.file);
  const fail = (diagnostics: Diagnostic[]): BuildOutput => ({ name, diagnostics, files: [] });
  const t = input.tablesFile;
  const yaml = parseYamlSource(input.file, input.text, lang);
  if (!yaml.source) return fail(yaml.diagnostics);
  const texts = (toJsWithSourceNumbers(yaml.source.doc) ?? {}) as Raw;
  const bounds = checkZipBounds(input.tablesBytes);
  if (!bounds.ok)
    return fail([
      {
        severity: 'error',
        code: bounds.why === 'not_zip' ? 'workbook.unreadable' : 'tables.too_large',
        file: t,
        message:
          bounds.why === 'not_zip'
            ? tr(lang, '这不是 Excel 工作簿（.xlsx）', 'this is not an Excel workbook (.xlsx)')
            : tr(lang, '工作簿太大（文件数或解压后的大小超过上限），不读取', 'the workbook is too large (entries or inflated size over the bound); not read'),
        hint: tr(
          lang,
          '一个部门的公开表只需十几个工作表；请只导出本部门的公开表',
          "a department's published tables are a dozen sheets: export only this department's tables",
        ),
      },
    ]);
  let sheets;
  try {
    sheets = await loadSheets(input.tablesBytes);
  } catch (e) {
    return fail([
      {
        severity: 'error',
        code: 'workbook.unreadable',
        file: t,
        message: tr(lang, '无法读取这个 Excel 文件', 'cannot read this Excel file'),
        hint: tr(lang, '用 Excel 或 WPS 打开后“另存为”Excel 工作簿（.xlsx）', 'open it in Excel or WPS and save it as an Excel workbook (.xlsx)'),
      },
    ]);
  }
  const dept = (texts.department ?? {}) as Raw;
  const year = Number(numberOf(dept.year));
  if (!Number.isInteger(year)) return build({ ...input }); // the texts' own problem, reported as any YAML's
  const dataUnit = dept.unit === '元' ? '元' : '万元';
  let catalogue;
  try {
    const catYear = typeof dept.catalogue === 'string' ? Number(dept.catalogue) : year;
    catalogue = await loadCatalogue(catYear, input.catalogues ?? catalogueLayers({ departmentFile: input.file }), lang);
  } catch (e) {
    // a missing catalogue is reported by the build at the department's year
    if (e instanceof DiagnosticError || e instanceof NoCatalogueError) return build({ ...input });
    throw e;
  }
  const units = (Array.isArray(texts.units) ? texts.units : []) as Raw[];
  const unitIds = new Map<string, string>([
    [squeeze(String(dept.name ?? '')), 'self'],
    ...units.map((u) => [squeeze(String(u.name ?? '')), String(u.id)] as [string, string]),
  ]);
  const specs = readSpecs(input.templates);
  const read = readTables(sheets, specs, { file: t, year, dataUnit, lang, unitIds, quiet: unreadTitles(input.templates) });
  const types = (Array.isArray(texts.expenditure_types) ? texts.expenditure_types : []).map((x) => String((x as Raw).key));
  const solved = solveFacts(read.observations, read.listings, {
    file: t,
    lang,
    fiscalSources: input.templates.figures.fiscalSources ?? DEFAULT_FISCAL_SOURCES,
    types,
  });
  const yamlSource = yaml.source;
  const merged = assemble(texts, solved.facts, read.rowFacts, unitIds, { file: t, yamlFile: input.file, lang, catalogue, locate: (p) => yamlSource.locate(p) });
  const early = [...yaml.diagnostics, ...read.diagnostics, ...solved.diagnostics, ...merged.diagnostics];
  if (hasErrors(early)) return fail(early);
  // a path read from the tables is reported at its cell; anything else at its line of the texts
  const locate = (path: readonly PropertyKey[], which?: 'value' | 'key'): Place => {
    for (let n = path.length; n > 0; n--) {
      const ref = merged.cells.get(path.slice(0, n).map(String).join('\0'));
      if (ref) return { file: t, cell: ref };
    }
    const first = [...merged.cells.entries()].find(([k]) => k.split('\0')[0] === String(path[0]));
    if (first && path.length >= 1 && ['income', 'expenditure', 'basic_by_economic'].includes(String(path[0]))) return { file: t, cell: first[1] };
    return yamlSource.locate(path, which);
  };
  const source: YamlSource = { ...yamlSource, locate };
  const out = await build({ ...input, keepIr: true, parsed: { source, raw: merged.raw, diagnostics: [] } });
  const diagnostics = [...early, ...out.diagnostics];
  if (out.ir) diagnostics.push(...checkPrinted(out.ir, read.sheets, t, lang));
  const { ir: _ir, ...rest } = out;
  if (hasErrors(diagnostics)) return { ...rest, diagnostics, files: [] };
  return { ...rest, diagnostics };
}
