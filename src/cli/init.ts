// disclosure init [DIR] [--only FILE]... [--force] [--accept FILE]...
// Copies the built-in template set (or only the files a bureau means to
// change: the rest keeps coming from the built-in layer, fixes included) and
// records the built-in version of every copy (templates/origins.ts).
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { cliArgs } from '../diagnostics/parse-args.js';
import { acceptBuiltin, builtinFiles, copyBuiltin, selectBuiltin } from '../templates/origins.js';

export const INIT_USAGE = `  disclosure init [DIR] [--only FILE]... [--force]   copy the built-in template set (or only FILE, e.g. tables/budget-summary.yaml) to DIR
  disclosure init DIR --accept FILE...   record that FILE is up to date with the built-in version (after merging its changes)
`;

export async function initCommand(argv: readonly string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  let args;
  try {
    args = cliArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        only: { type: 'string', multiple: true },
        accept: { type: 'string', multiple: true },
        force: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    err.write(`${(e as Error).message}\n用法 usage:\n${INIT_USAGE}`);
    return 2;
  }
  const { only = [], accept = [], force } = args.values;
  if (args.positionals.length > 1 || (only.length && accept.length)) {
    err.write(`用法 usage:\n${INIT_USAGE}`);
    return 2;
  }
  const dir = args.positionals[0] ?? 'templates-local';
  const target = resolve(dir);
  const all = await builtinFiles();

  // every name is checked before anything is written
  const pick = (asked: readonly string[]): string[] | null => {
    const picked = new Set<string>();
    for (const a of asked) {
      const files = selectBuiltin(all, a);
      if (!files.length) {
        err.write(`内置模板集中没有 ${a} (the built-in template set has no ${a})\n可用的文件 files:\n${all.map((f) => `  ${f}`).join('\n')}\n`);
        return null;
      }
      for (const f of files) picked.add(f);
    }
    return [...picked];
  };

  try {
    if (accept.length) {
      const files = pick(accept);
      if (!files) return 2;
      const notCopied = files.filter((f) => !existsSync(join(target, f)));
      if (notCopied.length) {
        err.write(`${target} 中没有 ${notCopied.join(', ')}：只能确认已复制的文件 (not copied there; only copies can be accepted)\n`);
        return 2;
      }
      await acceptBuiltin(target, files);
      out.write(`已记录 ${files.join(', ')} 与当前内置版本一致 (recorded as up to date with the built-in version)\n`);
      return 0;
    }
    if (only.length) {
      const files = pick(only);
      if (!files) return 2;
      const existing = files.filter((f) => existsSync(join(target, f)));
      if (existing.length && !force) {
        err.write(
          `${target} 中已有 ${existing.join(', ')}，没有复制任何文件；加 --force 以内置版本覆盖（您的修改会丢失） (already there; nothing copied; --force overwrites your edits)\n`,
        );
        return 2;
      }
      await copyBuiltin(target, files);
      out.write(`已复制 ${files.join(', ')} 到 ${target}；其余文件仍用内置模板。用 --templates ${dir} 生成\n`);
      return 0;
    }
    if (existsSync(target) && (await readdir(target)).length > 0) {
      err.write(`${target} 已存在且不为空，没有复制任何文件 (exists and is not empty; nothing copied). 只复制个别文件 copy single files: --only FILE\n`);
      return 2;
    }
    await copyBuiltin(target, all);
  } catch (e) {
    err.write(`无法写入 ${target}: ${(e as Error).message}\n`);
    return 2;
  }
  out.write(`模板已复制到 ${target}。修改后用 --templates ${dir} 生成；说明见其中的 README.md\n`);
  return 0;
}
