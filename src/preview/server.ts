// `disclosure preview`: a local web page that shows a department's disclosure
// rendered from the document IR, the diagnostics of the last build and links
// to the current PDF and DOCX, rebuilt whenever the data or a template changes.
// Node's own http server; the page is told about new builds by server-sent events.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { build, type BuildOutput } from '../build.js';
import { builtinTemplates, loadTemplateSet, type TemplateSet } from '../templates/load.js';
import { DiagnosticError, hasErrors, internalError, tr, type Diagnostic, type Lang } from '../diagnostics/diagnostic.js';
import { readDepartmentText, sourceForFrame } from '../source/files.js';
import type { DocumentIR } from '../ir/types.js';
import { fontFaceCss, renderHtml } from '../render/html/index.js';
import { renderPage } from './page.js';
import { renderView } from './view.js';
import { watchSources, type Watcher } from './watch.js';
import { catalogueLayers } from '../catalogue/layers.js';

export interface PreviewOptions {
  /** the department YAML */
  file: string;
  /** bureau template folders (`--templates`), layered over the built-in set in order */
  templates?: readonly string[];
  /** `--catalogue` files or folders, over the built-in catalogues and the template sets' catalogue/ folders */
  catalogues?: readonly string[];
  /** 0 or absent: a free port */
  port?: number;
  lang?: Lang;
  /** called with a line for the terminal after each build */
  log?: (line: string) => void;
  debounceMs?: number;
}

export interface Preview {
  url: string;
  port: number;
  /** resolves when the build in progress (and any queued one) is done */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** The last good build: what the page shows and what the PDF/DOCX links build from. */
interface Good {
  gen: number;
  at: Date;
  name: string;
  text: string;
  templates: TemplateSet;
  html: string;
  ir: DocumentIR;
  files?: Promise<BuildOutput>;
}

const HOST = '127.0.0.1';

export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const lang = options.lang ?? 'zh';
  const file = resolve(options.file);
  const bureau = (options.templates ?? []).map((d) => resolve(d));
  const log = options.log ?? (() => {});
  // built-in → bureau (--templates) → the department's own templates/ beside its YAML (looked up at each build)
  const layers = () => {
    const own = join(dirname(file), 'templates');
    const base = [builtinTemplates, ...bureau];
    return existsSync(own) && !base.includes(own) ? [...base, own] : base;
  };
  const catalogues = () => catalogueLayers({ templateLayers: layers(), extra: options.catalogues ?? [], departmentFile: file });

  let gen = 0;
  let last: { diagnostics: Diagnostic[]; text?: string; at: Date; ms: number } | null = null;
  let good: Good | null = null;
  // font files the page may load: only those a render's IR names
  const fontFiles: string[] = [];
  const fontUrl = (path: string) => {
    let i = fontFiles.indexOf(path);
    if (i < 0) i = fontFiles.push(path) - 1;
    return `/fonts/${i}`;
  };
  let fontCss = '';
  let fontKey = '';

  // ---- builds, one at a time; a change during a build queues exactly one more
  let building = false;
  let running: Promise<void> | null = null;
  let again = false;

  async function buildOnce(): Promise<void> {
    const started = performance.now();
    const diagnostics: Diagnostic[] = [];
    let text: string | undefined;
    try {
      const read = await readDepartmentText(file, lang);
      if ('problem' in read) diagnostics.push(read.problem);
      else {
        text = read.text;
        let templates: TemplateSet | undefined;
        try {
          templates = await loadTemplateSet(layers(), lang);
        } catch (e) {
          if (!(e instanceof DiagnosticError)) throw e;
          diagnostics.push(...e.diagnostics);
        }
        if (templates) {
          const r = await build({ file, text, templates, catalogues: catalogues(), lang, render: false, keepIr: true });
          diagnostics.push(...r.diagnostics);
          if (r.ir && !hasErrors(r.diagnostics)) {
            const html = renderHtml(r.ir);
            good = { gen: gen + 1, at: new Date(), name: r.name, text, templates, html, ir: r.ir };
            fontCss = fontFaceCss(r.ir, fontUrl);
            fontKey = createHash('sha1').update(fontCss).digest('hex').slice(0, 12);
          }
        }
      }
    } catch (e) {
      diagnostics.push(internalError(file, e, lang));
    }
    const ms = performance.now() - started;
    gen++;
    last = { diagnostics, text, at: new Date(), ms };
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    log(
      errors
        ? tr(lang, `✗ ${errors} 个错误（${Math.round(ms)} ms）`, `✗ ${errors} errors (${Math.round(ms)} ms)`)
        : tr(lang, `✓ 已更新（${Math.round(ms)} ms，${diagnostics.length} 个警告）`, `✓ updated (${Math.round(ms)} ms, ${diagnostics.length} warnings)`),
    );
  }

