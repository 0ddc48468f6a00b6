// A year's catalogue files in a list of layers. One naming convention, so a
// bureau drops its budget system's exports into a folder and nothing else:
//   2025.yaml                 the YAML form (any classifications, and the rules)
//   2025-functional.csv|xlsx  支出功能分类科目
//   2025-economic.csv|xlsx    部门预算支出经济分类科目
//   2025-gov-economic.csv|xlsx 政府预算支出经济分类科目
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { tr, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';
import type { CatalogueKind } from './entries.js';
import { linkOutOf } from '../source/inside-folder.js';

export interface CatalogueFile {
  layer: string;
  path: string;
  format: 'yaml' | 'csv' | 'xlsx';
  /** undefined for YAML: one file may hold every classification */
  kind?: CatalogueKind;
  mtimeMs: number;
  size: number;
}

const KINDS: readonly CatalogueKind[] = ['functional', 'economic', 'gov-economic'];
const NAME = /^(\d{4})(?:-(functional|economic|gov-economic))?\.(ya?ml|csv|xlsx)$/i;
/** files that look meant as a catalogue (year first, a table or YAML extension) but are not named by the convention */
const LOOKS_LIKE = /^(\d{4})\b.*\.(ya?ml|csv|xlsx|xls|txt|et)$/i;

export function expectedNames(year: number): string[] {
  return [`${year}.yaml`, ...KINDS.map((k) => `${year}-${k}.csv`), ...KINDS.map((k) => `${year}-${k}.xlsx`)];
}

interface Parsed {
  year: number;
  format: CatalogueFile['format'];
  kind?: CatalogueKind;
}

function parseName(name: string): Parsed | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const ext = m[3]!.toLowerCase();
  const format = ext === 'csv' ? 'csv' : ext === 'xlsx' ? 'xlsx' : 'yaml';
  // a table holds one classification, named by the file; a YAML file names its own
  if ((format === 'yaml') !== (m[2] === undefined)) return null;
  return { year: Number(m[1]), format, ...(m[2] ? { kind: m[2].toLowerCase() as CatalogueKind } : {}) };
}

function badName(path: string, year: number, lang: Lang): Diagnostic {
  const xls = /\.(xls|et)$/i.test(path);
  return {
    severity: 'error',
    code: 'catalogue.bad_file_name',
    message: xls
      ? tr(lang, '科目表不能是旧版 Excel（.xls）或 WPS（.et）文件', 'a catalogue cannot be an old Excel (.xls) or WPS (.et) file')
      : tr(lang, `看不出“${basename(path)}”是哪一类科目表`, `“${basename(path)}” is not named as a catalogue file`),
    hint: tr(
      lang,
      `${xls ? '在 Excel/WPS 中“另存为”.xlsx 或 CSV（UTF-8），并' : ''}按分类命名：${expectedNames(year).join('、')}`,
      `${xls ? 'save it as .xlsx or CSV (UTF-8) and ' : ''}name it by its classification: ${expectedNames(year).join(', ')}`,
    ),
    file: path,
  };
}

const order = (f: CatalogueFile) => (f.kind ? KINDS.indexOf(f.kind) + 1 : 0) * 2 + (f.format === 'xlsx' ? 1 : 0);

/** The year's files of every layer, in merge order; missing layers are skipped. */
export async function catalogueFilesFor(year: number, layers: readonly string[], lang: Lang): Promise<{ files: CatalogueFile[]; problems: Diagnostic[] }> {
  const files: CatalogueFile[] = [];
  const problems: Diagnostic[] = [];
  const perLayer = await Promise.all(
    layers.map(async (layer) => {
      const s = await stat(layer).catch(() => null);
      if (!s) return [];
      const candidates = s.isDirectory()
        ? (await readdir(layer).catch(() => [] as string[])).filter((n) => !n.startsWith('.')).map((n) => ({ path: join(layer, n), explicit: false }))
        : [{ path: layer, explicit: true }];
      const out: CatalogueFile[] = [];
      for (const c of candidates) {
        const name = basename(c.path);
        const parsed = parseName(name);
        if (!parsed) {
          // a file named on the command line must follow the convention; in a folder, only files that look meant for this year are reported
          const looks = LOOKS_LIKE.exec(name);
          if (c.explicit || (looks && Number(looks[1]) === year)) problems.push(badName(c.path, year, lang));
          continue;
        }
        if (parsed.year !== year) continue;
        const fs = c.explicit ? s : await stat(c.path).catch(() => null);
        if (!fs?.isFile()) continue;
        // a link out of the catalogue folder is not read (its lines would be quoted in messages)
        if (!c.explicit && (await linkOutOf(c.path, layer)) !== null) {
          problems.push({
            severity: 'error',
            code: 'catalogue.outside_folder',
            message: tr(
              lang,
              `${name} 是指向科目表文件夹之外的链接（快捷方式），不读取`,
              `${name} is a link (shortcut) to a file outside the catalogue folder; it is not read`,
            ),
            hint: tr(lang, '把文件本身复制到 catalogue 文件夹中', 'copy the file itself into the catalogue folder'),
            file: c.path,
            line: 1,
            column: 1,
          });
          continue;
        }
        out.push({ layer, path: c.path, format: parsed.format, ...(parsed.kind ? { kind: parsed.kind } : {}), mtimeMs: fs.mtimeMs, size: fs.size });
      }
      return out.sort((a, b) => order(a) - order(b) || a.path.localeCompare(b.path));
    }),
  );
  for (const l of perLayer) files.push(...l);
  return { files, problems };
}
