// A template helper rejecting what the template passed it. It carries its
// message in both languages and the place of the call, so
// src/narrative/template-errors.ts can report it at its line like any other
// template mistake instead of as an internal error.
export class HelperArgumentError extends Error {
  /** Handlebars' convention for located errors: 1-based line, 0-based column */
  readonly lineNumber: number | undefined;
  readonly column: number | undefined;
  constructor(
    readonly zh: string,
    readonly en: string,
    readonly hintZh: string,
    readonly hintEn: string,
    loc?: { start?: { line?: number; column?: number } },
  ) {
    super(en);
    this.name = 'HelperArgumentError';
    this.lineNumber = loc?.start?.line;
    this.column = loc?.start?.column;
  }
}
