// The second thread of a split build (index.ts): template set and IR first,
// then the DOCX, drafted at once and finished when the PDF's page numbers come.
import { parentPort } from 'node:worker_threads';
import { buildWithTemplates } from '../build.js';
import type { DocxDraft } from '../render/docx/index.js';
import { finishDocx } from '../render/docx/finish.js';
import { loadTemplateSet } from '../templates/load.js';
import type { FromThread, SplitJob, ToThread } from './index.js';
import type { Pagination } from '../document/pagination.js';

const port = parentPort!;
const reply = (m: FromThread) => port.postMessage(m, 'docx' in m ? [m.docx.buffer as ArrayBuffer] : []);
const describe = (e: unknown) => (e instanceof Error ? (e.stack ?? e.message) : String(e));
/** the job's DOCX draft, under way while the parent lays out the PDF */
let drafting: Promise<DocxDraft> | undefined;

port.on('message', (m: ToThread) => {
  if ('job' in m) void model(m.job);
  else finish(m.pagination);
});

async function model(job: SplitJob): Promise<void> {
  drafting = undefined;
  try {
    const r = await buildWithTemplates(loadTemplateSet(job.layers, job.lang), { ...job, render: false, keepIr: true });
    const ir = r.ir;
    reply({ model: { name: r.name, diagnostics: r.diagnostics, ir } });
    // the docx library loads only now: the IR goes out first
    if (ir && job.formats.includes('docx')) drafting = import('../render/docx/index.js').then((m) => m.draftDocx(ir));
    // reported when the page numbers come, as the answer the parent then waits for
    drafting?.catch(() => {});
  } catch (e) {
    reply({ error: describe(e) });
  }
}

function finish(pagination: Pagination | undefined): void {
  if (!drafting) return reply({ error: 'split build: page numbers without a DOCX under way' });
  drafting.then(
    (draft) => reply({ docx: finishDocx(draft, pagination) }),
    (e: unknown) => reply({ error: describe(e) }),
  );
  drafting = undefined;
}
