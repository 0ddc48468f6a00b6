// One isolated Handlebars environment (not the global one): the project's
// helpers only, strict about unknown variables, no prototype access.
import Handlebars from 'handlebars';
import { helpers } from './helpers.js';
import { queryHelpers } from './query-helpers.js';
import { Money } from '../model/money.js';
import { TemplateValueError } from './template-errors.js';
import { checkingCompiler, printCheckInForce } from '../engines/handlebars-print-check.js';

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
  if (value === null || value === undefined || typeof value !== 'object') {
    if (typeof value === 'function') throw new TemplateValueError('function', loc);
    return value;
  }
  if (Array.isArray(value)) throw new TemplateValueError('list', loc);
  const own = (value as { toString?: unknown }).toString;
  if (typeof own !== 'function' || own === Object.prototype.toString) throw new TemplateValueError('object', loc);
  return value;
}

export interface Env {
  compile(source: string): Render;
}

/** Compiled templates kept per source text, so a batch compiles each template once. */
const MAX_COMPILED = 1000;

function makeEnv(checking: boolean): Env {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(allHelpers)) hb.registerHelper(name, fn as Handlebars.HelperDelegate);
  hb.registerHelper(PRINTABLE, printable as Handlebars.HelperDelegate);
  // the compiler class is per environment (not in Handlebars' type declarations); the
  // subclass that checks printed values is an engine patch (src/engines/handlebars-print-check.ts)
  const withCompiler = hb as unknown as { JavaScriptCompiler: new () => object };
  if (checking) withCompiler.JavaScriptCompiler = checkingCompiler(withCompiler.JavaScriptCompiler, PRINTABLE);
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
      return (context) => template(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    },
  };
}

/** one per setting of the print check (tests compare the stock compiler with it in one process) */
const shared = new Map<boolean, Env>();

/**
 * The environment is shared by every build in a process: its helpers are pure
 * and nothing registers partials or helpers later, so a compiled template is
 * the same function whichever department it renders.
 */
export function narrativeEnv(): Env {
  const checking = printCheckInForce();
  let env = shared.get(checking);
  if (!env) shared.set(checking, (env = makeEnv(checking)));
  return env;
}
