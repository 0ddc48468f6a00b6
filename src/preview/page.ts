// The preview page: a shell with the styles and a little client script that
// listens to /events (server-sent events) and swaps in /view after each build.
import { tr, type Lang } from '../diagnostics/diagnostic.js';
import { escapeHtml as esc, irCss } from '../render/html/index.js';

const CSS = `
*{box-sizing:border-box}
html,body{margin:0}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Microsoft YaHei",sans-serif;background:#e9ebee;color:#1f2328}
.bar{position:sticky;top:0;z-index:10;display:flex;align-items:center;gap:16px;padding:10px 20px;background:#fff;border-bottom:1px solid #d0d7de;box-shadow:0 1px 4px rgba(0,0,0,.06)}
.bar .title{display:flex;flex-direction:column;min-width:0;flex:1}
.bar .title strong{font-size:15px}
.bar .file{font-size:12px;color:#57606a;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.status{display:flex;align-items:center;gap:6px;font-weight:600;white-space:nowrap;padding:4px 12px;border-radius:999px;background:#f6f8fa;border:1px solid #d0d7de}
.status .dot{width:10px;height:10px;border-radius:50%;background:#8c959f}
.status.ok .dot{background:#1a7f37}.status.ok{color:#1a7f37;background:#dafbe1;border-color:#aceebb}
.status.warn .dot{background:#bf8700}.status.warn{color:#7d4e00;background:#fff8c5;border-color:#eed888}
.status.err .dot{background:#cf222e}.status.err{color:#a40e26;background:#ffebe9;border-color:#ffcecb}
.status .when{font-weight:400;color:#57606a}
.status .busy{display:none;font-weight:400}
body.building .status .busy{display:inline}
body.building .status .dot{animation:pulse .8s ease-in-out infinite alternate}
@keyframes pulse{from{opacity:1}to{opacity:.2}}
.links{display:flex;gap:8px}
.btn{display:inline-block;padding:5px 14px;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa;color:#0969da;text-decoration:none;font-weight:600}
.btn:hover{background:#eef1f4}
main{padding:16px 20px 0}
.diags{max-width:1000px;margin:0 auto 14px;background:#fff;border-radius:8px;border:1px solid #d0d7de;overflow:hidden}
.diags h2,.diags summary{margin:0;padding:8px 14px;font-size:14px}
.diags.errors{border:2px solid #cf222e}
.diags.errors h2{background:#cf222e;color:#fff}
.diags.warnings summary{background:#fff8c5;color:#7d4e00;cursor:pointer;font-weight:600}
.diags ol{list-style:none;margin:0;padding:0}
.diag{padding:10px 14px;border-top:1px solid #eaeef2}
.diag-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:8px}
.sev{font-size:12px;font-weight:700;padding:1px 6px;border-radius:4px;color:#fff}
.diag.error .sev{background:#cf222e}.diag.warning .sev{background:#bf8700}
.loc{font:600 13px/1.4 ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;color:#0550ae}
.code{font-size:12px;color:#6e7781}
.msg{margin:4px 0 0;font-size:15px}
.diag.error .msg{color:#82071e;font-weight:600}
.frame{margin:6px 0 0;padding:6px 10px;background:#f6f8fa;border-radius:6px;font:13px/1.5 ui-monospace,Menlo,Consolas,"Noto Sans Mono CJK SC",monospace;white-space:pre-wrap;word-break:break-all;tab-size:4}
.frame .ln{color:#8c959f;user-select:none}
.frame mark{background:#ffcecb;color:#82071e;border-bottom:2px solid #cf222e}
.frame .tab{color:#cf222e}
.hint{margin-top:6px;color:#57606a}
.related{margin:4px 0 0;padding-left:18px;color:#57606a}
.stale-note{max-width:1000px;margin:0 auto 6px;padding:8px 14px;border-radius:8px;background:#fff8c5;border:1px solid #eed888;color:#7d4e00}
.doc.stale{opacity:.5;filter:grayscale(1)}
.empty{max-width:1000px;margin:40px auto;text-align:center;color:#57606a}
.ir-doc{zoom:var(--zoom,1)}
.zoom{position:fixed;right:16px;bottom:16px;z-index:10;display:flex;align-items:center;gap:2px;padding:3px;background:#fff;border:1px solid #d0d7de;border-radius:8px;box-shadow:0 2px 8px rgba(0,0,0,.12)}
.zoom button{width:30px;height:28px;border:0;border-radius:6px;background:transparent;font-size:18px;line-height:1;cursor:pointer;color:#1f2328}
.zoom button:hover{background:#eef1f4}
.zoom span{min-width:48px;text-align:center;font-variant-numeric:tabular-nums;color:#57606a}
${irCss}
`;

