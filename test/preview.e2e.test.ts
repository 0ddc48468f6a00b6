// `disclosure preview` end to end in headless Chromium: the page shows the
// disclosure, follows a template edit by itself (server-sent events, no
// reload), shows a located YAML error over the stale render, and recovers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startPreview, type Preview } from '../src/preview/server.js';
import { builtinTemplates } from '../src/templates/load.js';
import { samplePath } from './helpers/sample.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Without Chromium the test is skipped on a developer's machine, but in CI
// (env CI set) a missing browser fails with the reason instead of passing silently.
const run = haveChromium || !!process.env.CI;

describe.skipIf(!run)(`live preview in headless Chromium${run ? '' : ` (skipped: ${CHROMIUM} not installed; apt-get install chromium)`}`, () => {
  let dir: string;
  let yaml: string;
  let original: string;
  let overview: string;
  let preview: Preview;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    if (!haveChromium)
      throw new Error(`${CHROMIUM} is missing: the preview e2e test needs Debian's chromium (apt-get install -y chromium; .ci/run installs it)`);
    dir = await mkdtemp(join(tmpdir(), 'preview-e2e-'));
    yaml = join(dir, 'hotan-social-insurance-2020.yaml');
    await copyFile(samplePath, yaml);
    original = await readFile(yaml, 'utf8');
    // the department's own template layer: one narrative file beside the YAML
    await mkdir(join(dir, 'templates', 'narrative'), { recursive: true });
    overview = join(dir, 'templates', 'narrative', 'part1-overview.hbs');
    await copyFile(join(builtinTemplates, 'narrative', 'part1-overview.hbs'), overview);
    preview = await startPreview({ file: yaml, port: 0, lang: 'zh' });
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  }, 30_000);

  afterAll(async () => {
    await context?.close();
    await preview?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves on 127.0.0.1 and shows the disclosure', async () => {
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    await page.goto(preview.url);
    await page.getByText('宣传贯彻执行上级制定的有关劳动工作的方针政策、法规，并对执行情况进行检查。').waitFor({ state: 'visible', timeout: 5_000 });
    // 表二 is a landscape page
    expect(await page.locator('.ir-page.ir-landscape').count()).toBeGreaterThan(0);
    await expect(page.locator('#view').getAttribute('data-state')).resolves.toBe('warn');
    expect(await page.locator('a.btn', { hasText: 'PDF' }).getAttribute('href')).toMatch(/^\/disclosure\.pdf/);
  });

  it('shows an edited template sentence by itself, without a reload', async () => {
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    const text = await readFile(overview, 'utf8');
    expect(text).toContain('个处室，分别是：');
    await writeFile(overview, text.replace('个处室，分别是：', '个处室（预览已更新），它们是：'));
    await page.getByText('个处室（预览已更新），它们是：').waitFor({ state: 'visible', timeout: 5_000 });
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(await page.getByText('个处室，分别是：').count()).toBe(0);
  });

  it('shows a broken YAML at its file:line:col over the stale render, then recovers', async () => {
    await writeFile(yaml, original.replace('\n  region: 和田市', '\n\tregion: 和田市'));
    const errors = page.locator('.diags.errors');
    await errors.waitFor({ state: 'visible', timeout: 5_000 });
    await expect(errors.locator('.loc').first().textContent()).resolves.toMatch(/hotan-social-insurance-2020\.yaml:5:1$/);
    expect(await errors.textContent()).toContain('Tab');
    // the last good render stays, marked stale
    expect(await page.locator('.doc.stale').count()).toBe(1);
    expect(await page.locator('.stale-note').isVisible()).toBe(true);
    await page.getByText('个处室（预览已更新），它们是：').waitFor({ state: 'visible', timeout: 1_000 });

    await writeFile(yaml, original);
    await errors.waitFor({ state: 'detached', timeout: 5_000 });
    expect(await page.locator('.doc.stale').count()).toBe(0);
    await expect(page.locator('#view').getAttribute('data-state')).resolves.toBe('warn');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  });

  it('serves the current PDF and DOCX', async () => {
    const pdf = await fetch(new URL('/disclosure.pdf', preview.url));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const docx = await fetch(new URL('/disclosure.docx', preview.url));
    expect(docx.status).toBe(200);
    expect(
      Buffer.from(await docx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  }, 20_000);
});
