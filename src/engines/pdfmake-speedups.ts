// Changes to pdfmake's internals that leave every laid-out position as it
// was and take most of the time out of a render (measured in bench/, see the
// README's speed notes). 1, 2 and 4 leave the output byte for byte as it was.
// Installed by installEnginePatches() (index.ts), never on import.
//
// 1. pdfmake lays the whole document out again each time the page-break hook
//    moves a node (keep-with-next), and each pass measures all text again:
//    with CJK text every character is a breakable inline, so measuring is
//    most of a render. A text node's measurement depends only on its text
//    and its style stack, and neither changes between passes of one document,
//    so the first pass's inlines are kept (per node, dropped with the node)
//    and later passes get fresh copies of them.
// 2. Style lookup: for each inline pdfmake asks ~25 properties, each through a
//    push/look-up/pop of the inline on the style stack. An inline that names no
//    style and lacks the property adds nothing to the look-up, so the push and
//    pop are skipped; the look-up itself walks the same stack in the same order.
// 3. Drawing: CJK text breaks after every character, so pdfmake draws a line as
//    one text object per character (its own TODO: "lines without differently
//    styled inlines should be written to pdf as one stream"). Neighbouring
//    inlines of one style are drawn as one string at the first one's place;
//    a justified line's even extra space between one-character inlines is the
//    PDF's character spacing (Tc), which puts every glyph where it was. The
//    merged string is not shaped again: its glyphs are its inlines' (4).
// 4. Shaping: pdfkit shapes every string it measures or draws with fontkit and
//    keeps the result per document. Shaping a string with a face is the same
//    in every document, so the results are kept per parsed face for the life
//    of the process (the faces are parsed once per process, fonts/font-cache.ts):
//    the second department of a batch shapes almost nothing.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type Node = Record<string, unknown> & { text?: unknown; _inlines?: Record<string, unknown>[] };

interface Measured {
  readonly key: string;
  readonly items: readonly Record<string, unknown>[];
  readonly minWidth: unknown;
  readonly maxWidth: unknown;
}

/** The text of a node as a comparable string: a changed text must be measured again. */
function textKey(text: unknown): string | undefined {
  if (typeof text === 'string') return text;
  if (!Array.isArray(text)) return undefined;
  let key = '';
  for (const t of text) {
    if (typeof t === 'string') key += `\u0000${t}`;
    else if (t && typeof t === 'object' && typeof (t as Node).text === 'string') key += `\u0000${(t as Node).text as string}`;
    else return undefined;
  }
  return key;
}

export function patchMeasureLeaf(): () => void {
  const DocMeasure = require('pdfmake/js/DocMeasure.js').default as {
    prototype: { measureLeaf(this: unknown, node: Node): Node };
  };
  const measureLeaf = DocMeasure.prototype.measureLeaf;
  const cache = new WeakMap<Node, Measured>();
  DocMeasure.prototype.measureLeaf = function (node: Node): Node {
    // text references are resolved while measuring; leave them to pdfmake
    if (node._textRef) return measureLeaf.call(this, node);
    const key = textKey(node.text);
    const hit = key === undefined ? undefined : cache.get(node);
    if (hit && hit.key === key) {
      // layout consumes and edits the inlines it is given: hand out copies
      node._inlines = hit.items.map((i) => ({ ...i }));
      node._minWidth = hit.minWidth;
      node._maxWidth = hit.maxWidth;
      return node;
    }
    measureLeaf.call(this, node);
    if (key !== undefined && node._inlines) {
      cache.set(node, {
        key,
        items: node._inlines.map((i) => ({ ...i })),
        minWidth: node._minWidth,
        maxWidth: node._maxWidth,
      });
    }
    return node;
  };
  return () => {
    DocMeasure.prototype.measureLeaf = measureLeaf;
  };
}

interface StyleStack {
  styleDictionary: Record<string, Record<string, unknown> | undefined>;
  defaultStyle?: Record<string, unknown>;
  styleOverrides: unknown[];
  auto(item: unknown, callback: () => void): void;
  getProperty(property: string): unknown;
}

