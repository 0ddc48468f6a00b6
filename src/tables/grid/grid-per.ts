// Grids printed once per project (`per: project`): their ::table directives,
// one per project with performance data, and each project's title.
import type { GridLayout } from './grid-schema.js';

/**
 * A layout's title with {{title}} and {{project}} put in; the rest (e.g.
 * {{department.name}}) is left to `fill`, the narrative's Handlebars, which
 * knows no project.
 */
export function projectTitle(template: string, fill: (s: string) => string, values: { title: string; project?: string }): string {
  const mark = (k: string) => `\uE000${k}\uE000`;
  const marked = template.replace(/\{\{\s*(title|project)\s*\}\}/g, (_, k: string) => mark(k));
  return fill(marked).replace(/\uE000(title|project)\uE000/g, (_, k: 'title' | 'project') => (k === 'title' ? fill(values.title) : (values.project ?? '')));
}

/**
 * The ::table directives of the manifest's tables, as the narrative lists
 * them (`tables`): a `per: project` grid stands for one table per project
 * with performance data, in project order ("id index").
 */
export function tableDirectives(
  ids: readonly string[],
  grids: Readonly<Record<string, { layout: GridLayout }>>,
  projects: readonly { performance?: unknown }[],
): string[] {
  return ids.flatMap((id) => (grids[id]?.layout.per === 'project' ? projects.flatMap((p, i) => (p.performance ? [`${id} ${i}`] : [])) : [id]));
}
