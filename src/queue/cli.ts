// disclosure queue worker|submit|status --redis URL …
import { existsSync } from 'node:fs';
import { limitsFromArgs } from '../document/limits.js';
import { resolve } from 'node:path';
import { cliArgs } from '../diagnostics/parse-args.js';
import type { Format } from '../build.js';
import { formatDiagnostic, tr, type Lang } from '../diagnostics/diagnostic.js';
import { collectYamlFiles, sourceForFrame } from '../source/files.js';
import { createProgress, formatSummaryTable } from '../batch/progress.js';
import { readableRoots } from '../catalogue/layers.js';
import { builtinTemplates } from '../templates/builtin.js';
import { checkRedisUrl, RedisUnreachable } from './connection.js';
import { queueVersion } from './version.js';

export const QUEUE_USAGE = `  disclosure queue worker --redis URL [--concurrency N]   build departments from the queue (any machine)
  disclosure queue submit <data.yaml|folder>... --redis URL --out DIR [--templates DIR]... [--catalogue FILE|DIR]... [--format pdf|docx] [--max-pages N] [--max-seconds S] [--wait]
  disclosure queue status --redis URL                      queued, active, done, failed
`;

export async function queueCommand(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream & { isTTY?: boolean }): Promise<number> {
  const [sub, ...rest] = argv;
  let args;
  try {
    args = cliArgs({
      args: rest,
      allowPositionals: sub === 'submit',
      options: {
        redis: { type: 'string' },
        out: { type: 'string' },
        concurrency: { type: 'string' },
        templates: { type: 'string', multiple: true },
        catalogue: { type: 'string', multiple: true },
        format: { type: 'string', multiple: true },
        lang: { type: 'string', default: 'zh' },
        strict: { type: 'boolean', default: false },
        'max-pages': { type: 'string' },
        'max-seconds': { type: 'string' },
        wait: { type: 'boolean', default: false },
        // how fast a killed worker's department is retried (ms); tests shorten it
        'lock-ms': { type: 'string' },
      },
    });
  } catch (e) {
    err.write(`${(e as Error).message}\n${QUEUE_USAGE}`);
    return 2;
  }
  const v = args.values;
  const lang = v.lang as Lang;
  const redis = checkRedisUrl(v.redis);
  if (!redis || (lang !== 'zh' && lang !== 'en') || !['worker', 'submit', 'status'].includes(sub ?? '')) {
    // a URL that is not one: said in one line, naming what was given
    if (!redis && v.redis !== undefined && sub)
      err.write(`--redis 须为 redis://主机:端口，写的是“${v.redis}” (must be a redis://host:port URL, given "${v.redis}")\n`);
    else err.write(QUEUE_USAGE);
    return 2;
  }
  if (sub === 'status') {
    const { queueStatus } = await import('./status.js');
    let rows;
    try {
      rows = await queueStatus(redis);
    } catch (e) {
      err.write(e instanceof RedisUnreachable ? `${e.line(lang)}\n` : `${(e as Error).message}\n`);
      return 2;
    }
    const mine = queueVersion();
    for (const r of rows)
      out.write(
        lang === 'zh'
          ? `${r.queue}${r.queue.endsWith(mine) ? '（本版本）' : ''}: 排队 ${r.queued}，进行中 ${r.active}，完成 ${r.done}，失败 ${r.failed}\n`
          : `${r.queue}${r.queue.endsWith(mine) ? ' (this version)' : ''}: queued ${r.queued}, active ${r.active}, done ${r.done}, failed ${r.failed}\n`,
      );
    return 0;
  }
  if (sub === 'worker') {
    const concurrency = v.concurrency === undefined ? 1 : Number(v.concurrency);
    const lockMs = v['lock-ms'] === undefined ? undefined : Number(v['lock-ms']);
    if (!Number.isInteger(concurrency) || concurrency < 1 || (lockMs !== undefined && !(lockMs >= 1000))) {
      err.write(`--concurrency 须为正整数 must be a positive integer; --lock-ms ≥ 1000\n${QUEUE_USAGE}`);
      return 2;
    }
    // listening before connecting: a worker whose Redis is gone (or never came) still stops on SIGTERM
    const stopped = new Promise<void>((res) => {
      const stop = () => res();
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
    const { startWorker } = await import('./worker.js');
    const w = startWorker({
      redis,
      concurrency,
      lockDuration: lockMs,
      stalledInterval: lockMs === undefined ? undefined : Math.max(500, lockMs / 2),
      log: (l) => out.write(`${l}\n`),
    });
    // runs until stopped; SIGTERM/SIGINT give the current departments 7 s to finish, then stop within 10 s in all
    await stopped;
    const graceful = await w.close(7000);
    out.write(
      graceful
        ? tr(lang, '工作进程已停止\n', 'worker stopped\n')
        : tr(
            lang,
            '工作进程已停止：未完成的部门将由其他工作进程重做（或 Redis 无法连接）\n',
            'worker stopped: departments under way will be built by another worker (or Redis could not be reached)\n',
          ),
    );
    // nothing of ours is left running; a library's timer must not keep the process past the 10 s
    setTimeout(() => process.exit(0), 500).unref();
    return 0;
  }
  // submit
  const formats = (v.format ?? ['pdf', 'docx']) as Format[];
  if (!v.out || args.positionals.length === 0 || formats.some((f) => f !== 'pdf' && f !== 'docx')) {
    err.write(`${v.out ? '' : '--out 必填 is required (the shared output folder)\n'}${QUEUE_USAGE}`);
    return 2;
  }
  const catalogues = (v.catalogue ?? []).map((p) => resolve(p));
  const missing = [...catalogues, ...(v.templates ?? []).map((p) => resolve(p))].find((p) => !existsSync(p));
  if (missing) {
    err.write(`不存在 not found: ${missing}\n`);
    return 2;
  }
  const { files, problems } = await collectYamlFiles(args.positionals, lang);
  if (problems.length) {
    for (const d of problems) err.write(`${formatDiagnostic(d, lang)}\n`);
    return 2;
  }
  const { submit } = await import('./submit.js');
  const progress = v.wait ? createProgress(files.length, err, lang) : undefined;
  let r;
  try {
    // limits travel with each department, so every worker applies the submitter's
    const limits = limitsFromArgs(v['max-pages'], v['max-seconds']);
    if (limits === null) {
      progress?.stop();
      err.write(`--max-pages / --max-seconds 要写正数 need a positive number\n${QUEUE_USAGE}`);
      return 2;
    }
    r = await submit({
      redis,
      files,
      outDir: v.out,
      templateLayers: v.templates ?? [],
      catalogues,
      formats,
      lang,
      strict: v.strict,
      ...(limits ? { limits } : {}),
      wait: v.wait,
      onProgress: (p) => progress?.update(p),
    });
  } catch (e) {
    progress?.stop();
    err.write(e instanceof RedisUnreachable ? `${e.line(lang)}\n` : `提交失败 submit failed: ${(e as Error).message}\n`);
    return 2;
  } finally {
    progress?.stop();
  }
  err.write(
    lang === 'zh'
      ? `已提交 ${r.submitted} 个部门，${r.deduplicated} 个已在队列中或已生成（未重复提交）\n`
      : `submitted ${r.submitted} departments; ${r.deduplicated} already queued or built (not added again)\n`,
  );
  if (!r.summary) return 0;
  const roots = readableRoots({ templateLayers: [builtinTemplates, ...(v.templates ?? [])], extra: catalogues, departmentFiles: files });
  for (const d of r.summary.departments) for (const x of d.diagnostics) err.write(`${formatDiagnostic(x, lang, sourceForFrame(x.file, roots))}\n`);
  out.write(formatSummaryTable(r.summary, lang));
  return r.summary.totals.failed ? 1 : 0;
}
