// IR tables list only the cells that start in a row (OOXML style); pdfmake
// wants a full grid with `{}` placeholders where a span covers a cell.
import type { Table } from '../../ir/types.js';
import { slotGrid, type SlotGrid } from '../table-grid.js';
import { cutSpans, type RowPages } from './span-cuts.js';
import { auditTarget, type AuditPlace, type AuditTarget } from '../print-audit.js';
import { AUDIT_KEY } from '../../engines/pdfmake-print-audit.js';
import type { DocFonts } from './fonts.js';
import type { DdNode } from './pdfmake-api.js';
import { styledText, tagInlines } from './runs.js';
import type { TableTag } from '../../engines/pdfmake-tagging.js';
import { minRowHeightPt } from '../table-rows.js';

const BORDER = 0.5;
const PAD_X = 2;
const PAD_Y = 2;

/**
 * Column content widths in points. pdfmake adds padding and rules outside
 * `widths`, so they are taken off before the relative widths are scaled.
 */
export function columnWidths(table: Table, textWidth: number): number[] {
  const n = table.columns.length;
  const room = textWidth - n * 2 * PAD_X - (n + 1) * BORDER;
  const total = table.columns.reduce((s, c) => s + c.width, 0);
  return table.columns.map((c) => (room * c.width) / total);
}

const layout = {
  hLineWidth: () => BORDER,
  vLineWidth: () => BORDER,
  hLineColor: () => 'black',
  vLineColor: () => 'black',
  paddingLeft: () => PAD_X,
  paddingRight: () => PAD_X,
  paddingTop: () => PAD_Y,
  paddingBottom: () => PAD_Y,
};

const borderless = { ...layout, hLineWidth: () => 0, vLineWidth: () => 0, paddingLeft: () => 0, paddingRight: () => 0 };

/** The table's cells for the structure tree: header rows' cells are TH. */
function tableTag(grid: SlotGrid, headerRows: number): TableTag {
  return {
    kind: 'table',
    rows: grid.map((row, r) =>
      row.flatMap((slot, col) =>
        slot ? [{ col, header: r < headerRows, rowSpan: slot.rowSpan > 1 ? slot.rowSpan : undefined, colSpan: slot.cell.colSpan }] : [],
      ),
    ),
  };
}

/** How one layout pass draws a table: where spans are cut, and where its texts are audited. */
export interface TableDraw {
  /** rows before which every body span is cut (span-cuts.ts) */
  readonly cuts?: ReadonlySet<number>;
  /** where a cell belongs, for the print audit's message */
  readonly place?: (row: number, col: number) => AuditPlace;
  /** the audit targets of this pass: the table's are added */
  readonly targets?: AuditTarget[];
}

/** A table's pdfmake node, with the grid it draws and each slot's node (their positions tell the pages of its rows). */
export interface TableNode {
  readonly node: DdNode;
  readonly grid: SlotGrid;
  readonly cellNodes: readonly (readonly (DdNode | null)[])[];
}

export function tableNode(table: Table, textWidth: number, fonts: DocFonts, draw: TableDraw = {}): TableNode {
  const grid = cutSpans(slotGrid(table), table.headerRows, draw.cuts ?? new Set());
  const tag = tableTag(grid, table.headerRows);
  const targets = new Map<object, AuditTarget>();
  const cellNodes = grid.map((row, r) =>
    row.map((slot, col): DdNode | null => {
      if (!slot) return null;
      const { cell } = slot;
      const inlines = tagInlines(
        styledText(
          cell.text,
          { font: table.font, size: table.size, bold: cell.bold ?? false, ...(/^[\s\u3000]/.test(cell.text) ? { keepLeadingSpaces: true } : {}) },
          fonts,
        ),
        { kind: 'cell', table: tag, row: r, col },
      );
      if (draw.targets && draw.place && cell.text) {
        // a label cut at a page break is the same text of the IR, drawn once more
        let target = targets.get(cell);
        if (!target) {
          target = auditTarget(cell.text, draw.place(r, col), r < table.headerRows);
          targets.set(cell, target);
          draw.targets.push(target);
        }
        if (slot.repeat) target.repeats = true;
        for (const i of inlines) i[AUDIT_KEY] = target;
      }
      const node: DdNode = {
        // an indented name (款/项 under their 类) keeps its leading ideographic spaces
        text: inlines,
        alignment: cell.align ?? 'left',
        verticalAlignment: 'middle',
      };
      if ((cell.colSpan ?? 1) > 1) node.colSpan = cell.colSpan;
      if (slot.rowSpan > 1) node.rowSpan = slot.rowSpan;
      return node;
    }),
  );
  const node: DdNode = {
    table: {
      widths: columnWidths(table, textWidth),
      headerRows: table.headerRows,
      dontBreakRows: !table.rowsMayBreak,
      body: cellNodes.map((row) => row.map((n) => n ?? {})),
      ...(table.rowHeightPt ? { heights: (row: number) => minRowHeight(table, row) } : {}),
    },
    layout: table.borders === 'none' ? borderless : layout,
  };
  return { node, grid, cellNodes };
}

interface Positioned {
  positions?: { pageNumber: number }[];
}

/** The pages each row's own cells were laid out on (spanning cells say nothing of their row). */
export function rowPages(t: TableNode): (RowPages | undefined)[] {
  return t.grid.map((row, r) => {
    let first = Infinity;
    let last = -Infinity;
    row.forEach((slot, c) => {
      if (!slot || slot.rowSpan > 1) return;
      for (const p of (t.cellNodes[r]![c] as Positioned | null)?.positions ?? []) {
        first = Math.min(first, p.pageNumber);
        last = Math.max(last, p.pageNumber);
      }
    });
    return first === Infinity ? undefined : { first, last };
  });
}

// pdfmake's `heights` is the row's outer height less padding; the IR's is a minimum.
function minRowHeight(table: Table, row: number): number | undefined {
  const min = minRowHeightPt(table, row);
  return min ? Math.max(0, min - 2 * PAD_Y - BORDER) : undefined;
}
