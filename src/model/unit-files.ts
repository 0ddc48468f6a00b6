// A 下属单位's facts may live in a file of its own beside the department's
// (units[].file): a bureau with twelve schools keeps one file per school. The
// files are read, validated and merged here, and every later diagnostic about
// a unit's row points into the unit's own file.
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve, isAbsolute } from 'node:path';
import { tr, type Diagnostic, type Lang, type Place } from '../diagnostics/diagnostic.js';
import { parseYamlSource, type YamlSource } from '../source/yaml-source.js';
import { toJsWithSourceNumbers } from '../source/source-numbers.js';
import { validateYaml } from './validate.js';
import { unitFileSchemaFor, type DepartmentData } from './schema.js';

type Locate = YamlSource['locate'];

const FACT_KEYS = new Set(['income', 'expenditure', 'basic_by_economic']);

export interface WithUnitFiles {
  data: DepartmentData | null;
  locate: Locate;
  diagnostics: Diagnostic[];
}

export async function withUnitFiles(departmentFile: string, data: DepartmentData, source: YamlSource, lang?: Lang): Promise<WithUnitFiles> {
  if (!data.units.some((u) => u.file !== undefined)) return { data, locate: source.locate, diagnostics: [] };
  const folder = dirname(resolve(departmentFile));
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<number, YamlSource>();
  const units = [...data.units];
  const err = (i: number, zh: string, en: string, hintZh: string, hintEn: string): void => {
    diagnostics.push({ severity: 'error', code: 'schema.unit_file', message: tr(lang, zh, en), hint: tr(lang, hintZh, hintEn), ...source.locate(['units', i, 'file']) });
  };
  for (const [i, u] of data.units.entries()) {
    if (u.file === undefined) continue;
    const raw = source.doc.getIn(['units', i]) as { has?: (k: string) => boolean } | undefined;
    if ([...FACT_KEYS].some((k) => raw?.has?.(k))) {
      err(i, `单位“${u.name}”的数据写在文件 ${u.file} 中，这里就不要再写 income、expenditure、basic_by_economic`, `unit “${u.name}” keeps its facts in ${u.file}: leave income, expenditure and basic_by_economic out here`, '删去这里的数据，或删去 file:', 'remove the facts here, or remove file:');
      continue;
    }
    const path = resolve(folder, u.file);
    const rel = relative(folder, path);
    // a unit's file sits beside the department's file or below it
    if (rel.startsWith('..') || isAbsolute(rel)) {
      err(i, `单位文件 ${u.file} 不在部门数据所在的文件夹中`, `the unit file ${u.file} is outside the department's folder`, '把单位文件放在部门数据文件旁边（或其下的文件夹中）', "keep unit files beside the department's file (or in a folder below it)");
      continue;
    }
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      err(i, `找不到单位文件 ${u.file}`, `the unit file ${u.file} cannot be read`, `文件应在 ${folder} 中`, `it should be in ${folder}`);
      continue;
    }
    const parsed = parseYamlSource(path, text, lang);
    if (!parsed.source) {
      diagnostics.push(...parsed.diagnostics);
      continue;
    }
    const r = validateYaml(unitFileSchemaFor(data.department.unit), parsed.source, lang ?? 'zh', 'schema', toJsWithSourceNumbers(parsed.source.doc));
    diagnostics.push(...r.diagnostics);
    if (!r.data) continue;
    sources.set(i, parsed.source);
    units[i] = { ...u, ...r.data };
  }
  const locate: Locate = (path, which) => {
    const [a, i, key, ...rest] = path;
    const unitSource = a === 'units' && typeof i === 'number' ? sources.get(i) : undefined;
    if (unitSource && typeof key === 'string' && FACT_KEYS.has(key)) return unitSource.locate([key, ...rest], which);
    return source.locate(path, which);
  };
  return { data: diagnostics.some((d) => d.severity === 'error') ? null : { ...data, units }, locate, diagnostics };
}

export type { Place };
