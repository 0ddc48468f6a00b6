// The number format of a table column, layered: the set's numbers.yaml
// `table` → the layout's own keys (`unit`, `decimals`, `format`, `zero`) →
// the layout's `number:` → the column's own keys → the column's `number:`.
import type { HeaderNode, TableLayout } from './layout-schema.js';
import { resolveFormat, TABLE_DEFAULT, type NumberFormat, type ResolvedFormat, type Unit } from '../numbers/number-format.js';

type LegacyKeys = Pick<HeaderNode, 'format' | 'zero' | 'decimals'> & { unit?: Unit | undefined };

/** The keys layouts had before `number:`, as a format layer (text/code say nothing about figures). */
function legacyLayer(k: LegacyKeys): NumberFormat {
  return {
    ...(k.unit !== undefined ? { unit: k.unit } : {}),
    ...(k.decimals !== undefined ? { decimals: k.decimals } : {}),
    ...(k.format === 'plain' ? { fixed: false } : k.format === 'fixed2' ? { fixed: true } : {}),
    ...(k.zero === 'blank' ? { zero: 'blank' as const } : k.zero === 'show' ? { zero: 'fixed' as const } : {}),
  };
}

/** The table-level format; `set` is the template set's numbers.yaml `table` (built-in default without one). */
export const tableFormat = (layout: TableLayout, set: NumberFormat = TABLE_DEFAULT): ResolvedFormat => resolveFormat(set, legacyLayer(layout), layout.number);

export const columnFormat = (layout: TableLayout, col: HeaderNode, set: NumberFormat = TABLE_DEFAULT): ResolvedFormat =>
  resolveFormat(tableFormat(layout, set), legacyLayer(col), col.number);

/** The unit the table's "单位：" line names (a column's own unit does not change it). */
export const tableUnit = (layout: TableLayout, set?: NumberFormat): Unit => tableFormat(layout, set).unit;
