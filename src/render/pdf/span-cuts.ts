// pdfmake cannot carry a row-spanning cell across a page break: the rows after
// the break go undrawn, and the page's content stream restores a graphics
// state it never saved (pdfmake issues #928, #2274, #2270, open for years).
// So no span is let cross one. The document is laid out, the rows where a
// page begins inside a span are found, the spans are cut there (the part on
// the next page repeats its label, as printed government tables do), and the
// document is laid out again until no span crosses a break.
import type { SlotGrid } from '../table-grid.js';

/**
 * The grid with every span of the body cut before each row in `cuts`: the
 * span ends above it and a slot of the same cell starts there. Header rows
 * are repeated by pdfmake on every page and never cut.
 */
export function cutSpans(grid: SlotGrid, headerRows: number, cuts: ReadonlySet<number>): SlotGrid {
  if (cuts.size === 0) return grid;
  const out = grid.map((row) => [...row]);
  for (let r = headerRows; r < out.length; r++) {
    out[r]!.forEach((slot, c) => {
      if (!slot || slot.rowSpan < 2) return;
      for (let k = r + 1; k < r + slot.rowSpan; k++) {
        if (!cuts.has(k)) continue;
        out[r]![c] = { ...slot, rowSpan: k - r };
        out[k]![c] = { cell: slot.cell, rowSpan: r + slot.rowSpan - k, repeat: true };
        return; // the slot at k is visited when the loop reaches row k
      }
    });
  }
  return out;
}

/** Pages a row's own cells (not its spanning ones) were laid out on: first and last. */
export interface RowPages {
  readonly first: number;
  readonly last: number;
}

/**
 * The rows where a span must be cut so that none crosses a page break: a row
 * inside a span that starts on a later page than the row above ends, and a
 * row inside a span that itself runs onto the next page (it is cut off from
 * the rows on both sides, so its label is an ordinary cell that breaks with
 * it). Rows whose pages are unknown (no text) take their place from the
 * nearest known row above.
 */
export function crossingCuts(grid: SlotGrid, headerRows: number, pages: readonly (RowPages | undefined)[]): Set<number> {
  const cuts = new Set<number>();
  const known: (RowPages | undefined)[] = [];
  for (let r = 0; r < grid.length; r++) known.push(pages[r] ?? (r > 0 && known[r - 1] ? { first: known[r - 1]!.last, last: known[r - 1]!.last } : undefined));
  for (let r = headerRows; r < grid.length; r++) {
    for (const slot of grid[r]!) {
      if (!slot || slot.rowSpan < 2) continue;
      const end = r + slot.rowSpan;
      for (let k = r; k < end; k++) {
        const here = known[k];
        if (!here) continue;
        if (k > r && known[k - 1] && here.first > known[k - 1]!.last) cuts.add(k);
        if (here.last > here.first) {
          if (k > r) cuts.add(k);
          if (k + 1 < end) cuts.add(k + 1);
        }
      }
    }
  }
  return cuts;
}

/** The rows that begin a page in this layout. */
export function pageStarts(pages: readonly (RowPages | undefined)[]): Set<number> {
  const starts = new Set<number>();
  let last: number | undefined;
  pages.forEach((p, r) => {
    if (!p) return;
    if (last !== undefined && p.first > last) starts.add(r);
    last = p.last;
  });
  return starts;
}
