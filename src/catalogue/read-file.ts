// One catalogue file → its codes and names, or what is wrong with it, each
// problem at its own line (YAML, CSV) or cell (xlsx).
import { readFile } from 'node:fs/promises';
import { tr, type Lang } from '../diagnostics/diagnostic.js';
import type { FileContents } from './entries.js';
import type { CatalogueFile } from './files.js';
import { readYamlCatalogue } from './yaml-file.js';
import { csvTable } from './csv.js';
import { xlsxTable } from './xlsx.js';
import { entriesOf } from './table-rows.js';

/** a year's classification is a few thousand rows (well under 1 MB); a file this large is not one and would exhaust memory */
export const MAX_CATALOGUE_BYTES = 10 * 1048576;

export async function readCatalogueFile(f: CatalogueFile, lang: Lang): Promise<FileContents> {
  if (f.size > MAX_CATALOGUE_BYTES)
    return {
      entries: [],
      problems: [
        {
          severity: 'error',
          code: 'catalogue.too_large',
          message: tr(
            lang,
            `科目表有 ${(f.size / 1048576).toFixed(0)} MB，超过 ${MAX_CATALOGUE_BYTES / 1048576} MB 的上限（一年的科目表通常不到 1 MB）`,
            `the catalogue is ${(f.size / 1048576).toFixed(0)} MB, over the limit of ${MAX_CATALOGUE_BYTES / 1048576} MB (a year's catalogue is usually under 1 MB)`,
          ),
          hint: tr(lang, '检查是不是选错了文件，或导出时多选了其他数据', 'check that it is the right file, or that the export holds nothing else'),
          file: f.path,
          line: 1,
          column: 1,
        },
      ],
    };
  const bytes = await readFile(f.path);
  if (f.format === 'yaml') return readYamlCatalogue(f.path, bytes, lang);
  const table = f.format === 'csv' ? csvTable(f.path, bytes, lang) : await xlsxTable(f.path, bytes, lang);
  if ('problem' in table) return { entries: [], problems: [table.problem] };
  // a table file holds the one classification its name says
  return entriesOf(table, f.kind!, lang);
}
