// A CSV catalogue as Chinese budget systems and Excel save it: UTF-8 with or
// without a BOM, UTF-16 ("Unicode text"), or GBK/GB18030 (decoded, not
// refused: it is what most systems export). Quoted fields, "" escapes,
// CRLF, and tab-separated files are understood.
import { tr, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';
import type { CatalogueTable, TableCell } from './table-rows.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function gb18030(): TextDecoder | null {
  try {
    return new TextDecoder('gb18030', { fatal: true });
  } catch {
    return null; // a Node built without full ICU
  }
}

/** The text of the file, or a problem at the first line that is not UTF-8. */
export function decodeCatalogueText(file: string, bytes: Uint8Array, lang: Lang): { text: string } | { problem: Diagnostic } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    // not UTF-8: GBK is the usual reason
  }
  const gb = gb18030();
  if (gb)
    try {
      return { text: gb.decode(bytes) };
    } catch {
      // neither
    }
  let line = 1;
  for (const b of bytes) {
    if (b >= 0x80) break;
    if (b === 0x0a) line++;
  }
  return {
    problem: {
      severity: 'error',
      code: 'catalogue.encoding',
      message: tr(lang, '科目表既不是 UTF-8 也不是 GBK 编码', 'the catalogue is neither UTF-8 nor GBK'),
      hint: tr(lang, '用 Excel 或 WPS “另存为”“CSV UTF-8（逗号分隔）”', 'save it again as “CSV UTF-8 (comma delimited)” in Excel or WPS'),
      file,
      line,
      column: 1,
    },
  };
}

/** Records of the CSV with each cell's line and column (a quoted cell may span lines). */
export function parseCsv(file: string, text: string, unclosed?: (at: TableCell['place']) => void): TableCell[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const sep = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  const rows: TableCell[][] = [];
  let row: TableCell[] = [];
  let line = 1;
  let col = 1;
  let i = 0;
  const n = text.length;
  while (i <= n) {
    const start = { line, column: col };
    let value = '';
    if (text[i] === '"') {
      i++;
      col++;
      let closed = false;
      for (; i < n; i++, col++) {
        const ch = text[i]!;
        if (ch === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i++;
            col++;
          } else {
            i++;
            col++;
            closed = true;
            break;
          }
        } else {
          if (ch === '\n') {
            line++;
            col = 0;
          }
          value += ch;
        }
      }
      if (!closed) unclosed?.({ file, ...start });
    }
    // unquoted part (or what follows a closing quote, kept as Excel does)
    while (i < n && text[i] !== sep && text[i] !== '\n' && text[i] !== '\r') {
      value += text[i++]!;
      col++;
    }
    row.push({ text: value, place: { file, ...start }, ref: '' });
    if (i < n && text[i] === sep) {
      i++;
      col++;
      continue;
    }
    // end of record
    if (text[i] === '\r') i++;
    i++;
    line++;
    col = 1;
    if (row.length > 1 || row[0]!.text !== '') rows.push(row);
    row = [];
  }
  return rows;
}

const quoteProblem = (lang: Lang, place: TableCell['place'], swallowed?: number): { problem: Diagnostic } => ({
  problem: {
    severity: 'error',
    code: 'catalogue.unclosed_quote',
    message:
      swallowed === undefined
        ? tr(
            lang,
            '这里的引号 " 没有配对：从这里到文件末尾都被当成了同一格',
            'this quote " is never closed: everything from here to the end of the file is read as one cell',
          )
        : tr(
            lang,
            `这里的引号 " 没有配对：第 ${swallowed} 行的科目被读进了这一格`,
            `this quote " is not closed on its line: the code on line ${swallowed} is read into this cell`,
          ),
    hint: tr(lang, '删去这个引号，或在这一格的末尾补上另一个引号', 'remove this quote, or add the closing quote at the end of the cell'),
    ...place,
  },
});

export function csvTable(file: string, bytes: Uint8Array, lang: Lang): CatalogueTable | { problem: Diagnostic } {
  const decoded = decodeCatalogueText(file, bytes, lang);
  if ('problem' in decoded) return decoded;
  let open: TableCell['place'] | undefined;
  const rows = parseCsv(file, decoded.text, (at) => (open ??= at));
  if (open) return quoteProblem(lang, open);
  // names never span lines: a quoted cell holding a line that starts with a code swallowed the next row
  for (const row of rows)
    for (const cell of row) {
      const lines = cell.text.split(/\r?\n/);
      const at = lines.findIndex((l, k) => k > 0 && /^\s*\d{3,}\s*[,\t]/.test(l));
      if (at > 0) return quoteProblem(lang, cell.place, (cell.place.line ?? 1) + at);
    }
  return { file, rows, start: { file, line: 1, column: 1 } };
}
