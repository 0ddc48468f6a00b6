// Progress for a batch: a bar on a TTY, plain lines otherwise; the final table.
import cliProgress from 'cli-progress';
import type { Progress } from './run-batch.js';
import type { Summary } from './types.js';

export interface ProgressReporter {
  update(p: Progress): void;
  stop(): void;
}

export function createProgress(
  total: number,
  stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
  lang: 'zh' | 'en' = 'zh',
): ProgressReporter {
  const t0 = Date.now();
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `{bar} {value}/{total} | {rate}/min | ETA {eta_formatted} | ${lang === 'zh' ? '失败' : 'failed'} {failed} | {current}`,
        stream,
        hideCursor: true,
        etaBuffer: 20,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { failed: 0, rate: '0', current: '' });
    return {
      update(p) {
        const min = (Date.now() - t0) / 60000;
        bar.update(p.done, { failed: p.failed, rate: min > 0 ? (p.done / min).toFixed(1) : '0', current: p.last?.name ?? '' });
      },
      stop: () => bar.stop(),
    };
  }
  let lastTime = t0;
  let lastTenth = 0;
  return {
    update(p) {
      const now = Date.now();
      const tenth = Math.floor((p.done * 10) / Math.max(1, p.total));
      if (now - lastTime < 2000 && tenth === lastTenth && p.done !== p.total) return;
      lastTime = now;
      lastTenth = tenth;
      const s = (now - t0) / 1000;
      const rate = p.done / Math.max(s, 0.001);
      const eta = rate > 0 ? Math.round((p.total - p.done) / rate) : 0;
      stream.write(
        lang === 'zh'
          ? `进度 ${p.done}/${p.total}（${Math.round((p.done * 100) / Math.max(1, p.total))}%），${rate.toFixed(2)} 个/秒，预计剩余 ${eta} 秒，失败 ${p.failed}\n`
          : `progress ${p.done}/${p.total} (${Math.round((p.done * 100) / Math.max(1, p.total))}%), ${rate.toFixed(2)}/s, ETA ${eta}s, failed ${p.failed}\n`,
      );
    },
    stop() {},
  };
}

/** The closing table: built, skipped, failed, warnings, pages, time. */
export function formatSummaryTable(s: Summary, lang: 'zh' | 'en' = 'zh'): string {
  const t = s.totals;
  const rows: [string, string][] =
    lang === 'zh'
      ? [
          ['部门总数', String(t.departments)],
          ['已生成', String(t.built)],
          ['未变动跳过', String(t.skipped)],
          ['失败', String(t.failed)],
          ['警告', String(t.warnings)],
          ['页数', String(t.pages)],
          ['用时', `${(t.ms / 1000).toFixed(1)} 秒`],
        ]
      : [
          ['departments', String(t.departments)],
          ['built', String(t.built)],
          ['skipped (unchanged)', String(t.skipped)],
          ['failed', String(t.failed)],
          ['warnings', String(t.warnings)],
          ['pages', String(t.pages)],
          ['time', `${(t.ms / 1000).toFixed(1)} s`],
        ];
  const width = (x: string) => [...x].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  const w0 = Math.max(...rows.map((r) => width(r[0])));
  const w1 = Math.max(...rows.map((r) => width(r[1])));
  const line = `+${'-'.repeat(w0 + 2)}+${'-'.repeat(w1 + 2)}+`;
  const body = rows.map(([a, b]) => `| ${a}${' '.repeat(w0 - width(a))} | ${' '.repeat(w1 - width(b))}${b} |`);
  const failed = s.departments
    .filter((d) => d.status === 'failed')
    .map((d) => `  ✗ ${d.file}: ${d.diagnostics.find((x) => x.severity === 'error')?.message ?? ''}`);
  return [line, ...body, line, ...failed].join('\n') + '\n';
}
