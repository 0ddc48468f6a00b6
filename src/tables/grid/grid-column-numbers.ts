// The column-number row under a table's header (栏次 | 1 | 2 | 3 …, or
// ** ** ** 1 2 3): figure columns are numbered in order across the table,
// text columns print the layout's wording.
import type { Cell } from '../../ir/types.js';
import type { GridColumn } from './grid-schema.js';

export interface ColumnNumbers {
  /** the first text column's wording (栏次) */
  first: string;
  /** every other text column's (** or nothing) */
  text: string;
}

const isText = (c: GridColumn) => c.field !== undefined || c.text !== undefined || c.template !== undefined;

/** One cell per leaf (spanning `span(leaf)` grid columns). */
export function columnNumberRow(leaves: readonly GridColumn[], spec: ColumnNumbers, span: (c: GridColumn) => number = () => 1): Cell[] {
  let n = 0;
  let firstText = true;
  return leaves.map((c) => {
    const s = span(c);
    let text: string;
    if (isText(c)) {
      text = firstText ? spec.first : spec.text;
      firstText = false;
    } else text = String(++n);
    return { text, align: 'center', ...(s > 1 ? { colSpan: s } : {}) };
  });
}
