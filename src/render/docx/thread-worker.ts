// The DOCX thread (thread.ts): drafts the document it is sent, finishes it
// when the page numbers come.
import { parentPort } from 'node:worker_threads';
import { draftDocx, finishDocx, type DocxDraft } from './index.js';
import type { FromThread, ToThread } from './thread.js';

const port = parentPort!;
let draft: DocxDraft | undefined;
let failed: string | undefined;
const reply = (m: FromThread) => port.postMessage(m, 'docx' in m ? [m.docx.buffer as ArrayBuffer] : []);
const describe = (e: unknown) => (e instanceof Error ? (e.stack ?? e.message) : String(e));

port.on('message', (m: ToThread) => {
  if ('doc' in m) {
    draft = undefined;
    failed = undefined;
    try {
      draft = draftDocx(m.doc);
    } catch (e) {
      failed = describe(e);
    }
    return;
  }
  try {
    if (!draft) throw new Error(failed ?? 'DOCX thread: page numbers before a document');
    const docx = finishDocx(draft, m.pages);
    draft = undefined;
    reply({ docx });
  } catch (e) {
    reply({ error: describe(e) });
  }
});
