// The one warning of a run whose libraries run stock (DISCLOSURE_STOCK_ENGINES=1,
// or a version the patches were not tested with): it names the versions and
// what the output lacks. Said once per run: the CLI says it before a batch
// starts its workers, and a worker (which inherits the environment) stays quiet.
import { installedVersion, TESTED_VERSIONS, type Library } from './versions.js';

/** Set in the environment once the warning is out; workers started later inherit it. */
export const NOTICED_ENV = 'DISCLOSURE_ENGINES_NOTICED';

export interface EngineStatus {
  /** DISCLOSURE_STOCK_ENGINES=1: every patch off */
  readonly stock: boolean;
  readonly mismatched: readonly { library: Library; installed: string | undefined; tested: string }[];
  /** the installed version of each library */
  readonly versions: Readonly<Record<Library, string | undefined>>;
}

export function engineStatus(versionOf: (library: Library) => string | undefined = installedVersion): EngineStatus {
  const libraries = Object.keys(TESTED_VERSIONS) as Library[];
  const versions = Object.fromEntries(libraries.map((l) => [l, versionOf(l)])) as Record<Library, string | undefined>;
  return {
    stock: process.env.DISCLOSURE_STOCK_ENGINES === '1',
    mismatched: libraries.filter((l) => versions[l] !== TESTED_VERSIONS[l]).map((l) => ({ library: l, installed: versions[l], tested: TESTED_VERSIONS[l] })),
    versions,
  };
}

/** The warning for a status, or null when every patch may run. Both languages unless one is asked. */
export function engineNoticeText(s: EngineStatus, lang?: 'zh' | 'en'): string | null {
  if (!s.stock && !s.mismatched.length) return null;
  const all = (Object.keys(s.versions) as Library[]).map((l) => `${l} ${s.versions[l] ?? '?'}`);
  const off = s.mismatched.map((m) => `${m.library} ${m.installed ?? '?'} (tested ${m.tested})`);
  // the structure tree is drawn by the pdfmake-tagging patch: without it the PDF says it is not tagged
  const untagged = s.stock || s.mismatched.some((m) => m.library === 'pdfmake' || m.library === 'pdfkit');
  const zh = s.stock
    ? `警告：DISCLOSURE_STOCK_ENGINES=1，引擎补丁全部关闭，按库的原始行为输出（${all.join('、')}）${untagged ? '；PDF 不带结构标记，也不声明 tagged' : ''}`
    : `警告：库版本与测试过的不同，相关补丁关闭，按库的原始行为输出（library versions: ${off.join('、')}）${untagged ? '；PDF 不带结构标记，也不声明 tagged' : ''}`;
  const en = s.stock
    ? `warning: DISCLOSURE_STOCK_ENGINES=1: every engine patch is off and the libraries run stock (library versions: ${all.join(', ')})${untagged ? '; the PDF carries no structure tags and claims none' : ''}`
    : `warning: library versions differ from those tested; their patches are off and the libraries run stock: ${off.join(', ')}${untagged ? '; the PDF carries no structure tags and claims none' : ''}`;
  return lang === 'zh' ? zh : lang === 'en' ? en : `${zh} / ${en}`;
}

/** Writes the warning once per run (this process and the workers it starts). */
export function announceEngines(write: (line: string) => void, lang?: 'zh' | 'en', status: EngineStatus = engineStatus()): void {
  if (process.env[NOTICED_ENV] === '1') return;
  const text = engineNoticeText(status, lang);
  if (!text) return;
  process.env[NOTICED_ENV] = '1';
  write(`${text}\n`);
}
