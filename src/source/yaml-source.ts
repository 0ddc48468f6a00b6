// YAML with positions: parse errors become located diagnostics, and any data
// path (from a schema issue or a consistency rule) can be mapped back to the
// line and column of its node.
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { tr, type Diagnostic, type Lang, type Place } from '../diagnostics/diagnostic.js';
import { typedCharacterProblems } from './typed-characters.js';

/** Clerk-readable sentences for the YAML parser's error codes. */
const YAML_ZH: Record<string, string> = {
  TAB_AS_INDENT: '缩进不能用 Tab 键，请用空格',
  DUPLICATE_KEY: '同一层里有两个相同的字段名',
  BAD_INDENT: '缩进不对齐',
  MISSING_CHAR: '缺少配对的引号或括号',
  BAD_DQ_ESCAPE: '双引号中的转义字符不正确',
  MULTILINE_IMPLICIT_KEY: '字段名不能跨行（可能是冒号后少了空格或缩进不对）',
  UNEXPECTED_TOKEN: '这里出现了不该有的字符',
  BLOCK_AS_IMPLICIT_KEY: '缩进不对：这一行被当成了上一项的一部分',
  IMPOSSIBLE: 'YAML 结构无法解析',
};
const YAML_EN: Record<string, string> = {
  TAB_AS_INDENT: 'indentation must use spaces, not tabs',
  DUPLICATE_KEY: 'the same key appears twice at this level',
  BAD_INDENT: 'the indentation does not line up',
  MISSING_CHAR: 'a quote or bracket is not closed',
  BAD_DQ_ESCAPE: 'a bad escape inside double quotes',
  MULTILINE_IMPLICIT_KEY: 'a key cannot span lines (a missing space after the colon, or bad indentation?)',
  UNEXPECTED_TOKEN: 'an unexpected character here',
  BLOCK_AS_IMPLICIT_KEY: 'bad indentation: this line was read as part of the item above',
  IMPOSSIBLE: 'the YAML structure cannot be read',
};
const YAML_HINT_EN: Record<string, string> = {
  TAB_AS_INDENT: 'replace the tab at the start of the line with two spaces',
  DUPLICATE_KEY: 'remove or rename the repeated key',
  MISSING_CHAR: 'check that the quotes " or brackets of this line are paired',
  BAD_INDENT: 'keys at the same level start in the same column',
};
const YAML_HINT: Record<string, string> = {
  TAB_AS_INDENT: '把行首的 Tab 换成两个空格',
  DUPLICATE_KEY: '删去或改名重复的字段',
  MISSING_CHAR: '检查这一行的引号 " 或括号是否成对',
  BAD_INDENT: '同一层的字段应左对齐',
};

export interface YamlSource {
  file: string;
  text: string;
  doc: Document;
  /** place of the node at `path`, or of its nearest existing ancestor; `key`: the key of the last step instead of its value */
  locate: (path: readonly PropertyKey[], which?: 'value' | 'key') => Place;
}

/** Nesting the parser cannot follow (its stack ran out), at `place`. */
function tooDeep(place: Place, lang?: Lang): Diagnostic {
  return {
    severity: 'error',
    code: 'yaml.too_deep',
    message: tr(lang, '嵌套层数太多，无法读取', 'nested too deeply to be read'),
    hint: tr(lang, '数据文件只有几层缩进；检查是否粘贴了别的内容', 'a data file has a few levels of indentation; was something else pasted in?'),
    ...place,
  };
}

