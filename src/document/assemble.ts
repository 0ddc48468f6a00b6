// Narrative blocks and tables → the one document IR, with the styles of the
// template set applied. Numbering (一、（一）表一) follows from order here, so
// inserting a section or a table renumbers the rest.
import type { Block, DocumentIR, FontFace, FontRole, Footer, Heading, Margins, Paragraph, Run, Section, Table } from '../ir/types.js';
import { packagedFonts } from '../fonts/packaged.js';
import type { MarkupBlock } from '../narrative/markup.js';
import { chineseNumber } from '../narrative/format.js';
import type { Styles } from '../templates/load.js';

export interface TableInsert {
  /** 表一：, or '' for tables that carry no label (绩效目标表) */
  label: string;
  title: string;
  /** listed in the table of contents (the nine tables are; each 绩效目标表 is not) */
  inToc?: boolean;
  /** 编制部门：…, 单位：万元 — null where the form has no such line */
  info: { left: string; right: string } | null;
  table: Table;
  notes: string[];
  orientation: 'portrait' | 'landscape';
  /** this table's page margins (points), over the styles' table margins for its orientation */
  margins?: Partial<Margins> | undefined;
}

export interface AssembleInput {
  styles: Styles;
  meta: DocumentIR['meta'];
  cover: MarkupBlock[];
  tocTitle: string;
  parts: MarkupBlock[][];
  /** resolves a ::table directive to what it inserts */
  table: (id: string, arg: string | undefined, line: number) => TableInsert | null;
}

const PDF_FILES = {
  serif: { regular: packagedFonts.serifRegular, bold: packagedFonts.serifBold },
  'serif-bold': { regular: packagedFonts.serifBold, bold: packagedFonts.serifBold },
  sans: { regular: packagedFonts.sansRegular, bold: packagedFonts.sansBold },
  'sans-bold': { regular: packagedFonts.sansBold, bold: packagedFonts.sansBold },
} as const;

function fontMap(styles: Styles): Record<FontRole, FontFace> {
  const face = (role: FontRole): FontFace => {
    const f = styles.fonts[role];
    const sans = f.pdf.startsWith('sans');
    return { docxName: f.docx, pdf: PDF_FILES[f.pdf], fallback: sans ? PDF_FILES.serif : PDF_FILES.sans };
  };
  return { title: face('title'), heading: face('heading'), body: face('body'), kai: face('kai'), table: face('table') };
}

