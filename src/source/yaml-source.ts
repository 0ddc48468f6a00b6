// YAML with positions: parse errors become located diagnostics, and any data
// path (from a schema issue or a consistency rule) can be mapped back to the
// line and column of its node.
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic, Place } from '../diagnostics/diagnostic.js';

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
  /** place of the node at `path`, or of its nearest existing ancestor */
  locate(path: readonly PropertyKey[]): Place;
}

export function parseYamlSource(file: string, raw: string): { source: YamlSource | null; diagnostics: Diagnostic[] } {
  const text = raw.replace(/^\uFEFF/, '');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number): Place => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const diagnostics: Diagnostic[] = [
    ...doc.errors.map((e) => ({
      severity: 'error' as const,
      code: e.code === 'DUPLICATE_KEY' ? 'yaml.duplicate_key' : 'yaml.syntax',
      message: YAML_ZH[e.code] ?? `YAML 格式错误：${e.message.split('\n')[0]!}`,
      ...(YAML_HINT[e.code] ? { hint: YAML_HINT[e.code] } : {}),
      ...at(e.pos[0]),
    })),
  ];
  if (text.trim() === '') diagnostics.push({ severity: 'error', code: 'yaml.empty', message: '文件是空的', file, line: 1, column: 1 });
  if (diagnostics.length) return { source: null, diagnostics };

  const locate = (path: readonly PropertyKey[]): Place => {
    let node: unknown = doc.contents;
    let keyNode: Node | null = null;
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
        last = place(node) ?? place(keyNode) ?? last;
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
