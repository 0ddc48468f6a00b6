// 表七 prints a project's money by 经济分类 类, one column (e301, e302, …) per
// class the layout lists. Money under a class without a column would drop out
// of the row and the total without a trace: it is an error at the project's
// amount, with the layout's columns as the related place where one is added.
import { tr, type Diagnostic, type Lang, type Place } from '../diagnostics/diagnostic.js';
import type { DepartmentData } from '../model/schema.js';
import type { TemplateSet } from '../templates/load.js';
import type { Catalogue } from '../catalogue/catalogue.js';

export function checkProjectColumns(
  t: TemplateSet,
  data: DepartmentData,
  cat: Catalogue,
  locate: (path: readonly PropertyKey[]) => Place,
  lang?: Lang,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const id of t.manifest.tables) {
    const entry = t.tables[id];
    if (!entry || entry.layout.source !== 'projects') continue;
    const columns = (entry.places?.fields ?? []).filter((f) => /^e\d{3}$/.test(f.field));
    const shown = new Set(columns.map((f) => f.field.slice(1)));
    const layoutPlace = columns[columns.length - 1]?.place ?? entry.places?.source ?? { file: entry.file.path };
    data.projects.forEach((p, i) => {
      for (const [cls, amount] of Object.entries(p.economic)) {
        if (shown.has(cls) || amount.isZero()) continue;
        const name = cat.economicName(cls) ?? cls;
        out.push({
          severity: 'error',
          code: 'check.project_class_not_shown',
          message: tr(
            lang,
            `项目“${p.name}”在经济分类 ${cls}（${name}）下有金额，表格 ${id} 没有这一列，金额会漏印`,
            `project “${p.name}” has money under economic class ${cls} (${name}), for which table ${id} has no column: it would not print`,
          ),
          hint: tr(
            lang,
            `在 ${id}.yaml 的 header 中加一列 { label: ${name}, field: e${cls} }，或把金额改记到表中已有的类`,
            `add a column { label: ${name}, field: e${cls} } to the header of ${id}.yaml, or book the amount under a class the table shows`,
          ),
          ...locate(['projects', i, 'economic', cls]),
          related: [{ ...layoutPlace, message: tr(lang, `表格 ${id} 的经济分类列`, `the economic class columns of table ${id}`) }],
        });
      }
    });
  }
  return out;
}