export function parseYamlSource(file: string, raw: string, lang?: Lang): { source: YamlSource | null; diagnostics: Diagnostic[] } {
  const text = raw.replace(/^\uFEFF/, '');
  const lineCounter = new LineCounter();
  const typed = typedCharacterProblems(text, lang);
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  } catch {
    // the parser recurses per level: thousands of nested brackets exhaust its stack
    return { source: null, diagnostics: [tooDeep({ file, line: 1, column: 1 }, lang)] };
  }
  const at = (offset: number): Place => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  // what clerks type (invisible and full-width characters, thousands separators, merge keys, a second document):
  // said as such; YAML's own errors for them are only their echo
  if (typed.length)
    return {
      source: null,
      diagnostics: typed.slice(0, 20).map((p) => ({ severity: 'error' as const, code: p.code, message: p.message, hint: p.hint, ...at(p.offset) })),
    };
  const overflow = doc.errors.find((e) => /call stack/i.test(e.message));
  if (overflow) {
    // where the parser's stack ran out varies from run to run: point at the line's first bracket instead
    const lineStart = text.lastIndexOf('\n', overflow.pos[0] - 1) + 1;
    const bracket = text.slice(lineStart, overflow.pos[0] + 1).search(/[[{]/);
    return { source: null, diagnostics: [tooDeep(at(lineStart + Math.max(0, bracket)), lang)] };
  }
  // Only the first syntax error is reported (later ones are mostly its echo);
  // duplicate keys are independent mistakes and are all reported.
  const firstSyntax = doc.errors.find((e) => e.code !== 'DUPLICATE_KEY');
  const reported = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY' || e === firstSyntax);
  const diagnostics: Diagnostic[] = [
    ...reported.map((e) => ({
      severity: 'error' as const,
      code: e.code === 'DUPLICATE_KEY' ? 'yaml.duplicate_key' : 'yaml.syntax',
      ...(YAML_HINT[e.code] ? { hint: tr(lang, YAML_HINT[e.code]!, YAML_HINT_EN[e.code] ?? YAML_HINT[e.code]!) } : {}),
      ...yamlMessage(e, text, lang),
      ...at(e.code === 'DUPLICATE_KEY' ? e.pos[0] : wrongPlace(e, doc.errors, text, lineCounter)),
    })),
  ];
  if (text.trim() === '')
    diagnostics.push({ severity: 'error', code: 'yaml.empty', message: tr(lang, '文件是空的', 'the file is empty'), file, line: 1, column: 1 });
  if (diagnostics.length) return { source: null, diagnostics };
  const bomb = text.includes('*') ? aliasBomb(doc) : undefined;
  if (bomb)
    return {
      source: null,
      diagnostics: [
        {
          severity: 'error',
          code: 'yaml.alias_bomb',
          message: tr(
            lang,
            `别名（*）展开后超过 ${ALIAS_LIMIT} 个值，文件拒绝读取`,
            `the aliases (*) expand to more than ${ALIAS_LIMIT} values; the file is refused`,
          ),
          hint: tr(lang, '别名引用了层层嵌套的别名；数据文件不需要这样写', 'aliases refer to aliases, level upon level; a data file needs none of that'),
          ...at(bomb),
        },
      ],
    };

  const locate = (path: readonly PropertyKey[], which: 'value' | 'key' = 'value'): Place => {
    let node: unknown = doc.contents;
    let keyNode: Node | null;
    let last: Place = { file, line: 1, column: 1 };
    const place = (n: unknown): Place | null => {
      const r = (n as Node | null)?.range;
      return r ? at(r[0]) : null;
    };
    last = place(node) ?? last;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => String((p.key as { value?: unknown })?.value ?? p.key) === String(key));
        if (!pair) return last;
        keyNode = pair.key as Node;
        node = pair.value;
        last = (which === 'key' && key === path[path.length - 1] ? place(keyNode) : null) ?? place(node) ?? place(keyNode) ?? last;
      } else if (isSeq(node)) {
        node = node.items[Number(key)];
        if (node === undefined) return last;
        last = place(node) ?? last;
      } else return last;
    }
    return last;
  };
  return { source: { file, text, doc, locate }, diagnostics };
}

/** Values a document may expand to through its aliases; far above any real file, far below what exhausts memory. */
const ALIAS_LIMIT = 1_000_000;

/**
 * The offset of the alias at which the document's expanded size passes the
 * limit, if it does. Many aliases in a normal file are fine (so toJS is given
 * no alias count limit); aliases of aliases that multiply are refused here.
 */
