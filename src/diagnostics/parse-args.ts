// node:util's parseArgs, speaking to the clerk: its own sentences ("argument
// is ambiguous", "Unknown option '--outt'. To specify a positional argument
// starting with a '-' …") become one bilingual line naming the option. A
// negative number after an option that takes a value (`--max-seconds -5`) is
// taken as that value, so the option's own check says what is wrong with it.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

const quoted = (message: string): string => message.match(/'(-[^' ,<]+(?:, --[^' <]+)?)/)?.[1]?.replace(/^-\w, /, '') ?? '';

function translate(e: { code?: string; message: string }): string {
  const opt = quoted(e.message);
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `不认识的选项 ${opt} (unknown option ${opt})`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const what = e.message.match(/Unexpected argument '([^']*)'/)?.[1] ?? '';
      return `多余的参数“${what}” (unexpected argument "${what}")`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(e.message)) return `选项 ${opt} 后面不带值 (option ${opt} takes no value)`;
      return `选项 ${opt} 后面要写一个值 (option ${opt} needs a value)`;
    default:
      return `命令行写得不对 (the command line is not understood)`;
  }
}

export function cliArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  const takesValue = new Set(
    Object.entries(config.options ?? {})
      .filter(([, o]) => o.type === 'string')
      .map(([k]) => `--${k}`),
  );
  const args = [...(config.args ?? [])];
  for (let i = 0; i < args.length - 1; i++)
    if (takesValue.has(args[i]!) && /^-\d|^-\.\d|^-Infinity$/.test(args[i + 1]!)) args.splice(i, 2, `${args[i]}=${args[i + 1]}`);
  try {
    return parseArgs({ ...config, args }) as ReturnType<typeof parseArgs<T>>;
  } catch (e) {
    throw new UsageError(translate(e as { code?: string; message: string }));
  }
}
