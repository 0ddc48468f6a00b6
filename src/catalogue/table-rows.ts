// The rows of a CSV or xlsx catalogue as a budget system exports them: title
// lines may come first, then a header naming the code and name columns
// (编码/科目编码/code, 名称/科目名称/name), then one code per row. The code's
// length gives its level (功能 3/5/7 digits, 经济 3/5).
import { tr, type Diagnostic, type Lang, type Place } from '../diagnostics/diagnostic.js';
import type { CatalogueEntry, CatalogueKind, FileContents } from './entries.js';

export interface TableCell {
  text: string;
  place: Place;
  /** how the clerk finds the cell: "" for CSV (the line says it), "Sheet1!B7" for xlsx */
  ref: string;
}

export interface CatalogueTable {
  file: string;
  rows: TableCell[][];
  /** where a problem about the whole file is reported */
  start: Place;
}

const CODE_HEADERS = new Set(['编码', '科目编码', '代码', '科目代码', 'code']);
const NAME_HEADERS = new Set(['名称', '科目名称', 'name']);
/** exports put a title and a unit line above the header; beyond this many rows there is no header */
const HEADER_SEARCH = 20;

const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();
const isCodeHeader = (s: string) => CODE_HEADERS.has(norm(s)) || /(编码|代码)$/.test(norm(s));
const isNameHeader = (s: string) => NAME_HEADERS.has(norm(s)) || /名称$/.test(norm(s));

export const LENGTHS: Record<CatalogueKind, readonly number[]> = { functional: [3, 5, 7], economic: [3, 5], 'gov-economic': [3, 5] };
const KIND_NAMES: Record<CatalogueKind, [string, string]> = {
  functional: ['支出功能分类', 'functional classification'],
  economic: ['部门预算支出经济分类', 'departmental economic classification'],
  'gov-economic': ['政府预算支出经济分类', 'government economic classification'],
};

export function entriesOf(table: CatalogueTable, kind: CatalogueKind, lang: Lang): FileContents {
  const problems: Diagnostic[] = [];
  const at = (c: TableCell) => (c.ref ? `${c.ref}：` : '');
  const atEn = (c: TableCell) => (c.ref ? `${c.ref}: ` : '');
  const headerAt = table.rows.slice(0, HEADER_SEARCH).findIndex((r) => r.some((c) => isCodeHeader(c.text)) && r.some((c) => isNameHeader(c.text)));
  if (headerAt < 0)
    return {
      entries: [],
      problems: [
        {
          severity: 'error',
          code: 'catalogue.no_header',
          message: tr(lang, '科目表中找不到标题行（要有“编码”和“名称”两列）', 'the catalogue has no header row (with a “code” and a “name” column)'),
          hint: tr(lang, '在科目数据上方加一行：科目编码,科目名称', 'add a row above the codes: code,name (编码,名称 in Chinese)'),
          ...table.start,
        },
      ],
    };
  const header = table.rows[headerAt]!;
  const codeCol = header.findIndex((c) => isCodeHeader(c.text));
  const nameCol = header.findIndex((c) => isNameHeader(c.text));
  const entries: CatalogueEntry[] = [];
  const seen = new Map<string, { name: string; cell: TableCell }>();
  const lengths = LENGTHS[kind];
  const [kindZh, kindEn] = KIND_NAMES[kind];
  for (const row of table.rows.slice(headerAt + 1)) {
    const codeCell = row[codeCol];
    const nameCell = row[nameCol];
    const rawCode = codeCell?.text.trim() ?? '';
    const name = nameCell?.text.trim() ?? '';
    if (!rawCode && !name) continue;
    const place = (codeCell ?? nameCell ?? row[0]!).place;
    // some systems print 208 01 01; the digits are the code
    const code = rawCode.replace(/\s+/g, '');
    const bad = (c: TableCell | undefined, codeName: string, zh: string, en: string, hint?: [string, string]) =>
      problems.push({
        severity: 'error',
        code: codeName,
        message: tr(lang, `${c ? at(c) : ''}${zh}`, `${c ? atEn(c) : ''}${en}`),
        ...(hint ? { hint: tr(lang, ...hint) } : {}),
        ...(c?.place ?? place),
      });
    if (!/^\d+$/.test(code)) {
      bad(codeCell, 'catalogue.bad_code', `科目编码“${rawCode}”不是数字`, `code “${rawCode}” is not a number`, [
        `编码只能是数字，${kindZh}为 ${lengths.join('/')} 位`,
        `a code is digits only: ${lengths.join('/')} for the ${kindEn}`,
      ]);
      continue;
    }
    if (!lengths.includes(code.length)) {
      bad(
        codeCell,
        'catalogue.bad_code',
        `科目编码 ${code} 有 ${code.length} 位，${kindZh}的编码为 ${lengths.join('/')} 位`,
        `code ${code} has ${code.length} digits; the ${kindEn} has ${lengths.join('/')}`,
        ['检查是否把其他分类的科目放进了这个文件（文件名决定分类）', 'check that the file holds this classification only (its name says which)'],
      );
      continue;
    }
    if (!name) {
      bad(nameCell ?? codeCell, 'catalogue.empty_name', `科目 ${code} 没有名称`, `code ${code} has no name`);
      continue;
    }
    const before = seen.get(code);
    if (before && before.name !== name) {
      problems.push({
        severity: 'error',
        code: 'catalogue.duplicate_code',
        message: tr(
          lang,
          `${at(codeCell!)}科目 ${code} 重复出现，名称不同：“${before.name}”与“${name}”`,
          `${atEn(codeCell!)}code ${code} appears twice with different names: “${before.name}” and “${name}”`,
        ),
        hint: tr(lang, '删去其中一行', 'remove one of the rows'),
        ...codeCell!.place,
        related: [{ ...before.cell.place, message: tr(lang, `${at(before.cell)}第一次出现`, `${atEn(before.cell)}first given here`) }],
      });
      continue;
    }
    if (before) continue;
    seen.set(code, { name, cell: codeCell! });
    entries.push({ kind, code, name });
  }
  return { entries, problems };
}
