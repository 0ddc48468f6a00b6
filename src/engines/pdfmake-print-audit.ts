// The print audit's eyes: what pdfmake actually draws, line by line, as it
// draws it. A text node of the document carries an audit target on its inlines
// (`_audit`, copied by pdfmake onto the words it breaks them into, as `_tag`
// is). For every line pdfmake draws, the strings that enter the page's content
// stream (pdfkit's _fragment) are recorded; when they are the line's text,
// its inlines append their text to their targets, and otherwise none does. What the
// renderer asked for and what reached the page are then compared
// (src/render/print-audit.ts), so a row pdfmake silently drops, whatever the
// cause, stops the build instead of leaving a page that looks right.
//
// A line drawn on a page whose content stream restores a graphics state it
// never saved is not counted: readers stop at that fault (poppler drops the
// rest of the page's text), so its texts did not reach the page.
//
// Unlike the other patches this one changes nothing pdfmake does: it calls the
// original and only reads the line afterwards. So it is installed on any
// pdfmake version and under DISCLOSURE_STOCK_ENGINES too: the audit must not be
// switched off with the patches. If a future pdfmake no longer draws through
// Renderer.prototype.renderLine, nothing is recorded and the audit reports
// that it saw no drawing at all, rather than passing.
import { createRequire } from 'node:module';

/** The property of a pdfmake inline definition that carries its audit target. */
export const AUDIT_KEY = '_audit';

/**
 * Set on a line by a patch that draws its inlines in another order than
 * pdfmake laid them out (pdfmake-bidi-lines: visual order): the line's text in
 * drawing order, which is what pdfkit receives.
 */
export const DRAWN_ORDER_KEY = '_drawnText';

/** What the drawing appends to: one per text node the renderer audits. */
export interface DrawnText {
  drawn: string;
}

type Line = { inlines: Record<string, unknown>[] };
interface PdfDoc {
  _fragment(text: unknown, ...rest: unknown[]): unknown;
  save(): unknown;
  restore(): unknown;
  addPage(...args: unknown[]): unknown;
}
interface RendererProto {
  pdfDocument: PdfDoc;
  renderPages(this: RendererProto, pages: unknown[]): void;
  renderLine(this: RendererProto, line: Line, x: number, y: number): void;
}

/** One page being drawn: its lines' texts wait until the page is known to be sound. */
interface PageDrawing {
  depth: number;
  broken: boolean;
  texts: [DrawnText, string][];
  /** what pdfkit was asked to draw since the current line began */
  line: string;
}

let lines = 0;
let brokenPages = 0;
const drawing = new WeakMap<PdfDoc, PageDrawing>();

/** Lines drawn in this process since it started (a drawing that records none saw nothing). */
export const drawnLines = (): number => lines;
/** Pages drawn in this process whose graphics states did not balance. */
export const unbalancedPages = (): number => brokenPages;

function flush(page: PageDrawing | undefined): void {
  if (!page) return;
  if (page.broken) brokenPages++;
  else for (const [target, text] of page.texts) target.drawn += text;
  page.texts = [];
}

export function patchPrintAudit(): () => void {
  const Renderer = createRequire(import.meta.url)('pdfmake/js/Renderer.js').default as { prototype: RendererProto };
  const proto = Renderer.prototype;
  const { renderPages, renderLine } = proto;
  if (typeof renderLine !== 'function' || typeof renderPages !== 'function') throw new Error('pdfmake Renderer.prototype.renderLine/renderPages not found');
  proto.renderPages = function (pages) {
    const doc = this.pdfDocument;
    const { _fragment: fragment, save, restore, addPage } = doc;
    const page = (): PageDrawing => drawing.get(doc)!;
    drawing.set(doc, { depth: 0, broken: false, texts: [], line: '' });
    doc._fragment = function (this: PdfDoc, s: unknown, ...rest: unknown[]) {
      if (typeof s === 'string') page().line += s;
      return fragment.call(this, s, ...rest);
    };
    // own properties over the prototype's methods, for this drawing only
    doc.save = function (this: PdfDoc) {
      page().depth++;
      return save.call(this);
    };
    doc.restore = function (this: PdfDoc) {
      const p = page();
      if (p.depth === 0) p.broken = true;
      else p.depth--;
      return restore.call(this);
    };
    doc.addPage = function (this: PdfDoc, ...args: unknown[]) {
      flush(drawing.get(doc));
      drawing.set(doc, { depth: 0, broken: false, texts: [], line: '' });
      return addPage.apply(this, args);
    };
    try {
      renderPages.call(this, pages);
      flush(drawing.get(doc));
    } finally {
      drawing.delete(doc);
      delete (doc as Partial<PdfDoc>)._fragment;
      delete (doc as Partial<PdfDoc>).save;
      delete (doc as Partial<PdfDoc>).restore;
      delete (doc as Partial<PdfDoc>).addPage;
    }
  };
  proto.renderLine = function (line, x, y) {
    const page = drawing.get(this.pdfDocument);
    if (page) page.line = '';
    renderLine.call(this, line, x, y);
    lines++;
    const texts: [DrawnText, string][] = [];
    let whole = '';
    for (const inline of line.inlines) {
      if (typeof inline.text !== 'string') continue;
      whole += inline.text;
      const target = inline[AUDIT_KEY] as DrawnText | undefined;
      if (target) texts.push([target, inline.text]);
    }
    if (!page) {
      for (const [target, t] of texts) target.drawn += t;
      return;
    }
    // a line whose strings pdfkit did not get whole credits nothing: its targets come up short
    const expected =
      typeof (line as Record<string, unknown>)[DRAWN_ORDER_KEY] === 'string' ? ((line as Record<string, unknown>)[DRAWN_ORDER_KEY] as string) : whole;
    if (page.line.replace(/\s+/g, '') === expected.replace(/\s+/g, '')) page.texts.push(...texts);
  };
  return () => {
    Object.assign(proto, { renderPages, renderLine });
  };
}
