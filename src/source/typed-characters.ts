// What clerks really type, found before YAML reads the file: characters that
// look like a space or nothing (NBSP, zero-width space, a BOM pasted mid-file,
// the full-width space of a Chinese input method) where YAML needs a real
// space, full-width colons and digits, a thousands separator, merge keys and a
// second document. Each is named with its code point, at its place: YAML's own
// message for them ("a key cannot span lines", an unknown key "820.4") does
// not say what is wrong.
import { tr, type Lang } from '../diagnostics/diagnostic.js';

export interface TypedProblem {
  offset: number;
  code: string;
  message: string;
  hint: string;
}

const NAMES: Record<string, [string, string]> = {
  '\u00a0': ['不换行空格', 'no-break space'],
  '\u3000': ['全角空格', 'full-width space'],
  '\u200b': ['零宽空格', 'zero-width space'],
  '\u200c': ['零宽不连字', 'zero-width non-joiner'],
  '\u200d': ['零宽连字', 'zero-width joiner'],
  '\u2060': ['零宽不换行', 'word joiner'],
  '\ufeff': ['字节顺序标记（BOM）', 'byte order mark (BOM)'],
  '\u2028': ['行分隔符', 'line separator'],
  '\u2029': ['段分隔符', 'paragraph separator'],
};

/** `U+00A0` */
export const codePoint = (ch: string): string => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
const named = (ch: string, lang?: Lang) => `${tr(lang, NAMES[ch]?.[0] ?? '字符', NAMES[ch]?.[1] ?? 'character')} ${codePoint(ch)}`;

/** Never meant in a data file: invisible, and breaks names and keys wherever it is. */
const INVISIBLE = /[\u200b\u200c\u2060\ufeff\u2028\u2029]|\u200d/;

/** The part of a line before its comment (a # after a space, outside quotes). */
function codePart(line: string): string {
  let q: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q) {
      if (c === q) q = null;
    } else if (c === '"' || c === "'") q = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

