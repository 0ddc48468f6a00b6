// Copies of built-in template files and the built-in version each came from.
// A copied file hides every later fix of its built-in original, so `init`
// records the original's sha256 in the copy's folder (.origin.json) and every
// check or build warns about a copy whose original has changed since.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, copyFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { tr, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';
import { builtinTemplates } from './builtin.js';

export const ORIGIN_FILE = '.origin.json';

/** .origin.json: built-in file (relative, with /) → sha256 of the built-in file when it was copied or accepted. */
interface Origins {
  readonly comment: string;
  readonly builtin: Record<string, string>;
}

const COMMENT =
  'disclosure init 记录：每个复制来的文件当时的内置版本 (sha256)。内置文件更新后 check/build 会提示。 Written by disclosure init: the built-in version (sha256) each copied file came from.';

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Every file of the built-in set, relative with `/`, sorted. */
export async function builtinFiles(root: string = builtinTemplates): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(resolve(root).length + 1).split('\\').join('/'))
    .sort();
}

/** `./tables\x.yaml` → `tables/x.yaml`; a folder name selects the files under it. */
export function selectBuiltin(all: readonly string[], asked: string): string[] {
  const rel = asked.split('\\').join('/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (all.includes(rel)) return [rel];
  return rel ? all.filter((f) => f.startsWith(`${rel}/`)) : [];
}

async function readOrigins(dir: string): Promise<Record<string, string>> {
  const path = join(dir, ORIGIN_FILE);
  if (!existsSync(path)) return {};
  const data = JSON.parse(await readFile(path, 'utf8')) as Partial<Origins>;
  if (!data || typeof data.builtin !== 'object' || data.builtin === null) throw new Error('no "builtin" object');
  return { ...data.builtin };
}

async function writeOrigins(dir: string, builtin: Record<string, string>): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(builtin).sort(([a], [b]) => a.localeCompare(b)));
  const data: Origins = { comment: COMMENT, builtin: sorted };
  await writeFile(join(dir, ORIGIN_FILE), `${JSON.stringify(data, null, 2)}\n`);
}

/** Copies built-in files into `dir` (folders made as needed) and records their versions. */
export async function copyBuiltin(dir: string, rels: readonly string[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const origins = await readOrigins(dir);
  for (const rel of rels) {
    const to = join(dir, rel);
    await mkdir(dirname(to), { recursive: true });
    await copyFile(join(builtinTemplates, rel), to);
    origins[rel] = sha256(join(builtinTemplates, rel));
  }
  await writeOrigins(dir, origins);
}

/** Records the current built-in version for copies the clerk has brought up to date by hand. */
export async function acceptBuiltin(dir: string, rels: readonly string[]): Promise<void> {
  const origins = await readOrigins(dir);
  for (const rel of rels) origins[rel] = sha256(join(builtinTemplates, rel));
  await writeOrigins(dir, origins);
}

/** Warnings for the copies in one template-set folder whose built-in original has changed (or gone). */
export async function originWarnings(dir: string, lang?: Lang): Promise<Diagnostic[]> {
  let origins: Record<string, string>;
  try {
    origins = await readOrigins(dir);
  } catch (e) {
    return [
      {
        severity: 'warning',
        code: 'template.origin_unreadable',
        message: tr(lang, `无法读取 ${ORIGIN_FILE}（${(e as Error).message}），无法判断复制的文件是否过时`, `cannot read ${ORIGIN_FILE} (${(e as Error).message}); copies are not checked against the built-in set`),
        hint: tr(lang, `删除该文件后用 disclosure init ${dir} --accept 文件 重新记录`, `delete it and record again with disclosure init ${dir} --accept FILE`),
        file: join(dir, ORIGIN_FILE),
      },
    ];
  }
  const out: Diagnostic[] = [];
  for (const [rel, recorded] of Object.entries(origins).sort(([a], [b]) => a.localeCompare(b))) {
    const copy = join(dir, rel);
    // a copy the clerk deleted: the built-in file is used again
    if (!existsSync(copy)) continue;
    const original = join(builtinTemplates, rel);
    if (!existsSync(original)) {
      out.push({
        severity: 'warning',
        code: 'template.origin_removed',
        message: tr(lang, `内置模板已不再有 ${rel}：这个复制的文件可能已不再使用`, `the built-in set no longer has ${rel}: this copy may no longer be used`),
        hint: tr(lang, `查看内置模板集 ${builtinTemplates} 的改动说明；不再需要就删除它`, `see what changed in the built-in set ${builtinTemplates}; delete the copy if it is not needed`),
        file: copy,
      });
      continue;
    }
    if (sha256(original) === recorded) continue;
    out.push({
      severity: 'warning',
      code: 'template.outdated_copy',
      message: tr(
        lang,
        `${rel} 复制之后，内置的原文件已经更新；这个副本遮住了那些更新`,
        `the built-in ${rel} has changed since this copy was made; the copy hides those changes`,
      ),
      hint: tr(
        lang,
        `对比内置文件 ${original}；要改用新版：disclosure init ${dir} --only ${rel} --force（覆盖您的修改）；已把改动并入副本：disclosure init ${dir} --accept ${rel}`,
        `compare with the built-in ${original}; to take the new version: disclosure init ${dir} --only ${rel} --force (overwrites your edits); once merged by hand: disclosure init ${dir} --accept ${rel}`,
      ),
      file: copy,
    });
  }
  return out;
}

/** originWarnings for the layers but the built-in one; a folder already checked in this run is not reported again. */
export function originChecker(lang?: Lang): (layers: readonly string[]) => Promise<Diagnostic[]> {
  const seen = new Set<string>([resolve(builtinTemplates)]);
  return async (layers) => {
    const out: Diagnostic[] = [];
    for (const layer of layers.map((l) => resolve(l))) {
      if (seen.has(layer)) continue;
      seen.add(layer);
      out.push(...(await originWarnings(layer, lang)));
    }
    return out;
  };
}
