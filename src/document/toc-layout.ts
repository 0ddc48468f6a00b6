// The 目录, decided once for every renderer: which lines it has, how deep each
// is indented, whether it prints page numbers and with what leader, and the
// faces of its title and entries. The PDF, DOCX and HTML renderers only lay
// these lines out, with the page numbers of one Pagination (pagination.ts), so
// the three cannot drift apart (they did: the preview's title was another face).
import type { Align, DocumentIR, FontRole, Heading, Section, TableOfContents, TocEntry } from '../ir/types.js';

export type TocLeader = 'dot' | 'none';

export interface TocLine {
  readonly headingId: string;
  readonly text: string;
  /** the entry's level in the IR */
  readonly level: 1 | 2 | 3;
  /** 0 for the top listed level; one character of indent per step */
  readonly depth: number;
  /** a page number follows the text */
  readonly pageNumber: boolean;
  /** what fills the gap between the text and its page number */
  readonly leader: TocLeader;
}

export interface TocTextStyle {
  readonly font: FontRole;
  readonly size: number;
  readonly bold: boolean;
  readonly align: Align;
  readonly lineHeightPt?: number;
  readonly spaceAfterPt: number;
}

export interface TocLayout {
  readonly title: { readonly text: string; readonly style: TocTextStyle };
  readonly entry: TocTextStyle & {
    /** left indent per depth step, points (one character of the entry size) */
    readonly indentPt: number;
  };
  readonly lines: readonly TocLine[];
  /** page numbers are printed */
  readonly numbered: boolean;
  /** the heading levels listed, smallest and largest (a TOC field's \o range) */
  readonly levelRange: readonly [number, number];
}

/** The entries the IR lists, or (none given) every heading marked for the TOC of a listed level. */
export function tocEntries(sections: readonly Section[], toc: TableOfContents): TocEntry[] {
  if (toc.entries) return [...toc.entries];
  return sections.flatMap((s) =>
    s.blocks
      .filter((b): b is Heading => b.kind === 'heading' && b.toc && toc.levels.includes(b.level))
      .map((h) => ({ headingId: h.id, text: h.text, level: h.level })),
  );
}

export function tocLayout(sections: readonly Section[], toc: TableOfContents): TocLayout {
  const lo = Math.min(...toc.levels);
  const hi = Math.max(...toc.levels);
  const numbered = toc.pageNumbers ?? true;
  const leader: TocLeader = numbered ? 'dot' : 'none';
  return {
    // the title: the entries' face and line pitch, 6 pt larger, bold, centred, one entry size of space below
    title: {
      text: toc.title,
      style: { font: toc.font, size: toc.size + 6, bold: true, align: 'center', lineHeightPt: toc.lineHeightPt, spaceAfterPt: toc.size },
    },
    entry: { font: toc.font, size: toc.size, bold: false, align: 'left', lineHeightPt: toc.lineHeightPt, spaceAfterPt: 0, indentPt: toc.size },
    lines: tocEntries(sections, toc).map((e) => ({ ...e, depth: e.level - lo, pageNumber: numbered, leader })),
    numbered,
    levelRange: [lo, hi],
  };
}

/** Every 目录 of the document (there is one, or none). */
export function tocsOf(doc: DocumentIR): TableOfContents[] {
  return doc.sections.flatMap((s) => s.blocks.filter((b): b is TableOfContents => b.kind === 'toc'));
}

/**
 * Headings at a level a TOC collects (its level range) that it does not list:
 * a word processor's field update would add them unless they are kept out.
 */
export function unlistedHeadingIds(doc: DocumentIR): Set<string> {
  const out = new Set<string>();
  const headings = doc.sections.flatMap((s) => s.blocks.filter((b): b is Heading => b.kind === 'heading'));
  for (const toc of tocsOf(doc)) {
    const layout = tocLayout(doc.sections, toc);
    const listed = new Set(layout.lines.map((l) => l.headingId));
    const [lo, hi] = layout.levelRange;
    for (const h of headings) if (h.level >= lo && h.level <= hi && !listed.has(h.id)) out.add(h.id);
  }
  return out;
}

/** The document needs page numbers for its 目录 (a DOCX alone then still needs a layout). */
export function tocNeedsPageNumbers(doc: DocumentIR): boolean {
  return tocsOf(doc).some((t) => (t.pageNumbers ?? true) && tocEntries(doc.sections, t).length > 0);
}
