// pdfmake has no event between laying a document out and drawing it; its
// footer callbacks run in every layout pass, and a keep-with-next break starts
// another. This hook runs once the last pass is done: every page number is
// final, and drawing and font embedding are still to come (the DOCX thread
// finishes its TOC meanwhile). Without the patch (stock pdfmake) the hook
// runs after drawing instead: later, never wrong. A caller that wants only the
// layout (a DOCX alone needs its 目录's page numbers) asks the hook to stop
// there: pdfmake's createPdf then rejects with LayoutStop before drawing a
// page or embedding a font; with stock pdfmake the pages are drawn anyway.
import { createRequire } from 'node:module';

type LayoutDocument = (this: unknown, content: object, ...rest: unknown[]) => unknown;

const hooks = new WeakMap<object, { run: () => void; stop: () => boolean }>();

/** Thrown out of pdfmake once the layout of a layout-only document is done. */
export class LayoutStop extends Error {
  constructor() {
    super('pdfmake: layout done, drawing not asked for');
  }
}
export const isLayoutStop = (e: unknown): e is LayoutStop => e instanceof LayoutStop;
let installed = false;

export function patchAfterLayout(): () => void {
  const LayoutBuilder = createRequire(import.meta.url)('pdfmake/js/LayoutBuilder.js').default as { prototype: { layoutDocument: LayoutDocument } };
  const layoutDocument = LayoutBuilder.prototype.layoutDocument;
  LayoutBuilder.prototype.layoutDocument = function (content, ...rest) {
    const pages = layoutDocument.call(this, content, ...rest);
    const hook = hooks.get(content);
    hooks.delete(content);
    hook?.run();
    if (hook?.stop()) throw new LayoutStop();
    return pages;
  };
  installed = true;
  return () => {
    LayoutBuilder.prototype.layoutDocument = layoutDocument;
    installed = false;
  };
}

/**
 * Calls `f` once the document whose definition has this `content` is laid
 * out. Returns a function to call once the document is drawn: it runs `f`
 * then if the layout hook did not (stock pdfmake), and never twice.
 * `stop`: throw LayoutStop after `f` instead of letting pdfmake draw (asked
 * after `f` has run, so `f` may decide).
 */
export function afterLayout(content: object, f: () => void, options: { stop?: boolean | (() => boolean) } = {}): () => void {
  let done = false;
  const once = () => {
    if (!done) {
      done = true;
      f();
    }
  };
  const stop = options.stop;
  if (installed) hooks.set(content, { run: once, stop: typeof stop === 'function' ? stop : () => stop === true });
  return () => {
    hooks.delete(content);
    once();
  };
}
