// Right-to-left words (Uyghur, Arabic, Hebrew) inside a line of Chinese. The
// PDF's lines are put in visual order by the engine patch pdfmake-bidi-lines;
// where the libraries run stock nothing does, and the font engine reverses a
// run it sees starting in a right-to-left script (the Chinese after a Uyghur
// word came out "单门部" for "部门单"), so there such a paragraph or cell is
// refused, at the line of the data or template that writes the word
// (README: 文字方向).
import { tr, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';
import type { DocumentIR } from '../ir/types.js';

const RTL = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const RTL_RUN =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]+(?:[ \u00a0][\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]+)*/u;
/** a letter of a left-to-right script (Han, Latin …): with an RTL word it makes a line of two directions */
const LTR_LETTER = /(?![\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}])\p{L}/u;

export interface TextSource {
  path: string;
  text: string;
}

/** Every text printed as one paragraph or cell. */
function texts(doc: DocumentIR): string[] {
  const out: string[] = [];
  for (const s of doc.sections)
    for (const b of s.blocks) {
      if (b.kind === 'paragraph') out.push(b.runs.map((r) => r.text).join(''));
      else if (b.kind === 'heading') out.push(b.text);
      else if (b.kind === 'table') for (const row of b.rows) for (const c of row) out.push(c.text);
      else if (b.kind === 'toc') out.push(b.title);
    }
  return out;
}

function written(needle: string, sources: readonly TextSource[]): { file: string; line: number; column: number } | undefined {
  for (const s of sources) {
    const i = s.text.indexOf(needle);
    if (i < 0) continue;
    const before = s.text.slice(0, i).split('\n');
    return { file: s.path, line: before.length, column: before[before.length - 1]!.length + 1 };
  }
  return undefined;
}

export function mixedDirectionErrors(doc: DocumentIR, lang: Lang | undefined, sources: readonly TextSource[], fallback: { file: string }): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const t of texts(doc)) {
    if (!RTL.test(t) || !LTR_LETTER.test(t)) continue;
    const word = RTL_RUN.exec(t)![0];
    if (seen.has(word)) continue;
    seen.add(word);
    const shown = t.length > 40 ? `${t.slice(0, 40)}…` : t;
    out.push({
      severity: 'error',
      code: 'text.mixed_direction',
      message: tr(
        lang,
        `“${word}”是从右向左书写的文字，与中文印在同一段或同一格（“${shown}”）：PDF 会把它后面的中文印反`,
        `“${word}” is right-to-left text printed in one paragraph or cell with Chinese (“${shown}”): the PDF would print the Chinese after it in reverse`,
      ),
      hint: tr(lang, '把它写成单独的一段或一格，或改用中文译名', 'put it in a paragraph or cell of its own, or use its Chinese name'),
      ...(written(word, sources) ?? { ...fallback, line: 1, column: 1 }),
    });
  }
  return out;
}