  function rebuild(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    building = true;
    broadcast('building', { gen });
    running = (async () => {
      do {
        again = false;
        await buildOnce();
        building = again;
        broadcast('update', { gen, building });
      } while (again);
    })().finally(() => {
      running = null;
      building = false;
    });
    return running;
  }

  // ---- the page
  const view = () =>
    renderView({
      lang,
      gen,
      file,
      diagnostics: last?.diagnostics ?? [],
      sourceOf: (f) => (f === file && last?.text !== undefined ? last.text : sourceForFrame(f, [...layers(), ...catalogues(), dirname(file)])),
      docHtml: good?.html ?? null,
      stale: !!good && good.gen !== gen,
      finishedAt: last?.at,
      ms: last?.ms,
      renderedAt: good?.at,
      fontKey,
    });

  /** PDF and DOCX of the last good build, made when first asked for (about 2 s), then kept. */
  const files = (g: Good) =>
    (g.files ??= build({ file, text: g.text, templates: g.templates, catalogues: catalogues(), lang, formats: ['pdf', 'docx'] }).catch((e) => {
      g.files = undefined;
      throw e;
    }));

  // ---- server-sent events
  const clients = new Set<ServerResponse>();
  function broadcast(event: string, data: unknown) {
    const msg = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of clients) res.write(msg);
  }
  const heartbeat = setInterval(() => {
    for (const res of clients) res.write(': ping\n\n');
  }, 15_000);
  heartbeat.unref();

  let port = 0;
  const send = (res: ServerResponse, status: number, type: string, body: string | Uint8Array, extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...extra });
    res.end(body);
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    // only pages on this machine's own address (no DNS rebinding from a web site)
    const host = req.headers.host ?? '';
    if (host !== `${HOST}:${port}` && host !== `localhost:${port}`) return send(res, 403, 'text/plain; charset=utf-8', 'forbidden\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    const path = new URL(req.url ?? '/', `http://${host}`).pathname;
    const html = 'text/html; charset=utf-8';
    if (path === '/') return send(res, 200, html, renderPage({ lang, view: view(), fontCss }));
    if (path === '/view') return send(res, 200, html, view());
    if (path === '/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(`retry: 1000\nevent: update\ndata: ${JSON.stringify({ gen, building })}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    const m = /^\/disclosure\.(pdf|docx)$/.exec(path);
    if (m) {
      const format = m[1] as 'pdf' | 'docx';
      const g = good;
      if (!g) return send(res, 503, 'text/plain; charset=utf-8', tr(lang, '还没有成功生成过，请先改正错误\n', 'nothing has built yet; fix the errors first\n'));
      let out;
      try {
        out = await files(g);
      } catch (e) {
        return send(res, 500, 'text/plain; charset=utf-8', `${internalError(file, e, lang).message}\n`);
      }
      const f = out.files.find((x) => x.format === format);
      if (!f) return send(res, 500, 'text/plain; charset=utf-8', out.diagnostics.map((d) => d.message).join('\n') + '\n');
      const type = format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      const name = `${g.name}.${format}`;
      return send(res, 200, type, f.bytes, {
        'Content-Disposition': `${format === 'pdf' ? 'inline' : 'attachment'}; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      });
    }
    const font = /^\/fonts\/(\d+)$/.exec(path);
    if (font && fontFiles[Number(font[1])]) {
      try {
        const bytes = await readFile(fontFiles[Number(font[1])]!);
        return send(res, 200, /\.otf$/i.test(fontFiles[Number(font[1])]!) ? 'font/otf' : 'font/ttf', bytes, { 'Cache-Control': 'max-age=3600' });
      } catch {
        return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
      }
    }
    return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `${(e as Error).message}\n`);
      else res.end();
    });
  });

  await rebuild();
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', fail);
      ok();
    });
  });
  port = (server.address() as AddressInfo).port;

  const watcher: Watcher = watchSources({ file, dirs: bureau, onChange: () => void rebuild(), debounceMs: options.debounceMs });

  let closing: Promise<void> | null = null;
  return {
    url: `http://${HOST}:${port}/`,
    port,
    idle: async () => {
      while (running) await running;
    },
    close: () =>
      (closing ??= (async () => {
        watcher.close();
        clearInterval(heartbeat);
        for (const res of clients) res.end();
        clients.clear();
        await new Promise<void>((ok) => {
          server.close(() => ok());
          server.closeAllConnections();
        });
        while (running) await running.catch(() => {});
      })()),
  };
}
