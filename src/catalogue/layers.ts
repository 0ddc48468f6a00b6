// Where a department's catalogues come from, earliest first: the built-in
// data/catalogue/, each template-set layer's catalogue/ folder, the
// --catalogue entries, then the catalogue/ folder beside the department YAML.
import { dirname, join, resolve } from 'node:path';
import { projectPath } from '../project-root.js';

export interface CatalogueLayerInput {
  /** the template set's layers (built-in first), as passed to loadTemplateSet */
  templateLayers?: readonly string[];
  /** --catalogue FILE|DIR entries, in command-line order */
  extra?: readonly string[];
  /** the department's YAML file */
  departmentFile?: string;
}

/** Folders that do not exist are kept: they are searched (and named in hints), not required. */
export function catalogueLayers({ templateLayers = [], extra = [], departmentFile }: CatalogueLayerInput): string[] {
  const out = [projectPath('data', 'catalogue')];
  const add = (p: string) => {
    const abs = resolve(p);
    if (!out.includes(abs)) out.push(abs);
  };
  for (const t of templateLayers) add(join(t, 'catalogue'));
  for (const e of extra) add(e);
  if (departmentFile) add(join(dirname(resolve(departmentFile)), 'catalogue'));
  return out;
}

/**
 * Every folder whose files a build may read and quote in a code frame: each
 * department's folder, the template-set layers and the catalogue layers.
 */
export function readableRoots({
  templateLayers = [],
  extra = [],
  departmentFiles = [],
}: Omit<CatalogueLayerInput, 'departmentFile'> & { departmentFiles?: readonly string[] }): string[] {
  const roots = new Set<string>([...templateLayers.map((t) => resolve(t)), ...catalogueLayers({ templateLayers, extra })]);
  for (const f of departmentFiles) roots.add(dirname(resolve(f)));
  return [...roots];
}
