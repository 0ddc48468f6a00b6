// One pagination of a document, whichever renderer laid it out: the page
// count, where each section, heading and table starts (physical page and the
// printed number), which sections restart the numbering and how numbers are
// printed. It is computed once (today from the PDF's layout, the only layout
// this program makes) and handed to the DOCX renderer and the HTML preview,
// so every 目录 shows the same numbers. Plain data: it crosses threads.
import type { DocumentIR, Footer } from '../ir/types.js';
import { tocNeedsPageNumbers } from './toc-layout.js';

export interface PagePlace {
  /** 1-based page of the whole document, cover included */
  readonly physical: number;
  /** the number the footer prints on that page */
  readonly printed: number;
}

export interface PageNumberStyle {
  readonly format: 'decimal';
  /** text around the number, e.g. '- ' and ' -' */
  readonly before: string;
  readonly after: string;
}

export interface SectionPages extends PagePlace {
  readonly id: string;
  /** physical pages the section fills */
  readonly pages: number;
  /** the printed numbers start at 1 on its first page */
  readonly restartsNumbering: boolean;
  /** null: its pages print no number (the cover) */
  readonly numberStyle: PageNumberStyle | null;
}

export interface TablePlace extends PagePlace {
  readonly sectionId: string;
  /** index of the table among its section's blocks */
  readonly block: number;
  /** the heading just before it (its title), if any */
  readonly headingId?: string;
}

export interface Pagination {
  readonly pageCount: number;
  readonly sections: readonly SectionPages[];
  /** heading id → where it starts */
  readonly headings: Readonly<Record<string, PagePlace>>;
  readonly tables: readonly TablePlace[];
}

/** Where each section's first page fell; renderers report these from their layout. */
export interface NumberingStarts {
  /** physical first page per section, in document order (undefined: not placed yet) */
  readonly sectionFirstPages: readonly (number | undefined)[];
}

/**
 * The printed number of a physical page. Numbers count from 1 at the first
 * section with a footer (the cover is not counted) and start again at each
 * section that restarts them; pages without a footer are counted all the same,
 * as in Word. The PDF's footers and every 目录 use this one rule.
 */
export function printedNumber(doc: DocumentIR, starts: NumberingStarts, physical: number): number {
  let first: number | undefined;
  const firstNumbered = numberingStart(doc);
  if (firstNumbered >= 0) first = starts.sectionFirstPages[firstNumbered];
  doc.sections.forEach((s, i) => {
    const p = starts.sectionFirstPages[i];
    if (s.restartPageNumbers && p !== undefined && p <= physical && (first === undefined || p > first)) first = p;
  });
  return physical - (first ?? 1) + 1;
}

export interface LaidOut extends NumberingStarts {
  readonly pageCount: number;
  /** heading id → physical page */
  readonly headings: ReadonlyMap<string, number>;
  /** tables by section index and block index → physical page */
  readonly tables: readonly { readonly section: number; readonly block: number; readonly physical: number }[];
}

const styleOf = (f: Footer | null): PageNumberStyle | null => (f ? { format: 'decimal', before: f.before, after: f.after } : null);

/** The section whose first page is printed page 1: the first with a footer, or the first of all (a set counting the cover). */
export const numberingStart = (doc: DocumentIR): number => (doc.numberFromFirstPage ? 0 : doc.sections.findIndex((s) => s.footer !== null));

/** The pagination of a laid-out document. */
export function paginate(doc: DocumentIR, laid: LaidOut): Pagination {
  const place = (physical: number): PagePlace => ({ physical, printed: printedNumber(doc, laid, physical) });
  const firstNumbered = numberingStart(doc);
  const firsts = laid.sectionFirstPages;
  const sections: SectionPages[] = [];
  doc.sections.forEach((s, i) => {
    const first = firsts[i];
    if (first === undefined) return;
    const next = firsts.slice(i + 1).find((p) => p !== undefined) ?? laid.pageCount + 1;
    sections.push({
      id: s.id,
      ...place(first),
      pages: next - first,
      restartsNumbering: i === firstNumbered || s.restartPageNumbers === true,
      numberStyle: styleOf(s.footer),
    });
  });
  const headings: Record<string, PagePlace> = {};
  for (const [id, physical] of laid.headings) headings[id] = place(physical);
  const tables = laid.tables.map((t) => {
    const section = doc.sections[t.section]!;
    const before = section.blocks
      .slice(0, t.block)
      .reverse()
      .find((b) => b.kind === 'heading');
    return {
      sectionId: section.id,
      block: t.block,
      ...(before?.kind === 'heading' ? { headingId: before.id } : {}),
      ...place(t.physical),
    };
  });
  return { pageCount: laid.pageCount, sections, headings, tables };
}

/** heading id → printed page: what a 目录 prints. */
export function printedHeadingPages(p: Pagination): Record<string, number> {
  return Object.fromEntries(Object.entries(p.headings).map(([id, h]) => [id, h.printed]));
}

/**
 * A pagination that knows only printed heading pages (callers that kept a
 * heading → page map from an earlier layout); physical pages are unknown and
 * set equal to the printed ones.
 */
export function paginationOfHeadingPages(pages: Readonly<Record<string, number>>): Pagination {
  const headings = Object.fromEntries(Object.entries(pages).map(([id, n]) => [id, { physical: n, printed: n }]));
  return { pageCount: 0, sections: [], headings, tables: [] };
}

/**
 * What a build asks of the PDF renderer: draw the PDF (it is wanted), only lay
 * it out (a DOCX alone whose 目录 prints page numbers: the pagination is all it
 * needs), or nothing (no 目录 numbers to find: the DOCX's own PAGE fields and
 * a word processor's layout number its pages).
 */
export function pdfWork(doc: DocumentIR, wants: { readonly pdf: boolean; readonly docx: boolean }): 'draw' | 'layout' | 'none' {
  if (wants.pdf) return 'draw';
  return wants.docx && tocNeedsPageNumbers(doc) ? 'layout' : 'none';
}
