// The document IR → an HTML fragment for the live preview. Like the PDF and
// DOCX renderers it only lays the IR out: every word and figure is already in
// the tree. Sections become A4 page boxes (landscape ones wider), a page break
// starts a new box; the text is not paginated, so a box grows with its content.
import type { Block, DocumentIR, FontRole, Heading, Paragraph, Run, Section, Table, TableOfContents } from '../../ir/types.js';
import type { Pagination } from '../../document/pagination.js';
import { tocLayout } from '../../document/toc-layout.js';
import { escapeHtml as esc } from './escape.js';

export { escapeHtml } from './escape.js';
export { fontFaceCss } from './fonts.js';

/** A4 in points */
const A4 = { short: 595.28, long: 841.89 };

const pt = (n: number): string => `${Math.round(n * 100) / 100}pt`;

const fontClass = (role: FontRole): string => `f-${role}`;

function style(props: Record<string, string | undefined | false>): string {
  const s = Object.entries(props)
    .filter(([, v]) => v !== undefined && v !== false && v !== '')
    .map(([k, v]) => `${k}:${v}`)
    .join(';');
  return s ? ` style="${esc(s)}"` : '';
}

function spacing(b: { spaceBeforePt?: number; spaceAfterPt?: number; lineHeightPt?: number }) {
  return {
    'margin-top': b.spaceBeforePt ? pt(b.spaceBeforePt) : undefined,
    'margin-bottom': b.spaceAfterPt ? pt(b.spaceAfterPt) : undefined,
    'line-height': b.lineHeightPt ? pt(b.lineHeightPt) : undefined,
  };
}

function run(r: Run, p: Paragraph): string {
  const props = {
    'font-weight': r.bold ? 'bold' : undefined,
    'font-size': r.size !== undefined && r.size !== p.size ? pt(r.size) : undefined,
  };
  const cls = r.font && r.font !== p.font ? ` class="${fontClass(r.font)}"` : '';
  const text = esc(r.text);
  return cls || props['font-weight'] || props['font-size'] ? `<span${cls}${style(props)}>${text}</span>` : text;
}

function paragraph(p: Paragraph): string {
  const props = {
    'font-size': pt(p.size),
    'text-align': p.align,
    'text-indent': p.firstLineIndentChars ? `${p.firstLineIndentChars}em` : undefined,
    ...spacing(p),
  };
  const body = p.runs.map((r) => run(r, p)).join('');
  // an empty paragraph keeps its line, as in the PDF
  return `<p class="ir-p ${fontClass(p.font)}"${style(props)}>${body || '&#8203;'}</p>`;
}

function heading(h: Heading): string {
  const props = { 'font-size': pt(h.size), 'text-align': h.align, 'font-weight': h.bold ? 'bold' : undefined, ...spacing(h) };
  return `<h${h.level} id="ir-${esc(h.id)}" class="ir-h ${fontClass(h.font)}"${style(props)}>${esc(h.text)}</h${h.level}>`;
}

function table(t: Table): string {
  const total = t.columns.reduce((a, c) => a + c.width, 0) || 1;
  const cols = t.columns.map((c) => `<col style="width:${((c.width / total) * 100).toFixed(3)}%">`).join('');
  const row = (cells: Table['rows'][number]) =>
    `<tr${t.rowHeightPt ? style({ height: pt(t.rowHeightPt) }) : ''}>${cells
      .map((c) => {
        const span = `${c.colSpan && c.colSpan > 1 ? ` colspan="${c.colSpan}"` : ''}${c.rowSpan && c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : ''}`;
        return `<td${span}${style({ 'text-align': c.align, 'font-weight': c.bold ? 'bold' : undefined })}>${esc(c.text)}</td>`;
      })
      .join('')}</tr>`;
  const head = t.rows.slice(0, t.headerRows).map(row).join('');
  const body = t.rows.slice(t.headerRows).map(row).join('');
  const borders = t.borders === 'none' ? 'ir-grid' : 'ir-table';
  return (
    `<table class="${borders} ${fontClass(t.font)}"${style({ 'font-size': pt(t.size) })}><colgroup>${cols}</colgroup>` +
    `${head ? `<thead>${head}</thead>` : ''}<tbody>${body}</tbody></table>`
  );
}

