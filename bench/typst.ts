// The Typst comparison of `npm run bench` (issue 26's "warm PDF per page ≤
// 1.5 × Typst's"): the same departments' documents typeset by Typst
// (@myriaddreamin/typst-ts-node-compiler, its compiler in-process) and by our
// PDF renderer, alternately, warm, in one process. The Typst source is made
// from our own IR (typstSource): the same sections, page sizes and margins,
// headings, paragraphs with their runs, tables with their spans, header rows
// and column widths, in the same font files, with a page-number footer: a
// document shaped like ours, not a copy of its typography (Typst breaks lines
// and pages by its own rules, so its page count is reported beside ours).
// Both keep their caches across departments (Typst's memoisation, our fonts
// and shaping), as a batch would.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Block, DocumentIR, FontRole, Paragraph, Section, Table } from '../src/ir/types.js';
import { build } from '../src/build.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { openFont } from '../src/fonts/font-cache.js';
import type { TemplateSet } from '../src/templates/load.js';

interface TypstCompiler {
  pdf(args: { mainFileContent: string }): Buffer;
  compile(args: { mainFileContent: string }): { result?: unknown; takeDiagnostics?(): unknown };
  evictCache(maxAge: number): void;
}

/** A Typst string literal (Typst writes code points as \u{…}, not JSON's \uXXXX). */
const str = (s: string): string => JSON.stringify(s).replace(/\\u([0-9a-fA-F]{4})/g, '\\u{$1}');
const pt = (n: number): string => `${+n.toFixed(2)}pt`;
const ALIGN = { left: 'left', center: 'center', right: 'right', justify: 'left' } as const;

function fontOf(doc: DocumentIR, role: FontRole, bold: boolean): string {
  const f = doc.fonts[role].pdf;
  return (openFont(bold && f.bold ? f.bold : f.regular) as unknown as { familyName: string }).familyName;
}

function text(doc: DocumentIR, s: string, role: FontRole, size: number, bold: boolean): string {
  return `text(font: ${str(fontOf(doc, role, bold))}, size: ${pt(size)}, weight: ${bold ? '"bold"' : '"regular"'}, ${str(s)})`;
}

function paragraph(doc: DocumentIR, p: Paragraph): string {
  const runs = p.runs.map((r) => `#${text(doc, r.text, r.font ?? p.font, r.size ?? p.size, r.bold === true)}`).join('');
  const leading = p.lineHeightPt ? `leading: ${pt(Math.max(0, p.lineHeightPt - p.size))}, ` : '';
  const indent = p.firstLineIndentChars ? `first-line-indent: ${pt(p.firstLineIndentChars * p.size)}, ` : '';
  return `#block(above: ${pt(p.spaceBeforePt ?? 0)}, below: ${pt(p.spaceAfterPt ?? 0)})[#align(${ALIGN[p.align]})[#par(${leading}${indent}justify: ${p.align === 'justify'})[${runs}]]]`;
}

function table(doc: DocumentIR, t: Table, width: number): string {
  const total = t.columns.reduce((a, c) => a + c.width, 0);
  const columns = t.columns.map((c) => pt((c.width / total) * width)).join(', ');
  const cell = (c: Table['rows'][number][number]) =>
    `table.cell(${c.colSpan ? `colspan: ${c.colSpan}, ` : ''}${c.rowSpan ? `rowspan: ${c.rowSpan}, ` : ''}align: ${ALIGN[c.align ?? 'left']} + horizon)[#${text(doc, c.text, t.font, t.size, c.bold === true)}]`;
  const rows = t.rows.map((r) => r.map(cell).join(', '));
  const head = t.headerRows ? `table.header(${rows.slice(0, t.headerRows).join(', ')}), ` : '';
  const body = rows.slice(t.headerRows).join(',\n');
  const stroke = t.borders === 'none' ? 'none' : '0.5pt';
  return `#table(columns: (${columns}), stroke: ${stroke}, inset: 3pt, ${head}${body})`;
}

function block(doc: DocumentIR, b: Block, width: number): string {
  switch (b.kind) {
    case 'pageBreak':
      return '#pagebreak(weak: true)';
    case 'paragraph':
      return paragraph(doc, b);
    case 'heading':
      return `#block(above: ${pt(b.spaceBeforePt ?? 0)}, below: ${pt(b.spaceAfterPt ?? 0)}, sticky: true)[#align(${ALIGN[b.align]})[#${text(doc, b.text, b.font, b.size, b.bold === true)}]]`;
    case 'table':
      return table(doc, b, width);
    case 'toc':
      return `#align(center)[#${text(doc, b.title, b.font, b.size, true)}]\n#outline(title: none)`;
  }
}

