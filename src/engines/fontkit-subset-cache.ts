// Every PDF embeds a subset of its faces, and fontkit builds each subset from
// scratch: for each glyph of a TrueType face it decodes the outline only to
// learn whether the glyph is composite, and for a CFF face it reads every
// used subroutine again and allocates a stub for each unused one (Noto Sans
// CJK has thousands). The bytes a glyph or subroutine contributes never change
// for a parsed face, so they are kept per face for the life of the process,
// like the faces themselves (fonts/font-cache.ts). The subsets come out byte for byte
// as before; the kept bytes are bounded by the glyphs the documents use.

interface TtfGlyphBytes {
  readonly bytes: Uint8Array;
  /** components of a composite glyph: their glyph ids are rewritten per subset */
  readonly components?: readonly { readonly glyphID: number; readonly pos: number }[];
  readonly advance: number;
  readonly bearing: number;
}

interface TtfFont {
  readonly _variationProcessor?: unknown;
  readonly loca: { readonly offsets: readonly number[] };
  getGlyph(gid: number): {
    _decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null;
    readonly advanceWidth: number;
    _getMetrics(): { leftBearing: number };
  };
  _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array };
}

interface TtfSubset {
  readonly font: TtfFont;
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
  includeGlyph(gid: number): number;
  _addGlyph(gid: number): number;
}

const ttfGlyphs = new WeakMap<object, Map<number, TtfGlyphBytes>>();

function glyphBytes(font: TtfFont, gid: number): TtfGlyphBytes {
  let perFont = ttfGlyphs.get(font);
  if (!perFont) ttfGlyphs.set(font, (perFont = new Map()));
  let entry = perFont.get(gid);
  if (!entry) {
    const glyph = font.getGlyph(gid);
    const glyf = glyph._decode();
    const start = font.loca.offsets[gid]!;
    const stream = font._getTableStream('glyf');
    stream.pos += start;
    const bytes = stream.readBuffer(font.loca.offsets[gid + 1]! - start);
    const components = glyf && glyf.numberOfContours < 0 ? (glyf.components ?? []).map((c) => ({ glyphID: c.glyphID, pos: c.pos })) : undefined;
    entry = { bytes, components, advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing };
    perFont.set(gid, entry);
  }
  return entry;
}

function patchTtfSubset(proto: TtfSubset): () => void {
  const original = proto._addGlyph;
  proto._addGlyph = function (this: TtfSubset, gid: number): number {
    // variable fonts re-encode outlines per instance: leave them to fontkit
    if (this.font._variationProcessor) return original.call(this, gid);
    const g = glyphBytes(this.font, gid);
    let buffer = g.bytes;
    if (g.components) {
      buffer = new Uint8Array(g.bytes);
      const view = new DataView(buffer.buffer);
      for (const c of g.components) view.setUint16(c.pos, this.includeGlyph(c.glyphID));
    }
    this.glyf.push(buffer);
    this.loca.offsets.push(this.offset);
    this.hmtx.metrics.push({ advance: g.advance, bearing: g.bearing });
    this.offset += buffer.length;
    return this.glyf.length - 1;
  };
  return () => {
    proto._addGlyph = original;
  };
}

interface CffTable {
  readonly stream: { pos: number; readBuffer(length: number): Uint8Array };
  getCharString(gid: number): Uint8Array;
}

interface CffSubset {
  readonly cff: CffTable;
  subsetSubrs(subrs: readonly { offset: number; length: number }[], used: Record<number, boolean>): Uint8Array[];
}

/** An unused subroutine becomes a bare `return`; the subset only reads it. */
const RETURN = new Uint8Array([11]);
const subrBytes = new WeakMap<object, (Uint8Array | undefined)[]>();
const charStrings = new WeakMap<object, Map<number, Uint8Array>>();

function patchCffSubset(proto: CffSubset, cffProto: CffTable): () => void {
  const subsetSubrs = proto.subsetSubrs;
  proto.subsetSubrs = function (this: CffSubset, subrs, used) {
    let kept = subrBytes.get(subrs);
    if (!kept) subrBytes.set(subrs, (kept = []));
    const out: Uint8Array[] = new Array(subrs.length);
    for (let i = 0; i < subrs.length; i++) {
      if (!used[i]) {
        out[i] = RETURN;
        continue;
      }
      let bytes = kept[i];
      if (!bytes) {
        this.cff.stream.pos = subrs[i]!.offset;
        bytes = kept[i] = this.cff.stream.readBuffer(subrs[i]!.length);
      }
      out[i] = bytes;
    }
    return out;
  };
  const getCharString = cffProto.getCharString;
  cffProto.getCharString = function (this: CffTable, gid: number): Uint8Array {
    let perFont = charStrings.get(this);
    if (!perFont) charStrings.set(this, (perFont = new Map()));
    let bytes = perFont.get(gid);
    if (!bytes) perFont.set(gid, (bytes = getCharString.call(this, gid)));
    return bytes;
  };
  return () => {
    proto.subsetSubrs = subsetSubrs;
    cffProto.getCharString = getCharString;
  };
}

/** subset class prototype → how to put it back */
const patched = new Map<object, () => void>();
let installed = false;
/** faces offered while the patch was off (parsed fonts live for the process: few) */
const offered = new Set<{ createSubset(): object; cff?: object }>();

/** Lets keepSubsetBytes patch the subset classes of the faces parsed so far and from now on. */
export function patchSubsetBytes(): () => void {
  installed = true;
  for (const font of offered) keepSubsetBytes(font);
  return () => {
    installed = false;
    for (const restore of patched.values()) restore();
    patched.clear();
  };
}

/**
 * Installs the kept-bytes subsetting for the subset class of a parsed face
 * (TrueType or CFF); fontkit does not export those classes, so they are
 * taken from a subset the face creates. Takes effect once patchSubsetBytes
 * is installed.
 */
export function keepSubsetBytes(font: { createSubset(): object; cff?: object }): void {
  offered.add(font);
  if (!installed) return;
  const proto = Object.getPrototypeOf(font.createSubset()) as object;
  if (patched.has(proto)) return;
  if ('subsetSubrs' in proto && font.cff) patched.set(proto, patchCffSubset(proto as CffSubset, Object.getPrototypeOf(font.cff) as CffTable));
  else if ('_addGlyph' in proto && !('subsetSubrs' in proto)) patched.set(proto, patchTtfSubset(proto as TtfSubset));
}
