// Section properties: page size and orientation, margins, footer with the
// page number, numbering restart and the cover's vertical centring.
import {
  AlignmentType,
  Footer,
  Header,
  type ISectionOptions,
  PageNumber,
  PageOrientation,
  Paragraph,
  Tab,
  TabStopType,
  TextRun,
  VerticalAlignSection,
} from 'docx';
import type { Footer as IrFooter, RunningHeader, Section } from '../../ir/types.js';
import type { FontTable } from './fonts.js';
import { A4_TWIPS, alignment, halfPoints, twips } from './units.js';

/** Width available to text and tables, twips. */
export function textWidth(s: Section): number {
  const pageWidth = s.page.orientation === 'landscape' ? A4_TWIPS.height : A4_TWIPS.width;
  return pageWidth - twips(s.margins.left) - twips(s.margins.right);
}

/** GB/T 9704 (as the PDF renderer): the page number's top sits 7 mm below the text block. */
const FOOTER_GAP_PT = (7 / 25.4) * 72;

/** Word measures the footer from the page's bottom edge to the footer's last line. */
function footerDistance(s: Section): number {
  const lineHeight = (s.footer?.size ?? 14) * 1.3;
  return twips(Math.max(s.margins.bottom - FOOTER_GAP_PT - lineHeight, 18));
}

function footer(f: IrFooter | null, fonts: FontTable): Footer {
  // A section without a footer of its own would inherit the previous one in
  // Word, so footer-less sections get an explicitly empty footer.
  if (!f) return new Footer({ children: [new Paragraph({ children: [] })] });
  const style = { font: fonts[f.font], size: halfPoints(f.size), sizeComplexScript: halfPoints(f.size), color: '000000' };
  const parts: TextRun[] = [];
  if (f.before) parts.push(new TextRun({ ...style, text: f.before }));
  parts.push(new TextRun({ ...style, children: [PageNumber.CURRENT] }));
  if (f.after) parts.push(new TextRun({ ...style, text: f.after }));
  return new Footer({ children: [new Paragraph({ children: parts, alignment: alignment(f.align) })] });
}

export function sectionProperties(
  s: Section,
  fonts: FontTable,
  restartNumbering: boolean,
  /** another section has a running header: this one states an empty one, or Word would inherit it */
  emptyHeader = false,
): Omit<ISectionOptions, 'children'> {
  const landscape = s.page.orientation === 'landscape';
  return {
    properties: {
      page: {
        // docx swaps width and height itself when given landscape; it is given portrait dimensions.
        size: { width: A4_TWIPS.width, height: A4_TWIPS.height, orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
        margin: {
          top: twips(s.margins.top),
          right: twips(s.margins.right),
          bottom: twips(s.margins.bottom),
          left: twips(s.margins.left),
          header: twips(s.margins.top / 2),
          footer: footerDistance(s),
        },
        pageNumbers: restartNumbering ? { start: 1 } : undefined,
      },
      verticalAlign: s.verticalAlign === 'center' ? VerticalAlignSection.CENTER : undefined,
      // a running header skips the section's first page, which has the title as paragraphs
      ...(s.runningHeader ? { titlePage: true } : {}),
    },
    // a different first page (the running header's) keeps the same footer
    footers: s.runningHeader ? { default: footer(s.footer, fonts), first: footer(s.footer, fonts) } : { default: footer(s.footer, fonts) },
    ...(s.runningHeader
      ? { headers: runningHeaders(s.runningHeader, s, fonts) }
      : emptyHeader
        ? { headers: { default: new Header({ children: [new Paragraph({ children: [] })] }) } }
        : {}),
  };
}

/**
 * A long table's title and the line above it on every page of its section
 * but the first (Word's different first page): the first has them as paragraphs.
 */
function runningHeaders(h: RunningHeader, s: Section, fonts: FontTable): { default: Header; first: Header } {
  const run = (text: string, font: 'title' | 'table', size: number) =>
    new TextRun({ text, font: fonts[font], size: halfPoints(size), sizeComplexScript: halfPoints(size), color: '000000' });
  const children = [new Paragraph({ children: [run(h.title, 'title', h.titleSize)], alignment: AlignmentType.CENTER })];
  if (h.info) {
    const width = twips(pageWidthPt(s) - s.margins.left - s.margins.right);
    children.push(
      new Paragraph({
        children: [run(h.info.left, 'table', h.info.size), new TextRun({ children: [new Tab()] }), run(h.info.right, 'table', h.info.size)],
        tabStops: [{ type: TabStopType.RIGHT, position: width }],
      }),
    );
  }
  return { default: new Header({ children }), first: new Header({ children: [new Paragraph({ children: [] })] }) };
}

const pageWidthPt = (s: Section): number => (s.page.orientation === 'landscape' ? 841.89 : 595.28);
