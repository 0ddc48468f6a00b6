// Group rows with subtotals for row-source tables (an extra table of
// 政府采购 items under 一、货物 350.00): rows are gathered by a field's value,
// in the order the values first appear, each group under (or above) a row
// with its label and the exact sum of every amount column. Levels nest.
import { Money } from '../model/money.js';
import { chineseNumber } from '../narrative/format.js';
import type { TableLayout } from './layout-schema.js';
import type { RowValues } from './sources.js';

export type GroupSpec = NonNullable<TableLayout['groups']>[number];

/** A body row: the data's, or a group's (its label and subtotals, bold where the layout says). */
export interface BodyRow {
  values: RowValues;
  group?: { bold: boolean };
}

const label = (template: string, value: string, n: number): string =>
  template
    .replace(/\{\{\s*value\s*\}\}/g, value)
    .replace(/\{\{\s*cn\s*\}\}/g, chineseNumber(n))
    .replace(/\{\{\s*n\s*\}\}/g, String(n));

export function groupedRows(rows: readonly RowValues[], specs: readonly GroupSpec[], firstField: string | undefined): BodyRow[] {
  if (!specs.length) return rows.map((values) => ({ values }));
  const [spec, ...rest] = specs as [GroupSpec, ...GroupSpec[]];
  const order: string[] = [];
  const by = new Map<string, RowValues[]>();
  for (const r of rows) {
    const v = r[spec.field] === undefined ? '' : String(r[spec.field]);
    if (!by.has(v)) {
      order.push(v);
      by.set(v, []);
    }
    by.get(v)!.push(r);
  }
  return order.flatMap((v, i) => {
    const members = by.get(v)!;
    const sums: Record<string, Money> = {};
    for (const r of members) for (const [k, x] of Object.entries(r)) if (x instanceof Money) sums[k] = (sums[k] ?? new Money(0)).plus(x);
    const into = spec.into ?? firstField ?? spec.field;
    const head: BodyRow = { values: { ...sums, [into]: label(spec.label, v, i + 1) }, group: { bold: spec.bold ?? false } };
    const inner = groupedRows(members, rest, firstField);
    return spec.position === 'first' ? [head, ...inner] : [...inner, head];
  });
}
