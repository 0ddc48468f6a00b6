// PDF renderer: lays out a DocumentIR with pdfmake. It decides no wording and
// computes no figures; everything printed comes from the IR.
import type { Block, DocumentIR, Section } from '../../ir/types.js';
import { headingNode, keepPitch, paragraphNode } from './blocks.js';
import { docFonts, pdfmakeFontTable, type DocFonts } from './fonts.js';
import { FOOTER_STYLE, footerNode, pageSize, physicalPage, textBox } from './pages.js';
import pdfmake, { type DdNode } from './pdfmakeApi.js';
import { styledText } from './runs.js';
import { tableNode } from './table.js';
import { afterLayout } from '../../engines/pdfmake-after-layout.js';
import { installEnginePatches } from '../../engines/index.js';
import { openFont } from './fontCache.js';
import { fillTocNumbers, tocHeadings, tocNode, type TocEntryRef } from './toc.js';

export interface PdfResult {
  bytes: Uint8Array;
  pageCount: number;
  /** heading id → printed page number (the footer's numbering) */
  headingPages: Record<string, number>;
}

/** Everything one render needs to remember; created per call, dropped after. */
interface RenderState {
  readonly fonts: DocFonts;
  readonly doc: DocumentIR;
  readonly headingNodes: Map<string, DdNode>;
  readonly tocRefs: TocEntryRef[];
  /** outline parent per heading level: kept across sections, so part two's tables (sections of their own) nest under it */
  readonly outlineParents: (string | undefined)[];
  /** content node of the first section with a footer: page 1 of the numbering */
  firstNumbered?: DdNode;
  /** content nodes of the sections where the numbering starts at 1 again */
  readonly restarts: DdNode[];
  pageCount: number;
}

/** Pages count on from the latest start at or before the page (pages without a footer too, as in Word). */
function printedPage(state: RenderState, physical: number | undefined): number | undefined {
  if (physical === undefined) return undefined;
  let first = state.firstNumbered ? physicalPage(state.firstNumbered) : undefined;
  for (const node of state.restarts) {
    const p = physicalPage(node);
    if (p !== undefined && p <= physical && (first === undefined || p > first)) first = p;
  }
  return physical - (first ?? 1) + 1;
}

function blockNodes(blocks: readonly Block[], section: Section, state: RenderState): DdNode[] {
  const out: DdNode[] = [];
  let breakNext = false;
  const outlineParents = state.outlineParents;
  for (const b of blocks) {
    let nodes: DdNode[];
    switch (b.kind) {
      case 'pageBreak':
        breakNext = true;
        continue;
      case 'paragraph':
        nodes = [paragraphNode(b, state.fonts)];
        break;
      case 'heading': {
        const parent = outlineParents.slice(0, b.level - 1).reverse().find((id) => id !== undefined);
        const node = headingNode(b, state.fonts, parent);
        // every heading is in the outline, nested by level; those left out of
        // the 目录 (each 绩效目标表, a （五） after them) parent nothing, so
        // （五） still nests under its 十、
        if (b.toc) {
          outlineParents[b.level - 1] = b.id;
          outlineParents.length = b.level;
        }
        state.headingNodes.set(b.id, node);
        nodes = [node];
        break;
      }
      case 'table':
        nodes = [tableNode(b, textBox(section).width, state.fonts)];
        break;
      case 'toc':
        nodes = tocNode(b, tocHeadings(state.doc.sections, b), state.fonts, state.tocRefs);
        break;
    }
    if (breakNext && nodes[0]) {
      nodes[0].pageBreak = 'before';
      breakNext = false;
    }
    out.push(...nodes);
  }
  // Nothing follows the last block of a section on its page (the next section
  // starts a new one), so keeping it with the next would only push it onto a
  // page of its own and leave a blank page behind.
  const last = out[out.length - 1];
  if (last) delete last.headlineLevel;
  return out;
}

/** Centres a section's content on its page (the cover) inside one borderless cell. */
function centred(nodes: DdNode[], section: Section): DdNode {
  return {
    table: {
      widths: ['*'],
      // a little under the text height: a row taller than the page's room
      // would be carried onto a page of its own
      heights: [textBox(section).height - 4],
      body: [[{ stack: nodes, verticalAlignment: 'middle' }]],
    },
    layout: {
      hLineWidth: () => 0,
      vLineWidth: () => 0,
      paddingLeft: () => 0,
      paddingRight: () => 0,
      paddingTop: () => 0,
      paddingBottom: () => 0,
    },
  };
}

function sectionNode(section: Section, state: RenderState): DdNode {
  let nodes = blockNodes(section.blocks, section, state);
  if (section.verticalAlign === 'center') nodes = [centred(nodes, section)];
  const content: DdNode = { stack: nodes };
  if (section.footer && !state.firstNumbered) state.firstNumbered = content;
  if (section.restartPageNumbers) state.restarts.push(content);
  const m = section.margins;
  const footer = section.footer;
  return {
    section: content,
    pageSize: 'A4',
    pageOrientation: section.page.orientation,
    pageMargins: [m.left, m.top, m.right, m.bottom],
    // pdfmake calls footers after the whole layout and before drawing: the
    // moment every position is known, so the TOC numbers are settled here too.
    footer: (currentPage: number, pageCount: number) => {
      state.pageCount = pageCount;
      fillTocNumbers(state.tocRefs, (id) => headingPage(state, id));
      if (!footer) return null;
      const n = printedPage(state, currentPage)!;
      return footerNode(footer, section, n, (s) =>
        styledText(s, { font: footer.font, size: footer.size, bold: false }, state.fonts),
      );
    },
  };
}

