// What to tell a clerk when a catalogue lacks something: which folders were
// searched and what a file must be called to be found there.
import { relative } from 'node:path';
import { tr, type Diagnostic, type Lang, type Place } from '../diagnostics/diagnostic.js';
import { expectedNames } from './files.js';
import type { CatalogueKind } from './entries.js';

/** No layer has a file for the year. */
export class NoCatalogueError extends Error {
  constructor(
    readonly year: number,
    readonly layers: readonly string[],
  ) {
    super(`no classification catalogue for ${year}`);
  }
}

/** Paths relative to the working folder where that is shorter: the clerk types them. */
const shown = (p: string) => {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') && r.length < p.length ? r : p;
};

export const layerList = (layers: readonly string[], lang?: Lang) => layers.map(shown).join(tr(lang, '、', ', '));

const FILE_FOR: Record<CatalogueKind, string> = { functional: 'functional', economic: 'economic', 'gov-economic': 'gov-economic' };

/** "add code X to 2025-functional.csv (or .xlsx, or 2025.yaml) in one of: …" */
export function addCodeHint(year: number, kind: CatalogueKind, layers: readonly string[], lang?: Lang): string {
  const files = `${year}-${FILE_FOR[kind]}.csv（.xlsx）${tr(lang, '或', ' or ')}${year}.yaml`;
  return tr(
    lang,
    `把该科目加入科目表文件 ${files}，放在以下任一文件夹（后者优先）：${layerList(layers, lang)}；或用 --catalogue 指定文件`,
    `add the code to a catalogue file ${files} in one of these folders (later ones win): ${layerList(layers, lang)}; or name a file with --catalogue`,
  );
}

export function noCatalogueDiagnostic(e: NoCatalogueError, place: Place, lang?: Lang): Diagnostic {
  return {
    severity: 'error',
    code: 'check.unknown_catalogue',
    message: tr(lang, `没有 ${e.year} 年的政府收支分类科目表`, `there is no classification catalogue for ${e.year}`),
    hint: tr(
      lang,
      `在以下文件夹中查找过：${layerList(e.layers, lang)}；科目表文件名应为 ${expectedNames(e.year).join('、')} 之一（可用 --catalogue 指定），或用 department.catalogue 指定另一年份`,
      `searched: ${layerList(e.layers, lang)}; a catalogue file is named ${expectedNames(e.year).join(', ')} (or given with --catalogue), or department.catalogue picks another year`,
    ),
    ...place,
  };
}