export function typedCharacterProblems(text: string, lang?: Lang): TypedProblem[] {
  const out: TypedProblem[] = [];
  let start = 0;
  let secondDocument = false;
  for (const line of text.split('\n')) {
    const code = codePart(line.replace(/\r$/, ''));
    const at = (i: number) => start + i;
    const push = (i: number, c: string, zh: string, en: string, hintZh: string, hintEn: string) =>
      out.push({ offset: at(i), code: c, message: tr(lang, zh, en), hint: tr(lang, hintZh, hintEn) });
    let m: RegExpExecArray | null;
    const inv = INVISIBLE.exec(code);
    // a very long line (generated, or a paste gone wrong) is searched for invisible characters only: the patterns below backtrack
    const long = code.length > 4000;
    if (inv)
      push(
        inv.index,
        'yaml.invisible_char',
        `这里有一个看不见的字符：${named(inv[0], lang)}`,
        `an invisible character here: ${named(inv[0], lang)}`,
        '删去它（常见于从网页、Word 或微信复制的文字）',
        'delete it (it comes with text copied from web pages, Word or chat apps)',
      );
    else if (long) {
      // nothing more on a very long line
    } else if ((m = /^[ \t]*-([\u00a0\u3000])/.exec(code)))
      push(
        m[0].length - 1,
        'yaml.space_char',
        `“-”后面是${named(m[1]!, lang)}，YAML 要求普通空格`,
        `the “-” is followed by a ${named(m[1]!, lang)}; YAML needs a plain space`,
        '把它换成普通空格（关掉输入法的全角模式）',
        'replace it with a plain space (switch the input method to half-width)',
      );
    else if ((m = /^[ \t]*([\u00a0\u3000])/.exec(code)))
      push(
        m[0].length - 1,
        'yaml.space_char',
        `缩进里有${named(m[1]!, lang)}，YAML 只认普通空格`,
        `the indentation has a ${named(m[1]!, lang)}; YAML takes plain spaces only`,
        '把它换成普通空格（关掉输入法的全角模式）',
        'replace it with plain spaces (switch the input method to half-width)',
      );
    else if ((m = /^[ \t]*(?:- +)?[^\s:#"'{[][^:]*?:([\u00a0\u3000])/.exec(code)))
      push(
        m[0].length - 1,
        'yaml.space_char',
        `冒号后面是${named(m[1]!, lang)}，YAML 要求普通空格`,
        `the colon is followed by a ${named(m[1]!, lang)}; YAML needs a plain space`,
        '把冒号后的空格换成普通空格',
        'replace the space after the colon with a plain space',
      );
    else if ((m = /^[^#]*?:[ \t]*([\u00a0\u3000])[\u00a0\u3000 \t]*$/.exec(code)))
      push(
        m[0].length - m[0].slice(m[0].lastIndexOf(':') + 1).replace(/^[ \t]*/, '').length,
        'yaml.space_char',
        `冒号后面只有${named(m[1]!, lang)}，看起来有值，其实是空的`,
        `after the colon there is only a ${named(m[1]!, lang)}: it looks like a value but is empty`,
        '写上值，或删去这一行',
        'write the value, or delete the line',
      );
    else if ((m = /:[ \t]+-?[\d.]+([\u00a0\u3000])/.exec(code)) || (m = /:[ \t]+([\u00a0\u3000])[\d.]/.exec(code)))
      push(
        m.index + m[0].lastIndexOf(m[1]!),
        'yaml.space_char',
        `数字旁有${named(m[1]!, lang)}`,
        `a ${named(m[1]!, lang)} next to the number`,
        '删去它',
        'delete it',
      );
    else if ((m = /^([ \t]*(?:- +)?[A-Za-z_][\w-]*)：/.exec(code)))
      push(
        m[1]!.length,
        'yaml.fullwidth_colon',
        '字段名后是全角冒号“：”，YAML 要求半角冒号“:”加空格',
        'a full-width colon “：” after the key; YAML needs “:” and a space',
        `写作“${m[1]!.trim()}: ”`,
        `write “${m[1]!.trim()}: ”`,
      );
    else if ((m = /([{,][^{}]*?:[ \t]*)(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?)[ \t]*(?=[,}])/.exec(code)))
      // in a flow map the comma ends the value: `{ amount: 7,820.4 }` would be read as a key “820.4”
      push(
        m.index + m[1]!.length,
        'yaml.thousands_separator',
        `“${m[2]}”中有千位分隔符（逗号），花括号里的逗号会把数字断开`,
        `“${m[2]}” has a thousands separator: inside braces the comma splits the number`,
        `写作 ${m[2]!.replace(/,/g, '')}`,
        `write ${m[2]!.replace(/,/g, '')}`,
      );
    else if ((m = /^([ \t]*(?:- +)?|.*[{,][ \t]*)<<[ \t]*:/.exec(code)))
      push(
        m[1]!.length,
        'yaml.merge_key',
        '不支持 YAML 合并键“<<”',
        'YAML merge keys “<<” are not supported',
        '把要合并的字段直接写在这里（可以复制过来）',
        'write the fields out here (copy them)',
      );
    else if (
      !secondDocument &&
      /^---(\s|$)/.test(code) &&
      text
        .slice(0, start)
        .split('\n')
        .some((l) => codePart(l).trim() && !/^(%|---\s*$)/.test(l)) &&
      (secondDocument = true)
    )
      push(
        0,
        'yaml.multiple_documents',
        '“---”在这里开始了第二份 YAML 文档；一个文件只能有一份',
        '“---” starts a second YAML document here; a file holds one',
        '删去这一行（和它后面的另一份数据），或把两份数据分成两个文件',
        'delete this line (and the other data after it), or put the two in two files',
      );
    start += line.length + 1;
  }
  return out;
}
