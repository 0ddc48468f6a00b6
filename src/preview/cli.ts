// disclosure preview <data.yaml> [--templates DIR]... [--catalogue FILE|DIR]... [--port N] [--lang zh|en]
import { existsSync } from 'node:fs';
import { cliArgs } from '../diagnostics/parse-args.js';
import { tr, type Lang } from '../diagnostics/diagnostic.js';
import { startPreview } from './server.js';

export const PREVIEW_USAGE = `  disclosure preview <data.yaml> [--templates DIR]... [--catalogue FILE|DIR]... [--port N] [--lang zh|en]
        a local page (127.0.0.1) showing the disclosure, its problems and PDF/DOCX links, updated on every save
`;

export async function previewCommand(
  argv: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  /** resolves when the preview should stop (default: Ctrl-C or SIGTERM) */
  stop?: Promise<unknown>,
): Promise<number> {
  let args;
  try {
    args = cliArgs({
      args: argv,
      allowPositionals: true,
      options: {
        templates: { type: 'string', multiple: true },
        catalogue: { type: 'string', multiple: true },
        port: { type: 'string', default: '0' },
        lang: { type: 'string', default: 'zh' },
      },
    });
  } catch (e) {
    err.write(`${(e as Error).message}\n用法 usage:\n${PREVIEW_USAGE}`);
    return 2;
  }
  const lang = args.values.lang as Lang;
  const port = Number(args.values.port);
  const [file, ...extra] = args.positionals;
  if (!file || extra.length || (lang !== 'zh' && lang !== 'en') || !Number.isInteger(port) || port < 0 || port > 65535) {
    err.write(`用法 usage:\n${PREVIEW_USAGE}`);
    return 2;
  }
  if (!existsSync(file)) {
    err.write(tr(lang, `找不到文件 ${file}\n`, `no such file: ${file}\n`));
    return 2;
  }
  for (const d of args.values.templates ?? [])
    if (!existsSync(d)) {
      err.write(tr(lang, `找不到模板文件夹 ${d}\n`, `no such template folder: ${d}\n`));
      return 2;
    }
  for (const c of args.values.catalogue ?? [])
    if (!existsSync(c)) {
      err.write(tr(lang, `找不到科目表 ${c}\n`, `no such catalogue: ${c}\n`));
      return 2;
    }
  let preview;
  try {
    preview = await startPreview({
      file,
      templates: args.values.templates ?? [],
      catalogues: args.values.catalogue ?? [],
      port,
      lang,
      log: (line) => err.write(`${line}\n`),
    });
  } catch (e) {
    err.write(tr(lang, `无法启动预览：${(e as Error).message}\n`, `cannot start the preview: ${(e as Error).message}\n`));
    return 2;
  }
  out.write(`${preview.url}\n`);
  err.write(tr(lang, '保存数据或模板文件后页面自动更新；按 Ctrl-C 停止\n', 'the page updates when a data or template file is saved; Ctrl-C stops\n'));
  await (stop ??
    new Promise<void>((done) => {
      const quit = () => {
        process.off('SIGINT', quit);
        process.off('SIGTERM', quit);
        done();
      };
      process.on('SIGINT', quit);
      process.on('SIGTERM', quit);
    }));
  await preview.close();
  err.write(tr(lang, '预览已停止\n', 'preview stopped\n'));
  return 0;
}
