// Limits per department: a template that loops (five nested #each) must end in
// a located error before the renderers spend minutes and gigabytes on it. The
// document's pages are estimated from the IR (characters per line, lines per
// page), which costs microseconds; the estimate errs low, so a real document
// is never refused for being estimated long.
import { tr, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';
import type { Block, DocumentIR, Section, Table } from '../ir/types.js';
import { narrativeEnv } from '../narrative/env.js';
import type { TemplateSet } from '../templates/load.js';

export interface Limits {
  /** pages per department (default 500) */
  pages: number;
  /** seconds per department (default 60) */
  seconds: number;
  /** memory (V8 heap) per department, MB (default 1024): the thread building it is limited to this */
  memoryMb: number;
}

export const DEFAULT_LIMITS: Limits = { pages: 500, seconds: 60, memoryMb: 1024 };

/** A department that outgrew the memory limit of the thread building it. */
export function memoryLimitProblem(file: string, mb: number, lang?: Lang): Diagnostic {
  return {
    severity: 'error',
    code: 'limit.memory',
    message: tr(
      lang,
      `生成这个部门用的内存超过了 ${mb} MB 的上限，已停止`,
      `building this department needed more memory than the limit of ${mb} MB; it was stopped`,
    ),
    hint: tr(
      lang,
      '检查数据或模板是否过大（如循环过多、文件选错）；确需更多内存时用 --max-memory MB',
      'check whether the data or the templates are too large (loops, a wrong file); use --max-memory MB if it really needs more',
    ),
    file,
  };
}

const A4 = { width: 595.28, height: 841.89 };

function area(s: Section): { width: number; height: number } {
  const page = s.page.orientation === 'landscape' ? { width: A4.height, height: A4.width } : A4;
  return { width: Math.max(50, page.width - s.margins.left - s.margins.right), height: Math.max(50, page.height - s.margins.top - s.margins.bottom) };
}

/** Lines a text takes in a width at a size (CJK characters are about one em wide). */
const lines = (text: string, width: number, size: number): number =>
  text.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(([...l].length * size) / Math.max(size, width))), 0);

/** Estimated height of each row of a table, points. */
export function rowHeights(t: Table, width: number): number[] {
  const total = t.columns.reduce((s, c) => s + c.width, 0) || 1;
  const pitch = t.size * 1.4;
  return t.rows.map((row) => {
    let col = 0;
    let tallest = 1;
    for (const c of row) {
      const span = c.colSpan ?? 1;
      const w = (t.columns.slice(col, col + span).reduce((s, x) => s + x.width, 0) / total) * width - 4;
      col += span;
      tallest = Math.max(tallest, lines(c.text, w, t.size));
    }
    return Math.max(t.rowHeightPt ?? 0, tallest * pitch + 4);
  });
}

function blockHeight(b: Block, width: number): number {
  switch (b.kind) {
    case 'paragraph': {
      const text = b.runs.map((r) => r.text).join('');
      return lines(text, width, b.size) * (b.lineHeightPt ?? b.size * 1.5) + (b.spaceBeforePt ?? 0) + (b.spaceAfterPt ?? 0);
    }
    case 'heading':
      return lines(b.text, width, b.size) * (b.lineHeightPt ?? b.size * 1.5) + (b.spaceBeforePt ?? 0) + (b.spaceAfterPt ?? 0);
    case 'table':
      return rowHeights(b, width).reduce((s, h) => s + h, 0);
    default:
      return 0;
  }
}

/** Estimated page count of the document (each section starts a page; page breaks count). */
export function estimatePages(doc: DocumentIR): number {
  let pages = 0;
  for (const s of doc.sections) {
    const { width, height } = area(s);
    let used = 0;
    let sectionPages = 1;
    for (const b of s.blocks) {
      if (b.kind === 'pageBreak') {
        sectionPages++;
        used = 0;
        continue;
      }
      used += blockHeight(b, width);
      while (used > height) {
        sectionPages++;
        used -= height;
      }
    }
    pages += sectionPages;
  }
  return pages;
}