function headingPage(state: RenderState, id: string): number | undefined {
  const node = state.headingNodes.get(id);
  return node ? printedPage(state, physicalPage(node)) : undefined;
}

interface Position {
  pageNumber: number;
  pageInnerHeight: number;
  verticalRatio: number;
}
interface NodeInfo {
  headlineLevel?: number;
  style?: unknown;
  pageNumbers: number[];
  startPosition: Position;
}
interface BreakContext {
  getFollowingNodesOnPage(): NodeInfo[];
  getNodesOnNextPage(): NodeInfo[];
  getPreviousNodesOnPage(): NodeInfo[];
}
const notFooter = (n: NodeInfo): boolean => n.style !== FOOTER_STYLE;
const roomBelow = (p: Position): number => p.pageInnerHeight * (1 - p.verticalRatio);

/** heading id → printed page number, for every heading placed */
function headingPagesOf(state: RenderState): Record<string, number> {
  const pages: Record<string, number> = {};
  for (const id of state.headingNodes.keys()) {
    const page = headingPage(state, id);
    if (page !== undefined) pages[id] = page;
  }
  return pages;
}

/**
 * Keep-with-next: a marked node moves to the next page (pdfmake then lays the
 * document out again) when nothing of what follows it stays on its page.
 * pdfmake records a start on this page even for a node whose first line it then
 * carried over, so a follower that continues on the next page and starts within
 * two lines of the page foot counts as gone.
 */
function pageBreakBefore(node: NodeInfo, ctx: BreakContext): boolean {
  const pitch = keepPitch(node.headlineLevel);
  if (pitch === undefined) return false;
  if (!ctx.getPreviousNodesOnPage().some(notFooter)) return false;
  const page = node.pageNumbers[node.pageNumbers.length - 1];
  // Followers that are kept with their next count as gone too: pdfmake asks
  // about each node once, so a heading over a heading (十、 over （一）) is asked
  // while the second still stands on its page, and stays behind when that one moves.
  const staying = ctx
    .getFollowingNodesOnPage()
    .filter(notFooter)
    .filter((n) => keepPitch(n.headlineLevel) === undefined)
    .filter((n) => !(n.pageNumbers.length > 1 && n.startPosition.pageNumber === page && roomBelow(n.startPosition) < 2 * pitch));
  if (staying.length > 0) return false;
  return ctx.getNodesOnNextPage().some(notFooter);
}

function documentDefinition(doc: DocumentIR, state: RenderState): DdNode {
  const first = doc.sections[0];
  if (!first) throw new Error('document has no sections');
  const date = new Date(doc.meta.date);
  const m = first.margins;
  const size = pageSize(first);
  return {
    info: {
      title: doc.meta.title,
      author: doc.meta.author,
      subject: doc.meta.subject,
      producer: 'pdfmake',
      creationDate: date,
      modDate: date,
    },
    language: doc.meta.language,
    // No PDF/A claim: no PDF/A validator runs here (veraPDF is neither a
    // Debian nor an npm package), and a claim nothing checks is worse than none.
    version: '1.7',
    tagged: true,
    displayTitle: true,
    // Sections carry their own size, orientation and margins; these are only
    // pdfmake's defaults and equal the first section's.
    pageSize: { width: size.width, height: size.height },
    pageMargins: [m.left, m.top, m.right, m.bottom],
    defaultStyle: { font: state.fonts.body.main.name, fontSize: 12 },
    pageBreakBefore,
    content: doc.sections.map((s) => sectionNode(s, state)),
  };
}

/** Parses a font file ahead of its first use (fonts are parsed once per process). */
export function openFace(path: string): void {
  openFont(path);
}

export interface PdfOptions {
  /** called once the layout is done, before the pages are drawn, with what PdfResult.headingPages will be */
  laidOut?: (headingPages: Record<string, number>) => void;
}

export async function renderPdf(doc: DocumentIR, options: PdfOptions = {}): Promise<PdfResult> {
  installEnginePatches();
  const fonts = docFonts(doc.fonts);
  const state: RenderState = { fonts, doc, headingNodes: new Map(), tocRefs: [], outlineParents: [], restarts: [], pageCount: 0 };
  const dd = documentDefinition(doc, state);
  const laidOut = options.laidOut;
  const drawn = laidOut ? afterLayout(dd.content as object, () => laidOut(headingPagesOf(state))) : undefined;
  // setFonts and createPdf run in one synchronous step, so concurrent renders
  // in one process cannot see each other's font table.
  pdfmake.setFonts(pdfmakeFontTable(fonts));
  const output = pdfmake.createPdf(dd);
  // createPdf has taken the table; leave no document's fonts behind in pdfmake.
  pdfmake.setFonts({});
  const buffer = await output.getBuffer();
  drawn?.();
  const headingPages = headingPagesOf(state);
  return {
    bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
    pageCount: state.pageCount,
    headingPages,
  };
}

