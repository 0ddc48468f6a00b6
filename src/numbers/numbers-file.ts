// numbers.yaml: a template set's default number formats, one for its tables
// and one for its narrative. The file is optional; like every file of a set,
// a later layer's numbers.yaml replaces an earlier one's as a whole, and what
// it leaves out falls back to the built-in defaults below.
import { z } from 'zod';
import { NARRATIVE_DEFAULT, numberFormatSchema, TABLE_DEFAULT, type NumberFormat } from './number-format.js';

export const numbersFileSchema = z.strictObject({
  table: numberFormatSchema.optional(),
  narrative: numberFormatSchema.optional(),
});

export type NumbersFile = z.infer<typeof numbersFileSchema>;

/** A set's number formats, built-in defaults filled in. */
export interface SetNumbers {
  table: NumberFormat;
  narrative: NumberFormat;
}

export const setNumbers = (file?: NumbersFile | null): SetNumbers => ({
  table: { ...TABLE_DEFAULT, ...definedOnly(file?.table) },
  narrative: { ...NARRATIVE_DEFAULT, ...definedOnly(file?.narrative) },
});

const definedOnly = (f: NumberFormat | undefined): NumberFormat => Object.fromEntries(Object.entries(f ?? {}).filter(([, v]) => v !== undefined));
