// Dispatches IR blocks to their docx builders.
import { LineRuleType, Paragraph, Table, type TableOfContents } from 'docx';
import type { Block, Section } from '../../ir/types.js';
import type { FontTable } from './fonts.js';
import type { TextStyles } from './text-styles.js';
import { heading, paragraph, type HeadingFaces } from './paragraphs.js';
import { table } from './table.js';
import { tocBlocks } from './toc.js';

export interface BlockContext {
  readonly fonts: FontTable;
  readonly text: TextStyles;
  readonly headingFaces: HeadingFaces;
  readonly sections: readonly Section[];
  readonly textWidthTwips: number;
  /** heading id → page number, or the token finishDocx replaces with it */
  readonly headingPages?: Readonly<Record<string, number | string>>;
  /** ids of the headings a TOC field would collect but the TOC does not list */
  readonly unlisted?: ReadonlySet<string>;
}

export type DocxChild = Paragraph | Table | TableOfContents;

/**
 * A page break becomes pageBreakBefore on the next paragraph: a break run or
 * an empty paragraph would leave an empty line at the top of the new page.
 * Only before a table (which cannot carry it) is a 1 pt high paragraph used.
 * The same 1 pt paragraph separates two tables in a row: Word and LibreOffice
 * join adjacent tables into one, borders and all.
 */
export function sectionChildren(blocks: readonly Block[], ctx: BlockContext): DocxChild[] {
  const out: DocxChild[] = [];
  let breakPending = false;
  for (const b of blocks) {
    if (b.kind === 'pageBreak') {
      breakPending = true;
      continue;
    }
    if (b.kind === 'table' && (breakPending || out[out.length - 1] instanceof Table)) out.push(spacerParagraph(breakPending));
    out.push(...blockChildren(b, ctx, breakPending && b.kind !== 'table'));
    breakPending = false;
  }
  // A break at the end of a section is dropped: every section starts a new page anyway.
  return out;
}

function spacerParagraph(pageBreakBefore: boolean): Paragraph {
  return new Paragraph({
    children: [],
    pageBreakBefore,
    spacing: { before: 0, after: 0, line: 20, lineRule: LineRuleType.EXACT },
  });
}

function blockChildren(b: Exclude<Block, { kind: 'pageBreak' }>, ctx: BlockContext, breakBefore: boolean): DocxChild[] {
  switch (b.kind) {
    case 'paragraph':
      return [paragraph(b, ctx.text, breakBefore)];
    case 'heading':
      return [heading(b, ctx.fonts, ctx.headingFaces, breakBefore, !ctx.unlisted?.has(b.id))];
    case 'table':
      return [table(b, ctx.textWidthTwips, ctx.text)];
    case 'toc':
      return tocBlocks(b, ctx.sections, ctx.fonts, ctx.headingPages, ctx.textWidthTwips, breakBefore);
  }
}
