// One isolated Handlebars environment (not the global one): the project's
// helpers only, strict about unknown variables, no prototype access.
import Handlebars from 'handlebars';
import { helpers } from './helpers.js';
import { queryHelpers } from './query-helpers.js';
import { Money } from '../model/money.js';
import { TemplateValueError } from './template-errors.js';
import { chargeOutput, checkDeadline, startOutputCount } from '../diagnostics/deadline.js';

export type Render = (context: object) => string;

const allHelpers = {
  ...helpers,
  ...queryHelpers,
  /**
   * share of a part in a whole, for templates: {{pct (share part whole)}}.
   * Exact, not rounded: pct rounds it once, to the decimals it prints.
   */
  share: (part: unknown, whole: unknown) =>
    part instanceof Money && whole instanceof Money && !whole.isZero() ? part.div(whole).times(100) : null,
};

/** The helper the compiled code calls on every printed value (not for templates' own use). */
const PRINTABLE = '__printable';

/**
 * A value a mustache prints: text, numbers and values with their own text
 * (Money) pass; an object or a list would print "[object Object]" or "a,b",
 * which is never what a template meant, so it is an error at the mustache.
 */
function printable(value: unknown, loc?: { start?: { line?: number; column?: number } }): unknown {
  checkDeadline();
  if (value === null || value === undefined || typeof value !== 'object') {
    if (typeof value === 'function') throw new TemplateValueError('function', loc);
    return value;
  }
  if (Array.isArray(value)) throw new TemplateValueError('list', loc);
  const own = (value as { toString?: unknown }).toString;
  if (typeof own !== 'function' || own === Object.prototype.toString) throw new TemplateValueError('object', loc);
  return value;
}

/**
 * Handlebars' compiler with every printed value passed through printable()
 * first, with the mustache's place: the check runs where the value is printed,
 * so a list used by #each is fine and only {{department}} is wrong.
 */
type CompilerClass = new () => object;

function checkingCompiler(base: CompilerClass): CompilerClass {
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
    const fn = this.aliasable(`helpers.${PRINTABLE}`);
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

export interface Env {
  compile(source: string): Render;
}

/** Compiled templates kept per source text, so a batch compiles each template once. */
const MAX_COMPILED = 1000;

function makeEnv(): Env {
  const hb = Handlebars.create();
  // every helper call and every #each iteration looks at the department's clock (src/diagnostics/deadline.ts):
  // a loop that prints nothing still stops at --max-seconds, not after the whole expansion
  for (const [name, fn] of Object.entries(allHelpers))
    hb.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      checkDeadline();
      return (fn as (...a: unknown[]) => unknown).apply(this, args);
    } as Handlebars.HelperDelegate);
  for (const name of ['each', 'with'] as const) {
    const builtin = hb.helpers[name]!;
    hb.registerHelper(name, function (this: unknown, context: unknown, options: Handlebars.HelperOptions) {
      checkDeadline();
      const fn = options.fn;
      const counted = (ctx: unknown, o?: unknown) => {
        checkDeadline();
        const text = fn(ctx, o as never);
        chargeOutput(text.length);
        return text;
      };
      return builtin.call(this, context, { ...options, fn: Object.assign(counted, fn) });
    });
  }
  hb.registerHelper(PRINTABLE, printable as Handlebars.HelperDelegate);
  // the compiler class is per environment (not in Handlebars' type declarations)
  const withCompiler = hb as unknown as { JavaScriptCompiler: CompilerClass };
  withCompiler.JavaScriptCompiler = checkingCompiler(withCompiler.JavaScriptCompiler);
  const knownHelpers = Object.fromEntries(Object.keys(allHelpers).map((k) => [k, true]));
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  return {
    compile(source: string): Render {
      let t = compiled.get(source);
      if (!t) {
        // A bureau's own template sets add sources; past the bound the cache starts over.
        if (compiled.size >= MAX_COMPILED) compiled.clear();
        t = hb.compile(source, { strict: true, knownHelpers, knownHelpersOnly: true, noEscape: true });
        compiled.set(source, t);
      }
      const template = t;
      return (context) => {
        startOutputCount();
        return template(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
      };
    },
  };
}

let shared: Env | undefined;

/**
 * The environment is shared by every build in a process: its helpers are pure
 * and nothing registers partials or helpers later, so a compiled template is
 * the same function whichever department it renders.
 */
export function narrativeEnv(): Env {
  return (shared ??= makeEnv());
}
