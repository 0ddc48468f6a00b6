// One diagnostic type for every stage: YAML, schema, template, consistency.
export type Severity = 'error' | 'warning';

export interface Place {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

export interface Diagnostic extends Place {
  readonly severity: Severity;
  /** stable code, e.g. yaml.syntax, schema.unknown_key, check.total_mismatch */
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly related?: readonly (Place & { readonly message: string })[];
}

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === 'error');
