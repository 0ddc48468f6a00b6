// Maps IR font roles to Word font declarations.
import type { DocumentIR, FontRole } from '../../ir/types.js';

/**
 * Latin letters and digits are set in Times New Roman, as 公文 templates do:
 * the GB2312-era faces (仿宋_GB2312 …) have poor proportional Latin glyphs, and
 * Word uses ascii/hAnsi for digits even with hint=eastAsia. Characters in the
 * ranges shared by CJK and Latin (quotes, dashes, ·) follow the eastAsia face
 * because of hint=eastAsia.
 */
export const LATIN_FONT = 'Times New Roman';

export interface RunFont {
  readonly ascii: string;
  readonly hAnsi: string;
  readonly eastAsia: string;
  readonly cs: string;
  readonly hint: 'eastAsia';
}

export type FontTable = Readonly<Record<FontRole, RunFont>>;

export function fontTable(doc: DocumentIR): FontTable {
  const entry = (role: FontRole): RunFont => ({
    ascii: LATIN_FONT,
    hAnsi: LATIN_FONT,
    eastAsia: doc.fonts[role].docxName,
    cs: doc.fonts[role].docxName,
    hint: 'eastAsia',
  });
  return {
    title: entry('title'),
    heading: entry('heading'),
    body: entry('body'),
    kai: entry('kai'),
    table: entry('table'),
  };
}
