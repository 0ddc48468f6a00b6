// What the tool may read and quote: files inside the folders it was given
// (the department's folder, the template-set layers, the catalogue layers).
// A symbolic link or shortcut out of them is refused before it is read, so
// neither a build nor a code frame ever prints a line of /etc/passwd.
import { realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

const within = (path: string, root: string): boolean => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

const realOr = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
};

/** True when the file, links followed, lies in one of the roots (folders, or files named themselves). */
export function insideAny(file: string, roots: readonly string[]): boolean {
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return false;
  }
  return roots.some((r) => within(real, realOr(r)));
}

/**
 * Where a file really is when that is outside `folder` (a link out of it), or
 * null when it is inside or does not exist (its absence is reported by the reader).
 */
export async function linkOutOf(file: string, folder = dirname(resolve(file))): Promise<string | null> {
  const real = await realpath(file).catch(() => null);
  if (real === null) return null;
  const root = await realpath(folder).catch(() => resolve(folder));
  return within(real, root) ? null : real;
}
