// What one catalogue file gives, whatever its format (YAML, CSV, xlsx): the
// readers of each format and the merge of the layers share these shapes.
import type { Diagnostic } from '../diagnostics/diagnostic.js';

export type CatalogueKind = 'functional' | 'economic' | 'gov-economic';

export interface CatalogueEntry {
  kind: CatalogueKind;
  code: string;
  name: string;
}

export interface FileContents {
  entries: CatalogueEntry[];
  notInSummary?: readonly string[];
  personnelClasses?: readonly string[];
  problems: Diagnostic[];
}
