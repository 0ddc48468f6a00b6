// Numbers as the clerk wrote them. YAML turns `99999999999999.99` into a
// JavaScript number (…99.98) and `0x1A` into 26 before a schema sees them, so
// department data is read with each number scalar kept beside its source text:
// amounts are made from the text, exactly; counts and years use the number.
import { isScalar, visit, type Document } from 'yaml';

export class SourceNumber {
  constructor(
    /** the scalar exactly as written: "482.04", "0x1A", ".inf" */
    readonly text: string,
    readonly value: number,
  ) {}
}

/** The document as plain data, with every number scalar a SourceNumber. */
export function toJsWithSourceNumbers(doc: Document): unknown {
  const copy = doc.clone();
  visit(copy, {
    Scalar(_key, node) {
      if (isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'bigint'))
        node.value = new SourceNumber(node.source ?? String(node.value), Number(node.value));
    },
  });
  return copy.toJS({ maxAliasCount: -1 }); // alias bombs are refused by parseYamlSource
}

/** A SourceNumber's value, anything else as it is (for schemas of counts and years). */
export const numberOf = (v: unknown): unknown => (v instanceof SourceNumber ? v.value : v);
