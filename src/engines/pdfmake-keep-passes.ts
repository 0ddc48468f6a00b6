// Fewer layout passes for keep-with-next. pdfmake asks its page-break hook
// about the laid-out nodes in order, and at the first node the hook moves to
// the next page it lays the whole document out again (each pass is a third
// of a render): the sample moves two headings, so it is laid out three times.
// But a node that starts a new page in any case (a section's first node, a
// node with pageBreak 'before') begins a stretch whose layout nothing before
// it changes: its pages are the same, only their numbers shift. So after a
// move, this asks on from the next such node instead of stopping, and a pass
// makes one move per independent stretch; pdfmake's loop lays out again until
// a pass moves nothing, as before. The hook must then answer from positions
// relative to the node's page, which ours does (render/pdf/index.ts
// pageBreakBefore: the nodes on its page and the next); a hook that reads
// absolute page numbers would need stock pdfmake. Same moves, same pages,
// same bytes as stock (test/engines.test.ts).
// The body is pdfmake 0.3.11's LayoutBuilder.layoutDocument, with that one change.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface LinearNode extends Record<string, unknown> {
  positions: { pageNumber: number }[];
  pageBreak?: string;
  pageBreakCalculated?: boolean;
  nodeInfo: NodeInfo;
  resetXY(): void;
}
type NodeInfo = Record<string, unknown> & { pageNumbers: number[] };
type Hook = (info: NodeInfo, ctx: Record<string, () => NodeInfo[]>) => boolean;
interface Builder {
  docPreprocessor: unknown;
  docMeasure: unknown;
  svgMeasure: unknown;
  tableLayouts: unknown;
  tryLayoutDocument(...args: unknown[]): { pages: unknown[]; linearNodeList: LinearNode[] };
}

const INFO_KEYS = [
  'id',
  'text',
  'ul',
  'ol',
  'table',
  'image',
  'qr',
  'canvas',
  'svg',
  'columns',
  'headlineLevel',
  'style',
  'pageBreak',
  'pageOrientation',
  'width',
  'height',
];

/** The renderable nodes, each marked when it starts a page whatever precedes it. */
function renderable(all: readonly LinearNode[]): { node: LinearNode; fresh: boolean }[] {
  const out: { node: LinearNode; fresh: boolean }[] = [];
  let afterSection = false;
  for (const node of all) {
    if (!node) continue;
    if (node.section !== undefined) afterSection = true;
    if (node.positions.length === 0 || (node.text === '' && !node.listMarker)) continue;
    out.push({ node, fresh: afterSection || node.pageBreak === 'before' });
    afterSection = false;
  }
  return out;
}

/** pdfmake's addPageBreaksIfNecessary, asking on past a move from the next node that starts a page anyway. */
function addPageBreaks(all: LinearNode[], pages: unknown[], hook: Hook | undefined): boolean {
  if (typeof hook !== 'function') return false;
  const list = renderable(all);
  for (const { node } of list) {
    const info: NodeInfo = { pageNumbers: [] };
    for (const k of INFO_KEYS) if (node[k] !== undefined) info[k] = node[k];
    info.startPosition = node.positions[0];
    info.pageNumbers = Array.from(new Set(node.positions.map((p) => p.pageNumber)));
    info.pages = pages.length;
    info.stack = Array.isArray(node.stack);
    node.nodeInfo = info;
  }
  let moved = false;
  for (let index = 0; index < list.length; index++) {
    const node = list[index]!.node;
    if (node.pageBreak === 'before' || node.pageBreakCalculated) continue;
    node.pageBreakCalculated = true;
    const pageNumber = node.nodeInfo.pageNumbers[0]!;
    const on = (page: number, from: number, to: number) => {
      const out: NodeInfo[] = [];
      for (let i = from; i < to; i++) if (list[i]!.node.nodeInfo.pageNumbers.indexOf(page) > -1) out.push(list[i]!.node.nodeInfo);
      return out;
    };
    const ctx = {
      getFollowingNodesOnPage: () => on(pageNumber, index + 1, list.length),
      getNodesOnNextPage: () => on(pageNumber + 1, index + 1, list.length),
      getPreviousNodesOnPage: () => on(pageNumber, 0, index),
    };
    if (hook(node.nodeInfo, ctx)) {
      node.pageBreak = 'before';
      moved = true;
      // what follows, up to the next node that starts a page anyway, moves with it: asked in the next pass
      while (index + 1 < list.length && !list[index + 1]!.fresh) index++;
    }
  }
  return moved;
}

export function patchKeepPasses(): () => void {
  const LayoutBuilder = require('pdfmake/js/LayoutBuilder.js').default as { prototype: Record<string, unknown> };
  const DocPreprocessor = require('pdfmake/js/DocPreprocessor.js').default as new () => unknown;
  const DocMeasure = require('pdfmake/js/DocMeasure.js').default as new (...args: unknown[]) => unknown;
  const original = LayoutBuilder.prototype.layoutDocument;
  if (typeof original !== 'function' || typeof LayoutBuilder.prototype.tryLayoutDocument !== 'function')
    throw new Error('LayoutBuilder.layoutDocument not found');
  LayoutBuilder.prototype.layoutDocument = function (
    this: Builder,
    docStructure: unknown,
    pdfDocument: unknown,
    styleDictionary: unknown,
    defaultStyle: unknown,
    background: unknown,
    header: unknown,
    footer: unknown,
    watermark: unknown,
    pageBreakBeforeFct: Hook | undefined,
  ) {
    this.docPreprocessor = new DocPreprocessor();
    this.docMeasure = new DocMeasure(pdfDocument, styleDictionary, defaultStyle, this.svgMeasure, this.tableLayouts);
    const again = () => this.tryLayoutDocument(docStructure, pdfDocument, styleDictionary, defaultStyle, background, header, footer, watermark);
    let result = again();
    while (addPageBreaks(result.linearNodeList, result.pages, pageBreakBeforeFct)) {
      for (const node of result.linearNodeList) node.resetXY();
      result = again();
    }
    return result.pages;
  };
  return () => {
    LayoutBuilder.prototype.layoutDocument = original;
  };
}
