// Packaged faces that npm ships in a form pdfkit cannot use as it is: LXGW
// WenKai comes only as web fonts (WOFF/WOFF2 of the whole face). Unwrapped once
// into plain TrueType under node_modules/.cache by the install step
// (scripts/derive-fonts.ts, run by `npm install`); a file still missing there
// (an install with --ignore-scripts, a wiped cache) is made the first time it
// is read (fontBytes), from the installed package: nothing is ever downloaded.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { woffToSfnt } from './woff-to-sfnt.js';

const require = createRequire(import.meta.url);

/** A package's folder; some font packages do not export package.json, so look on the resolve paths. */
export const pkgDir = (name: string): string => {
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = join(base, name);
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`font package ${name} is not installed (run npm install)`);
};

const KAI_PACKAGE = '@fontsource/lxgw-wenkai';
const kaiDir = pkgDir(KAI_PACKAGE);
const kaiVersion = (JSON.parse(readFileSync(join(kaiDir, 'package.json'), 'utf8')) as { version: string }).version;

// WOFF, not WOFF2: its tables are zlib streams Node inflates in C (WOFF2's
// Brotli plus glyf transform is a second of JavaScript in fontkit). Fontsource
// names the weights by CSS value: 500 is the face's Regular, 700 its Bold.
const SOURCES = {
  kaiRegular: { woff: join(kaiDir, 'files/lxgw-wenkai-latin-500-normal.woff'), name: `LXGWWenKai-Regular-${kaiVersion}.ttf` },
  kaiBold: { woff: join(kaiDir, 'files/lxgw-wenkai-latin-700-normal.woff'), name: `LXGWWenKai-Bold-${kaiVersion}.ttf` },
} as const;
export type DerivedFaceId = keyof typeof SOURCES;

// node_modules/.cache beside the font package (the package version in the
// file name, so an upgrade unwraps anew instead of reading an old face)
const cacheDir = join(dirname(dirname(kaiDir)), '.cache', 'budget-disclosure-fonts');

const byPath = new Map<string, string>(Object.values(SOURCES).map((s) => [join(cacheDir, s.name), s.woff]));

/** Where a derived face's TrueType file is (made or not). */
export const derivedFace = (id: DerivedFaceId): string => join(cacheDir, SOURCES[id].name);

/**
 * Makes a derived face's file if `path` is one and is missing; true if it is
 * there now. Written under a temporary name and renamed, so a second process
 * never reads half a file.
 */
export function ensureDerivedFace(path: string): boolean {
  const woff = byPath.get(path);
  if (woff === undefined) return false;
  if (existsSync(path)) return true;
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, woffToSfnt(readFileSync(woff)));
  renameSync(tmp, path);
  return true;
}

/** Makes every derived face that is missing (the install step); the paths. */
export function ensureDerivedFaces(): string[] {
  const paths = [...byPath.keys()];
  for (const p of paths) ensureDerivedFace(p);
  return paths;
}
