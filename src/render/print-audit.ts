// The print audit: every text of the document IR must reach the page. The PDF
// side is held against what pdfmake drew (recorded while drawing, by
// src/engines/pdfmake-print-audit.ts); the DOCX side against the text of its
// document.xml. A shortfall names where the text belongs (part, heading,
// table row and column) and stops the build: nothing is written.
import { unzipSync, strFromU8 } from 'fflate';
import type { DrawnText } from '../engines/pdfmake-print-audit.js';
import type { DocumentIR, Table } from '../ir/types.js';
import { slotGrid } from './table-grid.js';
import { tr, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';

/** Where a text of the IR belongs, for the message. */
export interface AuditPlace {
  /** the section's id (cover, toc, part1, table-…) */
  readonly section: string;
  /** the heading the text stands under, if any */
  readonly heading?: string;
  /** 1-based row and column of a table cell */
  readonly row?: number;
  readonly col?: number;
}

/** One text the PDF must draw: what it is, where it belongs, what was drawn. */
export interface AuditTarget extends DrawnText {
  readonly expected: string;
  readonly place: AuditPlace;
  /** drawn more than once by design (header rows on every page, labels repeated after a break) */
  repeats: boolean;
}

export interface Shortfall {
  readonly format: 'pdf' | 'docx';
  readonly place: AuditPlace;
  readonly expected: string;
  /** how much of it reached the page (normalised) */
  readonly found: string;
}

/** Whitespace is layout, not content: line breaks drop it, letter-spacing adds it. */
export const normalised = (s: string): string => s.replace(/[\s\u3000\u00a0]+/gu, '');

export function auditTarget(expected: string, place: AuditPlace, repeats = false): AuditTarget {
  return { expected: normalised(expected), place, repeats, drawn: '' };
}

/** Targets whose text did not reach the page exactly once (or, where repeated by design, a whole number of times). */
export function pdfShortfalls(targets: readonly AuditTarget[]): Shortfall[] {
  const out: Shortfall[] = [];
  for (const t of targets) {
    if (!t.expected) continue;
    const drawn = normalised(t.drawn);
    const times = drawn.length / t.expected.length;
    const whole = Number.isInteger(times) && times >= 1 && drawn === t.expected.repeat(times);
    if (!whole || (!t.repeats && times !== 1)) out.push({ format: 'pdf', place: t.place, expected: t.expected, found: drawn });
  }
  return out;
}

/** The IR's texts in document order, each with its place (what a DOCX must carry, in this order). */
export function* irTexts(doc: DocumentIR): Generator<{ text: string; place: AuditPlace }> {
  for (const section of doc.sections) {
    let heading: string | undefined;
    for (const b of section.blocks) {
      const place = (extra: Partial<AuditPlace> = {}): AuditPlace => ({ section: section.id, ...(heading ? { heading } : {}), ...extra });
      switch (b.kind) {
        case 'heading':
          heading = b.text;
          yield { text: b.text, place: place() };
          break;
        case 'paragraph':
          yield { text: b.runs.map((r) => r.text).join(''), place: place() };
          break;
        case 'table':
          yield* tableTexts(b, place);
          break;
        case 'toc':
          yield { text: b.title, place: place() };
          break;
        case 'pageBreak':
          break;
      }
    }
  }
}

function* tableTexts(t: Table, place: (extra: Partial<AuditPlace>) => AuditPlace): Generator<{ text: string; place: AuditPlace }> {
  for (const [r, row] of slotGrid(t).entries()) {
    for (const [c, slot] of row.entries()) if (slot) yield { text: slot.cell.text, place: place({ row: r + 1, col: c + 1 }) };
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s: string): string =>
  s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e]!,
  );

/** The text of a DOCX's body (document.xml), runs joined in document order, normalised. */
export function docxBodyText(docx: Uint8Array): string {
  const files = unzipSync(docx, { filter: (f) => f.name === 'word/document.xml' });
  const xml = files['word/document.xml'];
  if (!xml) return '';
  let text = '';
  for (const m of strFromU8(xml).matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)) text += unescapeXml(m[1]!);
  return normalised(text);
}

/** IR texts the DOCX's body does not carry, in order (each found after the one before it). */
export function docxShortfalls(doc: DocumentIR, docx: Uint8Array): Shortfall[] {
  const body = docxBodyText(docx);
  const out: Shortfall[] = [];
  let at = 0;
  for (const { text, place } of irTexts(doc)) {
    const expected = normalised(text);
    if (!expected) continue;
    const i = body.indexOf(expected, at);
    if (i < 0) out.push({ format: 'docx', place, expected, found: '' });
    else at = i + expected.length;
  }
  return out;
}

const clip = (s: string): string => (s.length > 24 ? `${s.slice(0, 24)}…` : s);

/**
 * The audit of one department's outputs: the PDF's drawn texts (from its
 * render) and the DOCX's body, each against the IR. Errors: nothing may be written.
 */
export function auditOutputs(
  doc: DocumentIR,
  outputs: { pdf?: { shortfalls: readonly Shortfall[] }; docx?: Uint8Array },
  file: string,
  lang?: Lang,
): Diagnostic[] {
  const shortfalls = [...(outputs.pdf?.shortfalls ?? []), ...(outputs.docx ? docxShortfalls(doc, outputs.docx) : [])];
  return shortfalls.length ? shortfallDiagnostics(shortfalls, file, lang) : [];
}

/** One error per shortfall (at most 20, then one that counts the rest), at the department's file. */
export function shortfallDiagnostics(shortfalls: readonly Shortfall[], file: string, lang?: Lang): Diagnostic[] {
  const shown: Diagnostic[] = shortfalls.slice(0, 20).map((s) => {
    const where = placeText(s.place, lang);
    const format = s.format.toUpperCase();
    const found = s.found ? tr(lang, `实际印出“${clip(s.found)}”`, `drawn as “${clip(s.found)}”`) : tr(lang, '没有印出', 'not drawn');
    return {
      severity: 'error',
      code: 'print.missing',
      file,
      message: tr(
        lang,
        `${format} 中缺少“${clip(s.expected)}”（${where}）：${found}；未写出任何文件`,
        `the ${format} does not carry “${clip(s.expected)}” (${where}): ${found}; nothing was written`,
      ),
      hint: tr(
        lang,
        '这是程序的问题，不是数据的问题：请把本单位的数据文件报给维护人员',
        'this is a fault of the tool, not of the data: please report it with the department file',
      ),
    };
  });
  if (shortfalls.length > 20) {
    shown.push({
      severity: 'error',
      code: 'print.missing',
      file,
      message: tr(lang, `另有 ${shortfalls.length - 20} 处文字未印出`, `and ${shortfalls.length - 20} more texts missing from the output`),
    });
  }
  return shown;
}

function placeText(p: AuditPlace, lang?: Lang): string {
  const heading = p.heading ? clip(p.heading) : undefined;
  if (lang === 'en')
    return [`section ${p.section}`, heading && `under “${heading}”`, p.row && `table row ${p.row}, column ${p.col}`].filter(Boolean).join(', ');
  return [`${p.section} 部分`, heading && `“${heading}”下`, p.row && `表格第 ${p.row} 行第 ${p.col} 列`].filter(Boolean).join('，');
}