function aliasBomb(doc: Document): number | undefined {
  const sizes = new Map<unknown, number>();
  let found: number | undefined;
  const size = (n: unknown, depth: number): number => {
    if (found !== undefined || depth > 1000) return 1;
    if (isAlias(n)) {
      const target = n.resolve(doc);
      const s = target ? (sizes.get(target) ?? size(target, depth + 1)) : 1;
      if (s > ALIAS_LIMIT && found === undefined) found = n.range?.[0] ?? 0;
      return s;
    }
    if (isScalar(n) || !n) return 1;
    if (sizes.has(n)) return sizes.get(n)!;
    let total = 1;
    if (isCollection(n))
      for (const item of n.items) {
        total += isPair(item) ? size(item.key, depth + 1) + size(item.value, depth + 1) : size(item, depth + 1);
        if (total > ALIAS_LIMIT) {
          if (found === undefined && isAlias(isPair(item) ? item.value : item)) found = ((isPair(item) ? item.value : item) as Node).range?.[0] ?? 0;
          break;
        }
      }
    sizes.set(n, total);
    return total;
  };
  const total = size(doc.contents, 0);
  return found ?? (total > ALIAS_LIMIT ? 0 : undefined);
}

type YamlErr = Document['errors'][number];

const isFlowError = (e: YamlErr) => /^Flow (map|sequence)/.test(e.message);

/** The offset a clerk should look at for a parse error (the parser often points just before or after the mistake). */
function wrongPlace(e: YamlErr, all: readonly YamlErr[], text: string, lc: LineCounter): number {
  // "   region:" indented too far: the parser reports the previous line's value; the wrong line is the next one
  if (e.code === 'BLOCK_AS_IMPLICIT_KEY') {
    const multi = all.find((m) => m.code === 'MULTILINE_IMPLICIT_KEY' && m.pos[0] === e.pos[0]);
    if (multi && lc.linePos(multi.pos[1]).line > lc.linePos(e.pos[0]).line) {
      const nl = text.indexOf('\n', e.pos[0]);
      if (nl >= 0) return nl + 1 + (text.slice(nl + 1).match(/^[ \t]*/)?.[0].length ?? 0);
    }
  }
  // an unclosed { or [ is found only on a later line: point at the bracket left open
  if (isFlowError(e)) {
    const open = unclosedBracketBefore(text, e.pos[0]);
    if (open !== undefined) return open;
  }
  // an unclosed quote is found at the end of its line: point at the opening quote
  if (e.code === 'MISSING_CHAR' && /quote/.test(e.message)) {
    const q = e.message.includes('"') ? '"' : "'";
    const open = text.lastIndexOf(q, e.pos[0] - 1);
    if (open >= 0) return open;
  }
  return e.pos[0];
}

function unclosedBracketBefore(text: string, offset: number): number | undefined {
  let lineStart = text.lastIndexOf('\n', offset - 1);
  for (let n = 0; n < 50 && lineStart > 0; n++) {
    const prevStart = text.lastIndexOf('\n', lineStart - 1) + 1;
    const line = text.slice(prevStart, lineStart).replace(/\s#.*$/, '');
    const stack: number[] = [];
    for (let i = 0; i < line.length; i++) {
      if (line[i] === '{' || line[i] === '[') stack.push(i);
      else if ((line[i] === '}' || line[i] === ']') && stack.length) stack.pop();
    }
    if (stack.length) return prevStart + stack[stack.length - 1]!;
    lineStart = prevStart - 1;
  }
  return undefined;
}

function yamlMessage(e: YamlErr, text: string, lang?: Lang): { message: string; hint?: string } {
  if (isFlowError(e) && unclosedBracketBefore(text, e.pos[0]) !== undefined)
    return {
      message: tr(lang, '花括号 { 或方括号 [ 没有配对的 } 或 ]', 'a { or [ has no closing } or ]'),
      hint: tr(lang, '在这一行末尾补上 } 或 ]', 'close it with } or ] at the end of the line'),
    };
  const detail = e.message.split('\n')[0]!;
  return { message: tr(lang, YAML_ZH[e.code] ?? `YAML 格式错误：${detail}`, YAML_EN[e.code] ?? `YAML syntax: ${detail}`) };
}
