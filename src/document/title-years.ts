// A reviewer's check on the printed document: every year a heading or a table
// title carries is the budget year or the year before. A year fixed in a
// template stays behind when the data moves on to the next budget; the
// warning points at the template line that types it, where there is one.
import { tr, type Diagnostic, type Lang, type Place } from '../diagnostics/diagnostic.js';
import type { DocumentIR } from '../ir/types.js';
import type { TemplateSet } from '../templates/load.js';
import { findInSource } from '../narrative/template-errors.js';

const YEAR = /(?<!\d)((?:19|20)\d{2})(?!\d)/g;

/** The template files a heading's text can come from: narratives and every table layout. */
function templateFiles(t: TemplateSet): { path: string; text: string }[] {
  return [...Object.values(t.narratives), ...Object.values(t.tables).map((e) => e.file), ...Object.values(t.grids).map((e) => e.file), t.performance.file];
}

export function titleYearWarnings(doc: DocumentIR, year: number, previousYear: number, t: TemplateSet, dataPlace: Place, lang?: Lang): Diagnostic[] {
  const allowed = new Set([String(year), String(previousYear)]);
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const s of doc.sections)
    for (const b of s.blocks) {
      if (b.kind !== 'heading') continue;
      for (const m of b.text.matchAll(YEAR)) {
        const y = m[1]!;
        if (allowed.has(y) || seen.has(`${y}\u0000${b.text}`)) continue;
        seen.add(`${y}\u0000${b.text}`);
        // a year typed into a template is found there; otherwise it came with the data
        const typed = templateFiles(t)
          .map((f) => ({ file: f.path, ...findInSource(f.text, new RegExp(`(?<!\\d)${y}(?!\\d)`)) }))
          .find((p) => 'line' in p);
        out.push({
          severity: 'warning',
          code: 'check.title_year',
          message: tr(
            lang,
            `标题“${b.text}”中的年份 ${y} 既不是预算年度 ${year}，也不是上年 ${previousYear}`,
            `the heading “${b.text}” carries the year ${y}, neither the budget year ${year} nor the year before (${previousYear})`,
          ),
          hint: typed
            ? tr(
                lang,
                '模板中不要写死年份：用 {{department.year}} 或 {{previousYear}}',
                'do not type a year into a template: use {{department.year}} or {{previousYear}}',
              )
            : tr(lang, '核对数据中的年份', 'check the year in the data'),
          ...(typed ?? dataPlace),
        });
      }
    }
  return out;
}
