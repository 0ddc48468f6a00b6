// A layout and its row source → an IR table: header rows with spans from the
// header tree, body rows formatted per column, the total row's label spanning
// the columns before its first figure.
import type { Cell, Table } from '../ir/types.js';
import { Money } from '../model/money.js';
import type { NumberFormat, ResolvedFormat } from '../numbers/number-format.js';
import { formatAmount } from '../numbers/number-format.js';
import { columnFormat } from './table-format.js';
import { headerRows } from './header.js';
import { groupedRows } from './group-rows.js';
import type { HeaderNode, TableLayout } from './layout-schema.js';
import type { RowValues, SourceResult, Value } from './sources.js';

export interface GridOptions {
  font: Table['font'];
  size: number;
  /** the template set's numbers.yaml `table` format; the built-in default without it */
  numbers?: NumberFormat | undefined;
}

// a column's number format applies to its amounts only: text and code cells print as they are
function formatValue(v: Value, fmt: ResolvedFormat): string {
  if (v === undefined || v === null) return '';
  if (v instanceof Money) return formatAmount(v, fmt);
  return String(v);
}

const defaultAlign = (v: Value, col: HeaderNode): Cell['align'] => col.align ?? (v instanceof Money ? 'right' : col.format === 'code' ? 'center' : 'left');

export function buildGrid(layout: TableLayout, result: SourceResult, opts: GridOptions): Table {
  const { rows: head, leaves } = headerRows(layout.header);
  const formats = new Map(leaves.map((col) => [col, columnFormat(layout, col, opts.numbers)]));
  const body: Cell[][] = groupedRows(result.rows, layout.groups ?? [], leaves.find((l) => l.field)?.field).map(({ values: r, group }) => {
    const cells = leaves.map((col) => {
      const v = col.field ? r[col.field] : undefined;
      return { text: formatValue(v, formats.get(col)!), align: defaultAlign(v, col), ...(group?.bold ? { bold: true } : {}) };
    });
    return layout.merge_codes ? mergeCodes(cells, leaves) : cells;
  });
  if (result.total && layout.total) body.push(totalRow(layout, leaves, result.total, formats));
  return {
    kind: 'table',
    columns: leaves.map((l) => ({ width: l.width ?? 4 })),
    headerRows: head.length,
    rows: [...head, ...body],
    font: layout.font ?? opts.font,
    size: layout.font_size ?? opts.size,
    ...(layout.header_row_height ? { rowHeightPt: layout.header_row_height } : {}),
  };
}

function totalRow(layout: TableLayout, leaves: HeaderNode[], total: RowValues, formats: Map<HeaderNode, ResolvedFormat>): Cell[] {
  const at = leaves.findIndex((l) => l.field === layout.total!.field);
  const firstFigure = leaves.findIndex((l, i) => i > at && l.field !== undefined && total[l.field] !== undefined);
  const span = Math.max(1, (firstFigure === -1 ? leaves.length : firstFigure) - Math.max(0, at));
  const cells: Cell[] = leaves.slice(0, Math.max(0, at)).map(() => ({ text: '' }));
  cells.push({ text: layout.total!.label, align: 'center', ...(span > 1 ? { colSpan: span } : {}) });
  for (const col of leaves.slice(Math.max(0, at) + span)) {
    const v = col.field ? total[col.field] : undefined;
    cells.push({ text: formatValue(v, formats.get(col)!), align: defaultAlign(v, col) });
  }
  return cells;
}

/** Adjacent code cells become one cell spanning their columns: "208 01 01". */
function mergeCodes(cells: Cell[], leaves: HeaderNode[]): Cell[] {
  const out: Cell[] = [];
  for (let i = 0; i < cells.length;) {
    if (leaves[i]!.format !== 'code') {
      out.push(cells[i++]!);
      continue;
    }
    let j = i;
    while (j < cells.length && leaves[j]!.format === 'code') j++;
    const text = cells
      .slice(i, j)
      .map((c) => c.text)
      .filter(Boolean)
      .join(' ');
    out.push({ text, align: 'left', ...(j - i > 1 ? { colSpan: j - i } : {}) });
    i = j;
  }
  return out;
}
