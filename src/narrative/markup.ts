// The line markup that narrative templates write after Handlebars has filled
// them in. One line is one block, so clerks see the document's shape at a glance:
//   # 第一部分 …        part title (each part starts a new page)
//   ## 主要职能          section, numbered 一、二、… within its part
//   ### 机关运行经费情况  sub-section, numbered （一）（二）… within its section
//   - text              list item numbered 一、二、…   -- text: （一）（二）…
//   ::table ID [ARG]    a table from the layouts (on its own page)
//   ::noindent / ::signature / ::cover-year / ::cover-title  text
//   anything else       a body paragraph
export type MarkupBlock =
  | { kind: 'part'; text: string; line: number }
  | { kind: 'section'; text: string; line: number }
  | { kind: 'subsection'; text: string; line: number }
  | { kind: 'item'; style: 'cn' | 'paren'; text: string; line: number }
  | { kind: 'table'; id: string; arg?: string; line: number }
  | { kind: 'styled'; style: 'noindent' | 'signature' | 'cover-year' | 'cover-title'; text: string; line: number }
  | { kind: 'paragraph'; text: string; line: number };

const STYLED = new Set(['noindent', 'signature', 'cover-year', 'cover-title']);

export interface MarkupProblem {
  line: number;
  message: string;
}

export function parseMarkup(source: string): { blocks: MarkupBlock[]; problems: MarkupProblem[] } {
  const blocks: MarkupBlock[] = [];
  const problems: MarkupProblem[] = [];
  source.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const t = raw.trim();
    if (!t) return;
    let m: RegExpMatchArray | null;
    if ((m = t.match(/^(#{1,3})\s+(.*)$/))) {
      const kind = m[1]!.length === 1 ? 'part' : m[1]!.length === 2 ? 'section' : 'subsection';
      blocks.push({ kind, text: m[2]!, line });
    } else if ((m = t.match(/^(--?)\s+(.*)$/))) {
      blocks.push({ kind: 'item', style: m[1] === '-' ? 'cn' : 'paren', text: m[2]!, line });
    } else if ((m = t.match(/^::([\w-]+)\s*(.*)$/))) {
      const [, name, rest] = m as unknown as [string, string, string];
      if (name === 'table') {
        const [id, arg] = rest.split(/\s+/);
        if (!id) problems.push({ line, message: 'markup.table_without_id' });
        else blocks.push({ kind: 'table', id, ...(arg !== undefined ? { arg } : {}), line });
      } else if (STYLED.has(name)) {
        blocks.push({ kind: 'styled', style: name as 'noindent', text: rest, line });
      } else problems.push({ line, message: `markup.unknown_directive:${name}` });
    } else blocks.push({ kind: 'paragraph', text: t, line });
  });
  return { blocks, problems };
}
