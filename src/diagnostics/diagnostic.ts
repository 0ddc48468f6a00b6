// One diagnostic type for every stage: YAML, schema, template, consistency.
export type Severity = 'error' | 'warning';

export interface Place {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** a workbook's `SHEET!CELL` (e.g. 收入!C5), printed where line:col go */
  readonly cell?: string;
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

/**
 * `file:line:col 错误 message [code]`, then the offending line with a caret
 * under the column (when the source text is given), then the hint.
 */
export function formatDiagnostic(d: Diagnostic, lang: 'zh' | 'en' = 'zh', sourceText?: string): string {
  const where = d.cell !== undefined ? `${d.file}:${d.cell}` : [d.file, d.line, d.column].filter((x) => x !== undefined).join(':');
  const sev = lang === 'zh' ? (d.severity === 'error' ? '错误' : '警告') : d.severity;
  const out = [`${where} ${sev} ${d.message} [${d.code}]`];
  const whole = d.line !== undefined ? sourceText?.split(/\r?\n/)[d.line - 1] : undefined;
  // a very long line (400 KB of brackets) is shown as the stretch around the column, not whole
  const from = whole !== undefined && whole.length > 160 ? Math.max(0, (d.column ?? 1) - 60) : 0;
  const line = whole !== undefined && whole.length > 160 ? `${from ? '…' : ''}${whole.slice(from, from + 120)}…` : whole;
  if (line !== undefined) {
    const gutter = `${d.line} | `;
    out.push(`  ${gutter}${line}`);
    // the caret lines up under the column: tabs stay tabs, CJK characters take two cells
    const before = [...line.slice(0, Math.max(0, (d.column ?? 1) - 1 - from + (from ? 1 : 0)))];
    const pad = before.map((ch) => (ch === '\t' ? '\t' : /[\u1100-\uffff]/.test(ch) ? '  ' : ' ')).join('');
    out.push(`  ${' '.repeat(gutter.length)}${pad}^`);
  }
  if (d.hint) out.push(`  ${lang === 'zh' ? '提示：' : 'hint: '}${d.hint}`);
  return out.join('\n');
}

export type Lang = 'zh' | 'en';

/** Pick the sentence for the reader's language (Chinese by default). */
export const tr = (lang: Lang | undefined, zh: string, en: string): string => (lang === 'en' ? en : zh);

/** A bug of ours met while building `file`: said plainly, naming the input, never a stack trace. */
export function internalError(file: string, cause: unknown, lang?: Lang): Diagnostic {
  const why = cause instanceof Error ? cause.message : String(cause);
  return {
    severity: 'error',
    code: 'internal',
    message: tr(
      lang,
      `内部错误（程序缺陷，不是数据问题），请把此文件报告给维护者：${why}`,
      `internal error (a bug of this program, not of the data); please report this file to the maintainers: ${why}`,
    ),
    file,
  };
}
