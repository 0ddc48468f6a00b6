// The data's codes against the year's catalogue (the `catalogueCodes` rule).
// A code no catalogue knows is fine when its row names it (a warning says how
// to add it to a catalogue); without a name it would print as a bare number,
// so it is an error, and so is an unknown 类/款 above it, which no row can name.
import { tr, type Diagnostic, type Lang, type Place } from '../diagnostics/diagnostic.js';
import type { DepartmentData } from '../model/schema.js';
import type { Catalogue, CatalogueKind } from './catalogue.js';
import { addCodeHint } from './missing.js';

export interface CodeCheckContext {
  data: DepartmentData;
  catalogue: Catalogue;
  locate: (path: readonly PropertyKey[]) => Place;
  lang?: Lang | undefined;
}

type Row = { code: string; name?: string | undefined };

const ancestorsOf = (code: string): string[] => (code.length === 7 ? [code.slice(0, 3), code.slice(0, 5)] : code.length === 5 ? [code.slice(0, 3)] : []);

const LEVEL: Record<number, [string, string]> = { 3: ['类', 'class'], 5: ['款', 'sub-class'] };

export function catalogueCodeDiagnostics(ctx: CodeCheckContext): Diagnostic[] {
  const { catalogue: cat, lang } = ctx;
  const out: Diagnostic[] = [];
  const year = cat.year;
  const hint = (kind: CatalogueKind) => addCodeHint(year, kind, cat.layers(), lang);
  const lookup = { functional: cat.functionalName, economic: cat.economicName } as const;
  // the department's own rows, then each 下属单位's (consolidated into the same tables)
  const units = ctx.data.units ?? [];
  const functionalLists: [readonly Row[], PropertyKey[]][] = [
    [ctx.data.expenditure, ['expenditure']],
    ...units.map((u, j): [readonly Row[], PropertyKey[]] => [u.expenditure, ['units', j, 'expenditure']]),
  ];
  const economicLists: [readonly Row[], PropertyKey[]][] = [
    [ctx.data.basic_by_economic, ['basic_by_economic']],
    ...units.map((u, j): [readonly Row[], PropertyKey[]] => [u.basic_by_economic, ['units', j, 'basic_by_economic']]),
  ];
  const namedIn = (lists: [readonly Row[], PropertyKey[]][]) => new Set(lists.flatMap(([rows]) => rows.filter((r) => r.name).map((r) => r.code)));
  // codes a data row names, and ancestors already reported (once each, at their first row)
  const named = { functional: namedIn(functionalLists), economic: namedIn(economicLists) };
  const reported = new Set<string>();

  const unknownAncestors = (code: string, kind: 'functional' | 'economic', path: PropertyKey[]) => {
    for (const a of ancestorsOf(code)) {
      if (lookup[kind](a) || named[kind].has(a) || reported.has(`${kind}:${a}`)) continue;
      reported.add(`${kind}:${a}`);
      const [lz, le] = LEVEL[a.length]!;
      out.push({
        severity: 'error',
        code: 'check.unknown_code',
        message: tr(
          lang,
          `科目 ${code} 的${lz} ${a} 不在 ${year} 年科目表中，表中会只印编码`,
          `the ${le} ${a} of code ${code} is not in the ${year} catalogue; it would print as a bare number`,
        ),
        hint: hint(kind),
        ...ctx.locate(path),
      });
    }
  };

  const check = (list: readonly Row[], key: readonly PropertyKey[], kind: 'functional' | 'economic') =>
    list.forEach((row, i) => {
      const official = lookup[kind](row.code);
      if (!official && row.name)
        out.push({
          severity: 'warning',
          code: 'check.uncatalogued_code',
          message: tr(
            lang,
            `科目编码 ${row.code} 不在 ${year} 年科目表中，按数据中的名称“${row.name}”印出`,
            `code ${row.code} is not in the ${year} catalogue; it prints with the data's name “${row.name}”`,
          ),
          hint: hint(kind),
          ...ctx.locate([...key, i, 'code']),
        });
      else if (!official)
        out.push({
          severity: 'error',
          code: 'check.unknown_code',
          message: tr(lang, `科目编码 ${row.code} 不在 ${year} 年政府收支分类科目中`, `code ${row.code} is not in the ${year} classification catalogue`),
          hint: tr(lang, `核对编码；或在该行写 name: 给出名称；或${hint(kind)}`, `check the code; or give its name with name: on this row; or ${hint(kind)}`),
          ...ctx.locate([...key, i, 'code']),
        });
      else if (row.name && row.name !== official)
        out.push({
          severity: 'warning',
          code: 'check.name_mismatch',
          message: tr(
            lang,
            `科目 ${row.code} 的名称印为“${row.name}”，${year} 年科目名称是“${official}”`,
            `code ${row.code} is printed as “${row.name}”; its ${year} name is “${official}”`,
          ),
          hint: tr(lang, '删去 name 字段即按科目表名称印出', 'remove the name field to print the catalogue name'),
          ...ctx.locate([...key, i, 'name']),
        });
      unknownAncestors(row.code, kind, [...key, i, 'code']);
    });

  for (const [rows, key] of functionalLists) check(rows, key, 'functional');
  for (const [rows, key] of economicLists) check(rows, key, 'economic');
  ctx.data.projects.forEach((p, i) => {
    // a project published without its 功能分类 code has none to check
    if (p.function_code === undefined) return;
    // a 项 named by an expenditure row prints with that name in 表七 too
    if (!cat.functionalName(p.function_code) && !named.functional.has(p.function_code))
      out.push({
        severity: 'error',
        code: 'check.unknown_code',
        message: tr(
          lang,
          `项目“${p.name}”的科目编码 ${p.function_code} 不在科目表中`,
          `project “${p.name}” has code ${p.function_code}, which is not in the catalogue`,
        ),
        hint: hint('functional'),
        ...ctx.locate(['projects', i, 'function_code']),
      });
    unknownAncestors(p.function_code, 'functional', ['projects', i, 'function_code']);
    for (const cls of Object.keys(p.economic))
      if (!cat.economicName(cls))
        out.push({
          severity: 'error',
          code: 'check.unknown_economic_class',
          message: tr(
            lang,
            `项目“${p.name}”的经济分类 ${cls} 不是 ${year} 年部门预算支出经济分类的“类”，这笔金额无处可印`,
            `project “${p.name}” books money under ${cls}, which is not a class of the ${year} economic classification: it could not be printed`,
          ),
          hint: tr(
            lang,
            `经济分类的类为三位编码，如 302（商品和服务支出）；若确有此类：${hint('economic')}`,
            `economic classes are three-digit codes such as 302; if the class exists: ${hint('economic')}`,
          ),
          ...ctx.locate(['projects', i, 'economic', cls]),
        });
  });
  return out;
}
