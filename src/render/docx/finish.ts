// The last step of a DOCX: the TOC's page numbers written in, then the parts
// zipped. Apart from the docx library (drafting), so a thread that only
// finishes a DOCX drafted elsewhere never loads that library.
import { zipPackage, type Parts } from './determinism.js';
import { noHangingPunctuation, shrinkSectionBreakParagraphs } from './xml-fixes.js';
import { explicitUpdateFields, fillFontTable } from './font-table.js';
import type { Pagination } from '../../document/pagination.js';

/** A DOCX's parts as docx compiled them; TOC page numbers may still be tokens. */
export interface DocxDraft {
  readonly parts: Parts;
  readonly date: string;
  readonly language: string;
  /** heading id → the token written where its page number goes */
  readonly tokens: Readonly<Record<string, string>>;
  /** the faces the document names, for the font table */
  readonly faces: readonly string[];
}

// Noncharacters (U+FDD0, U+FDD1) never occur in interchanged text, so a token
// cannot be mistaken for anything the data or the templates wrote.
export const pageToken = (i: number): string => `\uFDD0${i}\uFDD1`;
const TOKEN = /\uFDD0(\d+)\uFDD1/g;

/** The draft with the pagination's printed heading pages where its tokens stand (none: empty, Word fills them in). */
export function finishDocx(draft: DocxDraft, pagination?: Pagination): Uint8Array {
  const ids = Object.keys(draft.tokens);
  const headingPages = pagination?.headings ?? {};
  const documentXml = (xml: string): string => {
    if (ids.length) {
      const pageOf = new Map(ids.map((id) => [draft.tokens[id]!, headingPages[id]?.printed.toString() ?? '']));
      xml = xml.replace(TOKEN, (token) => pageOf.get(token) ?? '');
    }
    return shrinkSectionBreakParagraphs(xml);
  };
  return zipPackage(draft.parts, draft.date, draft.language, documentXml, noHangingPunctuation, {
    'word/fontTable.xml': (xml) => fillFontTable(xml, draft.faces),
    'word/settings.xml': explicitUpdateFields,
  });
}
