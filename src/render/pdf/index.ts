// PDF renderer: lays out a DocumentIR with pdfmake. It decides no wording and
// computes no figures; everything printed comes from the IR.
import type { Block, DocumentIR, Section } from '../../ir/types.js';
import { headingNode, keepPitch, paragraphNode } from './blocks.js';
import { docFonts, pdfmakeFontTable, type DocFonts } from './fonts.js';
import { FOOTER_STYLE, footerNode, pageSize, physicalPage, textBox } from './pages.js';
import pdfmake, { type DdNode } from './pdfmake-api.js';
import { styledText, tagInlines } from './runs.js';
import { rowPages, tableNode, type TableNode } from './table.js';
import { crossingCuts, pageStarts } from './span-cuts.js';
import { auditTarget, pdfShortfalls, type AuditPlace, type AuditTarget, type Shortfall } from '../print-audit.js';
import { AUDIT_KEY } from '../../engines/pdfmake-print-audit.js';
import { afterLayout, isLayoutStop } from '../../engines/pdfmake-after-layout.js';
import { installEnginePatches } from '../../engines/index.js';
import { stage } from '../../engines/work-meter.js';
import { openFont } from '../../fonts/font-cache.js';
import { fillTocNumbers, tocNode, type TocEntryRef } from './toc.js';
import { tocLayout } from '../../document/toc-layout.js';
import { paginate, printedHeadingPages, printedNumber, type NumberingStarts, type Pagination } from '../../document/pagination.js';

export interface PdfResult {
  bytes: Uint8Array;
  pageCount: number;
  /** where every section, heading and table starts: what the DOCX and the preview are handed */
  pagination: Pagination;
  /** heading id → printed page number (the footer's numbering): printedHeadingPages(pagination) */
  headingPages: Record<string, number>;
  /** texts of the IR that were not drawn as they should be (empty when all were, or when nothing was drawn: layoutOnly) */
  shortfalls: Shortfall[];
}

/** Everything one render needs to remember; created per call, dropped after. */
interface RenderState {
  readonly fonts: DocFonts;
  readonly doc: DocumentIR;
  readonly headingNodes: Map<string, DdNode>;
  readonly tocRefs: TocEntryRef[];
  /** content node per section, in document order: their first pages drive the numbering */
  readonly sectionNodes: DdNode[];
  /** table nodes by section and block index */
  readonly tableNodes: { section: number; block: number; node: DdNode; laid: TableNode }[];
  /** per table (section:block), the rows before which its body spans are cut: none crosses a page break */
  readonly cuts: ReadonlyMap<string, ReadonlySet<number>>;
  /** every text node's audit target, in document order */
  readonly targets: AuditTarget[];
  /** outline parent per heading level: kept across sections, so part two's tables (sections of their own) nest under it */
  readonly outlineParents: (string | undefined)[];
  pageCount: number;
}

/** Where the sections' first pages fell, as pdfmake has placed them so far. */
const starts = (state: RenderState): NumberingStarts => ({ sectionFirstPages: state.sectionNodes.map(physicalPage) });

/** The printed number of a physical page: the document layer's one rule. */
function printedPage(state: RenderState, physical: number | undefined): number | undefined {
  return physical === undefined ? undefined : printedNumber(state.doc, starts(state), physical);
}

