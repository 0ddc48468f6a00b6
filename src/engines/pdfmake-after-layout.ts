// pdfmake has no event between laying a document out and drawing it; its
// footer callbacks run in every layout pass, and a keep-with-next break starts
// another. This hook runs once the last pass is done: every page number is
// final, and drawing and font embedding are still to come (the DOCX thread
// finishes its TOC meanwhile). Without the patch (stock pdfmake) the hook
// runs after drawing instead: later, never wrong.
import { createRequire } from 'node:module';

type LayoutDocument = (this: unknown, content: object, ...rest: unknown[]) => unknown;

const hooks = new WeakMap<object, () => void>();
let installed = false;

export function patchAfterLayout(): () => void {
  const LayoutBuilder = createRequire(import.meta.url)('pdfmake/js/LayoutBuilder.js').default as { prototype: { layoutDocument: LayoutDocument } };
  const layoutDocument = LayoutBuilder.prototype.layoutDocument;
  LayoutBuilder.prototype.layoutDocument = function (content, ...rest) {
    const pages = layoutDocument.call(this, content, ...rest);
    const hook = hooks.get(content);
    hooks.delete(content);
    hook?.();
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
 */
export function afterLayout(content: object, f: () => void): () => void {
  let done = false;
  const once = () => {
    if (!done) {
      done = true;
      f();
    }
  };
  if (installed) hooks.set(content, once);
  return () => {
    hooks.delete(content);
    once();
  };
}
