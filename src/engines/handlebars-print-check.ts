// Handlebars' JavaScriptCompiler, subclassed so that the compiled code passes
// every printed value through a helper first, with the mustache's place: the
// check runs where a value is printed, so a list used by #each is fine and only
// {{department}} is wrong. The subclass is assigned to one private environment
// (Handlebars.create()), never to the global one, but it overrides `append`
// and calls `aliasable`, `replaceStack`, `topStack`, `pushSource` and
// `source.currentLocation`, none of which Handlebars documents: it is an engine
// patch, gated by TESTED_VERSIONS like the others (ENGINE_PATCHES in index.ts).
// Off (a stock compiler), a template printing an object prints "[object Object]"
// instead of failing at its mustache; the text of every good template is the same.
//
// This module loads nothing heavy: the narrative asks printCheckInForce() before
// the renderers have installed the engine patches (a `check` never renders).
import { installedVersion, noticeOnce, TESTED_VERSIONS } from './versions.js';

type CompilerClass = new () => object;

/** on/off once decided (by installEnginePatches, or by the narrative asking first); undefined: not yet */
let state: 'on' | 'off' | undefined;

/** The ENGINE_PATCHES entry's install: in force until undone. */
export function patchPrintCheck(): () => void {
  state = 'on';
  return () => {
    state = undefined;
  };
}

/** installEnginePatches left the patch off (stock, another version, a test's choice), or removed it. */
export function settlePrintCheck(to: 'off' | undefined): void {
  if (to === undefined || state === undefined) state = to;
}

/**
 * Whether the narrative compiles with the checking compiler. Asked before any
 * installEnginePatches() in the process, it decides by the same rules: not
 * with DISCLOSURE_STOCK_ENGINES=1, not over an untested Handlebars (one notice).
 */
export function printCheckInForce(versionOf: (library: 'handlebars') => string | undefined = installedVersion): boolean {
  if (state === undefined) {
    const v = versionOf('handlebars');
    if (process.env.DISCLOSURE_STOCK_ENGINES === '1') state = 'off';
    else if (v !== TESTED_VERSIONS.handlebars) {
      state = 'off';
      noticeOnce([{ library: 'handlebars', installed: v, tested: TESTED_VERSIONS.handlebars }]);
    } else state = 'on';
  }
  return state === 'on';
}

/** `base` (an environment's JavaScriptCompiler) with every printed value passed through `helpers[helper](value, loc)`. */
export function checkingCompiler(base: CompilerClass, helper: string): CompilerClass {
  type Internals = {
    aliasable(name: string): string;
    isInline(): number;
    replaceStack(f: (current: unknown) => unknown[]): void;
    topStack(): string;
    pushSource(s: unknown): void;
    source: { currentLocation?: unknown };
  };
  function Checking(this: unknown) {
    (base as unknown as (this: unknown) => void).apply(this);
  }
  Checking.prototype = new base() as Record<string, unknown>;
  Checking.prototype.compiler = Checking;
  const append = (base.prototype as unknown as { append(this: Internals): void }).append;
  Checking.prototype.append = function (this: Internals) {
    const fn = this.aliasable(`helpers.${helper}`);
    const loc = JSON.stringify(this.source.currentLocation ?? null);
    if (this.isInline()) this.replaceStack((current) => [', ', fn, '(', current, ', ', loc, ')']);
    else {
      const top = this.topStack();
      this.pushSource([top, ' = ', fn, '(', top, ', ', loc, ');']);
    }
    append.call(this);
  };
  return Checking as unknown as CompilerClass;
}
