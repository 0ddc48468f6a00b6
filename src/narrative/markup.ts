// The line markup that narrative templates write after Handlebars has filled
// them in. One line is one block, so clerks see the document's shape at a glance:
//   # 第一部分 …        part title (each part starts a new page)
//   ## 主要职能          section, numbered 一、二、… within its part
//   ### 机关运行经费情况  sub-section, numbered （一）（二）… within its section
//   ##! / ###! text     the same, kept out of the 目录;  ##= / ###= text: not numbered
//   ## text {toc: other} the 目录 lists the heading worded `other`
//   - text              list item 一、   -- （一）   --- 1.   ---- （1）   -* ①
//   ::restart [MARKER]  the next item of that list style (all styles: no MARKER) counts from 1 again
//   ::table ID [ARG]    a table from the layouts (on its own page)
//   ::noindent / ::signature / ::cover-year / ::cover-title  text
//   anything else       a body paragraph
import { tr, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';
import { findInSource } from './template-errors.js';
import { nearest } from '../model/validate.js';
import { dataPieces, hasDataMarks, startsWithData } from './data-text.js';

/** List styles from the outermost down: an item restarts the styles below its own. */
export const ITEM_STYLES = ['cn', 'paren', 'arabic', 'arabic-paren', 'circled'] as const;
export type ItemStyle = (typeof ITEM_STYLES)[number];
/** the line prefix of each list style */
export const ITEM_MARKERS: Readonly<Record<string, ItemStyle>> = {
  '-': 'cn',
  '--': 'paren',
  '---': 'arabic',
  '----': 'arabic-paren',
  '-*': 'circled',
};

interface HeadingFlags {
  /** `!`: kept out of the table of contents */
  noToc?: true;
  /** `{toc: …}` after the text: the 目录 words the entry so (its number kept) */
  tocText?: string;
  /** `=`: printed without its 一、/（一） */
  unnumbered?: true;
}

export type MarkupBlock =
  | ({ kind: 'part'; text: string; line: number } & HeadingFlags)
  | ({ kind: 'section'; text: string; line: number } & HeadingFlags)
  | ({ kind: 'subsection'; text: string; line: number } & HeadingFlags)
  | { kind: 'item'; style: ItemStyle; text: string; line: number }
  /** `styles` empty: every list style */
  | { kind: 'restart'; styles: ItemStyle[]; line: number }
  | { kind: 'table'; id: string; arg?: string; line: number }
  | { kind: 'styled'; style: 'noindent' | 'signature' | 'cover-year' | 'cover-title'; text: string; line: number }
  | { kind: 'paragraph'; text: string; line: number };

const STYLED = new Set(['noindent', 'signature', 'cover-year', 'cover-title']);

export interface MarkupProblem {
  line: number;
  /** markup.table_without_id, markup.unknown_directive:NAME, markup.bad_heading:PREFIX, markup.bad_item:PREFIX, markup.bad_restart:ARG */
  message: string;
}

const HEADING_KINDS = ['part', 'section', 'subsection'] as const;

export function parseMarkup(source: string): { blocks: MarkupBlock[]; problems: MarkupProblem[] } {
  const blocks: MarkupBlock[] = [];
  const problems: MarkupProblem[] = [];
  source.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const t = raw.trim();
    if (!t) return;
    // a line that starts with a data value is body text, whatever the value looks like
    if (startsWithData(t)) return void blocks.push({ kind: 'paragraph', text: t, line });
    let m: RegExpMatchArray | null;
    if ((m = t.match(/^(#+)([!=]*)\s+(.*)$/))) {
      const [, hashes, flags, text] = m as unknown as [string, string, string, string];
      const flagList = [...flags];
      if (hashes.length > 3 || new Set(flagList).size !== flagList.length) {
        problems.push({ line, message: `markup.bad_heading:${hashes}${flags}` });
        return;
      }
      // `## 2019 年主要工作任务 {toc: 2019 年度部门主要工作任务}`: the 目录's wording of the entry
      const own = /^(.*?)\s*\{toc:\s*([^{}]*?)\s*\}$/.exec(text);
      blocks.push({
        kind: HEADING_KINDS[hashes.length - 1]!,
        text: own ? own[1]! : text,
        ...(own && own[2] ? { tocText: own[2] } : {}),
        line,
        ...(flags.includes('!') ? { noToc: true as const } : {}),
        ...(flags.includes('=') ? { unnumbered: true as const } : {}),
      });
    } else if ((m = t.match(/^#[#!=]*[^\s#!=]\S*\s/))) {
      // `##x text`, `#！text`: meant as a heading, written wrong
      problems.push({ line, message: `markup.bad_heading:${m[0].trim()}` });
    } else if ((m = t.match(/^(-[!-/:-@[-`{-~]*)\s+(.*)$/))) {
      // a dash and ASCII punctuation is a list marker, known or mistyped (`-+ `); `-5 %` is text
      const style = ITEM_MARKERS[m[1]!];
      if (!style) problems.push({ line, message: `markup.bad_item:${m[1]}` });
      else blocks.push({ kind: 'item', style, text: m[2]!, line });
    } else if ((m = t.match(/^::([\w-]+)\s*(.*)$/))) {
      const [, name, rest] = m as unknown as [string, string, string];
      if (name === 'table') {
        const [id, arg] = rest.split(/\s+/);
        if (!id) problems.push({ line, message: 'markup.table_without_id' });
        else blocks.push({ kind: 'table', id, ...(arg !== undefined ? { arg } : {}), line });
      } else if (name === 'restart') {
        const args = rest.split(/\s+/).filter(Boolean);
        const bad = args.find((a) => !ITEM_MARKERS[a]);
        if (bad !== undefined) problems.push({ line, message: `markup.bad_restart:${bad}` });
        else blocks.push({ kind: 'restart', styles: args.map((a) => ITEM_MARKERS[a]!), line });
      } else if (STYLED.has(name)) {
        blocks.push({ kind: 'styled', style: name as 'noindent', text: rest, line });
      } else problems.push({ line, message: `markup.unknown_directive:${name}` });
    } else blocks.push({ kind: 'paragraph', text: t, line });
  });
  return { blocks: blocks.flatMap(withDataBreaks), problems };
}

/** A data value's line breaks: further body paragraphs after a paragraph or list item, a space in a heading. */
function withDataBreaks(b: MarkupBlock): MarkupBlock[] {
  if (b.kind === 'restart') return [b];
  if (b.kind === 'table') {
    const clean = (s: string) => dataPieces(s).join('');
    return [{ ...b, id: clean(b.id), ...(b.arg !== undefined ? { arg: clean(b.arg) } : {}) }];
  }
  if (!hasDataMarks(b.text)) return [b];
  const pieces = dataPieces(b.text);
  switch (b.kind) {
    case 'part':
    case 'section':
    case 'subsection':
      return [{ ...b, text: pieces.join(' ') }];
    case 'styled':
      return pieces.map((text) => ({ ...b, text }));
    case 'item':
      return [{ ...b, text: pieces[0] ?? '' }, ...pieces.slice(1).map((text) => ({ kind: 'paragraph' as const, text, line: b.line }))];
    case 'paragraph':
      return pieces.map((text) => ({ ...b, text }));
  }
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Markup problems as diagnostics in the template file. The line numbers of a
 * problem are those of the filled-in text, so the marker is looked up in the
 * template source (where the clerk wrote it); failing that, the filled line is given.
 */
export function markupDiagnostics(problems: readonly MarkupProblem[], file: string, templateText: string, lang?: Lang): Diagnostic[] {
  return problems.map((p): Diagnostic => {
    const [code, arg = ''] = p.message.split(/:(.*)/s) as [string, string?];
    const at = (re: RegExp) => {
      const found = findInSource(templateText, re);
      return 'line' in found ? found : { line: p.line };
    };
    const base = { severity: 'error' as const, file };
    switch (code) {
      case 'markup.bad_heading':
        return {
          ...base,
          code,
          message: tr(lang, `标题标记“${arg}”写错了`, `malformed heading marker “${arg}”`),
          hint: tr(
            lang,
            '标题写作 # 、## 、### 加空格；## 后可紧跟 !（不进目录）或 =（不编号），例如“##! 说明”',
            'headings are #, ##, ### and a space; ## may be followed by ! (not in the 目录) or = (not numbered), e.g. “##! 说明”',
          ),
          ...at(new RegExp(`^[ \\t]*${escape(arg)}`, 'm')),
        };
      case 'markup.bad_item':
        return {
          ...base,
          code,
          message: tr(lang, `列表标记“${arg}”写错了`, `malformed list marker “${arg}”`),
          hint: tr(
            lang,
            '列表项写作 - （一、）、--（（一））、---（1.）、----（（1））、-*（①）加空格',
            'list items are - (一、), -- (（一）), --- (1.), ---- (（1）), -* (①) and a space',
          ),
          ...at(new RegExp(`^[ \\t]*${escape(arg)}\\s`, 'm')),
        };
      case 'markup.bad_restart':
        return {
          ...base,
          code,
          message: tr(lang, `::restart 后的“${arg}”不是列表标记`, `“${arg}” after ::restart is not a list marker`),
          hint: tr(
            lang,
            '写 ::restart（所有列表）或 ::restart --（只重排（一））；可用：- -- --- ---- -*',
            'write ::restart (every list) or ::restart -- (（一） only); markers: - -- --- ---- -*',
          ),
          ...at(new RegExp(`::restart\\b[^\\n]*?${escape(arg)}`)),
        };
      case 'markup.table_without_id':
        return {
          ...base,
          code,
          message: tr(lang, '::table 后面要写表格名', '::table needs a table name'),
          ...at(/::table[ \t]*$/m),
        };
      default:
        return {
          ...base,
          code: 'markup.unknown_directive',
          message: tr(lang, `没有“::${arg}”这种写法`, `there is no directive “::${arg}”`),
          hint: ((near) =>
            near
              ? tr(
                  lang,
                  `是不是“::${near}”？可用：${DIRECTIVES.map((d) => `::${d}`).join(' ')}`,
                  `did you mean “::${near}”? Directives: ${DIRECTIVES.map((d) => `::${d}`).join(' ')}`,
                )
              : tr(lang, `可用：${DIRECTIVES.map((d) => `::${d}`).join(' ')}`, `directives: ${DIRECTIVES.map((d) => `::${d}`).join(' ')}`))(
            nearest(arg, DIRECTIVES),
          ),
          ...at(new RegExp(`::${escape(arg)}(?![\\w-])`)),
        };
    }
  });
}

const DIRECTIVES = ['table', 'restart', 'noindent', 'signature', 'cover-year', 'cover-title'];

/** Full-width or look-alike characters typed for the ASCII markup they resemble (a Chinese input method types them). */
const LOOKALIKES: readonly { re: RegExp; meant: string; zh: string; en: string }[] = [
  { re: /[｛﹛]{2}|[｝﹜]{2}|[｛﹛][{｛]|\{[｛﹛]|[｝﹜][}｝]|\}[｝﹜]/, meant: '{{ }}', zh: '全角花括号', en: 'full-width braces' },
  { re: /^[ \t\u3000]*[＃﹟♯]/m, meant: '#', zh: '全角井号', en: 'a full-width number sign' },
  { re: /^[ \t\u3000]*(?:[：﹕︰][：﹕︰:]|:[：﹕︰])/m, meant: '::', zh: '全角冒号', en: 'full-width colons' },
  { re: /^[ \t\u3000]*[－—–﹣](?:[－—–﹣-]*)?[ \t](?=\S)/m, meant: '-', zh: '全角或长横线', en: 'a full-width or long dash' },
];

/**
 * Template lines that meant markup or a mustache but were typed with look-alike
 * characters (｛｛name｝｝, ＃ title, ：：table): they would print literally.
 * Each is an error at the first such character, named with its code point.
 */
export function lookalikeDiagnostics(file: string, text: string, lang?: Lang): Diagnostic[] {
  const out: Diagnostic[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    for (const l of LOOKALIKES) {
      const m = l.re.exec(line);
      if (!m) continue;
      // the first character of the match that is not the ASCII one meant
      const offset = [...m[0]].findIndex((c) => c.codePointAt(0)! > 0x7f && c !== '\u3000');
      const ch = [...m[0]][Math.max(0, offset)]!;
      const column = m.index + m[0].indexOf(ch) + 1;
      const cp = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      out.push({
        severity: 'error',
        code: 'markup.lookalike',
        message: tr(
          lang,
          `“${ch}”（${cp}）是${l.zh}，不是模板标记“${l.meant}”，会原样印出`,
          `“${ch}” (${cp}) is ${l.en}, not the template markup “${l.meant}”: it would print as it is`,
        ),
        hint: tr(lang, `切换到半角（英文）输入，改写成“${l.meant}”`, `type “${l.meant}” with the input method in half-width (English) mode`),
        file,
        line: i + 1,
        column,
      });
    }
  });
  return out;
}