const isValue = (v: unknown): boolean => v !== undefined && v !== null;

export function patchStyleLookup(): () => void {
  const StyleContextStack = require('pdfmake/js/StyleContextStack.js').default as {
    getStyleProperty(item: unknown, stack: StyleStack | undefined, property: string, dflt: unknown): unknown;
  };
  const original = StyleContextStack.getStyleProperty;
  StyleContextStack.getStyleProperty = function (item, stack, property, dflt) {
    if (item === null || typeof item !== 'object' || (item as Node).style !== undefined || (item as Node).section !== undefined) {
      return original.call(this, item, stack, property, dflt);
    }
    const own = (item as Node)[property];
    if (isValue(own)) return own;
    if (!stack) return dflt;
    const value = stack.getProperty(property);
    return isValue(value) ? value : dflt;
  };
  return () => {
    StyleContextStack.getStyleProperty = original;
  };
}

type Inline = Record<string, unknown> & { text: string; x: number; width: number };

/** Properties that must agree for two inlines to be drawn as one string. */
const SAME = ['font', 'fontSize', 'color', 'opacity', 'link', 'linkToDestination', 'fontFeatures', 'sup', 'sub'] as const;
/** Inlines with any of these are drawn as pdfmake draws them. */
const ALONE = ['_pageNodeRef', 'linkToPage', 'decoration', 'background', 'characterSpacing'] as const;

const EPS = 1e-6;
const oneGlyph = (text: string): boolean => text.length === 1 || (text.length === 2 && text.codePointAt(0)! > 0xffff);
// a right-to-left word is drawn on its own: fontkit lays a string that starts in such a script out backwards as a whole
const RIGHT_TO_LEFT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const alone = (i: Inline): boolean => ALONE.some((k) => isValue(i[k]) && i[k] !== 0) || RIGHT_TO_LEFT.test(i.text);
const sameStyle = (a: Inline, b: Inline): boolean => SAME.every((k) => a[k] === b[k]);

/** The inlines of a line merged into runs that draw the same glyphs at the same places. */
export function mergeInlines(inlines: readonly Inline[]): Inline[] {
  const out: Inline[] = [];
  let run: Inline | undefined;
  let last: Inline | undefined;
  let gap: number | undefined;
  let singles = true;
  for (const next of inlines) {
    if (run && last && !alone(next) && !alone(last) && sameStyle(run, next)) {
      const g = next.x - (last.x + last.width);
      const evenGap = gap === undefined ? true : Math.abs(g - gap) < EPS;
      const spaced = Math.abs(g) > EPS;
      // spacing between glyphs only reproduces the gaps if every inline is one glyph
      if (evenGap && (!spaced || (singles && oneGlyph(next.text)))) {
        gap = g;
        run.text += next.text;
        // glyph widths only: pdfkit adds the character spacing itself
        run.width += next.width;
        if (spaced) run.characterSpacing = g;
        singles &&= oneGlyph(next.text);
        last = next;
        continue;
      }
    }
    run = { ...next };
    last = next;
    gap = undefined;
    singles = oneGlyph(next.text);
    out.push(run);
  }
  return out;
}

/**
 * Merged strings being drawn → the inline texts they were laid out as. pdfkit
 * shapes each string it draws; a merged line is new text that fontkit would
 * shape from scratch (all of its OpenType lookups, per line of every
 * document), while its inlines were shaped when they were measured. Its glyphs
 * and advances are theirs, in order: the very widths the layout placed them by.
 * Only strings without spaces: pdfkit shapes a string with spaces word by word.
 */
const drawnAs = new Map<string, readonly string[]>();

