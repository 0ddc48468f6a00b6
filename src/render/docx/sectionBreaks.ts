// docx ends a section that closes with a table or a TOC with an extra empty
// paragraph holding the sectPr (OOXML has nowhere else to put it). At the
// default 16 pt that paragraph can spill onto a page of its own when the table
// or TOC fills the page, so it is made 1 pt high.
const EMPTY_SECTION_PARAGRAPH = /<w:p><w:pPr><w:sectPr>([\s\S]*?)<\/w:sectPr><\/w:pPr><\/w:p>/g;

export function shrinkSectionBreakParagraphs(documentXml: string): string {
  return documentXml.replace(
    EMPTY_SECTION_PARAGRAPH,
    (_m, sect: string) =>
      `<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr><w:sectPr>${sect}</w:sectPr></w:pPr></w:p>`,
  );
}
