// A department's data from either kind of file: YAML (lines and columns) or a
// workbook (sheets and cells). Both give the same plain data and a locate(path)
// for diagnostics, and are validated by the same schema.
import { readFile } from 'node:fs/promises';
import { tr, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';
import { parseYamlSource, type YamlSource } from '../source/yaml-source.js';
import { toJsWithSourceNumbers } from '../source/source-numbers.js';
import { validateYaml } from './validate.js';
import { departmentSchemaFor, type DepartmentData } from './schema.js';
import { isWorkbookFile } from './workbook/read-workbook.js';

export interface DepartmentSource {
  /** a YAML source, or a workbook's (whose locate names cells; it has no YAML document) */
  source: YamlSource | null;
  raw: unknown;
  diagnostics: Diagnostic[];
}

/** The file's data unvalidated. A workbook is read from `bytes`, else from disk (its text is not used). */
export async function readDepartmentSource(file: string, text: string, lang: Lang = 'zh', bytes?: Uint8Array): Promise<DepartmentSource> {
  if (!isWorkbookFile(file)) {
    const parsed = parseYamlSource(file, text, lang);
    return { source: parsed.source, raw: parsed.source ? toJsWithSourceNumbers(parsed.source.doc) : null, diagnostics: parsed.diagnostics };
  }
  let b = bytes;
  if (!b) {
    try {
      b = await readFile(file);
    } catch {
      return {
        source: null,
        raw: null,
        diagnostics: [{ severity: 'error', code: 'io.unreadable', message: tr(lang, `无法读取文件 ${file}`, `cannot read the file ${file}`), file }],
      };
    }
  }
  const { readWorkbook } = await import('./workbook/read-workbook.js');
  const r = await readWorkbook(file, b, lang);
  // validateYaml and the checks need only locate(); units never name YAML files from a workbook
  return { source: r.source as unknown as YamlSource | null, raw: r.raw, diagnostics: r.diagnostics };
}

/** The data validated in the unit it declares; a workbook's own problems first, the schema's not repeated at the same cell. */
export function validateDepartmentSource(src: DepartmentSource, lang: Lang = 'zh'): { data: DepartmentData | null; diagnostics: Diagnostic[] } {
  if (!src.source) return { data: null, diagnostics: src.diagnostics };
  const unit = (src.raw as { department?: { unit?: unknown } } | null)?.department?.unit === '元' ? '元' : '万元';
  const v = validateYaml(departmentSchemaFor(unit), src.source, lang, 'schema', src.raw);
  const cells = new Set(src.diagnostics.map((d) => d.cell).filter(Boolean));
  const diagnostics = [...src.diagnostics, ...v.diagnostics.filter((d) => !d.cell || !cells.has(d.cell))];
  return { data: diagnostics.some((d) => d.severity === 'error') ? null : v.data, diagnostics };
}
