// One catalogue file → its codes and names, or what is wrong with it, each
// problem at its own line (YAML, CSV) or cell (xlsx).
import { readFile } from 'node:fs/promises';
import type { Lang } from '../diagnostics/diagnostic.js';
import type { FileContents } from './entries.js';
import type { CatalogueFile } from './files.js';
import { readYamlCatalogue } from './yaml-file.js';
import { csvTable } from './csv.js';
import { xlsxTable } from './xlsx.js';
import { entriesOf } from './table-rows.js';

export async function readCatalogueFile(f: CatalogueFile, lang: Lang): Promise<FileContents> {
  const bytes = await readFile(f.path);
  if (f.format === 'yaml') return readYamlCatalogue(f.path, bytes, lang);
  const table = f.format === 'csv' ? csvTable(f.path, bytes, lang) : await xlsxTable(f.path, bytes, lang);
  if ('problem' in table) return { entries: [], problems: [table.problem] };
  // a table file holds the one classification its name says
  return entriesOf(table, f.kind!, lang);
}
