// pdfmake has no event between laying a document out and drawing it; its
// footer callbacks run in every layout pass, and a keep-with-next break starts
// another. This hook runs once the last pass is done: every page number is
// final, and drawing and font embedding are still to come (the DOCX thread
// finishes its TOC meanwhile).
import { createRequire } from 'node:module';

type LayoutDocument = (this: unknown, content: object, ...rest: unknown[]) => unknown;

const hooks = new WeakMap<object, () => void>();
let patched = false;

/** Calls `f` once the document whose definition has this `content` is laid out. */
export function afterLayout(content: object, f: () => void): void {
  if (!patched) {
    const LayoutBuilder = createRequire(import.meta.url)('pdfmake/js/LayoutBuilder.js').default as { prototype: { layoutDocument: LayoutDocument } };
    const layoutDocument = LayoutBuilder.prototype.layoutDocument;
    LayoutBuilder.prototype.layoutDocument = function (content, ...rest) {
      const pages = layoutDocument.call(this, content, ...rest);
      const hook = hooks.get(content);
      hooks.delete(content);
      hook?.();
      return pages;
    };
    patched = true;
  }
  hooks.set(content, f);
}