function blockNodes(blocks: readonly Block[], section: Section, state: RenderState): DdNode[] {
  const out: DdNode[] = [];
  let breakNext = false;
  const outlineParents = state.outlineParents;
  const sectionIndex = state.sectionNodes.length;
  let heading: string | undefined;
  const place = (extra: Partial<AuditPlace> = {}): AuditPlace => ({ section: section.id, ...(heading ? { heading } : {}), ...extra });
  for (const [blockIndex, b] of blocks.entries()) {
    let nodes: DdNode[];
    switch (b.kind) {
      case 'pageBreak':
        breakNext = true;
        continue;
      case 'paragraph':
        nodes = [audited(paragraphNode(b, state.fonts), b.runs.map((r) => r.text).join(''), place(), state)];
        break;
      case 'heading': {
        const parent = outlineParents
          .slice(0, b.level - 1)
          .reverse()
          .find((id) => id !== undefined);
        const node = headingNode(b, state.fonts, parent);
        // every heading is in the outline, nested by level; those left out of
        // the 目录 (each 绩效目标表, a （五） after them) parent nothing, so
        // （五） still nests under its 十、
        if (b.toc) {
          outlineParents[b.level - 1] = b.id;
          outlineParents.length = b.level;
        }
        state.headingNodes.set(b.id, node);
        heading = b.text;
        nodes = [audited(node, b.text, place(), state)];
        break;
      }
      case 'table': {
        const laid = tableNode(b, textBox(section).width, state.fonts, {
          cuts: state.cuts.get(`${sectionIndex}:${blockIndex}`),
          place: (row, col) => place({ row: row + 1, col: col + 1 }),
          targets: state.targets,
        });
        nodes = [laid.node];
        state.tableNodes.push({ section: sectionIndex, block: blockIndex, node: laid.node, laid });
        break;
      }
      case 'toc':
        nodes = tocNode(tocLayout(state.doc.sections, b), state.fonts, state.tocRefs);
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

/** Marks a text node's inlines with an audit target: the drawing must carry `text` (print-audit.ts). */
function audited(node: DdNode, text: string, place: AuditPlace, state: RenderState): DdNode {
  const target = auditTarget(text, place);
  state.targets.push(target);
  for (const i of node.text as DdNode[]) i[AUDIT_KEY] = target;
  return node;
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
  state.sectionNodes.push(content);
  const m = section.margins;
  const footer = section.footer;
  return {
    section: content,
    pageSize: 'A4',
    pageOrientation: section.page.orientation,
    pageMargins: [m.left, m.top, m.right, m.bottom],
    ...(section.runningHeader ? { header: runningHeader(section, content, state) } : {}),
    // pdfmake calls footers after the whole layout and before drawing: the
    // moment every position is known, so the TOC numbers are settled here too.
    footer: (currentPage: number, pageCount: number) => {
      state.pageCount = pageCount;
      fillTocNumbers(state.tocRefs, (id) => headingPage(state, id));
      if (!footer) return null;
      const n = printedPage(state, currentPage)!;
      return footerNode(footer, section, n, (s) => styledText(s, { font: footer.font, size: footer.size, bold: false }, state.fonts));
    },
  };
}

/**
 * A long table's title and the line above it, in the top margin of each page
 * of its section after the first (where they are the section's first blocks).
 */
function runningHeader(section: Section, content: DdNode, state: RenderState) {
  const h = section.runningHeader!;
  const m = section.margins;
  return (currentPage: number): DdNode | null => {
    if (currentPage === physicalPage(content)) return null;
    // repeated, like the table's header rows on later pages: an artifact, not content
    const text = (s: string, font: 'title' | 'table', size: number) =>
      tagInlines(styledText(s, { font, size, bold: false }, state.fonts), { kind: 'artifact', type: 'Pagination' });
    const stack: DdNode[] = [{ text: text(h.title, 'title', h.titleSize), alignment: 'center' }];
    if (h.info)
      stack.push({
        columns: [
          { text: text(h.info.left, 'table', h.info.size), alignment: 'left' },
          { text: text(h.info.right, 'table', h.info.size), alignment: 'right' },
        ],
      });
    // set in the margin above the text block, ending just above it
    // (pdfmake drops what does not fit in the margin: a layout with a narrow top margin widens it with `margins`)
    const height = h.titleSize * 1.5 + (h.info ? h.info.size * 1.5 : 0);
    return { stack, margin: [m.left, Math.max(2, m.top - height - 2), m.right, 0] };
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

/** The document's pagination as this layout made it: every placed heading, table and section. */
function paginationOf(state: RenderState): Pagination {
  const headings = new Map<string, number>();
  for (const [id, node] of state.headingNodes) {
    const p = physicalPage(node);
    if (p !== undefined) headings.set(id, p);
  }
  const tables = state.tableNodes.flatMap((t) => {
    const physical = physicalPage(t.node);
    return physical === undefined ? [] : [{ section: t.section, block: t.block, physical }];
  });
  return paginate(state.doc, { ...starts(state), pageCount: state.pageCount, headings, tables });
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

function documentDefinition(doc: DocumentIR, state: RenderState, tagged: boolean): DdNode {
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
    // the structure tree is the pdfmake-tagging patch's: with the libraries stock, the PDF claims none
    tagged,
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
  /** called once the layout is done, before the pages are drawn, with what PdfResult.pagination will be */
  laidOut?: (pagination: Pagination) => void;
  /**
   * lay the pages out, draw nothing: `bytes` comes back empty (a DOCX alone
   * that needs its 目录's page numbers). With stock pdfmake the pages are
   * drawn all the same and dropped.
   */
  layoutOnly?: boolean;
}

/**
 * Layout passes that cut at every crossing found at once. Most tables settle
 * in these; in one whose cuts move its later page breaks (a long label
 * repeated after a break makes its rows taller), later passes settle one page
 * at a time from the top, which always ends.
 */
const EAGER_PASSES = 2;
/** Passes after which the spans still crossing are cut at every row (each row carries its label). */
const MAX_CUT_PASSES = 80;

/**
 * Adds, per table, the rows where a span crosses a page break in this layout
 * (span-cuts.ts); true when there were any (lay the document out again).
 */
function cutCrossingSpans(state: RenderState, cuts: Map<string, Set<number>>, pass: number): boolean {
  let more = false;
  for (const t of state.tableNodes) {
    const key = `${t.section}:${t.block}`;
    const headerRows = (state.doc.sections[t.section]!.blocks[t.block] as { headerRows: number }).headerRows;
    const pages = rowPages(t.laid);
    const found = crossingCuts(t.laid.grid, headerRows, pages);
    if (found.size === 0) continue;
    more = true;
    const had = cuts.get(key) ?? new Set<number>();
    if (pass >= MAX_CUT_PASSES) {
      for (let k = headerRows + 1; k < t.laid.grid.length; k++) had.add(k);
      cuts.set(key, had);
      continue;
    }
    if (pass <= EAGER_PASSES) {
      cuts.set(key, new Set([...had, ...found]));
      continue;
    }
    // settled: everything above the first page a span crosses onto; the cuts below it were
    // made for breaks that have since moved, and are made again where the breaks now fall
    // below it, every crossing found is cut too (a guess the next pass corrects), and earlier
    // cuts that no longer fall on a page's first row are taken back
    const first = Math.min(...found);
    const starts = pageStarts(pages);
    cuts.set(key, new Set([...[...had].filter((r) => r < first || starts.has(r)), ...found]));
  }
  return more;
}

export async function renderPdf(doc: DocumentIR, options: PdfOptions = {}): Promise<PdfResult> {
  const engines = installEnginePatches();
  const fonts = docFonts(doc.fonts);
  const cuts = new Map<string, Set<number>>();
  // a PDF claims tagging only where the patch that makes its structure tree is in force
  const tagged = engines.installed.includes('pdfmake-tagging');
  const laidOut = options.laidOut;
  const layoutOnly = options.layoutOnly === true;
  for (let pass = 1; ; pass++) {
    const state: RenderState = {
      fonts,
      doc,
      headingNodes: new Map(),
      tocRefs: [],
      outlineParents: [],
      sectionNodes: [],
      tableNodes: [],
      cuts,
      targets: [],
      pageCount: 0,
    };
    const dd = stage('pdf/definition', () => documentDefinition(doc, state, tagged));
    // once laid out: spans that cross a page break are cut and the document laid out again
    // (nothing drawn in between); the last pass's pagination is the document's
    let again = false;
    const settle = () => {
      again = pass <= MAX_CUT_PASSES && cutCrossingSpans(state, cuts, pass);
      if (!again) laidOut?.(paginationOf(state));
    };
    const drawn = afterLayout(dd.content as object, settle, { stop: () => again || layoutOnly });
    // setFonts and createPdf run in one synchronous step, so concurrent renders
    // in one process cannot see each other's font table.
    pdfmake.setFonts(pdfmakeFontTable(fonts));
    const output = pdfmake.createPdf(dd);
    // createPdf has taken the table; leave no document's fonts behind in pdfmake.
    pdfmake.setFonts({});
    const buffer = await output.getBuffer().catch((e: unknown) => {
      if (isLayoutStop(e)) return undefined;
      throw e;
    });
    drawn();
    if (again) continue;
    const pagination = paginationOf(state);
    const bytes = buffer && !layoutOnly ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) : new Uint8Array(0);
    return {
      bytes,
      pageCount: state.pageCount,
      pagination,
      headingPages: printedHeadingPages(pagination),
      shortfalls: bytes.length ? pdfShortfalls(state.targets) : [],
    };
  }
}
