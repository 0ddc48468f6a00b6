// The engine boundary: every change this project makes to a library's
// internals (pdfmake, pdfkit, fontkit, docx, handlebars) is listed here and installed by
// one explicit call, installEnginePatches(), from the renderers' entry points.
// A patch is applied only over the library version it was tested with
// (versions.ts); on any other version the library runs stock and one notice
// says so. Each patch says whether it leaves the output byte for byte as
// stock would (test/engines.test.ts holds it to that).
import { patchAfterLayout } from './pdfmake-after-layout.js';
import { patchCachedFonts } from './fontkit-cached-font.js';
import { patchSubsetBytes } from './fontkit-subset-cache.js';
import { installDocxSpeedups } from './docx-speedups.js';
import { useDocxCompiler } from './docx-compile-parts.js';
import { patchTocTabStops } from './docx-toc-tab-stops.js';
import { patchMeasureLeaf, patchRenderLine, patchShaping, patchStyleLookup } from './pdfmake-speedups.js';
import { patchRowSpanMiddle } from './pdfmake-row-span-middle.js';
import { patchCjkJustify } from './pdfmake-cjk-justify.js';
import { patchTagging } from './pdfmake-tagging.js';
import { patchWorkMeter } from './pdfmake-work-meter.js';
import { patchKeepPasses } from './pdfmake-keep-passes.js';
import { patchPrintAudit } from './pdfmake-print-audit.js';
import { patchAlignmentPages } from './pdfmake-alignment-pages.js';
import { patchNotdefUnicode } from './pdfkit-notdef-unicode.js';
import { patchBidiLines } from './pdfmake-bidi-lines.js';
import { type Library } from './versions.js';
import { announceEngines, engineNoticeText, engineStatus } from './notice.js';
import { patchCheckingCompiler, settleCheckingCompiler } from './handlebars-checking-compiler.js';

export interface EnginePatch {
  readonly id: string;
  /** the libraries whose internals it touches: all must be the tested versions */
  readonly libraries: readonly Library[];
  /** what it replaces, for the reader */
  readonly target: string;
  /** true: the documents come out byte for byte as with the stock library */
  readonly sameBytes: boolean;
  /**
   * installed whatever the library's version and under DISCLOSURE_STOCK_ENGINES:
   * it only observes (the print audit), and what checks the output must not be
   * switched off with the patches that change it
   */
  readonly always?: boolean;
  /** applies the patch; returns how to undo it */
  install(): () => void;
}