/**
 * A table with a row taller than its page prints only when its rows may break
 * across pages (pdfmake drops an unbreakable row it cannot place): such tables
 * are given rowsMayBreak. Tables whose rows all fit are returned as they were.
 */
export function breakTallRows(doc: DocumentIR): DocumentIR {
  let changed = false;
  const sections = doc.sections.map((s) => {
    const { width, height } = area(s);
    let own = false;
    const blocks = s.blocks.map((b) => {
      if (b.kind !== 'table' || b.rowsMayBreak || !rowHeights(b, width).some((h) => h > height * 0.9)) return b;
      own = true;
      return { ...b, rowsMayBreak: true };
    });
    if (!own) return s;
    changed = true;
    return { ...s, blocks };
  });
  return changed ? { ...doc, sections } : doc;
}

/** The template line of the outermost block helper (#each, #if …) that holds the most output, 1-based. */
export function outermostBlockLine(source: string): { line: number; column: number } | undefined {
  const re = /\{\{~?\s*([#/])\s*([\w-]+)/g;
  let depth = 0;
  let first: { line: number; column: number } | undefined;
  for (let m; (m = re.exec(source));) {
    if (m[1] === '#') {
      if (depth === 0 && m[2] === 'each') {
        const before = source.slice(0, m.index).split('\n');
        // the first outermost #each: where a nest of loops starts
        first ??= { line: before.length, column: before[before.length - 1]!.length + 1 };
      }
      depth++;
    } else depth = Math.max(0, depth - 1);
  }
  return first;
}

/** Where the document's size comes from: the narrative whose filled text is longest. */
function largestNarrative(t: TemplateSet, context: object): { file: string; line?: number; column?: number } | undefined {
  let best: { file: string; size: number; text: string } | undefined;
  for (const f of Object.values(t.narratives)) {
    let size: number;
    try {
      size = narrativeEnv().compile(f.text)(context).length;
    } catch {
      continue;
    }
    if (!best || size > best.size) best = { file: f.path, size, text: f.text };
  }
  if (!best) return undefined;
  return { file: best.file, ...(outermostBlockLine(best.text) ?? { line: 1, column: 1 }) };
}

/** The page limit as a located error, or none. `context`: the narrative context, to find the template that grew. */
export function pageLimitProblem(doc: DocumentIR, t: TemplateSet, context: () => object, limits: Limits, lang?: Lang, counted?: number): Diagnostic | null {
  const pages = counted ?? estimatePages(doc);
  if (pages <= limits.pages) return null;
  const where = largestNarrative(t, context()) ?? { file: t.manifestPath ?? 'manifest.yaml', line: 1, column: 1 };
  const about = counted === undefined ? tr(lang, '约', 'about ') : '';
  return {
    severity: 'error',
    code: 'limit.pages',
    message: tr(
      lang,
      `文档${about || '共'}有 ${pages} 页，超过每个部门 ${limits.pages} 页的上限：这个模板印出的内容最多`,
      `the document has ${about}${pages} pages, over the limit of ${limits.pages} per department: this template prints the most`,
    ),
    hint: tr(
      lang,
      '检查这里的 {{#each}} 是否嵌套过深或循环了不该循环的列表；确需更多页时用 --max-pages N',
      'check whether this {{#each}} nests too deep or loops over the wrong list; use --max-pages N if the document really is that long',
    ),
    ...where,
  };
}

/** The time limit as an error at the department's file, or none. */
export function timeLimitProblem(file: string, started: number, limits: Limits, stage: string, lang?: Lang): Diagnostic | null {
  const seconds = (performance.now() - started) / 1000;
  if (seconds <= limits.seconds) return null;
  return {
    severity: 'error',
    code: 'limit.time',
    message: tr(
      lang,
      `${stage}用了 ${seconds.toFixed(1)} 秒，超过每个部门 ${limits.seconds} 秒的上限`,
      `${stage} took ${seconds.toFixed(1)} s, over the limit of ${limits.seconds} s per department`,
    ),
    hint: tr(
      lang,
      '模板中的循环可能过多；确需更长时间时用 --max-seconds N',
      'the templates may loop too much; use --max-seconds N if it really takes that long',
    ),
    file,
    line: 1,
    column: 1,
  };
}

/** The clock ran out while a template was being filled: located at its outermost {{#each}}, where a nest of loops starts. */
export function timeLimitInTemplate(file: string, source: string, seconds: number, lang?: Lang): Diagnostic {
  return {
    severity: 'error',
    code: 'limit.time',
    message: tr(
      lang,
      `填写这个模板超过了每个部门 ${seconds} 秒的上限，已停止`,
      `filling this template went past the limit of ${seconds} s per department; it was stopped`,
    ),
    hint: tr(
      lang,
      '检查这里的 {{#each}} 是否嵌套过深或循环了不该循环的列表；确需更长时间时用 --max-seconds N',
      'check whether this {{#each}} nests too deep or loops over the wrong list; use --max-seconds N if it really takes that long',
    ),
    file,
    ...(outermostBlockLine(source) ?? { line: 1, column: 1 }),
  };
}

/** A template whose loops would print more text than any disclosure holds: stopped while it grew, at its outermost {{#each}}. */
export function outputLimitInTemplate(file: string, source: string, chars: number, lang?: Lang): Diagnostic {
  return {
    severity: 'error',
    code: 'limit.pages',
    message: tr(
      lang,
      `这个模板要印出超过 ${chars / 10000} 万字（远超每个部门的页数上限），已停止`,
      `this template would print over ${chars / 1e6} million characters (far past the page limit per department); it was stopped`,
    ),
    hint: tr(lang, '检查这里的 {{#each}} 是否嵌套过深或循环了不该循环的列表', 'check whether this {{#each}} nests too deep or loops over the wrong list'),
    file,
    ...(outermostBlockLine(source) ?? { line: 1, column: 1 }),
  };
}

/** The limits a build runs under: the given ones over the defaults. */
export const limitsOf = (given?: Partial<Limits>): Limits => ({ ...DEFAULT_LIMITS, ...given });

/** Pages (estimated) and time so far, checked after the IR is assembled and before anything is rendered. */
export function limitProblems(
  doc: DocumentIR,
  t: TemplateSet,
  context: () => object,
  given: Partial<Limits> | undefined,
  file: string,
  started: number,
  lang?: Lang,
): Diagnostic[] {
  const limits = limitsOf(given);
  return [pageLimitProblem(doc, t, context, limits, lang), timeLimitProblem(file, started, limits, tr(lang, '生成文档', 'making the document'), lang)].filter(
    (d): d is Diagnostic => d !== null,
  );
}

/**
 * --max-pages N / --max-seconds S as the CLI and `queue submit` take them:
 * the limits given (undefined for none), or null when one is not a positive number.
 */
export function limitsFromArgs(pages: string | undefined, seconds: string | undefined, memory?: string): Partial<Limits> | undefined | null {
  const p = pages === undefined ? undefined : Number(pages);
  const s = seconds === undefined ? undefined : Number(seconds);
  const m = memory === undefined ? undefined : Number(memory);
  if ([p, s].some((v) => v !== undefined && !(Number.isFinite(v) && v > 0))) return null;
  // below 128 MB a thread cannot even load the renderers
  if (m !== undefined && !(Number.isInteger(m) && m >= 128)) return null;
  if (p === undefined && s === undefined && m === undefined) return undefined;
  return { ...(p !== undefined ? { pages: p } : {}), ...(s !== undefined ? { seconds: s } : {}), ...(m !== undefined ? { memoryMb: m } : {}) };
}
