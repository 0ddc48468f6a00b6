// docx 9 puts the cached TOC entries' right tab at 9025 twips (A4 with 1-inch
// margins) whatever the section's margins, so with 公文 margins the numbers
// would wrap. Its (private) getTabStopsForLevel is called from the
// constructor, so a subclass per text width replaces it on the prototype.
// Stock docx (patch off): the library's own class, tab at 9025.
import { type LeaderType, TableOfContents } from 'docx';

type TabStops = { type: 'right'; position: number; leader: (typeof LeaderType)[keyof typeof LeaderType] }[];

let installed = false;

export function patchTocTabStops(): () => void {
  const proto = TableOfContents.prototype as unknown as Record<string, unknown>;
  if (typeof proto.getTabStopsForLevel !== 'function') throw new Error('docx: TableOfContents.getTabStopsForLevel not found');
  installed = true;
  return () => {
    installed = false;
  };
}

/** The TOC field class whose cached entries put the page number at the right edge of the text. */
export function tocFieldFor(textWidthTwips: number): typeof TableOfContents {
  if (!installed) return TableOfContents;
  class TocField extends TableOfContents {}
  Object.defineProperty(TocField.prototype, 'getTabStopsForLevel', {
    value: (_level: number, leader: TabStops[number]['leader']): TabStops => [{ type: 'right', position: textWidthTwips, leader }],
  });
  return TocField;
}