/** The 目录 as the document layer decided it (toc-layout.ts); page numbers only from a pagination, if one is given. */
function toc(b: TableOfContents, doc: DocumentIR, pagination: Pagination | undefined): string {
  const layout = tocLayout(doc.sections, b);
  const t = layout.title.style;
  const e = layout.entry;
  const entries = layout.lines
    .map((l) => {
      const page = l.pageNumber ? pagination?.headings[l.headingId]?.printed : undefined;
      const number = page === undefined ? '' : `<span class="ir-toc-page">${page}</span>`;
      const indent = l.depth ? style({ 'padding-left': pt(l.depth * e.indentPt) }) : '';
      return `<li class="ir-toc-l${l.level}${l.leader === 'dot' && number ? ' ir-toc-dots' : ''}"${indent}><a href="#ir-${esc(l.headingId)}">${esc(l.text)}</a>${number}</li>`;
    })
    .join('');
  const titleProps = {
    'font-size': pt(t.size),
    'text-align': t.align,
    'font-weight': t.bold ? 'bold' : undefined,
    'line-height': t.lineHeightPt ? pt(t.lineHeightPt) : undefined,
    'margin-bottom': pt(t.spaceAfterPt),
  };
  return (
    `<h1 class="ir-toc-title ${fontClass(t.font)}"${style(titleProps)}>${esc(layout.title.text)}</h1>` +
    `<ol class="ir-toc ${fontClass(e.font)}"${style({ 'font-size': pt(e.size), 'line-height': e.lineHeightPt ? pt(e.lineHeightPt) : undefined })}>${entries}</ol>`
  );
}

function block(b: Block, doc: DocumentIR, pagination: Pagination | undefined): string {
  switch (b.kind) {
    case 'paragraph':
      return paragraph(b);
    case 'heading':
      return heading(b);
    case 'table':
      return table(b);
    case 'toc':
      return toc(b, doc, pagination);
    case 'pageBreak':
      return '';
  }
}

/** One section: one page box per run of blocks between page breaks. */
function section(s: Section, doc: DocumentIR, pagination: Pagination | undefined): string {
  const landscape = s.page.orientation === 'landscape';
  const [w, h] = landscape ? [A4.long, A4.short] : [A4.short, A4.long];
  const pages: Block[][] = [[]];
  for (const b of s.blocks) {
    if (b.kind === 'pageBreak') pages.push([]);
    else pages[pages.length - 1]!.push(b);
  }
  const m = s.margins;
  const props = {
    width: pt(w),
    'min-height': pt(h),
    padding: `${pt(m.top)} ${pt(m.right)} ${pt(m.bottom)} ${pt(m.left)}`,
    'justify-content': s.verticalAlign === 'center' ? 'center' : undefined,
  };
  return pages
    .map(
      (blocks, i) =>
        `<section class="ir-page ${landscape ? 'ir-landscape' : 'ir-portrait'}" data-section="${esc(s.id)}${pages.length > 1 ? `-${i + 1}` : ''}"${style(props)}>` +
        `<div class="ir-body">${blocks.map((b) => block(b, doc, pagination)).join('')}</div></section>`,
    )
    .join('');
}

export interface HtmlOptions {
  /** the document's pagination (a PDF layout): the 目录 then prints its page numbers; the live preview has none */
  pagination?: Pagination;
}

/** The whole document as page boxes inside one `<div class="ir-doc">`. */
export function renderHtml(doc: DocumentIR, options: HtmlOptions = {}): string {
  return `<div class="ir-doc" lang="${esc(doc.meta.language)}">${doc.sections.map((s) => section(s, doc, options.pagination)).join('')}</div>`;
}

/** The stylesheet the fragment expects (page boxes, tables, headings). */
export const irCss = `
.ir-doc{display:flex;flex-flow:row wrap;justify-content:center;align-items:flex-start;gap:24px;padding:24px 16px 48px;color:#000}
.ir-page{box-sizing:border-box;background:#fff;box-shadow:0 1px 3px rgba(0,0,0,.25),0 4px 16px rgba(0,0,0,.08);display:flex;flex-direction:column;flex:none}
.ir-body{min-width:0}
.ir-p{margin:0;white-space:pre-wrap;word-break:break-all}
.ir-h{margin:0;font-weight:normal}
.ir-table,.ir-grid{width:100%;border-collapse:collapse;table-layout:fixed;margin:0}
.ir-table td{border:0.75pt solid #000;padding:1pt 3pt;vertical-align:middle;white-space:pre-wrap;word-break:break-all;line-height:1.3}
.ir-table thead td{background:#fff}
.ir-grid td{border:none;padding:2pt 0 4pt;white-space:pre-wrap}
.ir-toc{list-style:none;margin:12pt 0 0;padding:0}
.ir-toc a{color:inherit;text-decoration:none}
.ir-toc a:hover{text-decoration:underline}
.ir-toc li{display:flex;align-items:baseline}
.ir-toc-page{margin-left:auto;padding-left:1em}
.ir-toc-dots a{flex:none}
.ir-toc-dots::after{content:"";order:1;flex:1;border-bottom:1pt dotted #000;margin:0 .25em}
.ir-toc-dots .ir-toc-page{order:2;margin-left:0;padding-left:0}
.ir-toc-title{margin:0}
`;
