// YAML with positions: parse errors become located diagnostics, and any data
// path (from a schema issue or a consistency rule) can be mapped back to the
// line and column of its node.
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic, Place } from '../diagnostics/diagnostic.js';

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
      code: 'yaml.syntax',
      message: e.message.split('\n')[0]!,
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
