// The table of contents: a real TOC field (Word can update it) whose cached
// result is already filled in from the IR and the PDF's page numbers, because
// LibreOffice's headless conversion and most viewers show the cached result.
import { LeaderType, Paragraph, type TableOfContents } from 'docx';
import { tocFieldFor } from '../../engines/docx-toc-tab-stops.js';
import type { Heading, Section, TableOfContents as IrToc, TocEntry } from '../../ir/types.js';
import type { FontTable } from './fonts.js';
import { bookmarkName, textRun } from './paragraphs.js';
import { alignment, twips } from './units.js';

/** The entries the IR lists, or (none given) every heading marked for the TOC of a listed level. */
export function tocHeadings(sections: readonly Section[], toc: IrToc): TocEntry[] {
  if (toc.entries) return [...toc.entries];
  return sections.flatMap((s) =>
    s.blocks
      .filter((b): b is Heading => b.kind === 'heading' && b.toc && toc.levels.includes(b.level))
      .map((h) => ({ headingId: h.id, text: h.text, level: h.level })),
  );
}

/** Title like the PDF renderer's: the TOC's face, 6 pt larger, bold, centred, one size of space below. */
function tocTitle(toc: IrToc, fonts: FontTable, pageBreakBefore: boolean): Paragraph {
  return new Paragraph({
    children: [textRun(toc.title, { font: toc.font, size: toc.size + 6, bold: true }, fonts)],
    alignment: alignment('center'),
    spacing: { before: 0, after: twips(toc.size) },
    keepNext: true,
    pageBreakBefore: pageBreakBefore || undefined,
  });
}

export function tocBlocks(
  toc: IrToc,
  sections: readonly Section[],
  fonts: FontTable,
  headingPages: Readonly<Record<string, number | string>> | undefined,
  textWidthTwips: number,
  pageBreakBefore = false,
): (Paragraph | TableOfContents)[] {
  const levels = [...toc.levels].sort();
  const numbered = toc.pageNumbers ?? true;
  const entries = tocHeadings(sections, toc).map((h) => ({
    title: h.text,
    // Levels restart at 1 so the TOC1.. styles' indents match the PDF, which indents from the smallest level listed.
    level: h.level - levels[0]! + 1,
    // docx prints the page with toString(): a token (finish.ts) prints as itself
    page: numbered ? (headingPages?.[h.headingId] as number | undefined) : undefined,
    href: bookmarkName(h.headingId),
  }));
  const Field = tocFieldFor(textWidthTwips);
  const field = new Field('目录', {
    hyperlink: true,
    headingStyleRange: `${levels[0]}-${levels[levels.length - 1]}`,
    cachedEntries: entries,
    tabLeader: numbered ? LeaderType.DOT : LeaderType.NONE,
    // \n: Word leaves the page numbers out when it updates the field too
    ...(numbered ? {} : { pageNumbersEntryLevelsRange: '1-9' }),
    // Clean: Word shows the cached numbers without asking to update; they come from the PDF layout.
    beginDirty: headingPages === undefined,
  });
  return [tocTitle(toc, fonts, pageBreakBefore), field];
}
