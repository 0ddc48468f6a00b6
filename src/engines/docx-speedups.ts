// Two of docx's serialisation steps, rewritten as plain loops that build the
// same objects (the DOCX comes out byte for byte the same; checked over the
// sample and 30 synthetic departments). A document has thousands of
// components, and each went through `flatMap` + `filter` for its children and,
// for attributes written as key/value pairs (cell widths, spacing, fonts), a
// `reduce` that copied the whole attribute object once per attribute.
import { NextAttributeComponent, XmlComponent } from 'docx';

type Context = { stack: unknown[] };
type Prepared = Record<string, unknown> | string | number | boolean | undefined;

interface Component {
  readonly rootKey: string;
  readonly root: unknown[];
  readonly writtenAs?: Component[];
  prepForXml(context: Context): Prepared;
}

/** docx's own test for a component (its isXmlComponent, not exported) */
const isComponent = (v: unknown): v is Component =>
  v instanceof XmlComponent || (typeof v === 'object' && v !== null && typeof (v as Component).prepForXml === 'function');

function push(out: unknown[], v: unknown): void {
  // flatMap spreads an array one level; filter then drops undefined
  if (Array.isArray(v)) {
    for (const x of v) if (x !== undefined) out.push(x);
  } else if (v !== undefined) out.push(v);
}

/** docx's own versions, kept for the test that compares them with these */
export const docxOriginals = {
  component: (XmlComponent.prototype as unknown as Component).prepForXml,
  nextAttributes: (NextAttributeComponent.prototype as unknown as { prepForXml(): Prepared }).prepForXml,
};

export function installDocxSpeedups(): () => void {
  const proto = XmlComponent.prototype as unknown as Component;
  const attrProto = NextAttributeComponent.prototype as unknown as { prepForXml(): Prepared };
  const restore = () => {
    proto.prepForXml = docxOriginals.component;
    attrProto.prepForXml = docxOriginals.nextAttributes;
  };
  if (proto.prepForXml !== docxOriginals.component) return restore; // installed already
  // docx's sealed empty object, which its formatter writes as a self-closing tag
  const empty = (new (class extends XmlComponent {})('x') as unknown as Component).prepForXml({ stack: [] }) as Record<string, unknown>;
  const EMPTY = empty.x;
  proto.prepForXml = function (this: Component, context: Context): Prepared {
    context.stack.push(this);
    const children: unknown[] = [];
    for (const comp of this.root) {
      if (isComponent(comp)) {
        const parts = comp.writtenAs;
        if (parts)
          push(
            children,
            parts.map((part) => part.prepForXml(context)),
          );
        else push(children, comp.prepForXml(context));
      } else push(children, comp);
    }
    context.stack.pop();
    const only = children.length === 1 ? (children[0] as { _attr?: unknown } | null) : undefined;
    return { [this.rootKey]: children.length ? (only?._attr ? only : children) : EMPTY };
  };

  attrProto.prepForXml = function (this: { root: Record<string, { key: string; value: unknown }> }): Prepared {
    const attrs: Record<string, unknown> = {};
    for (const { key, value } of Object.values(this.root)) if (value !== undefined) attrs[key] = value;
    return { _attr: attrs };
  };
  return restore;
}
