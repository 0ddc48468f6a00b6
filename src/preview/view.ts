// The part of the preview page that changes with each build: the status bar,
// the diagnostics of the last build (errors first, each at file:line:col with
// its source line and hint) and the last good render of the document.
import { isAbsolute, relative } from 'node:path';
import { tr, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';
import { escapeHtml as esc } from '../render/html/escape.js';

export interface ViewState {
  lang: Lang;
  /** number of the last finished build (0: none yet) */
  gen: number;
  /** the department file, as shown */
  file: string;
  diagnostics: readonly Diagnostic[];
  /** the text of a file a diagnostic names, for the offending line */
  sourceOf: (file: string) => string | undefined;
  /** the last good render (HTML of the IR), or null if no build has succeeded yet */
  docHtml: string | null;
  /** the render is from an earlier build: the last one failed */
  stale: boolean;
  /** when the last build finished and how long it took */
  finishedAt?: Date;
  ms?: number;
  /** when the shown render was made */
  renderedAt?: Date;
  /** key of the font rules the render needs (the page reloads when it changes) */
  fontKey: string;
}

/** A path as a clerk would type it: relative to the working folder when inside it. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

const where = (d: { file: string; line?: number; column?: number }) => [displayPath(d.file), d.line, d.column].filter((x) => x !== undefined).join(':');

const time = (d: Date) => d.toTimeString().slice(0, 8);

function frame(d: Diagnostic, text: string | undefined): string {
  if (d.line === undefined || text === undefined) return '';
  const line = text.split(/\r?\n/)[d.line - 1];
  if (line === undefined) return '';
  const chars = [...line];
  const col = Math.max(0, Math.min((d.column ?? 1) - 1, chars.length));
  // the whole range when it stays on the line, else the one character
  const end = d.endLine === d.line && d.endColumn !== undefined && d.endColumn - 1 > col ? Math.min(d.endColumn - 1, chars.length) : col + 1;
  const at = chars.slice(col, end).join('') || ' ';
  // a tab shows as a visible arrow: tab indentation is a common YAML mistake
  const show = (s: string) => esc(s).replace(/\t/g, '<span class="tab">→\t</span>');
  return (
    `<pre class="frame"><span class="ln">${d.line} │ </span>${show(chars.slice(0, col).join(''))}` +
    `<mark>${show(at)}</mark>${show(chars.slice(end).join(''))}</pre>`
  );
}

function diagnostic(d: Diagnostic, s: ViewState): string {
  const sev = d.severity === 'error' ? tr(s.lang, '错误', 'error') : tr(s.lang, '警告', 'warning');
  const related = (d.related ?? []).map((r) => `<li><code class="loc">${esc(where(r))}</code> ${esc(r.message)}</li>`).join('');
  return (
    `<li class="diag ${d.severity}">` +
    `<div class="diag-head"><span class="sev">${sev}</span><code class="loc">${esc(where(d))}</code><span class="code">[${esc(d.code)}]</span></div>` +
    `<div class="msg">${esc(d.message)}</div>` +
    frame(d, s.sourceOf(d.file)) +
    (d.hint ? `<div class="hint">${tr(s.lang, '提示', 'hint')}：${esc(d.hint)}</div>` : '') +
    (related ? `<ul class="related">${related}</ul>` : '') +
    `</li>`
  );
}

/** The fragment the page swaps in after every build. */
export function renderView(s: ViewState): string {
  const errors = s.diagnostics.filter((d) => d.severity === 'error');
  const warnings = s.diagnostics.filter((d) => d.severity === 'warning');
  const state = s.gen === 0 ? 'pending' : errors.length ? 'err' : warnings.length ? 'warn' : 'ok';
  const summary =
    s.gen === 0
      ? tr(s.lang, '正在生成…', 'building…')
      : errors.length
        ? tr(s.lang, `${errors.length} 个错误，${warnings.length} 个警告`, `${errors.length} errors, ${warnings.length} warnings`)
        : warnings.length
          ? tr(s.lang, `已更新，${warnings.length} 个警告`, `updated, ${warnings.length} warnings`)
          : tr(s.lang, '已更新，没有问题', 'updated, no problems');
  const when = s.finishedAt ? ` · ${time(s.finishedAt)}${s.ms !== undefined ? ` · ${Math.round(s.ms)} ms` : ''}` : '';
  const links = s.docHtml
    ? `<a class="btn" href="/disclosure.pdf?v=${s.gen}" target="_blank">PDF</a><a class="btn" href="/disclosure.docx?v=${s.gen}">DOCX</a>`
    : '';
  const items = (ds: Diagnostic[]) => `<ol>${ds.map((d) => diagnostic(d, s)).join('')}</ol>`;
  // errors always open; warnings (which do not block) folded when there are many
  const errorList = errors.length
    ? `<section class="diags errors"><h2>${tr(s.lang, `错误（${errors.length}）`, `Errors (${errors.length})`)}</h2>${items(errors)}</section>`
    : '';
  const warningList = warnings.length
    ? `<details class="diags warnings"${warnings.length <= 3 ? ' open' : ''}><summary>${tr(s.lang, `警告（${warnings.length}）：不影响生成，点击展开`, `Warnings (${warnings.length}): they do not block; click to expand`)}</summary>${items(warnings)}</details>`
    : '';
  const stale =
    s.stale && s.docHtml
      ? `<div class="stale-note">${tr(
          s.lang,
          `数据或模板有错误，下面是上一次成功生成的内容（${s.renderedAt ? time(s.renderedAt) : ''}），已过期。改正错误并保存后会自动更新。`,
          `The data or templates have errors; below is the last good render (${s.renderedAt ? time(s.renderedAt) : ''}), now stale. Fix the errors and save: the page updates by itself.`,
        )}</div>`
      : '';
  const doc = s.docHtml
    ? `<div class="doc${s.stale ? ' stale' : ''}">${s.docHtml}</div>`
    : s.gen > 0
      ? `<div class="empty">${tr(s.lang, '还没有成功生成过。改正上面的错误并保存后，这里显示公开文本。', 'Nothing has built yet. Fix the errors above and save: the disclosure shows here.')}</div>`
      : '';
  return (
    `<div id="view" data-gen="${s.gen}" data-state="${state}" data-fonts="${esc(s.fontKey)}">` +
    `<header class="bar"><div class="title"><strong>${tr(s.lang, '部门预算公开 · 实时预览', 'Budget disclosure · live preview')}</strong>` +
    `<code class="file">${esc(displayPath(s.file))}</code></div>` +
    `<div class="status ${state}"><span class="dot"></span><span class="summary">${summary}</span><span class="when">${when}</span><span class="busy">${tr(s.lang, ' · 正在重新生成…', ' · rebuilding…')}</span></div>` +
    `<nav class="links">${links}</nav></header>` +
    `<main>${errorList}${warningList}${stale}${doc}</main></div>`
  );
}
