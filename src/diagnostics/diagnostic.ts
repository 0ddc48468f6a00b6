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

/** Thrown by a stage that cannot go on; carries what to report. */
export class DiagnosticError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join('; '));
  }
}

/** `file:line:col 错误 message [code]`, then the hint. */
export function formatDiagnostic(d: Diagnostic, lang: 'zh' | 'en' = 'zh'): string {
  const where = [d.file, d.line, d.column].filter((x) => x !== undefined).join(':');
  const sev = lang === 'zh' ? (d.severity === 'error' ? '错误' : '警告') : d.severity;
  return `${where} ${sev} ${d.message} [${d.code}]${d.hint ? `\n  ${lang === 'zh' ? '提示' : 'hint'}：${d.hint}` : ''}`;
}
