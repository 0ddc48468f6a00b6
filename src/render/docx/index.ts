// DOCX renderer: lays out a DocumentIR with the docx library. It never
// computes figures or wording; everything comes from the IR.
import { Document, Paragraph, Table, type ISectionOptions } from 'docx';
import { centredOnPage } from './centred-page.js';
import type { DocumentIR, Heading } from '../../ir/types.js';
import { headingFaces } from './paragraphs.js';
import { unlistedHeadingIds } from '../../document/toc-layout.js';
import { numberingStart, paginationOfHeadingPages, printedHeadingPages, type Pagination } from '../../document/pagination.js';
import { sectionChildren } from './blocks.js';
import { finishDocx, pageToken, type DocxDraft } from './finish.js';
import { fontTable, LATIN_FONT } from './fonts.js';
import { sectionProperties, textWidth } from './sections.js';
import { styles } from './styles.js';
import { TextStyles } from './text-styles.js';
import { installEnginePatches } from '../../engines/index.js';
import { compileParts } from '../../engines/docx-compile-parts.js';
import { stage } from '../../engines/work-meter.js';

export interface DocxOptions {
  /** the document's one pagination (the PDF's layout): its printed heading pages fill the TOC's cached entries */
  pagination?: Pagination;
  /** printed page per heading id, for callers that kept only those: the same as a pagination of them */
  headingPages?: Record<string, number>;
}

/** The DOCX of a document, finished: its TOC shows the pagination's numbers (none: Word asks to update it). */
export async function renderDocx(doc: DocumentIR, options: DocxOptions = {}): Promise<Uint8Array> {
  const pagination = options.pagination ?? (options.headingPages && paginationOfHeadingPages(options.headingPages));
  const draft = await compose(doc, pagination && printedHeadingPages(pagination));
  return stage('docx/zip', () => finishDocx(draft));
}

/**
 * The DOCX of a document whose TOC page numbers are not known yet: the PDF's
 * layout gives them later, and finishDocx writes them in. Drafting is most of
 * a DOCX render, so it can run beside the PDF's layout (another thread).
 */
export async function draftDocx(doc: DocumentIR): Promise<DocxDraft> {
  const pages: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  let i = 0;
  for (const s of doc.sections) for (const b of s.blocks) if (b.kind === 'heading') pages[b.id] = tokens[b.id] = pageToken(i++);
  return { ...(await compose(doc, pages)), tokens };
}

async function compose(doc: DocumentIR, headingPages: Record<string, number | string> | undefined): Promise<DocxDraft> {
  installEnginePatches();
  const fonts = fontTable(doc);
  const text = new TextStyles(fonts);
  const headings = doc.sections.flatMap((s) => s.blocks.filter((b): b is Heading => b.kind === 'heading'));
  const unlisted = unlistedHeadingIds(doc);
  const faces = headingFaces(headings.filter((h) => !unlisted.has(h.id)));
  // Numbering restarts at 1 on the first section that prints numbers; the cover is not counted.
  const firstNumbered = numberingStart(doc);
  const runningHeaders = doc.sections.some((s) => s.runningHeader);
  const sections: ISectionOptions[] = stage('docx/objects', () =>
    doc.sections.map((s, i) => {
      const children = sectionChildren(s.blocks, {
        fonts,
        text,
        headingFaces: faces,
        unlisted,
        sections: doc.sections,
        textWidthTwips: textWidth(s),
        headingPages,
      });
      const centrable = s.verticalAlign === 'center' && children.every((c) => c instanceof Paragraph || c instanceof Table);
      return {
        ...sectionProperties(s, fonts, i === firstNumbered || s.restartPageNumbers === true, runningHeaders && !s.runningHeader),
        children: centrable ? [centredOnPage(children, s)] : children,
      };
    }),
  );
  const document = new Document({
    title: doc.meta.title,
    creator: doc.meta.author,
    lastModifiedBy: doc.meta.author,
    subject: doc.meta.subject,
    revision: 1,
    // Word updates the TOC (and PAGE fields) on open: its page numbers then are
    // the DOCX's own layout's, whatever the cached ones (the PDF's) say
    features: { updateFields: true },
    styles: styles(doc, fonts, text.definitions(), faces),
    sections,
  });
  const named = [...Object.values(fonts).map((f) => f.eastAsia), LATIN_FONT];
  return { parts: new Map(await stage('docx/xml', () => compileParts(document))), date: doc.meta.date, language: doc.meta.language, tokens: {}, faces: named };
}

export { finishDocx, type DocxDraft } from './finish.js';
