// Every text a table layout prints is template text: its title, notes, 目录
// entry, issuer label, header labels, row and total labels, names. A text with
// braces is filled like a narrative; one without is printed as it is (so a
// layout without templates prints byte for byte as before). An error in it is
// reported at the YAML line that writes it, not at line 1 of a string.
import { DiagnosticError, type Diagnostic, type Place } from '../diagnostics/diagnostic.js';
import { parseYamlSource } from '../source/yaml-source.js';

/** Fills one template text; throws the diagnostic of a template error, located in the text itself. */
export type FillText = (file: string, text: string) => string;

/** Keys whose string values print (at any depth); `label` at the top is the table's number template (表{{cn}}：), filled elsewhere. */
const PRINTED = new Set(['title', 'note', 'empty_note', 'toc_text', 'issuer_label', 'label', 'project_title', 'text']);
/**
 * Top-level keys with templates of their own, filled by the table builder: a row-source table's
 * `groups` ({{value}}, {{cn}}), the line above the table (`info`, with {{unit}})
 */
const OWN_TEMPLATES = new Set(['groups', 'info']);
/** Keys whose values are maps of printed names (source labels, a grid's `names`). */
const PRINTED_MAPS = new Set(['labels', 'names']);

const hasBraces = (s: string): boolean => /\{\{|\}\}/.test(s);

/** A diagnostic located in a text moved to where the text is written in its YAML file. */
export function atYamlLine(d: Diagnostic, file: { path: string; text: string }, path: readonly PropertyKey[]): Diagnostic {
  const { source } = parseYamlSource(file.path, file.text);
  const at: Place = source ? source.locate(path) : { file: file.path };
  if (at.line === undefined) return { ...d, file: file.path };
  const line = d.line === undefined ? at.line : at.line + d.line - 1;
  // on the value's first line the text starts at the value's column (after a quote, if quoted)
  const quoted = source ? /^["']/.test(file.text.split(/\r?\n/)[at.line - 1]?.slice((at.column ?? 1) - 1) ?? '') : false;
  const column = d.line === undefined || d.line === 1 ? (at.column ?? 1) + (quoted ? 1 : 0) + ((d.column ?? 1) - 1) : d.column;
  return { ...d, file: file.path, line, ...(column !== undefined ? { column } : {}) };
}

/**
 * The layout with every printed text filled. `skip` names top-level keys the
 * caller fills itself (a 绩效目标表's title with its own placeholders).
 */
export function fillLayoutText<T>(layout: T, file: { path: string; text: string }, fill: FillText, skip: readonly string[] = []): T {
  const one = (s: string, path: PropertyKey[]): string => {
    if (!hasBraces(s)) return s;
    try {
      return fill(file.path, s);
    } catch (e) {
      if (!(e instanceof DiagnosticError)) throw e;
      throw new DiagnosticError(e.diagnostics.map((d) => atYamlLine(d, file, path)));
    }
  };
  const walk = (v: unknown, path: PropertyKey[]): unknown => {
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, i]));
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const p = [...path, k];
      const top = path.length === 0;
      if (top && (skip.includes(k) || k === 'label' || OWN_TEMPLATES.has(k))) out[k] = x;
      else if (typeof x === 'string' && PRINTED.has(k)) out[k] = one(x, p);
      else if (PRINTED_MAPS.has(k) && x && typeof x === 'object' && !Array.isArray(x))
        out[k] = Object.fromEntries(Object.entries(x as Record<string, unknown>).map(([n, s]) => [n, typeof s === 'string' ? one(s, [...p, n]) : s]));
      else out[k] = walk(x, p);
    }
    return out;
  };
  return walk(layout, []) as T;
}
