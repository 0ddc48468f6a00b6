// What every consistency rule reads. The template set comes in as the part the
// rules look at (a TemplateSet is one): template sets are loaded a layer above.
import type { Catalogue } from '../catalogue/catalogue.js';
import type { Lang, Place } from '../diagnostics/diagnostic.js';
import type { Figures } from '../figures/derive.js';
import type { DepartmentData } from '../model/schema.js';
import type { IndicatorCatalogue } from '../tables/performance-indicators.js';
import type { GridLayout } from '../tables/grid/grid-schema.js';

/** the template set's parts the checks read */
export interface CheckedTemplates {
  manifest: { tables: readonly string[] };
  narratives: Record<string, { text: string }>;
  /** the set's grid layouts (绩效目标表 among them: `per: project|department`) */
  grids: Record<string, { file: { path: string }; layout: GridLayout }>;
  /** the standard indicator names per year (null: none, nothing checked) */
  indicators: IndicatorCatalogue | null;
}

export interface RuleContext {
  data: DepartmentData;
  fig: Figures;
  catalogue: Catalogue;
  /** `key`: the key of the path's last step instead of its value */
  locate: (path: readonly PropertyKey[], which?: 'value' | 'key') => Place;
  lang?: Lang;
  /** the template set the build prints with (its indicator catalogue, its 绩效目标表) */
  templates?: CheckedTemplates;
}
