// A section centred on its page (the cover). Word honours the section's
// vAlign, but LibreOffice (7.4) ignores it on import and prints the cover at
// the top of the page. Both honour a table cell's vertical alignment and an
// exact row height: the content goes into one borderless cell as high as the
// text area, as the PDF renderer centres it.
import { BorderStyle, HeightRule, Table, TableCell, TableRow, VerticalAlign, WidthType, type Paragraph } from 'docx';
import type { Section } from '../../ir/types.js';
import { textWidth } from './sections.js';
import { A4_TWIPS, twips } from './units.js';

/** Text area height in twips, less a little: a row as high as the room would spill onto a page of its own. */
function textHeight(s: Section): number {
  const pageHeight = s.page.orientation === 'landscape' ? A4_TWIPS.width : A4_TWIPS.height;
  return pageHeight - twips(s.margins.top) - twips(s.margins.bottom) - twips(4);
}

const NONE = { style: BorderStyle.NONE, size: 0, color: 'auto' } as const;

export function centredOnPage(children: readonly (Paragraph | Table)[], s: Section): Table {
  const width = textWidth(s);
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: [width],
    borders: { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE },
    rows: [
      new TableRow({
        height: { value: textHeight(s), rule: HeightRule.EXACT },
        cantSplit: true,
        children: [
          new TableCell({
            children: [...children],
            verticalAlign: VerticalAlign.CENTER,
            margins: { top: 0, bottom: 0, left: 0, right: 0 },
            width: { size: width, type: WidthType.DXA },
          }),
        ],
      }),
    ],
  });
}