export const ENGINE_PATCHES: readonly EnginePatch[] = [
  { id: 'pdfmake-measure-cache', libraries: ['pdfmake'], target: 'DocMeasure.prototype.measureLeaf', sameBytes: true, install: patchMeasureLeaf },
  { id: 'pdfmake-style-lookup', libraries: ['pdfmake'], target: 'StyleContextStack.getStyleProperty', sameBytes: true, install: patchStyleLookup },
  // draws runs of one style as one string: other content streams, same glyphs at the same places
  { id: 'pdfmake-merged-lines', libraries: ['pdfmake', 'pdfkit'], target: 'Renderer.prototype.renderLine', sameBytes: false, install: patchRenderLine },
  {
    id: 'pdfkit-shared-shaping',
    libraries: ['pdfkit', 'fontkit'],
    target: 'PDFDocument.prototype.font, EmbeddedFont.prototype.layoutCached',
    sameBytes: true,
    install: patchShaping,
  },
  // centres row-spanning cells (stock pdfmake puts their text rows away)
  {
    id: 'pdfmake-row-span-middle',
    libraries: ['pdfmake'],
    target: 'Renderer.prototype.beginVerticalAlignment',
    sameBytes: false,
    install: () => patchRowSpanMiddle(),
  },
  // loose justified CJK lines: slack at script boundaries, not between every character (J2)
  { id: 'pdfmake-cjk-justify', libraries: ['pdfmake'], target: 'ElementWriter.prototype.alignLine', sameBytes: false, install: patchCjkJustify },
  // one keep-with-next move per independent stretch of pages per layout pass: it replaces layoutDocument's body, so it
  // comes before every patch that wraps layoutDocument (alignment pages, after-layout, work meter)
  {
    id: 'pdfmake-keep-passes',
    libraries: ['pdfmake'],
    target: 'LayoutBuilder.prototype.layoutDocument (its page-break loop)',
    sameBytes: true,
    install: patchKeepPasses,
  },
  // a cell whose centring begins on one page and ends on the next draws neither (a balanced q/Q on every page)
  {
    id: 'pdfmake-alignment-pages',
    libraries: ['pdfmake'],
    target: 'LayoutBuilder.prototype.layoutDocument (alignment pairs)',
    sameBytes: false,
    install: patchAlignmentPages,
  },
  { id: 'pdfmake-after-layout', libraries: ['pdfmake'], target: 'LayoutBuilder.prototype.layoutDocument', sameBytes: true, install: patchAfterLayout },
  // structure tree (H1–H3, P, Table/TR/TH/TD) and artifacts from `_tag` on inlines (J2)
  {
    id: 'pdfmake-tagging',
    libraries: ['pdfmake', 'pdfkit'],
    target: 'Renderer.prototype.renderPages, renderLine, renderVector',
    sameBytes: false,
    install: patchTagging,
  },
  // a character no face has keeps its Unicode in the text layer (its own copy of glyph 0); same bytes where none is missing
  { id: 'pdfkit-notdef-unicode', libraries: ['pdfkit', 'fontkit'], target: 'EmbeddedFont.prototype.encode', sameBytes: true, install: patchNotdefUnicode },
  {
    id: 'fontkit-cached-fonts',
    libraries: ['pdfkit', 'fontkit'],
    target: 'fontkit.registerFormat (parsed-font markers)',
    sameBytes: true,
    install: patchCachedFonts,
  },
  {
    id: 'fontkit-subset-bytes',
    libraries: ['fontkit'],
    target: 'TTFSubset._addGlyph, CFFSubset.subsetSubrs, CFFFont.getCharString',
    sameBytes: true,
    install: patchSubsetBytes,
  },
  {
    id: 'docx-prep-for-xml',
    libraries: ['docx'],
    target: 'XmlComponent.prototype.prepForXml, NextAttributeComponent.prototype.prepForXml',
    sameBytes: true,
    install: installDocxSpeedups,
  },
  { id: 'docx-compiler', libraries: ['docx'], target: 'Packer.compiler (private static)', sameBytes: true, install: useDocxCompiler },
  // the TOC's right tab at the section's text width (stock: 9025 twips)
  // lines holding right-to-left words in visual order (Unicode bidi, bidi-js); installed last: the outermost renderLine
  { id: 'pdfmake-bidi-lines', libraries: ['pdfmake'], target: 'Renderer.prototype.renderLine', sameBytes: true, install: patchBidiLines },
  { id: 'docx-toc-tab-stops', libraries: ['docx'], target: 'TableOfContents.prototype.getTabStopsForLevel', sameBytes: false, install: patchTocTabStops },
  // a printed object or list, a path read through a missing name: an error at the mustache (the narrative asks for it)
  {
    id: 'handlebars-checking-compiler',
    libraries: ['handlebars'],
    target: 'JavaScriptCompiler.prototype.append, resolvePath (a subclass in the narrative’s private environment)',
    sameBytes: true,
    install: patchCheckingCompiler,
  },
  // timers and counters for `npm run profile` (work-meter.ts); inert while the meter is off
  {
    id: 'pdfmake-work-meter',
    libraries: ['pdfmake', 'pdfkit'],
    target:
      'LayoutBuilder.prototype.layoutDocument, tryLayoutDocument, DocMeasure.prototype.measureDocument, TextInlines.prototype.buildInlines, Renderer.prototype.renderPages, PDFDocument.prototype.end, EmbeddedFont.prototype.layoutRun, widthOfString, embed',
    sameBytes: true,
    install: patchWorkMeter,
  },
  // last, so it wraps every other renderLine and reads the line as handed to pdfmake
  {
    id: 'pdfmake-print-audit',
    libraries: ['pdfmake'],
    target: 'Renderer.prototype.renderLine (observes only)',
    sameBytes: true,
    always: true,
    install: patchPrintAudit,
  },
];

export interface EngineReport {
  /** ids of the patches in force */
  readonly installed: readonly string[];
  /** libraries found at a version other than the tested one (their patches are off) */
  readonly mismatched: readonly { library: Library; installed: string | undefined; tested: string }[];
}

const undo = new Map<string, () => void>();
let report: EngineReport | undefined;
let noticed = false;

export interface InstallOptions {
  /** only these patches (tests); default: all */
  readonly only?: (p: EnginePatch) => boolean;
  /** where the one notice of a version mismatch goes; default stderr */
  readonly notice?: (message: string) => void;
  /** the installed version of a library (tests pretend another); default: read from its package.json */
  readonly versionOf?: (library: Library) => string | undefined;
}

/**
 * Installs the engine patches, once per process (later calls return the same
 * report). DISCLOSURE_STOCK_ENGINES=1 in the environment leaves every library stock.
 */
export function installEnginePatches(options: InstallOptions = {}): EngineReport {
  if (report) return report;
  const status = engineStatus(options.versionOf);
  const { stock } = status;
  const mismatched = [...status.mismatched];
  const off = new Set(mismatched.map((m) => m.library));
  for (const p of ENGINE_PATCHES) {
    if (options.only && !options.only(p)) continue;
    if (!p.always && (stock || p.libraries.some((l) => off.has(l)))) continue;
    try {
      undo.set(p.id, p.install());
    } catch (e) {
      // a tested version whose internals still differ (a patched copy, a fork): stock it is
      (options.notice ?? stderrNotice)(`engine patch ${p.id} not applied: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (!undo.has('handlebars-checking-compiler')) settleCheckingCompiler('off');
  report = { installed: [...undo.keys()], mismatched };
  if (options.notice) {
    const text = engineNoticeText(status);
    if (text && !noticed) {
      noticed = true;
      options.notice(text);
    }
  } else announceEngines((line) => process.stderr.write(line), undefined, status);
  return report;
}

/** Undoes every installed patch (tests compare stock and patched output in one process). */
export function removeEnginePatches(): void {
  for (const restore of [...undo.values()].reverse()) restore();
  undo.clear();
  report = undefined;
  noticed = false;
  settleCheckingCompiler(undefined);
}

function stderrNotice(message: string): void {
  process.stderr.write(`notice: ${message}\n`);
}
