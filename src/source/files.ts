// Reading the clerk's files: which department YAMLs a command names, and their
// text as UTF-8 (a GBK file is a located diagnostic, not mojibake). Shared by
// the single build, `check` and the batch workers.
import { readFileSync } from 'node:fs';
import { access, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { TextDecoder } from 'node:util';
import { tr, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';
import { insideAny, linkOutOf } from './inside-folder.js';
import { isOutputWorkbook } from './zip-check.js';

/** The department YAML files and workbooks (.xlsx) named, folders searched recursively in name order. */
export async function collectYamlFiles(paths: readonly string[], lang: Lang): Promise<{ files: string[]; problems: Diagnostic[] }> {
  const files: string[] = [];
  const problems: Diagnostic[] = [];
  const walk = async (p: string): Promise<void> => {
    let s;
    try {
      s = await stat(p);
    } catch {
      problems.push({ severity: 'error', code: 'io.missing', message: tr(lang, `找不到文件或文件夹 ${p}`, `no such file or folder: ${p}`), file: p });
      return;
    }
    if (!s.isDirectory()) {
      files.push(p);
      return;
    }
    let entries;
    try {
      entries = await readdir(p, { withFileTypes: true });
    } catch {
      problems.push({ severity: 'error', code: 'io.unreadable', message: tr(lang, `无法读取文件夹 ${p}`, `cannot read the folder ${p}`), file: p });
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      // a department's own templates/ folder holds templates, not departments
      if (e.name.startsWith('.') || e.name === 'catalogue' || e.name === 'templates' || e.name === 'node_modules') continue;
      const child = join(p, e.name);
      if (e.isDirectory()) await walk(child);
      else if (/\.xlsx$/i.test(e.name)) {
        // summary.xlsx, check.xlsx and tables workbooks this tool wrote (an --out inside the input folder) are not departments
        if (!(await isOutputFile(child))) files.push(child);
      } else if (/\.ya?ml$/i.test(e.name)) files.push(child);
    }
  };
  for (const p of paths) await walk(p);
  return { files, problems };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A workbook carrying the tool's output mark (read from its first MB at most: the mark is in a small part). */
async function isOutputFile(path: string): Promise<boolean> {
  const s = await stat(path).catch(() => null);
  if (!s || s.size > MAX_DEPARTMENT_BYTES) return false;
  return isOutputWorkbook(await readFile(path).catch(() => new Uint8Array()));
}

/** department YAMLs and workbooks are tens of KB to a few MB */
export const MAX_DEPARTMENT_BYTES = 50 * 1048576;

/** A department file's text, or the diagnostic that says why it cannot be read. */
export async function readDepartmentText(file: string, lang: Lang): Promise<{ text: string } | { problem: Diagnostic }> {
  // a link out of the department's folder (to /etc/passwd, say) is not read: its lines would be quoted in messages
  const real = await linkOutOf(file);
  if (real !== null) return { problem: outsideFolderProblem(file, lang) };
  // a department is tens of KB; a file of hundreds of MB was picked by mistake and would exhaust memory in the parser
  const size = (await stat(file).catch(() => null))?.size ?? 0;
  if (size > MAX_DEPARTMENT_BYTES)
    return {
      problem: {
        severity: 'error',
        code: 'io.too_large',
        message: tr(
          lang,
          `文件有 ${(size / 1048576).toFixed(0)} MB，超过部门数据文件 ${MAX_DEPARTMENT_BYTES / 1048576} MB 的上限`,
          `the file is ${(size / 1048576).toFixed(0)} MB, over the limit of ${MAX_DEPARTMENT_BYTES / 1048576} MB for a department's data`,
        ),
        hint: tr(lang, '检查是不是选错了文件（部门数据通常只有几十 KB）', "check that it is the right file (a department's data is usually tens of KB)"),
        file,
      },
    };
  // a workbook is read by the build itself (src/workbook); only its readability is checked here
  if (/\.xls[xm]$/i.test(file))
    return access(file).then(
      () => ({ text: '' }),
      () => ({
        problem: { severity: 'error' as const, code: 'io.unreadable', message: tr(lang, `无法读取文件 ${file}`, `cannot read the file ${file}`), file },
      }),
    );
  let bytes;
  try {
    bytes = await readFile(file);
  } catch {
    return { problem: { severity: 'error', code: 'io.unreadable', message: tr(lang, `无法读取文件 ${file}`, `cannot read the file ${file}`), file } };
  }
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return {
      problem: {
        severity: 'error',
        code: 'yaml.encoding',
        message: tr(lang, '文件不是 UTF-8 编码（可能是 GBK）', 'the file is not UTF-8 (GBK, perhaps)'),
        file,
        line: 1,
        column: 1,
        hint: tr(lang, '用记事本或 WPS “另存为”时选择 UTF-8 编码', 'save it again as UTF-8 (Save as… in Notepad or WPS)'),
      },
    };
  }
}

/**
 * The text of a file named by a diagnostic, for its code frame; nothing when
 * unreadable or outside the folders the command was given (`roots`: see
 * readableRoots), so a refused link never has its target's first line printed.
 */
export function sourceForFrame(file: string, roots: readonly string[]): string | undefined {
  if (!insideAny(file, roots)) return undefined;
  try {
    return utf8.decode(readFileSync(file));
  } catch {
    return undefined;
  }
}

/** The output name of a department: its YAML file's (or workbook's) name without the extension. */
export const departmentName = (file: string): string => basename(file).replace(/\.(ya?ml|xls[xm])$/i, '');

/** A department file that is a link to a file outside its own folder; the target is neither read nor named. */
export function outsideFolderProblem(file: string, lang: Lang): Diagnostic {
  return {
    severity: 'error',
    code: 'io.outside_folder',
    message: tr(
      lang,
      `${basename(file)} 是指向所在文件夹之外的链接（快捷方式），不读取`,
      `${basename(file)} is a link (shortcut) to a file outside its folder; it is not read`,
    ),
    hint: tr(lang, '把文件本身复制到部门文件夹中，不要用快捷方式或符号链接', "copy the file itself into the department's folder instead of linking to it"),
    file,
    line: 1,
    column: 1,
  };
}
