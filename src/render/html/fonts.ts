// @font-face rules for the IR's font roles: the browser shows the same faces
// as the PDF (served by the preview from the files the IR names), then the
// official face (the DOCX name) and system CJK faces if those files are
// unreachable. Font classes are `f-<role>`.
import type { DocumentIR, FontRole } from '../../ir/types.js';

const ROLES: FontRole[] = ['title', 'heading', 'body', 'kai', 'table'];

const quote = (s: string): string => `"${s.replace(/["\\\n]/g, '')}"`;

/** `urlFor(path)` gives the URL the page loads a font file from. */
export function fontFaceCss(doc: DocumentIR, urlFor: (file: string) => string): string {
  const out: string[] = [];
  for (const role of ROLES) {
    const f = doc.fonts[role];
    const faces = [[`dz-${role}`, f.pdf], ...(f.fallback ? [[`dz-${role}-fb`, f.fallback] as const] : [])] as const;
    for (const [family, files] of faces) {
      out.push(`@font-face{font-family:${quote(family)};src:url(${quote(urlFor(files.regular))});font-weight:400;font-display:swap}`);
      out.push(`@font-face{font-family:${quote(family)};src:url(${quote(urlFor(files.bold ?? files.regular))});font-weight:700;font-display:swap}`);
    }
    const generic = /sans|hei/i.test(f.pdf.regular) ? '"Noto Sans CJK SC",sans-serif' : '"Noto Serif CJK SC",serif';
    const stack = [quote(`dz-${role}`), f.fallback ? quote(`dz-${role}-fb`) : '', quote(f.docxName), generic].filter(Boolean).join(',');
    out.push(`.f-${role}{font-family:${stack}}`);
  }
  return out.join('\n');
}
