// Document-wide styles: defaults that make every run Chinese (language and
// fonts) even where a reader ignores run properties, heading styles the TOC
// field can find, the text styles paragraphs name (text-styles.ts), and TOC1..3
// styles that shape the cached TOC entries.
import type { IParagraphStyleOptions, IStylesOptions } from 'docx';
import type { DocumentIR, TableOfContents } from '../../ir/types.js';
import type { FontTable } from './fonts.js';
import { spacing, UNLISTED_HEADING_STYLE, type HeadingFaces } from './paragraphs.js';
import { alignment, halfPoints } from './units.js';
import { tocParagraphStyles } from './toc.js';

function firstToc(doc: DocumentIR): TableOfContents | undefined {
  for (const s of doc.sections) for (const b of s.blocks) if (b.kind === 'toc') return b;
  return undefined;
}

export function styles(doc: DocumentIR, fonts: FontTable, textStyles: readonly IParagraphStyleOptions[], headingFaces: HeadingFaces): IStylesOptions {
  // Latin-script runs (figures, IC, %) are tagged en-US, as Chinese Word does by
  // default: tagged zh-CN, LibreOffice breaks lines inside numbers ("4 / 1.39").
  const lang = { value: 'en-US', eastAsia: doc.meta.language };
  const headingStyle = (outline: number) => {
    const face = headingFaces[(outline + 1) as 1 | 2 | 3];
    return {
      // Black, upright and unspaced, in the face most headings of the level have.
      run: {
        color: '000000',
        italics: false,
        ...(face && {
          font: fonts[face.font],
          size: halfPoints(face.size),
          sizeComplexScript: halfPoints(face.size),
          bold: face.bold ?? false,
          boldComplexScript: face.bold ?? false,
        }),
      },
      paragraph: {
        spacing: face ? spacing(face.lineHeightPt, face.spaceBeforePt, face.spaceAfterPt) : { before: 0, after: 0 },
        ...(face?.align && { alignment: alignment(face.align) }),
        outlineLevel: outline,
        keepNext: true,
        keepLines: true,
      },
    };
  };
  // headings no TOC lists (a 绩效目标表's title): body text to a TOC field, every property their own
  const unlisted: IParagraphStyleOptions = {
    id: UNLISTED_HEADING_STYLE,
    name: 'Heading (not in TOC)',
    basedOn: 'Normal',
    next: 'Normal',
    paragraph: { keepNext: true, keepLines: true },
  };
  const toc = firstToc(doc);
  const tocStyles = toc ? tocParagraphStyles(toc, doc.sections, fonts) : [];
  return {
    default: {
      document: {
        run: { font: fonts.body, size: halfPoints(16), language: lang },
        paragraph: { spacing: { before: 0, after: 0 } },
      },
      heading1: headingStyle(0),
      heading2: headingStyle(1),
      heading3: headingStyle(2),
    },
    paragraphStyles: [...textStyles, unlisted, ...tocStyles],
  };
}
