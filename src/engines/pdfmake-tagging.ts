// Tagged PDF from pdfmake. pdfmake 0.3 turns `tagged: true` into pdfkit's
// MarkInfo and an empty StructTreeRoot and tags nothing, so a screen reader
// finds no headings, paragraphs or cells. pdfkit 0.19 has the pieces
// (struct elements, marked content with MCIDs, the parent tree); this patch
// uses them while pdfmake draws: each line is marked content of the structure
// element its text node names through a `_tag` property on its inlines
// (pdfmake copies an inline definition's own properties onto the words it
// breaks it into). Rules, cell shading and other vectors, page numbers and
// header rows repeated on later pages are artifacts. Lines without a tag are
// paragraphs of their own.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export type BlockTag = { readonly kind: 'block'; readonly role: 'H1' | 'H2' | 'H3' | 'P' };
export type ArtifactTag = { readonly kind: 'artifact'; readonly type: 'Pagination' | 'Layout' };
export interface TableTag {
  readonly kind: 'table';
  /** per row, the cells that start in it, left to right */
  readonly rows: readonly (readonly CellSpec[])[];
}
export interface CellSpec {
  readonly col: number;
  readonly header: boolean;
  readonly rowSpan?: number;
  readonly colSpan?: number;
}
export type CellTag = { readonly kind: 'cell'; readonly table: TableTag; readonly row: number; readonly col: number };
export type PdfTag = BlockTag | ArtifactTag | CellTag;

/** The property of a pdfmake inline definition that carries its tag. */
export const TAG_KEY = '_tag';
/**
 * The text a line reads as, where its glyphs stand too far apart for
 * extraction to read them as one word (a 目录 title spaced half an em): the
 * line is marked content with /ActualText.
 */
export const ACTUAL_TEXT_KEY = '_actualText';

interface StructElem {
  add(child: unknown): StructElem;
  dictionary: { data: Record<string, unknown> };
}
interface PdfDoc {
  page: object;
  _root: { data: Record<string, unknown> };
  struct(type: string, options?: object): StructElem;
  addStructure(e: StructElem): PdfDoc;
  markContent(tag: string, options?: object | null): PdfDoc;
  markStructureContent(tag: string, options?: object): unknown;
  endMarkedContent(): PdfDoc;
}
interface RendererLike {
  pdfDocument: PdfDoc;
}
type Line = { inlines: Record<string, unknown>[] };

interface TableState {
  readonly elem: StructElem;
  readonly rows: Map<number, StructElem>[];
  /** page each header cell was first drawn on: a later page's copy is a repeat */
  readonly firstPage: Map<string, object>;
}

/** Structure elements of one document, created in drawing order. */
class Tagger {
  private readonly root: StructElem;
  private readonly blocks = new WeakMap<BlockTag, StructElem>();
  private readonly tables = new WeakMap<TableTag, TableState>();

  constructor(private readonly doc: PdfDoc) {
    this.root = doc.struct('Document');
    doc.addStructure(this.root);
  }

  /** The element a line of this tag belongs to; undefined: draw it as an artifact. */
  elementFor(tag: PdfTag | undefined): StructElem | undefined {
    if (!tag) {
      const p = this.doc.struct('P');
      this.root.add(p);
      return p;
    }
    switch (tag.kind) {
      case 'artifact':
        return undefined;
      case 'block': {
        let e = this.blocks.get(tag);
        if (!e) {
          e = this.doc.struct(tag.role);
          this.root.add(e);
          this.blocks.set(tag, e);
        }
        return e;
      }
      case 'cell':
        return this.cell(tag);
    }
  }

  private cell(tag: CellTag): StructElem | undefined {
    let t = this.tables.get(tag.table);
    if (!t) {
      t = { elem: this.doc.struct('Table'), rows: [], firstPage: new Map() };
      this.root.add(t.elem);
      this.tables.set(tag.table, t);
    }
    const spec = tag.table.rows[tag.row]?.find((c) => c.col === tag.col);
    if (spec?.header) {
      const key = `${tag.row}:${tag.col}`;
      const first = t.firstPage.get(key);
      if (first && first !== this.doc.page) return undefined;
      t.firstPage.set(key, this.doc.page);
    }
    // rows come into the tree in order, with every cell, drawn or empty
    while (t.rows.length <= tag.row) this.addRow(t, tag.table, t.rows.length);
    return t.rows[tag.row]!.get(tag.col);
  }

  private addRow(t: TableState, table: TableTag, r: number): void {
    const tr = this.doc.struct('TR');
    t.elem.add(tr);
    const cells = new Map<number, StructElem>();
    for (const c of table.rows[r] ?? []) {
      const e = this.doc.struct(c.header ? 'TH' : 'TD');
      const attrs: Record<string, unknown> = { O: 'Table' };
      if (c.header) attrs.Scope = 'Column';
      if ((c.rowSpan ?? 1) > 1) attrs.RowSpan = c.rowSpan;
      if ((c.colSpan ?? 1) > 1) attrs.ColSpan = c.colSpan;
      if (Object.keys(attrs).length > 1) e.dictionary.data.A = attrs;
      tr.add(e);
      cells.set(c.col, e);
    }
    t.rows.push(cells);
  }
}

const taggers = new WeakMap<PdfDoc, Tagger>();

function artifact<T>(doc: PdfDoc, type: string, draw: () => T): T {
  doc.markContent('Artifact', { type });
  try {
    return draw();
  } finally {
    doc.endMarkedContent();
  }
}

export function patchTagging(): () => void {
  const Renderer = require('pdfmake/js/Renderer.js').default as {
    prototype: {
      renderPages(this: RendererLike, pages: unknown[]): void;
      renderLine(this: RendererLike, line: Line, x: number, y: number): void;
      renderVector(this: RendererLike, vector: unknown): void;
    };
  };
  const proto = Renderer.prototype;
  const { renderPages, renderLine, renderVector } = proto;

  proto.renderPages = function (pages) {
    const doc = this.pdfDocument;
    // only documents that asked for tagging (pdfkit made them a StructTreeRoot)
    if (doc._root.data.StructTreeRoot && !taggers.has(doc)) taggers.set(doc, new Tagger(doc));
    renderPages.call(this, pages);
  };

  proto.renderLine = function (line, x, y) {
    const doc = this.pdfDocument;
    const tagger = taggers.get(doc);
    if (!tagger) return renderLine.call(this, line, x, y);
    const tag = line.inlines[0]?.[TAG_KEY] as PdfTag | undefined;
    const elem = tagger.elementFor(tag);
    if (!elem) {
      const type = tag?.kind === 'artifact' ? tag.type : 'Pagination';
      return artifact(doc, type, () => renderLine.call(this, line, x, y));
    }
    const content = doc.markStructureContent(String(elem.dictionary.data.S));
    const actual = line.inlines.length === 1 ? (line.inlines[0]?.[ACTUAL_TEXT_KEY] as string | undefined) : undefined;
    try {
      if (actual) doc.markContent('Span', { actual });
      try {
        renderLine.call(this, line, x, y);
      } finally {
        if (actual) doc.endMarkedContent();
      }
    } finally {
      doc.endMarkedContent();
    }
    elem.add(content);
  };

  proto.renderVector = function (vector) {
    const doc = this.pdfDocument;
    if (!taggers.has(doc)) return renderVector.call(this, vector);
    artifact(doc, 'Layout', () => renderVector.call(this, vector));
  };

  return () => {
    Object.assign(proto, { renderPages, renderLine, renderVector });
  };
}
