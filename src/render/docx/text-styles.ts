// Paragraph styles for the document's text, one per face and size the IR uses
// (正文 16 磅, 表格 10 磅, …). A paragraph names its style and its runs carry
// only what differs from it (a 楷体 run inside 正文, bold). A clerk restyles
// every table in Word by changing one style, and the document has a third of
// the XML to write and to read: before, each of its ~1,700 runs and paragraph
// marks repeated the fonts and the size.
import type { IParagraphStyleOptions } from 'docx';
import type { FontRole } from '../../ir/types.js';
import type { FontTable } from './fonts.js';
import { halfPoints } from './units.js';

const ROLE_NAMES: Readonly<Record<FontRole, string>> = {
  title: '标题',
  heading: '黑体',
  body: '正文',
  kai: '楷体',
  table: '表格',
};

export interface TextStyle {
  readonly font: FontRole;
  readonly size: number;
}

export class TextStyles {
  private readonly used = new Map<string, TextStyle>();

  constructor(readonly fonts: FontTable) {}

  /** The style id for text of this face and size; the style is defined when first asked for. */
  id(style: TextStyle): string {
    const id = `Text${style.font[0]!.toUpperCase()}${style.font.slice(1)}${halfPoints(style.size)}`;
    if (!this.used.has(id)) this.used.set(id, { font: style.font, size: style.size });
    return id;
  }

  /** Definitions of the styles asked for so far, in the order they were first used. */
  definitions(): IParagraphStyleOptions[] {
    return [...this.used].map(([id, s]) => ({
      id,
      name: `${ROLE_NAMES[s.font]} ${s.size} 磅`,
      basedOn: 'Normal',
      quickFormat: true,
      run: {
        font: this.fonts[s.font],
        size: halfPoints(s.size),
        sizeComplexScript: halfPoints(s.size),
        color: '000000',
      },
      // Written here so Word's and LibreOffice's own defaults never add space.
      paragraph: { spacing: { before: 0, after: 0 } },
    }));
  }
}
