// The document IR: one plain, serialisable tree that both renderers read.
// Every figure and every word is decided before this tree exists; a renderer
// only lays it out. Nothing here imports from the rest of the project.

/** Logical faces of a 公文; the styles map each to a DOCX font name and PDF font files. */
export type FontRole = 'title' | 'heading' | 'body' | 'kai' | 'table';

export type Align = 'left' | 'center' | 'right' | 'justify';

export interface Run {
  readonly text: string;
  readonly font?: FontRole;
  readonly bold?: boolean;
  /** points; defaults to the block's size */
  readonly size?: number;
}

export interface Paragraph {
  readonly kind: 'paragraph';
  readonly runs: readonly Run[];
  /** default font and size of the runs */
  readonly font: FontRole;
  readonly size: number;
  readonly align: Align;
  /** first-line indent, in characters of the paragraph's size (2 for body text) */
  readonly firstLineIndentChars?: number;
  /** fixed distance between baselines, points (GB/T 9704: 28.95 pt at 三号) */
  readonly lineHeightPt?: number;
  readonly spaceBeforePt?: number;
  readonly spaceAfterPt?: number;
  readonly keepWithNext?: boolean;
}

export interface Heading {
  readonly kind: 'heading';
  /** 1 = 部分 (第一部分 …), 2 = section (一、…), 3 = sub-section (（一）…) */
  readonly level: 1 | 2 | 3;
  readonly text: string;
  readonly font: FontRole;
  readonly size: number;
  readonly align: Align;
  readonly bold?: boolean;
  readonly lineHeightPt?: number;
  readonly spaceBeforePt?: number;
  readonly spaceAfterPt?: number;
  /** listed in the table of contents */
  readonly toc: boolean;
  /** stable id for links from the table of contents */
  readonly id: string;
  /** the bookmark's text, where it differs from the heading's (a table's label with its title: 表一：部门收支总体情况表) */
  readonly outlineText?: string;
}

export interface Cell {
  readonly text: string;
  readonly colSpan?: number;
  readonly rowSpan?: number;
  readonly align?: Align;
  readonly bold?: boolean;
}

export interface TableColumn {
  /** relative width; renderers scale the sum to the text width */
  readonly width: number;
}

/**
 * Rows hold only the cells that start there: a cell covered by a rowSpan or
 * colSpan from another cell is left out (as in OOXML). Spans are resolved and
 * validated when the IR is made, so every row's spans add up to columns.length.
 */
export interface Table {
  readonly kind: 'table';
  readonly columns: readonly TableColumn[];
  /** leading rows repeated on every page the table runs onto */
  readonly headerRows: number;
  readonly rows: readonly (readonly Cell[])[];
  readonly font: FontRole;
  readonly size: number;
  /** minimum row height, points */
  readonly rowHeightPt?: number;
  /**
   * a row taller than a page may be split across pages (绩效目标表 with long indicator
   * texts); otherwise rows are kept whole and move to the next page
   */
  readonly rowsMayBreak?: boolean;
  /** 'none' for layout grids such as the 编制部门 … 单位 line; default 'all' */
  readonly borders?: 'all' | 'none';
}

export interface PageBreak {
  readonly kind: 'pageBreak';
}

export interface TocEntry {
  readonly headingId: string;
  /** the entry's text (a table's toc_text may differ from its heading) */
  readonly text: string;
  /** indent level in the table of contents (may differ from the heading's) */
  readonly level: 1 | 2 | 3;
}

export interface TableOfContents {
  readonly kind: 'toc';
  readonly title: string;
  /** heading levels listed */
  readonly levels: readonly (1 | 2 | 3)[];
  readonly font: FontRole;
  readonly size: number;
  readonly lineHeightPt?: number;
  /** the entries in order; absent: every heading with `toc` of a listed level, in document order */
  readonly entries?: readonly TocEntry[];
  /** print page numbers after the entries; default true */
  readonly pageNumbers?: boolean;
}

export type Block = Paragraph | Heading | Table | PageBreak | TableOfContents;

export interface Margins {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

export interface Footer {
  /** text around the page number, e.g. '- ' and ' -' */
  readonly before: string;
  readonly after: string;
  readonly font: FontRole;
  readonly size: number;
  readonly align: Align;
}

export interface RunningHeader {
  readonly title: string;
  readonly titleSize: number;
  /** the line above the table (编制部门：… | 单位：万元); absent: none */
  readonly info?: { readonly left: string; readonly right: string; readonly size: number };
}

/** A run of pages with one size and orientation; every section starts on a new page. */
export interface Section {
  readonly kind: 'section';
  readonly id: string;
  readonly page: { readonly size: 'A4'; readonly orientation: 'portrait' | 'landscape' };
  /** points */
  readonly margins: Margins;
  /** no footer on this section's pages (the cover) */
  readonly footer: Footer | null;
  /**
   * printed page numbers start again at 1 on this section's first page (they
   * always start at 1 on the first section with a footer); pages without a
   * footer are counted all the same
   */
  readonly restartPageNumbers?: boolean;
  /** vertical placement of the content on the first page (the cover is centred) */
  readonly verticalAlign?: 'top' | 'center';
  /**
   * printed in the top margin of every page of the section but its first: a
   * long table's title and the line above it (its first page has them as blocks)
   */
  readonly runningHeader?: RunningHeader;
  readonly blocks: readonly Block[];
}

export interface FontFace {
  /** name written into DOCX (eastAsia), e.g. 仿宋_GB2312 */
  readonly docxName: string;
  /** font files for the PDF; bold falls back to regular */
  readonly pdf: { readonly regular: string; readonly bold?: string };
  /** per-character fallback for characters the face lacks */
  readonly fallback?: { readonly regular: string; readonly bold?: string };
  /** where the styles name this face's own font files (not set for packaged faces): warnings about the files point there */
  readonly declaredAt?: { readonly file: string; readonly line?: number; readonly column?: number };
}

export interface DocumentMeta {
  readonly title: string;
  readonly author: string;
  readonly subject: string;
  readonly language: string;
  /** ISO date; fixed so output is byte-identical across builds */
  readonly date: string;
}

export interface DocumentIR {
  readonly kind: 'document';
  readonly meta: DocumentMeta;
  readonly fonts: Readonly<Record<FontRole, FontFace>>;
  readonly sections: readonly Section[];
  /**
   * printed page numbers count from the first page of the document (the cover is 1) rather
   * than from the first section with a footer
   */
  readonly numberFromFirstPage?: boolean;
}
