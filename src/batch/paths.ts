import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Output name from a YAML file's (or workbook's) basename. */
export const nameOf = (file: string): string => file.replace(/^.*[\\/]/, '').replace(/\.(ya?ml|xls[xm])$/i, '');

/** The output path for a name and format, or undefined when it would leave outDir. */
export function outputPath(outDir: string, name: string, format: string): string | undefined {
  if (!name || name === '.' || name === '..' || /[\\/\0]/.test(name) || name.startsWith('.')) return undefined;
  const root = resolve(outDir);
  const p = resolve(root, `${name}.${format}`);
  const rel = relative(root, p);
  if (!rel || rel.startsWith('..') || isAbsolute(rel) || rel.includes(sep)) return undefined;
  return p;
}
