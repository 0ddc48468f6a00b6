// Rewrites of the XML docx writes, for layout its API cannot express.

const EMPTY_SECTION_PARAGRAPH = /<w:p><w:pPr><w:sectPr>([\s\S]*?)<\/w:sectPr><\/w:pPr><\/w:p>/g;

/**
 * docx ends a section that closes with a table or a TOC with an extra empty
 * paragraph holding the sectPr (OOXML has nowhere else to put it). At the
 * default 16 pt that paragraph can spill onto a page of its own when the table
 * or TOC fills the page, so it is made 1 pt high.
 */
export function shrinkSectionBreakParagraphs(documentXml: string): string {
  return documentXml.replace(
    EMPTY_SECTION_PARAGRAPH,
    (_m, sect: string) =>
      `<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr><w:sectPr>${sect}</w:sectPr></w:pPr></w:p>`,
  );
}

/**
 * No hanging punctuation, for every paragraph: LibreOffice hangs a line-end
 * "，" or "。" past the right margin, and its PDF export then loses it
 * ("350 万元主要原因"). Without hanging, the punctuation takes the character
 * before it to the next line, as Word laid out the original. docx writes
 * overflowPunct only when true, so the default is set in styles.xml here.
 */
export function noHangingPunctuation(stylesXml: string): string {
  const at = '<w:pPrDefault><w:pPr>';
  if (!stylesXml.includes(at)) throw new Error('docx: styles.xml has no pPrDefault (docx version changed?)');
  return stylesXml.replace(at, `${at}<w:overflowPunct w:val="0"/>`);
}
