// `convert DATA.yaml --to texts`: the department's YAML without the facts its
// set's tables show (what the tables workbook carries), comments and order
// kept, so that the texts and the workbook together build the same document.
// What a fact row says beyond its money (last year, the reason of a change)
// stays, with the code and source that name the row.
import { isMap, isSeq, type Document } from 'yaml';
import type { ReadSpec } from './read-spec.js';

/** The kinds of facts the tables show, and for 项目 whether they print each project's unit. */
export function shownKinds(specs: readonly ReadSpec[]): { kinds: Set<string>; projectUnits: boolean; incomeSources: Set<string> } {
  const kinds = new Set<string>();
  const incomeSources = new Set<string>();
  let projectUnits = false;
  for (const spec of specs)
    for (const side of spec.sides) {
      const facts = side.leaves.filter((l) => l.role.role === 'fact');
      if (!facts.length) continue;
      for (const g of side.groups) {
        if (g.by === 'function') kinds.add(g.filter.kind ?? 'expenditure');
        if (g.by === 'economic') kinds.add('economic');
        if (g.by === 'project') {
          kinds.add('projects');
          if (side.leaves.some((l) => l.role.role === 'unit')) projectUnits = true;
        }
        if (g.by === 'fixed')
          for (const r of g.rows)
            if (
              r.filter?.kind === 'income' &&
              r.filter.source &&
              /^\w+$/.test(r.filter.source) &&
              r.filter.source !== 'fiscal' &&
              r.filter.source !== 'current'
            )
              incomeSources.add(r.filter.source);
        if (g.by === 'one') for (const l of facts) if (l.role.role === 'fact') kinds.add(l.role.filter.kind ?? g.filter.kind ?? 'expenditure');
      }
    }
  if (incomeSources.size) kinds.add('income');
  return { kinds, projectUnits, incomeSources };
}

const ITEMS: Record<string, [string, string[]]> = {
  three_public: ['three_public', ['overseas', 'vehicle_purchase', 'vehicle_operation', 'reception']],
  meetings: ['meetings_training', ['meetings']],
  training: ['meetings_training', ['training']],
  procurement: ['procurement', ['goods', 'works', 'services']],
};

/** Takes the shown facts out of the document (in place). */
export function stripShownFacts(doc: Document, specs: readonly ReadSpec[]): void {
  const { kinds, projectUnits, incomeSources } = shownKinds(specs);
  const seq = (key: string) => {
    const s = doc.get(key, true);
    return isSeq(s) ? s : null;
  };
  if (kinds.has('income')) {
    for (const src of incomeSources) doc.deleteIn(['income', src]);
    const inc = doc.get('income', true);
    if (isMap(inc) && inc.items.length === 0) doc.delete('income');
  }
  if (kinds.has('expenditure')) {
    const rows = seq('expenditure');
    if (rows)
      for (let i = rows.items.length - 1; i >= 0; i--) {
        const row = rows.items[i];
        if (!isMap(row)) continue;
        if (row.has('last_year') || row.has('reason')) for (const k of ['name', 'basic', 'project', 'types']) row.delete(k);
        else rows.items.splice(i, 1);
      }
    if (rows && rows.items.length === 0) doc.delete('expenditure');
  }
  if (kinds.has('economic')) doc.delete('basic_by_economic');
  if (kinds.has('projects')) {
    const rows = seq('projects');
    for (const p of rows?.items ?? []) {
      if (!isMap(p)) continue;
      p.delete('economic');
      p.delete('function_code');
      if (projectUnits) p.delete('unit_id');
    }
  }
  for (const [kind, [key, items]] of Object.entries(ITEMS)) {
    if (!kinds.has(kind)) continue;
    for (const item of items) doc.deleteIn([key, item]);
    const m = doc.get(key, true);
    if (isMap(m) && m.items.length === 0) doc.delete(key);
  }
}

/** The texts YAML of a department's YAML text (null when the YAML itself does not parse). */
export function textsYaml(doc: Document | null, specs: readonly ReadSpec[]): string | null {
  if (!doc) return null;
  const copy = doc.clone();
  stripShownFacts(copy, specs);
  return copy.toString({ lineWidth: 0 });
}