export function assemble(input: AssembleInput): DocumentIR {
  const { styles } = input;
  const S = styles.sizes;
  const pitch = styles.line_pitch;
  const footer: Footer = { before: styles.footer.before, after: styles.footer.after, font: 'body', size: S.footer, align: 'center' };
  const sections: Section[] = [];
  let headingCount = 0;
  const nextId = () => `h${++headingCount}`;

  const section = (id: string, orientation: 'portrait' | 'landscape', blocks: Block[], opts: Partial<Section> = {}): Section => ({
    kind: 'section',
    id,
    page: { size: 'A4', orientation },
    margins: orientation === 'portrait' ? styles.page.margins : styles.page.landscape_margins,
    footer,
    blocks,
    ...opts,
  });

  const para = (runs: Run[] | string, extra: Partial<Paragraph> = {}): Paragraph => ({
    kind: 'paragraph',
    runs: typeof runs === 'string' ? [{ text: runs }] : runs,
    font: 'body',
    size: S.body,
    align: 'justify',
    firstLineIndentChars: 2,
    lineHeightPt: pitch,
    ...extra,
  });

  const heading = (level: 1 | 2 | 3, text: string, extra: Partial<Heading> = {}): Heading => ({
    kind: 'heading',
    level,
    text,
    font: level === 1 ? 'title' : level === 2 ? 'heading' : 'kai',
    size: level === 1 ? S.part_title : S.heading,
    align: level === 1 ? 'center' : 'left',
    lineHeightPt: level === 1 ? Math.max(pitch, S.part_title * 1.5) : pitch,
    toc: level <= 2,
    id: nextId(),
    ...(level === 1 ? { spaceAfterPt: pitch / 2 } : {}),
    ...extra,
  });

  // cover
  sections.push(
    section(
      'cover',
      'portrait',
      input.cover.map((b) =>
        b.kind === 'styled' && b.style === 'cover-year'
          ? para(b.text, { font: 'title', size: S.cover_year, align: 'center', firstLineIndentChars: 0, lineHeightPt: S.cover_year * 2.4 })
          : para('text' in b ? b.text : '', { font: 'title', size: S.cover_title, align: 'center', firstLineIndentChars: 0, lineHeightPt: S.cover_title * 2 }),
      ),
      { footer: null, verticalAlign: 'center' },
    ),
  );
  sections.push(
    section('toc', 'portrait', [{ kind: 'toc', title: input.tocTitle, levels: [1, 2], font: 'body', size: S.body, lineHeightPt: pitch }]),
  );

  // A part that does not open with a part title (the signature) runs on after
  // the previous one instead of starting a page.
  let blocks: Block[] = [];
  const flush = () => {
    if (blocks.length) sections.push(section(`s${sections.length}`, 'portrait', blocks));
    blocks = [];
  };
  for (const part of input.parts) {
    let sectionNo = 0;
    let subNo = 0;
    const items = { cn: 0, paren: 0 };
    for (const b of part) {
      if (b.kind !== 'item') items.cn = items.paren = 0;
      switch (b.kind) {
        case 'part':
          flush();
          sectionNo = 0;
          blocks.push(heading(1, b.text));
          break;
        case 'section':
          subNo = 0;
          blocks.push(heading(2, `${chineseNumber(++sectionNo)}、${b.text}`));
          break;
        case 'subsection':
          blocks.push(heading(3, `（${chineseNumber(++subNo)}）${b.text}`));
          break;
        case 'item': {
          const n = ++items[b.style];
          blocks.push(para(b.style === 'cn' ? `${chineseNumber(n)}、${b.text}` : `（${chineseNumber(n)}）${b.text}`));
          break;
        }
        case 'paragraph':
          blocks.push(para(b.text));
          break;
        case 'styled':
          blocks.push(
            b.style === 'signature'
              ? para(b.text, { align: 'right', firstLineIndentChars: 0 })
              : para(b.text, { firstLineIndentChars: 0 }),
          );
          break;
        case 'table': {
          const t = input.table(b.id, b.arg, b.line);
          if (!t) break;
          flush();
          sections.push(section(`s${sections.length}`, t.orientation, tableBlocks(t), tableMargins(t.orientation, t.margins)));
          break;
        }
      }
    }
  }
  flush();

  function tableMargins(o: 'portrait' | 'landscape', own?: Partial<Margins>): Partial<Section> {
    const base = o === 'portrait' ? styles.page.table_margins : styles.page.landscape_margins;
    return { margins: own ? { ...base, ...own } : base };
  }

  function tableBlocks(t: TableInsert): Block[] {
    const out: Block[] = [];
    if (t.label) out.push(para(t.label, { font: 'heading', size: S.heading, align: 'left', firstLineIndentChars: 0 }));
    out.push(heading(2, t.title, { font: 'title', size: S.table_title, align: 'center', spaceAfterPt: 6, toc: t.inToc ?? true }));
    if (t.info)
      out.push({
        kind: 'table',
        columns: [{ width: 3 }, { width: 1 }],
        headerRows: 0,
        borders: 'none',
        rows: [[{ text: t.info.left, align: 'left' }, { text: t.info.right, align: 'right' }]],
        font: 'table',
        size: S.table_info,
      });
    out.push(t.table);
    for (const n of t.notes) out.push(para(n, { font: 'table', size: S.table_info, firstLineIndentChars: 0, lineHeightPt: S.table_info * 1.8, spaceBeforePt: 6 }));
    return out;
  }

  return { kind: 'document', meta: input.meta, fonts: fontMap(styles), sections };
}
