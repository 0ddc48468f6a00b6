// Handlebars' JavaScriptCompiler, subclassed so that the compiled code
// - passes every printed value through a helper first, with the mustache's
//   place: the check runs where a value is printed, so a list used by #each is
//   fine and only {{department}} is wrong;
// - checks, in strict mode, every segment a path reads through (`fig.extra.x.rows`
//   with no `x`), where stock strict mode checks only the last one.
// The subclass is assigned to one private environment (Handlebars.create()),
// never to the global one, but it overrides `append` and `resolvePath` and calls
// `aliasable`, `replaceStack`, `topStack`, `pushSource`, `popStack`, `push`,
// `quotedString`, `nameLookup` and `source.currentLocation`, none of which
// Handlebars documents: it is an engine patch, gated by TESTED_VERSIONS like the
// others (ENGINE_PATCHES in index.ts). Off (the stock compiler), a template that
// prints an object prints "[object Object]" and a path through a missing name
// fails as JavaScript does, instead of a located error; every good template gives
// the same text.
//
// This module loads nothing heavy: the narrative asks checkingCompilerInForce()
// before the renderers install the engine patches (a `check` never renders).
import { announceEngines, engineStatus } from './notice.js';
import type { Library } from './versions.js';

type CompilerClass = new () => object;

/** on/off once decided (by installEnginePatches, or by the narrative asking first); undefined: not yet */
let state: 'on' | 'off' | undefined;

/** The ENGINE_PATCHES entry's install: in force until undone. */
export function patchCheckingCompiler(): () => void {
  state = 'on';
  return () => {
    state = undefined;
  };
}

/** installEnginePatches left the patch off (stock, another version, a test's choice), or removeEnginePatches ran. */
export function settleCheckingCompiler(to: 'off' | undefined): void {
  if (to === undefined || state === undefined) state = to;
}

/**
 * Whether the narrative compiles with the checking compiler. Asked before any
 * installEnginePatches() in the process, it decides by the same rules: off with
 * DISCLOSURE_STOCK_ENGINES=1 or over an untested Handlebars, saying so once per run.
 */
export function checkingCompilerInForce(versionOf?: (library: Library) => string | undefined): boolean {
  if (state === undefined) {
    const status = engineStatus(versionOf);
    state = status.stock || status.mismatched.some((m) => m.library === 'handlebars') ? 'off' : 'on';
    if (state === 'off') announceEngines((line) => process.stderr.write(line), undefined, status);
  }
  return state === 'on';
}

export function checkingCompiler(base: CompilerClass, helpers: { printable: string; step: string }): CompilerClass {
  type Internals = {
    aliasable(name: string): string;
    isInline(): number;
    replaceStack(f: (current: unknown) => unknown[]): void;
    topStack(): string;
    pushSource(s: unknown): void;
    source: { currentLocation?: unknown };
  };
  type PathInternals = {
    options: { strict?: boolean };
    popStack(): unknown;
    push(expr: unknown): void;
    quotedString(s: string): string;
    nameLookup(parent: unknown, name: string, type: string): unknown;
  };
  function Checking(this: unknown) {
    (base as unknown as (this: unknown) => void).apply(this);
  }
  Checking.prototype = new base() as Record<string, unknown>;
  Checking.prototype.compiler = Checking;
  const append = (base.prototype as unknown as { append(this: Internals): void }).append;
  Checking.prototype.append = function (this: Internals) {
    const fn = this.aliasable(`helpers.${helpers.printable}`);
    const loc = JSON.stringify(this.source.currentLocation ?? null);
    if (this.isInline()) this.replaceStack((current) => [', ', fn, '(', current, ', ', loc, ')']);
    else {
      const top = this.topStack();
      this.pushSource([top, ' = ', fn, '(', top, ', ', loc, ');']);
    }
    append.call(this);
  };
  const resolvePath = (base.prototype as unknown as { resolvePath(this: unknown, ...a: unknown[]): void }).resolvePath;
  Checking.prototype.resolvePath = function (this: Internals & PathInternals, type: string, parts: string[], start: number, falsy: boolean, strict: boolean) {
    if (!this.options.strict) return resolvePath.call(this, type, parts, start, falsy, strict);
    // as Handlebars' strictLookup, with every segment a path reads through checked on the way
    let stack: unknown = this.popStack();
    const last = parts.length - 1;
    const fn = this.aliasable(`helpers.${helpers.step}`);
    const loc = JSON.stringify(this.source.currentLocation ?? null);
    for (let i = start; i < (strict ? last : parts.length); i++) {
      // a segment read through (not the last) must be in its parent
      const parent =
        i < last
          ? [
              fn,
              '(',
              stack,
              ', ',
              this.quotedString(parts[i]!),
              ', ',
              this.quotedString(`${type === 'data' ? '@' : ''}${parts.slice(0, i + 1).join('.')}`),
              ', ',
              loc,
              ')',
            ]
          : stack;
      stack = this.nameLookup(parent, parts[i]!, type);
    }
    if (strict) stack = [this.aliasable('container.strict'), '(', stack, ', ', this.quotedString(parts[last]!), ', ', loc, ' )'];
    this.push(stack);
  };
  return Checking as unknown as CompilerClass;
}