function section(doc: DocumentIR, s: Section): string {
  const m = s.margins;
  const landscape = s.page.orientation === 'landscape';
  const width = (landscape ? 841.89 : 595.28) - m.left - m.right;
  const f = s.footer;
  const footer = f
    ? `context align(${ALIGN[f.align]})[#${text(doc, f.before, f.font, f.size, false)}#text(size: ${pt(f.size)}, counter(page).display())#${text(doc, f.after, f.font, f.size, false)}]`
    : 'none';
  const page = `#set page(paper: "a4", flipped: ${landscape}, margin: (top: ${pt(m.top)}, right: ${pt(m.right)}, bottom: ${pt(m.bottom)}, left: ${pt(m.left)}), footer: ${footer})`;
  const body = s.blocks.map((b) => block(doc, b, width)).join('\n');
  return `${page}\n${s.verticalAlign === 'center' ? `#v(1fr)\n${body}\n#v(1fr)` : body}`;
}

/** A Typst document shaped like the IR's (see the head of this file). */
export function typstSource(doc: DocumentIR): string {
  return [
    `#set text(lang: "zh", region: "cn", top-edge: "ascender", bottom-edge: "descender")`,
    ...doc.sections.map((s, i) => (i ? '#pagebreak(weak: true)\n' : '') + section(doc, s)),
  ].join('\n');
}

/** The font files a document's roles print with, as Typst's font blobs. */
function fontBlobs(doc: DocumentIR): Buffer[] {
  const files = new Set<string>();
  for (const f of Object.values(doc.fonts)) for (const p of [f.pdf.regular, f.pdf.bold]) if (p) files.add(p);
  return [...files].map((p) => readFileSync(p));
}

interface Side {
  ms: number[];
  cpuMs: number[];
  pages: number[];
}

export interface TypstComparison {
  departments: number;
  ours: Side;
  /** Typst with its memo cache kept from the departments before (as a batch would run it) */
  typst: Side;
  /** Typst with its memo cache cleared first (evictCache(0)): nothing of the departments before reused */
  typstCleared: Side;
  version: string;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Our PDF and Typst's, alternately, for each file (the first `warm` of each
 * side are not counted); process CPU, since Typst may use threads of its own.
 */
export async function compareWithTypst(files: readonly string[], templates: TemplateSet, warm = 2): Promise<TypstComparison> {
  const require = createRequire(import.meta.url);
  const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler') as { NodeCompiler: { create(args: unknown): TypstCompiler } };
  const version = (require('@myriaddreamin/typst-ts-node-compiler/package.json') as { version: string }).version;
  let compiler: TypstCompiler | undefined;
  const side = (): Side => ({ ms: [], cpuMs: [], pages: [] });
  const out: TypstComparison = { departments: 0, ours: side(), typst: side(), typstCleared: side(), version };
  for (const [i, file] of files.entries()) {
    const r = await build({ file, text: readFileSync(file, 'utf8'), templates, render: false, keepIr: true });
    if (!r.ir) throw new Error(`${file}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
    const ir = r.ir;
    compiler ??= NodeCompiler.create({ fontArgs: [{ fontBlobs: fontBlobs(ir) }] });
    const source = typstSource(ir);
    const sides = [
      ['ours', async () => (await renderPdf(ir)).pageCount],
      ['typst', () => Promise.resolve(pageCount(compiler!.pdf({ mainFileContent: source })))],
    ] as const;
    const cleared = () => Promise.resolve(pageCount(compiler!.pdf({ mainFileContent: source })));
    for (const [side, run] of [...(i % 2 ? [...sides].reverse() : sides), ['typstCleared', cleared] as const]) {
      if (side === 'typstCleared') compiler.evictCache(0);
      const t0 = performance.now();
      const c0 = cpuMs();
      const pages = await run();
      if (i < warm) continue;
      out[side].ms.push(performance.now() - t0);
      out[side].cpuMs.push(cpuMs() - c0);
      out[side].pages.push(pages);
    }
    if (i >= warm) out.departments++;
  }
  return out;
}

/** Pages of a PDF Typst wrote: its page objects (Typst writes one /Type /Page each). */
function pageCount(pdf: Buffer): number {
  const s = pdf.toString('latin1');
  return (s.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}
