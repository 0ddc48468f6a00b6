// The PDF's share of the work meter (work-meter.ts): pdfmake's layout (each
// pass, and the text measuring in it), its drawing, and pdfkit's finishing
// (font subsets, cross-reference), timed; layout passes, text measurements
// and fontkit shapings counted. Wrappers only: nothing they wrap sees a
// difference, so the output stays byte for byte (test/engines.test.ts). When
// the meter is off, each wrapper costs one boolean test.
import { createRequire } from 'node:module';
import { count, meterOn, stage } from './work-meter.js';

const require = createRequire(import.meta.url);

type Method = (this: unknown, ...args: unknown[]) => unknown;
type Proto = Record<string, unknown>;

/** Replaces proto[name] by a metered call of itself; returns the undo. */
function wrap(proto: Proto, name: string, meter: (call: () => unknown) => unknown): () => void {
  const original = proto[name] as Method;
  if (typeof original !== 'function') throw new Error(`${name} not found`);
  proto[name] = function (this: unknown, ...args: unknown[]) {
    if (!meterOn()) return original.apply(this, args);
    return meter(() => original.apply(this, args));
  };
  return () => {
    proto[name] = original;
  };
}

const timed = (name: string) => (call: () => unknown) => stage(name, call);
const counted = (name: string) => (call: () => unknown) => {
  count(name);
  return call();
};

export function patchWorkMeter(): () => void {
  const proto = (path: string) => (require(path) as { default: { prototype: Proto } }).default.prototype;
  const fromPdfmake = createRequire(require.resolve('pdfmake'));
  const PDFKit = (fromPdfmake('pdfkit') as { prototype: Proto }).prototype;
  const undo = [
    wrap(proto('pdfmake/js/LayoutBuilder.js'), 'layoutDocument', timed('pdf/layout')),
    wrap(proto('pdfmake/js/LayoutBuilder.js'), 'tryLayoutDocument', counted('layout passes')),
    wrap(proto('pdfmake/js/DocMeasure.js'), 'measureDocument', timed('pdf/layout/measure')),
    wrap(proto('pdfmake/js/TextInlines.js'), 'buildInlines', counted('texts measured')),
    wrap(proto('pdfmake/js/Renderer.js'), 'renderPages', timed('pdf/draw')),
    wrap(PDFKit, 'end', timed('pdf/finish')),
  ];
  // pdfkit's font class is not exported: its prototype is taken from the first font a document opens
  let fontUndo: (() => void)[] | undefined;
  const font = PDFKit.font as Method;
  PDFKit.font = function (this: { _font?: object }, ...args: unknown[]) {
    const result = font.apply(this, args);
    const fontProto = this._font && (Object.getPrototypeOf(this._font) as Proto);
    if (!fontUndo && fontProto && typeof fontProto.layoutRun === 'function' && typeof fontProto.embed === 'function') {
      fontUndo = [
        wrap(fontProto, 'layoutRun', counted('strings shaped')),
        wrap(fontProto, 'widthOfString', counted('string widths')),
        wrap(fontProto, 'embed', timed('pdf/finish/font subsets')),
      ];
    }
    return result;
  };
  return () => {
    PDFKit.font = font;
    for (const u of [...(fontUndo ?? []), ...undo].reverse()) u();
  };
}
