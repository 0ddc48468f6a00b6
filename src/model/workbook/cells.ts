// One cell's value as the data model wants it. Numbers in xlsx are IEEE
// doubles, so an amount is taken as the double's value written with at most
// two decimals (0.1+0.2 from a formula is 0.3); a value that needs more
// decimals keeps them all, and the schema reports it as it would in YAML.
import type ExcelJS from 'exceljs';
import { Money } from '../money.js';
import { SourceNumber } from '../../source/source-numbers.js';
import { keyOf } from './names.js';
import type { CellKind } from './layout.js';

export type Plain = string | number | boolean | Date | undefined;

export type CellProblem = 'formula_no_value' | 'error_value';

/** The value a clerk sees: formulas by their cached result, rich text flattened. */
export function plainValue(v: ExcelJS.CellValue): { value: Plain; problem?: CellProblem; error?: string } {
  if (v === null || v === undefined) return { value: undefined };
  if (typeof v === 'string') return { value: v.trim() === '' ? undefined : v };
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return { value: v };
  const o = v as unknown as Record<string, unknown>;
  if ('formula' in o || 'sharedFormula' in o) {
    const result = o.result as ExcelJS.CellValue | undefined;
    if (result === undefined || result === null) return { value: undefined, problem: 'formula_no_value' };
    return plainValue(result);
  }
  if (Array.isArray(o.richText)) return plainValue((o.richText as { text: string }[]).map((r) => r.text).join(''));
  if ('error' in o) return { value: undefined, problem: 'error_value', error: String(o.error) };
  if ('text' in o) return plainValue(o.text as ExcelJS.CellValue);
  return { value: String(v) };
}

/** A double as the decimal it stands for: at most two decimals when it is that close, else every digit. */
export function amountText(v: number): string {
  const r = Math.round(v * 100) / 100;
  if (Math.abs(r - v) <= 1e-9 * Math.max(1, Math.abs(v))) return new Money(r.toFixed(2)).toFixed();
  return new Money(v).toFixed();
}

const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

/** The cell's value as the raw data holds it; `{ bad }` for a drop-down word that names nothing. */
export function dataValue(v: Plain, kind: CellKind): { value: unknown } | { bad: string } {
  if (v === undefined) return { value: undefined };
  const asText = (): string => (typeof v === 'number' ? new Money(v).toFixed() : v instanceof Date ? isoDate(v) : String(v).trim());
  if (typeof kind === 'object') {
    const k = keyOf(kind.choice, asText());
    return k === undefined ? { bad: asText() } : { value: k };
  }
  switch (kind) {
    case 'amount':
    case 'decimal':
      return { value: typeof v === 'number' ? new SourceNumber(amountText(v), v) : asText() };
    case 'int':
    case 'number': {
      if (typeof v === 'number') return { value: v };
      const t = asText();
      return { value: /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t };
    }
    case 'code': {
      // a drop-down gives "2080101 行政运行": the code is what counts
      const t = asText();
      return { value: /^\d+\s+\S/.test(t) ? t.split(/\s+/)[0] : t };
    }
    default:
      return { value: asText() };
  }
}

/** Column letters of a 1-based column number: 1 → A, 27 → AA. */
export function columnLetters(c: number): string {
  let s = '';
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A sheet name as a reference writes it: quoted when it has spaces or punctuation. */
export const sheetRef = (name: string): string => (/^[\p{L}\p{N}_]+$/u.test(name) ? name : `'${name.replace(/'/g, "''")}'`);

export const cellRef = (sheet: string, row: number, col: number): string => `${sheetRef(sheet)}!${columnLetters(col)}${row}`;
