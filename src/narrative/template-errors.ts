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

/** A path read through a name its parent does not have (`fig.extra.meetings.rows` where there is no `meetings`). */
export class MissingPathError extends Error {
  readonly lineNumber: number | undefined;
  readonly column: number | undefined;
  constructor(
    /** the path up to and including the missing name */
    readonly path: string,
    /** the names the parent has */
    readonly have: readonly string[],
    loc?: { start?: { line?: number; column?: number } },
    /** the parent itself is not there (a `../` above the template's top) */
    readonly noParent = false,
  ) {
    super(`${path} is not there`);
    this.name = 'MissingPathError';
    this.lineNumber = loc?.start?.line;
    this.column = loc?.start?.column;
  }
}

/** Braces the template itself prints (`\{{x}}`, a stray `}}`): a template never rendered on the page. */
export class LiteralBracesError extends Error {
  constructor(
    readonly lineNumber: number,
    /** 0-based, as Handlebars' own */
    readonly column: number,
  ) {
    super('literal braces');
    this.name = 'LiteralBracesError';
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
      hint:
        got === 'EOF'
          ? tr(lang, '每个 {{#each …}} 要有 {{/each}}，每个 {{#if …}} 要有 {{/if}}', 'close every {{#each …}} with {{/each}} and every {{#if …}} with {{/if}}')
          : tr(lang, '检查这一行的 {{ 和 }} 是否成对', 'check the {{ and }} of this line'),
    };
  }
  if (e instanceof MissingPathError && !(e.noParent && !e.path.includes('.') && source && /\.\.\//.test(source))) {
    const name = e.path.split('.').pop()!;
    const parent = e.path.slice(0, -name.length - 1) || '';
    const near = nearest(name, e.have);
    const list = e.have.slice(0, 30);
    const more = e.have.length > list.length ? '…' : '';
    return {
      severity: 'error',
      code: 'template.missing_variable',
      message: tr(lang, `模板读取的“${e.path}”在数据中不存在`, `the template reads “${e.path}”, which the data does not have`),
      file,
      ...(e.lineNumber !== undefined ? { line: e.lineNumber, column: (e.column ?? 0) + 1 } : {}),
      hint: tr(
        lang,
        `${near ? `是不是“${near}”？` : ''}${list.length ? `${parent || '数据'}中有：${list.join('、')}${more}` : `${parent || '数据'}中什么也没有`}；可用的变量见 docs/template-data.md`,
        `${near ? `did you mean “${near}”? ` : ''}${list.length ? `${parent || 'the data'} has: ${list.join(', ')}${more}` : `${parent || 'the data'} holds nothing`}; the variables are listed in docs/template-data.md`,
      ),
    };
  }
  if (e instanceof LiteralBracesError)
    return {
      severity: 'error',
      code: 'template.unrendered',
      message: tr(
        lang,
        '模板在这里会原样印出花括号 {{ 或 }}：这段文字没有被当作模板填写',
        'the template prints the braces {{ or }} here as they are: this text is not filled in as a template',
      ),
      file,
      line: e.lineNumber,
      column: e.column + 1,
      hint: tr(lang, '去掉 {{ 前的反斜杠 \\，或删去多余的 {{ / }}', 'remove the backslash before {{, or the stray {{ / }}'),
    };
  const missing = msg.match(/^"(.+?)" not defined in .* - (\d+):(\d+)$/);
  if (missing) {
    // strict mode names the segment it failed on; the misspelling may be an earlier one (departmnet.name)
    const known = names?.();
    const line = source?.split('\n')[Number(missing[2]) - 1] ?? '';
    const path = line.slice(Number(missing[3])).match(/^\{*[#~\s]*(?:\w+\s+)?\(?\s*([\w.@/]+)/)?.[1] ?? missing[1]!;
    const wrong = known ? (path.split(/[./]/).find((seg) => seg && !known.includes(seg) && !/^\d+$/.test(seg)) ?? missing[1]!) : missing[1]!;
    const near = known
      ? nearest(
          wrong,
          known.filter((k) => k !== wrong),
        )
      : undefined;
    return {
      severity: 'error',
      code: 'template.missing_variable',
      message: tr(lang, `模板中的变量“${missing[1]}”在数据中不存在`, `the template variable “${missing[1]}” does not exist in the data`),
      file,
      line: Number(missing[2]),
      column: Number(missing[3]) + 1,
      hint: near
        ? tr(
            lang,
            `“${wrong}”是不是“${near}”？可用的变量见 docs/template-data.md`,
            `did you mean “${near}” for “${wrong}”? The variables are listed in docs/template-data.md`,
          )
        : tr(
            lang,
            '检查变量名的拼写，或在数据中补充该字段；可用的变量见 docs/template-data.md',
            'check its spelling, or add the field to the data; the variables are listed in docs/template-data.md',
          ),
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
  const past = e instanceof MissingPathError ? [e.path, e.path] : msg.match(/^Cannot read properties of (?:undefined|null) \(reading '([^']+)'\)/);
  if (past && source && /\.\.\//.test(source))
    return {
      severity: 'error',
      code: 'template.parent_past_root',
      message: tr(
        lang,
        `“../${past[1]}”向上跳出了模板的最外层：这里没有那么多层 {{#each}}`,
        `“../${past[1]}” goes up past the top of the template: there are fewer enclosing {{#each}} blocks`,
      ),
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
      message: tr(
        lang,
        `{{${what}}} 是${kindZh}，不能直接印成文字（会印出“[object Object]”之类）`,
        `{{${what}}} is ${kindEn}, not text: it would print as “[object Object]” or similar`,
      ),
      file,
      ...place,
      hint:
        e.kind === 'list'
          ? tr(lang, '用 {{#each …}}…{{/each}} 逐项印出，或用 {{join …}}', 'print its items with {{#each …}}…{{/each}}, or use {{join …}}')
          : tr(
              lang,
              `印它的一个字段，例如 {{${what || 'department'}.name}}；可用的字段见 docs/template-data.md`,
              `print one of its fields, e.g. {{${what || 'department'}.name}}; the fields are listed in docs/template-data.md`,
            ),
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
