// Handlebars reports errors as text; turn them into located diagnostics in the
// template file (parse errors carry a line, strict-mode lookups end in " - L:C").
import type { Diagnostic } from '../diagnostics/diagnostic.js';

export function templateDiagnostic(file: string, e: unknown): Diagnostic {
  const msg = e instanceof Error ? e.message : String(e);
  const parse = msg.match(/Parse error on line (\d+):[\s\S]*?\n([\s\S]*?)\n-*\^\n(.*)/);
  if (parse) {
    const col = (msg.split('\n')[2] ?? '').indexOf('^');
    return { severity: 'error', code: 'template.syntax', message: `模板语法错误：${parse[3]}`, file, line: Number(parse[1]), column: Math.max(1, col + 1) };
  }
  const missing = msg.match(/^"(.+?)" not defined in .* - (\d+):(\d+)$/);
  if (missing)
    return {
      severity: 'error',
      code: 'template.missing_variable',
      message: `模板中的变量“${missing[1]}”在数据中不存在`,
      file,
      line: Number(missing[2]),
      column: Number(missing[3]) + 1,
      hint: '检查变量名的拼写，或在数据中补充该字段',
    };
  const helper = msg.match(/You specified knownHelpersOnly, but used the unknown helper (\S+) - (\d+):(\d+)/);
  if (helper)
    return {
      severity: 'error',
      code: 'template.unknown_helper',
      message: `模板使用了不存在的函数“${helper[1]}”`,
      file,
      line: Number(helper[2]),
      column: Number(helper[3]) + 1,
    };
  return { severity: 'error', code: 'template.error', message: `模板错误：${msg.split('\n')[0]}`, file };
}
