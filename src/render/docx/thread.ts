// A thread that renders a DOCX beside the PDF. A cold single build (`npm start`)
// spent ~0.3 s on the DOCX after the PDF, on one core, while the second idled.
// Here the thread drafts the DOCX while this one lays out the PDF, and
// finishes it (TOC page numbers, zip) while this one draws the PDF's pages.
// Batches do not use it: there every core has a department of its own.
import { Worker } from 'node:worker_threads';
import type { DocumentIR } from '../../ir/types.js';

export type HeadingPages = Readonly<Record<string, number>>;

/** A DOCX being rendered elsewhere: it still needs the TOC's page numbers. */
export interface DocxElsewhere {
  /** hands over the page numbers (only the first call counts); posted at once, not in a later microtask, as the PDF's drawing goes on synchronously */
  headingPages(pages: HeadingPages): void;
  /** the same bytes as renderDocx's */
  readonly docx: Promise<Uint8Array>;
}

export interface DocxThread {
  /** renders in the thread; here instead, from the page numbers, if the thread fails or is busy */
  render(doc: DocumentIR): DocxElsewhere;
  /** documents rendered in the thread and here (a fallback is silent otherwise) */
  readonly rendered: { readonly thread: number; readonly here: number };
  close(): Promise<void>;
}

/** Messages: the parent sends `doc`, then `pages`; the thread answers `docx` or `error`. */
export type ToThread = { doc: DocumentIR } | { pages: HeadingPages };
export type FromThread = { docx: Uint8Array } | { error: string };

const renderHere = async (doc: DocumentIR, headingPages: Promise<HeadingPages>): Promise<Uint8Array> =>
  (await import('./index.js')).renderDocx(doc, { headingPages: await headingPages });

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Starts the thread now, so it has loaded the docx library by the time a document comes. */
export function startDocxThread(
  // next to this module: in src/ a bootstrap that registers tsx, in dist/ the bundled thread
  url: URL = new URL('./docx-thread.mjs', import.meta.url),
): DocxThread {
  let worker: Worker | undefined;
  try {
    worker = new Worker(url);
    worker.unref();
  } catch {
    worker = undefined;
  }
  let busy = false;
  const rendered = { thread: 0, here: 0 };
  const here = (doc: DocumentIR, pages: Promise<HeadingPages>) => {
    rendered.here++;
    return renderHere(doc, pages);
  };
  return {
    rendered,
    render(doc) {
      const pages = deferred<HeadingPages>();
      const w = worker;
      // one document at a time; a second one meanwhile is rendered here
      if (!w || busy) return { headingPages: pages.resolve, docx: here(doc, pages.promise) };
      busy = true;
      let send = (p: HeadingPages) => w.postMessage({ pages: p } satisfies ToThread);
      const docx = new Promise<Uint8Array>((resolve, reject) => {
        let settled = false;
        const settle = (f: () => void) => {
          if (settled) return;
          settled = true;
          busy = false;
          w.off('message', onMessage).off('error', fallBack).off('exit', fallBack);
          f();
        };
        const fallBack = () =>
          settle(() => {
            worker = undefined;
            send = () => {};
            here(doc, pages.promise).then(resolve, reject);
          });
        // an error while rendering is a bug that rendering here would hit too: report it
        const onMessage = (r: FromThread) =>
          settle(() => {
            if ('error' in r) return reject(new Error(r.error));
            rendered.thread++;
            resolve(r.docx);
          });
        w.on('message', onMessage).on('error', fallBack).on('exit', fallBack);
        w.postMessage({ doc } satisfies ToThread);
      });
      return {
        headingPages(p) {
          pages.resolve(p);
          send(p);
          send = () => {};
        },
        docx,
      };
    },
    async close() {
      await worker?.terminate();
    },
  };
}
