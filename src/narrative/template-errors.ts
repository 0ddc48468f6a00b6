// Handlebars reports errors as text; turn them into located diagnostics in the
// template file (parse errors carry a line, strict-mode lookups end in " - L:C").
import { tr, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';
import { HelperArgumentError } from '../numbers/helper-error.js';
import { nearest } from '../model/validate.js';

/** An object, list or function printed by a mustache (src/narrative/env.ts): Handlebars would print "[object Object]". */
export class TemplateValueError extends Error {
  /** Handlebars' convention for located errors: 1-based line, 0-based column */
  readonly lineNumber: number | undefined;
  readonly column: number | undefined;
  constructor(
    readonly kind: 'object' | 'list' | 'function',
    loc?: { start?: { line?: number; column?: number } },
  ) {
    super(`a ${kind} printed as text`);
    this.name = 'TemplateValueError';
    this.lineNumber = loc?.start?.line;
    this.column = loc?.start?.column;
  }
}

/** The `../…name` with the most `../` in the source: the one that goes up too far. */
function deepestParentPath(source: string, name: string): { line: number; column: number } | Record<never, never> {
  const re = new RegExp(`(?:\\.\\./)+${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'g');
  const all = [...source.matchAll(re)];
  const deepest = all.sort((a, b) => b[0].length - a[0].length)[0];
  if (!deepest) return {};
  const before = source.slice(0, deepest.index).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** Line and column (1-based) of the first occurrence of `needle` in `source`. */
export function findInSource(source: string | undefined, needle: RegExp): { line: number; column: number } | Record<never, never> {
  const m = source ? needle.exec(source) : null;
  if (!m || !source) return {};
  const before = source.slice(0, m.index).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** Every property name of a template context, a few levels deep: the names a misspelt variable may have meant. */
export function contextNames(ctx: unknown, depth = 3): string[] {
  const names = new Set<string>();
  const walk = (v: unknown, d: number) => {
    if (d < 0 || v === null || typeof v !== 'object' || Array.isArray(v) || v.constructor?.name === 'Decimal') return;
    for (const [k, x] of Object.entries(v)) {
      names.add(k);
      walk(Array.isArray(x) ? x[0] : x, d - 1);
    }
  };
  walk(ctx, depth);
  return [...names];
}

export function templateDiagnostic(file: string, e: unknown, source?: string, lang?: Lang, names?: () => readonly string[]): Diagnostic {
  const msg = e instanceof Error ? e.message : String(e);
  const parse = msg.match(/Parse error on line (\d+):[\s\S]*?\n([\s\S]*?)\n-*\^\n(.*)/);
  if (parse) {
    const col = (msg.split('\n')[2] ?? '').indexOf('^');
    const got = parse[3]!.match(/got '(\w+)'/)?.[1];
    const message =
      got === 'EOF'
        ? tr(lang, '模板语法错误：文件结束了，但还有没关闭的 {{#each}} 或 {{#if}}', 'template syntax: the file ends inside an unclosed {{#each}} or {{#if}}')
        : got === 'INVALID'
          ? tr(lang, '模板语法错误：花括号 {{ }} 不成对', 'template syntax: unbalanced {{ }}')
          : tr(lang, `模板语法错误：${parse[3]}`, `template syntax: ${parse[3]}`);
    return {
      severity: 'error',
      code: 'template.syntax',
      message,
      file,
      line: Number(parse[1]),
      column: Math.max(1, col + 1),
      hint: got === 'EOF' ? tr(lang, '每个 {{#each …}} 要有 {{/each}}，每个 {{#if …}} 要有 {{/if}}', 'close every {{#each …}} with {{/each}} and every {{#if …}} with {{/if}}') : tr(lang, '检查这一行的 {{ 和 }} 是否成对', 'check the {{ and }} of this line'),
    };
  }
  const missing = msg.match(/^"(.+?)" not defined in .* - (\d+):(\d+)$/);
  if (missing) {
    // strict mode names the segment it failed on; the misspelling may be an earlier one (departmnet.name)
    const known = names?.();
    const line = source?.split('\n')[Number(missing[2]) - 1] ?? '';
    const path = line.slice(Number(missing[3])).match(/^\{*[#~\s]*(?:\w+\s+)?\(?\s*([\w.@/]+)/)?.[1] ?? missing[1]!;
    const wrong = known ? (path.split(/[./]/).find((seg) => seg && !known.includes(seg) && !/^\d+$/.test(seg)) ?? missing[1]!) : missing[1]!;
    const near = known ? nearest(wrong, known.filter((k) => k !== wrong)) : undefined;
    return {
      severity: 'error',
      code: 'template.missing_variable',
      message: tr(lang, `模板中的变量“${missing[1]}”在数据中不存在`, `the template variable “${missing[1]}” does not exist in the data`),
      file,
      line: Number(missing[2]),
      column: Number(missing[3]) + 1,
      hint: near
        ? tr(lang, `“${wrong}”是不是“${near}”？可用的变量见 docs/template-data.md`, `did you mean “${near}” for “${wrong}”? The variables are listed in docs/template-data.md`)
        : tr(lang, '检查变量名的拼写，或在数据中补充该字段；可用的变量见 docs/template-data.md', 'check its spelling, or add the field to the data; the variables are listed in docs/template-data.md'),
    };
  }
  const helper = msg.match(/You specified knownHelpersOnly, but used the unknown helper (\S+) - (\d+):(\d+)/);
  if (helper)
    return {
      severity: 'error',
      code: 'template.unknown_helper',
      message: tr(lang, `模板使用了不存在的函数“${helper[1]}”`, `the template calls an unknown helper “${helper[1]}”`),
      file,
      line: Number(helper[2]),
      column: Number(helper[3]) + 1,
    };
  // Handlebars exceptions that carry a location (e.g. "if doesn't match each - 5:2")
  const loc = e as { lineNumber?: unknown; column?: unknown };
  const place = typeof loc.lineNumber === 'number' ? { line: loc.lineNumber, column: (typeof loc.column === 'number' ? loc.column : 0) + 1 } : {};
  // `{{../../x}}` going up past the template's top: strict lookup then reads a property of undefined
  const past = msg.match(/^Cannot read properties of (?:undefined|null) \(reading '([^']+)'\)/);
  if (past && source && /\.\.\//.test(source))
    return {
      severity: 'error',
      code: 'template.parent_past_root',
      message: tr(lang, `“../${past[1]}”向上跳出了模板的最外层：这里没有那么多层 {{#each}}`, `“../${past[1]}” goes up past the top of the template: there are fewer enclosing {{#each}} blocks`),
      file,
      ...deepestParentPath(source, past[1]!),
      hint: tr(lang, '少写一个“../”，或用 @root.名称 取最外层的数据', 'remove one “../”, or use @root.name for the top-level data'),
    };
  if (e instanceof TemplateValueError) {
    const line = typeof loc.lineNumber === 'number' ? (source?.split('\n')[loc.lineNumber - 1] ?? '') : '';
    const what = line.slice(typeof loc.column === 'number' ? loc.column : 0).match(/^\{\{\{?~?\s*([^}]*?)\s*~?\}?\}\}/)?.[1] ?? '';
    const kindZh = { object: '一组数据（对象）', list: '一个列表', function: '一个函数' }[e.kind];
    const kindEn = { object: 'a group of fields (an object)', list: 'a list', function: 'a function' }[e.kind];
    return {
      severity: 'error',
      code: 'template.not_text',
      message: tr(lang, `{{${what}}} 是${kindZh}，不能直接印成文字（会印出“[object Object]”之类）`, `{{${what}}} is ${kindEn}, not text: it would print as “[object Object]” or similar`),
      file,
      ...place,
      hint:
        e.kind === 'list'
          ? tr(lang, '用 {{#each …}}…{{/each}} 逐项印出，或用 {{join …}}', 'print its items with {{#each …}}…{{/each}}, or use {{join …}}')
          : tr(lang, `印它的一个字段，例如 {{${what || 'department'}.name}}；可用的字段见 docs/template-data.md`, `print one of its fields, e.g. {{${what || 'department'}.name}}; the fields are listed in docs/template-data.md`),
    };
  }
  if (e instanceof HelperArgumentError)
    return { severity: 'error', code: 'template.helper_argument', message: tr(lang, e.zh, e.en), file, ...place, hint: tr(lang, e.hintZh, e.hintEn) };
  const partial = msg.match(/^The partial (.+) could not be found/);
  if (partial)
    return {
      severity: 'error',
      code: 'template.missing_partial',
      message: tr(lang, `模板引用了不存在的片段“${partial[1]}”`, `the template includes a partial “${partial[1]}” that does not exist`),
      file,
      ...place,
      ...findInSource(source, new RegExp(`\\{\\{~?>\\s*${partial[1]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`)),
      hint: tr(lang, '删去 {{> …}}，或在模板集中补上该片段', 'remove the {{> …}}, or add the partial to the template set'),
    };
  const text = msg.split('\n')[0]!.replace(/ - \d+:\d+$/, '');
  return { severity: 'error', code: 'template.error', message: tr(lang, `模板错误：${text}`, `template error: ${text}`), file, ...place };
}
