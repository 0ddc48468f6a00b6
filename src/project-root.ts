// The project's own files (built-in templates, the catalogue, package.json) are
// found from this module's location. That location is src/ when the sources run
// through tsx and dist/ when the bundle runs, so the root is looked up, not
// assumed to be a fixed number of folders up.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return dir;
    if (dirname(dir) === dir) throw new Error(`project root not found above ${from}`);
  }
}

export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the project, e.g. projectPath('templates') */
export const projectPath = (...parts: string[]): string => join(projectRoot, ...parts);
