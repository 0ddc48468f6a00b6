// Packer zips what its compiler makes; the parts are taken before that zip,
// because they are zipped again anyway with pinned dates and order. The
// compiler is a private static of Packer (docx 9). Stock (patch off, or a docx
// whose Packer moved it): the zip Packer writes is unzipped again, slower and
// the same parts.
import { Packer, type Document } from 'docx';
import { unzipSync } from 'fflate';

/** A package's parts as docx compiles them: path → XML text or bytes. */
export type Parts = ReadonlyMap<string, string | Uint8Array | ArrayBuffer>;

type Compiler = { compile(file: Document): Parts };
let compiler: Compiler | undefined;

export function useDocxCompiler(): () => void {
  const found = (Packer as unknown as { compiler?: Compiler }).compiler;
  if (!found || typeof found.compile !== 'function') throw new Error('docx: Packer.compiler not found');
  compiler = found;
  return () => {
    compiler = undefined;
  };
}

export async function compileParts(document: Document): Promise<Parts> {
  if (compiler) return compiler.compile(document);
  const zip = await Packer.toBuffer(document);
  return new Map(Object.entries(unzipSync(new Uint8Array(zip))));
}
