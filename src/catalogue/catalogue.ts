// 政府收支分类科目 of one year, as data: the names of codes and their levels.
// Table rows carry codes only; every printed name comes from here. A year's
// catalogue is merged from layers (built-in → template sets → --catalogue →
// the department's folder): a later layer adds codes and renames earlier ones.
import { projectPath } from '../project-root.js';
import { DiagnosticError, type Lang } from '../diagnostics/diagnostic.js';
import { catalogueFilesFor, type CatalogueFile } from './files.js';
import { readCatalogueFile } from './read-file.js';
import type { CatalogueKind, FileContents } from './entries.js';
import { NoCatalogueError } from './missing.js';

export { catalogueLayers } from './layers.js';
export type { CatalogueKind } from './entries.js';

export interface CatalogueSource {
  /** a folder or file of the layer list */
  layer: string;
  /** its files that gave this year's codes, in the order they were merged */
  files: string[];
}

export interface Catalogue {
  readonly year: number;
  functionalName: (code: string) => string | undefined;
  economicName: (code: string) => string | undefined;
  /** 政府预算支出经济分类 (501, 50101, …), where a catalogue gives it */
  governmentEconomicName(code: string): string | undefined;
  /** 功能分类 类 listed line by line in 表一 and 表四, in code order */
  summaryClasses(): readonly { code: string; name: string }[];
  isPersonnel(economicCode: string): boolean;
  /** the layers searched, in order, and the files used from each (for hints) */
  sources(): readonly CatalogueSource[];
  /** every layer searched, whether or not it had files for the year */
  layers(): readonly string[];
}

export interface CatalogueData {
  year: number;
  names: Record<CatalogueKind, ReadonlyMap<string, string>>;
  /** 类 not listed in 表一/表四 (社会保险基金 …); none when no layer says */
  notInSummary: readonly string[];
  /** 经济分类 类 whose money is 人员经费 */
  personnelClasses: readonly string[];
}

/** 人员经费 = 工资福利支出 (301) + 对个人和家庭的补助 (303), unless a catalogue says otherwise. */
const DEFAULT_PERSONNEL = ['301', '303'];

export function catalogueFrom(data: CatalogueData, sources: readonly CatalogueSource[] = [], layers: readonly string[] = []): Catalogue {
  const classes = [...data.names.functional.entries()]
    .filter(([code]) => code.length === 3 && !data.notInSummary.includes(code))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, name]) => ({ code, name }));
  return {
    year: data.year,
    functionalName: (code) => data.names.functional.get(code),
    economicName: (code) => data.names.economic.get(code),
    governmentEconomicName: (code) => data.names['gov-economic'].get(code),
    summaryClasses: () => classes,
    isPersonnel: (code) => data.personnelClasses.includes(code.slice(0, 3)),
    sources: () => sources,
    layers: () => layers,
  };
}

/** Files merged in layer order; within a layer as files.ts orders them. */
export function mergeCatalogue(year: number, contents: readonly FileContents[]): CatalogueData {
  const names = { functional: new Map<string, string>(), economic: new Map<string, string>(), 'gov-economic': new Map<string, string>() };
  let notInSummary: readonly string[] = [];
  let personnelClasses: readonly string[] = DEFAULT_PERSONNEL;
  for (const c of contents) {
    for (const e of c.entries) names[e.kind].set(e.code, e.name);
    if (c.notInSummary) notInSummary = c.notInSummary;
    if (c.personnelClasses) personnelClasses = c.personnelClasses;
  }
  return { year, names, notInSummary, personnelClasses };
}

/** The built-in catalogues (data/catalogue/), the first layer of every list. */
export const catalogueDir = projectPath('data', 'catalogue');

const cache = new Map<string, Promise<Catalogue>>();

/**
 * The year's catalogue from `layers` (folders or single files, earliest
 * first). A file that does not parse throws a DiagnosticError located in it;
 * no file for the year in any layer throws NoCatalogueError. Cached per
 * (year, files, their mtimes and sizes): an edited file is read again.
 */
export async function loadCatalogue(year: number, layers: readonly string[] = [catalogueDir], lang: Lang = 'zh'): Promise<Catalogue> {
  const found = await catalogueFilesFor(year, layers, lang);
  if (found.problems.length) throw new DiagnosticError(found.problems);
  if (!found.files.length) throw new NoCatalogueError(year, layers);
  const key = [year, lang, ...layers, ...found.files.map((f) => `${f.path}\0${f.mtimeMs}\0${f.size}`)].join('\0');
  let c = cache.get(key);
  if (!c) {
    c = read(year, layers, found.files, lang);
    cache.set(key, c);
    // a failed read is not kept: the clerk fixes the file and runs again in the same process (preview)
    c.catch(() => cache.delete(key));
  }
  return c;
}

async function read(year: number, layers: readonly string[], files: readonly CatalogueFile[], lang: Lang): Promise<Catalogue> {
  const contents = await Promise.all(files.map((f) => readCatalogueFile(f, lang)));
  const problems = contents.flatMap((c) => c.problems);
  if (problems.length) throw new DiagnosticError(problems);
  const sources: CatalogueSource[] = [];
  for (const f of files) {
    const last = sources[sources.length - 1];
    if (last?.layer === f.layer) last.files.push(f.path);
    else sources.push({ layer: f.layer, files: [f.path] });
  }
  return catalogueFrom(mergeCatalogue(year, contents), sources, layers);
}