/** The client: one EventSource; each `update` fetches the new view and swaps it in. */
const CLIENT = `
(() => {
  let shown = Number(document.getElementById('view')?.dataset.gen || 0);
  let wanted = shown;
  let loading = false;
  const fonts = () => document.getElementById('view')?.dataset.fonts || '';
  async function load() {
    if (loading) return;
    loading = true;
    try {
      while (wanted > shown) {
        const r = await fetch('/view', { cache: 'no-store' });
        const html = await r.text();
        const t = document.createElement('template');
        t.innerHTML = html;
        const next = t.content.firstElementChild;
        const gen = Number(next?.dataset.gen || 0);
        if (!next || gen <= shown) break;
        // new font rules (first good build, or styles.yaml changed its fonts): reload the page
        if (next.dataset.fonts !== fonts()) { location.reload(); return; }
        // a warnings list the reader opened (or closed) stays so
        const was = document.querySelector('#view details.warnings');
        const now = next.querySelector('details.warnings');
        if (was && now) now.open = was.open;
        document.getElementById('view').replaceWith(next);
        shown = gen;
      }
    } catch (e) {
      setTimeout(load, 1000);
    } finally {
      loading = false;
    }
  }
  // page zoom, kept across updates and visits
  const steps = [0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5];
  let zoom = Number(localStorage.getItem('preview-zoom')) || 1;
  const applyZoom = () => {
    document.documentElement.style.setProperty('--zoom', String(zoom));
    document.getElementById('zoom-value').textContent = Math.round(zoom * 100) + '%';
    localStorage.setItem('preview-zoom', String(zoom));
  };
  document.querySelectorAll('.zoom button').forEach((b) =>
    b.addEventListener('click', () => {
      // from the nearest step, one step out or in
      let i = 0;
      steps.forEach((z, j) => { if (Math.abs(z - zoom) < Math.abs(steps[i] - zoom)) i = j; });
      zoom = steps[Math.max(0, Math.min(steps.length - 1, i + (b.dataset.z === '+' ? 1 : -1)))];
      applyZoom();
    }),
  );
  applyZoom();
  const es = new EventSource('/events');
  es.addEventListener('building', () => document.body.classList.add('building'));
  es.addEventListener('update', (e) => {
    const { gen, building } = JSON.parse(e.data);
    document.body.classList.toggle('building', !!building);
    wanted = Math.max(wanted, gen);
    load();
  });
})();
`;

export interface PageInput {
  lang: Lang;
  /** the fragment from renderView */
  view: string;
  /** @font-face rules of the current render */
  fontCss: string;
}

export function renderPage(p: PageInput): string {
  return `<!doctype html>
<html lang="${p.lang === 'en' ? 'en' : 'zh-CN'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(tr(p.lang, '实时预览 · 部门预算公开', 'Live preview · budget disclosure'))}</title>
<style>${CSS}</style>
<style id="fonts">${p.fontCss}</style>
</head>
<body>
${p.view}
<div class="zoom" title="${esc(tr(p.lang, '缩放', 'zoom'))}"><button type="button" data-z="-" aria-label="${esc(tr(p.lang, '缩小', 'zoom out'))}">−</button><span id="zoom-value">100%</span><button type="button" data-z="+" aria-label="${esc(tr(p.lang, '放大', 'zoom in'))}">+</button></div>
<script>${CLIENT}</script>
</body>
</html>
`;
}
