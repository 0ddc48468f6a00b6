// A character no face has is drawn as the face's missing-glyph box (glyph 0),
// and pdfkit gives every such character the one code of glyph 0, whose
// ToUnicode entry is U+0000: search and copy lose 𠮷 or a Uyghur word even
// though the warning said it would print as a box. Here each such character
// gets a code of its own: a copy of glyph 0 added to the subset (same outline,
// same width, so the page looks the same), whose ToUnicode entry is the
// character. Installed by installEnginePatches() (index.ts).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Glyph {
  id: number;
  codePoints: number[];
  advanceWidth: number;
}
interface Subset {
  glyphs: number[];
  includeGlyph(id: number): number;
}
interface EmbeddedFont {
  font: { hasGlyphForCodePoint(cp: number): boolean };
  subset: Subset;
  scale: number;
  widths: number[];
  unicode: number[][];
  layout(text: string, features?: unknown): { glyphs: Glyph[]; positions: unknown[] };
  /** the code given to each character drawn as glyph 0 */
  _missingCodes?: Map<string, number>;
}
interface EmbeddedFontProto {
  encode(this: EmbeddedFont, text: string, features?: unknown): [string[], unknown[]];
  layoutRun(this: EmbeddedFont, text: string, features?: unknown): { glyphs: Glyph[]; direction?: string };
}

/** A real character (not the NUL glyph 0 stands for) drawn with glyph 0. */
const isMissing = (g: Glyph): boolean => g.id === 0 && g.codePoints.length > 0 && g.codePoints.some((c) => c !== 0);

function ownCodes(proto: EmbeddedFontProto): () => void {
  const encode = proto.encode;
  const layoutRun = proto.layoutRun;
  // fontkit keeps one glyph object per id, so glyph 0 carries the code points of
  // whichever character met it first (often none): each glyph 0 of a run is
  // given the character it stands for, the characters the face lacks in order
  // (in reverse where fontkit laid the run out right to left)
  proto.layoutRun = function (text, features) {
    const run = layoutRun.call(this, text, features);
    if (!run.glyphs.some((g) => g.id === 0)) return run;
    const lacking = [...text].map((ch) => ch.codePointAt(0)!).filter((cp) => cp > 0x20 && !this.font.hasGlyphForCodePoint(cp));
    if (run.direction === 'rtl') lacking.reverse();
    const zeros = run.glyphs.filter((g) => g.id === 0).length;
    if (zeros !== lacking.length) return run;
    let k = 0;
    run.glyphs = run.glyphs.map((g) => (g.id === 0 ? (Object.create(g, { codePoints: { value: [lacking[k++]!], enumerable: true } }) as Glyph) : g));
    return run;
  };
  proto.encode = function (text, features) {
    const { glyphs, positions } = this.layout(text, features);
    // the common case, no missing glyph: pdfkit's own code, byte for byte
    if (!glyphs.some(isMissing)) return encode.call(this, text, features);
    const res: string[] = [];
    for (const glyph of glyphs) {
      let gid: number;
      if (isMissing(glyph)) {
        const key = String.fromCodePoint(...glyph.codePoints);
        const codes = (this._missingCodes ??= new Map());
        gid = codes.get(key) ?? this.subset.glyphs.push(0) - 1;
        codes.set(key, gid);
      } else gid = this.subset.includeGlyph(glyph.id);
      res.push(`0000${gid.toString(16)}`.slice(-4));
      if (this.widths[gid] == null) this.widths[gid] = glyph.advanceWidth * this.scale;
      if (this.unicode[gid] == null) this.unicode[gid] = glyph.codePoints;
    }
    return [res, positions];
  };
  return () => {
    proto.encode = encode;
    proto.layoutRun = layoutRun;
  };
}

export function patchNotdefUnicode(): () => void {
  // pdfkit does not export its font class; its prototype is taken from the first embedded font a document opens
  const requireFromPdfmake = createRequire(require.resolve('pdfmake'));
  const PDFDocument = requireFromPdfmake('pdfkit') as { prototype: { font(...args: unknown[]): unknown; _font?: object } };
  const font = PDFDocument.prototype.font;
  let restore: (() => void) | undefined;
  PDFDocument.prototype.font = function (...args: unknown[]) {
    const result = font.apply(this, args);
    const proto = this._font && (Object.getPrototypeOf(this._font) as Partial<EmbeddedFontProto>);
    if (!restore && proto && typeof proto.encode === 'function' && 'subset' in (this._font as object)) restore = ownCodes(proto as EmbeddedFontProto);
    return result;
  };
  return () => {
    PDFDocument.prototype.font = font;
    restore?.();
    restore = undefined;
  };
}
