// A header tree → header rows with resolved spans, and the leaf columns in order.
// A node spans its leaves; a leaf above the deepest level spans down to the bottom.
import type { Cell } from '../ir/types.js';
import type { HeaderNode } from './layout-schema.js';

const depthOf = (n: HeaderNode): number => 1 + Math.max(0, ...(n.children ?? []).map(depthOf));
const leavesOf = (n: HeaderNode): HeaderNode[] => (n.children ? n.children.flatMap(leavesOf) : [n]);

export function headerRows(tree: readonly HeaderNode[]): { rows: Cell[][]; leaves: HeaderNode[] } {
  const depth = Math.max(...tree.map(depthOf));
  const rows: Cell[][] = Array.from({ length: depth }, () => []);
  const place = (n: HeaderNode, level: number) => {
    const colSpan = leavesOf(n).length;
    const rowSpan = n.children ? 1 : depth - level;
    rows[level]!.push({
      text: n.label,
      align: 'center',
      ...(colSpan > 1 ? { colSpan } : {}),
      ...(rowSpan > 1 ? { rowSpan } : {}),
    });
    n.children?.forEach((c) => place(c, level + 1));
  };
  tree.forEach((n) => place(n, 0));
  return { rows, leaves: tree.flatMap(leavesOf) };
}
