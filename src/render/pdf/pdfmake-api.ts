// The pdfmake 0.3 Node entry point, typed for what this renderer calls.
// @types/pdfmake lags 0.3 (no virtualfs, access policies or section nodes),
// so the module is loaded untyped and described here.
import { createRequire } from 'node:module';

/** A pdfmake document-definition node; kept loose because pdfmake mutates it. */
export type DdNode = Record<string, unknown>;

export interface PdfmakeApi {
  virtualfs: { writeFileSync(name: string, content: Buffer): void };
  setFonts(fonts: Record<string, unknown>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  createPdf(dd: DdNode): { getBuffer(): Promise<Buffer> };
}

const pdfmake = createRequire(import.meta.url)('pdfmake') as PdfmakeApi;

// No remote or local file is ever read: fonts come from the virtual file system.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy(() => false);

export default pdfmake;