export function patchRenderLine(): () => void {
  const Renderer = require('pdfmake/js/Renderer.js').default as {
    prototype: { renderLine(this: unknown, line: { inlines: Inline[] }, x: number, y: number): void };
  };
  const renderLine = Renderer.prototype.renderLine;
  Renderer.prototype.renderLine = function (line, x, y) {
    const inlines = line.inlines;
    const merged = mergeInlines(inlines);
    line.inlines = merged;
    if (merged.length < inlines.length) {
      let at = 0;
      for (const run of merged) {
        const parts: string[] = [];
        for (let len = 0; len < run.text.length; at++) {
          parts.push(inlines[at]!.text);
          len += inlines[at]!.text.length;
        }
        if (parts.length > 1 && !/[ \t]/.test(run.text)) drawnAs.set(run.text, parts);
      }
    }
    try {
      renderLine.call(this, line, x, y);
    } finally {
      line.inlines = inlines;
      drawnAs.clear();
    }
  };
  return () => {
    Renderer.prototype.renderLine = renderLine;
  };
}

/**
 * A bounded cache in two generations: a key found in the old one moves to the
 * new one, and when the new one is full it becomes the old one. Keys in steady
 * use stay; keys used once age out after two generations.
 */
export class GenerationalCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  constructor(private readonly perGeneration: number) {}

  get(key: string, make: () => V): V {
    let v = this.young.get(key);
    if (v === undefined) {
      v = this.old.get(key) ?? make();
      if (this.young.size >= this.perGeneration) {
        this.old = this.young;
        this.young = new Map();
      }
      this.young.set(key, v);
    }
    return v;
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}

/**
 * Shaped strings kept per face. The strings every department shares
 * (headings, labels, the templates' sentences) stay; each department's own
 * text ages out, so a batch of thousands keeps a flat heap.
 */
const SHAPED_PER_GENERATION = 10_000;
const shapedByFace = new WeakMap<object, GenerationalCache<unknown>>();

interface EmbeddedFont {
  font: object;
  layoutRun(text: string): unknown;
  layoutCached(text: string): unknown;
}

interface EmbeddedFontProto {
  layoutCached(this: EmbeddedFont, text: string): unknown;
}

interface Run {
  glyphs: unknown[];
  positions: unknown[];
  advanceWidth: number;
}

function shareShaping(proto: EmbeddedFontProto): () => void {
  const layoutCached = proto.layoutCached;
  proto.layoutCached = function (text) {
    const parts = drawnAs.get(text);
    // a merged line is drawn once: composed, not kept
    if (parts) return composed(parts.map((p) => this.layoutCached(p) as Run));
    let shaped = shapedByFace.get(this.font);
    if (!shaped) shapedByFace.set(this.font, (shaped = new GenerationalCache(SHAPED_PER_GENERATION)));
    return shaped.get(text, () => this.layoutRun(text));
  };
  return () => {
    proto.layoutCached = layoutCached;
  };
}

function composed(runs: readonly Run[]): Run {
  const out: Run = { glyphs: [], positions: [], advanceWidth: 0 };
  for (const r of runs) {
    for (const g of r.glyphs) out.glyphs.push(g);
    for (const p of r.positions) out.positions.push(p);
    out.advanceWidth += r.advanceWidth;
  }
  return out;
}

export function patchShaping(): () => void {
  // pdfkit does not export its font class; its prototype is taken from the
  // first embedded font a document opens.
  const requireFromPdfmake = createRequire(require.resolve('pdfmake'));
  const PDFDocument = requireFromPdfmake('pdfkit') as { prototype: { font(...args: unknown[]): unknown; _font?: object } };
  const font = PDFDocument.prototype.font;
  let unshare: (() => void) | undefined;
  PDFDocument.prototype.font = function (...args: unknown[]) {
    const result = font.apply(this, args);
    const proto = this._font && (Object.getPrototypeOf(this._font) as Partial<EmbeddedFontProto>);
    if (!unshare && proto && typeof proto.layoutCached === 'function' && 'layoutRun' in proto) {
      unshare = shareShaping(proto as EmbeddedFontProto);
    }
    return result;
  };
  return () => {
    PDFDocument.prototype.font = font;
    unshare?.();
    unshare = undefined;
  };
}
