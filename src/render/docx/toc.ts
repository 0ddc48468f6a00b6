// The table of contents: a real TOC field (Word can update it) whose cached
// result is already filled in from the document layer's 目录 (toc-layout.ts)
// and the pagination's numbers, because LibreOffice's headless conversion and
// most viewers show the cached result.
import { LeaderType, Paragraph, type IParagraphStyleOptions, type TableOfContents } from 'docx';
import { tocFieldFor } from '../../engines/docx-toc-tab-stops.js';
import { tocLayout, type TocLayout } from '../../document/toc-layout.js';
import type { Section, TableOfContents as IrToc } from '../../ir/types.js';
import type { FontTable } from './fonts.js';
import { bookmarkName, spacing, textRun } from './paragraphs.js';
import { alignment, halfPoints, twips } from './units.js';

function tocTitle(toc: TocLayout, fonts: FontTable, pageBreakBefore: boolean): Paragraph {
  const t = toc.title.style;
  return new Paragraph({
    children: [textRun(toc.title.text, { font: t.font, size: t.size, bold: t.bold }, fonts)],
    alignment: alignment(t.align),
    spacing: spacing(t.lineHeightPt, 0, t.spaceAfterPt),
    keepNext: true,
    pageBreakBefore: pageBreakBefore || undefined,
  });
}

/**
 * The TOC1..3 paragraph styles the cached entries (and Word's own, after an
 * update) use: the entry face, its line pitch, one indent step per level.
 */
export function tocParagraphStyles(toc: IrToc, sections: readonly Section[], fonts: FontTable): IParagraphStyleOptions[] {
  const e = tocLayout(sections, toc).entry;
  return ([1, 2, 3] as const).map((level) => ({
    id: `TOC${level}`,
    name: `toc ${level}`,
    basedOn: 'Normal',
    next: 'Normal',
    run: { font: fonts[e.font], size: halfPoints(e.size), sizeComplexScript: halfPoints(e.size), color: '000000' },
    paragraph: {
      indent: { left: twips((level - 1) * e.indentPt) },
      spacing: e.lineHeightPt ? { before: 0, after: 0, line: twips(e.lineHeightPt), lineRule: 'exact' as const } : { before: 0, after: 0 },
    },
  }));
}

export function tocBlocks(
  irToc: IrToc,
  sections: readonly Section[],
  fonts: FontTable,
  headingPages: Readonly<Record<string, number | string>> | undefined,
  textWidthTwips: number,
  pageBreakBefore = false,
): (Paragraph | TableOfContents)[] {
  const toc = tocLayout(sections, irToc);
  const [lo, hi] = toc.levelRange;
  const entries = toc.lines.map((l) => ({
    title: l.text,
    // TOC1 is the top listed level: the styles' indents are the layout's depth
    level: l.depth + 1,
    // docx prints the page with toString(): a token (finish.ts) prints as itself
    page: l.pageNumber ? (headingPages?.[l.headingId] as number | undefined) : undefined,
    href: bookmarkName(l.headingId),
  }));
  const Field = tocFieldFor(textWidthTwips);
  const dotted = toc.lines.some((l) => l.leader === 'dot');
  const field = new Field('目录', {
    hyperlink: true,
    headingStyleRange: `${lo}-${hi}`,
    cachedEntries: entries,
    tabLeader: dotted ? LeaderType.DOT : LeaderType.NONE,
    // \n: Word leaves the page numbers out when it updates the field too
    ...(toc.numbered ? {} : { pageNumbersEntryLevelsRange: '1-9' }),
    // Clean: Word shows the cached numbers without asking to update; they come from the pagination.
    // Dirty only when numbers are due and none were given.
    beginDirty: toc.numbered && headingPages === undefined,
  });
  return [tocTitle(toc, fonts, pageBreakBefore), field];
}
