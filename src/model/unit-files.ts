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
import { linkOutOf } from '../source/inside-folder.js';

type Locate = YamlSource['locate'];

const FACT_KEYS = new Set(['income', 'expenditure', 'basic_by_economic']);
/** a unit's facts are a few hundred lines; a file this large was chosen by mistake */
const MAX_UNIT_FILE_BYTES = 10 * 1048576;
const utf8 = new TextDecoder('utf-8', { fatal: true });

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
    diagnostics.push({
      severity: 'error',
      code: 'schema.unit_file',
      message: tr(lang, zh, en),
      hint: tr(lang, hintZh, hintEn),
      ...source.locate(['units', i, 'file']),
    });
  };
  for (const [i, u] of data.units.entries()) {
    if (u.file === undefined) continue;
    const raw = source.doc.getIn(['units', i]) as { has?: (k: string) => boolean } | undefined;
    if ([...FACT_KEYS].some((k) => raw?.has?.(k))) {
      err(
        i,
        `单位“${u.name}”的数据写在文件 ${u.file} 中，这里就不要再写 income、expenditure、basic_by_economic`,
        `unit “${u.name}” keeps its facts in ${u.file}: leave income, expenditure and basic_by_economic out here`,
        '删去这里的数据，或删去 file:',
        'remove the facts here, or remove file:',
      );
      continue;
    }
    const path = resolve(folder, u.file);
    const rel = relative(folder, path);
    // a unit's file sits beside the department's file or below it
    if (rel.startsWith('..') || isAbsolute(rel)) {
      err(
        i,
        `单位文件 ${u.file} 不在部门数据所在的文件夹中${isAbsolute(u.file) ? '（写的是绝对路径）' : '（“..”跳到了上一层文件夹）'}`,
        `the unit file ${u.file} is outside the department's folder${isAbsolute(u.file) ? ' (an absolute path)' : ' (“..” climbs out of it)'}`,
        `把单位文件放在部门数据文件旁边（或其下的文件夹中），写相对路径，如 units/学校.yaml`,
        "keep unit files beside the department's file (or in a folder below it) and give a relative path, e.g. units/school.yaml",
      );
      continue;
    }
    // the department's own file named as a unit's: its keys would be listed as a unit file's unknown fields
    if (path === resolve(departmentFile)) {
      err(
        i,
        `单位文件 ${u.file} 就是部门数据文件本身`,
        `the unit file ${u.file} is the department's own file`,
        '单位的数据写在另一个文件中（如 units/学校.yaml），或删去 file:',
        "put the unit's facts in a file of their own (e.g. units/school.yaml), or remove file:",
      );
      continue;
    }
    // a link out of the folder is not read (its lines would be quoted in messages)
    if ((await linkOutOf(path, folder)) !== null) {
      err(
        i,
        `单位文件 ${u.file} 是指向部门文件夹之外的链接（快捷方式），不读取`,
        `the unit file ${u.file} is a link (shortcut) to a file outside the department's folder; it is not read`,
        '把文件本身复制到部门文件夹中',
        "copy the file itself into the department's folder",
      );
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch {
      err(i, `找不到单位文件 ${u.file}`, `the unit file ${u.file} cannot be read`, `文件应在 ${folder} 中`, `it should be in ${folder}`);
      continue;
    }
    if (bytes.length > MAX_UNIT_FILE_BYTES) {
      err(
        i,
        `单位文件 ${u.file} 有 ${(bytes.length / 1048576).toFixed(1)} MB，超过单位文件 ${MAX_UNIT_FILE_BYTES / 1048576} MB 的上限`,
        `the unit file ${u.file} is ${(bytes.length / 1048576).toFixed(1)} MB, over the limit of ${MAX_UNIT_FILE_BYTES / 1048576} MB for a unit file`,
        '检查是不是选错了文件',
        'check that it is the right file',
      );
      continue;
    }
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      err(
        i,
        `单位文件 ${u.file} 不是 UTF-8 编码（可能是 GBK）`,
        `the unit file ${u.file} is not UTF-8 (GBK, perhaps)`,
        '用记事本或 WPS “另存为”时选择 UTF-8 编码',
        'save it again as UTF-8 (Save as… in Notepad or WPS)',
      );
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
