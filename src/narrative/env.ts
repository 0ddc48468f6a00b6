// One isolated Handlebars environment (not the global one): the project's
// helpers only, strict about unknown variables, no prototype access.
import Handlebars from 'handlebars';
import { helpers } from './helpers.js';
import { queryHelpers } from './query-helpers.js';
import { Money } from '../model/money.js';
import { LiteralBracesError, MissingPathError, TemplateValueError } from './template-errors.js';
import { chargeOutput, checkDeadline, startOutputCount } from '../diagnostics/deadline.js';
import { checkingCompiler, checkingCompilerInForce } from '../engines/handlebars-checking-compiler.js';

export type Render = (context: object) => string;

const allHelpers = {
  ...helpers,
  ...queryHelpers,
  /**
   * share of a part in a whole, for templates: {{pct (share part whole)}}.
   * Exact, not rounded: pct rounds it once, to the decimals it prints.
   */
  share: (part: unknown, whole: unknown) => (part instanceof Money && whole instanceof Money && !whole.isZero() ? part.div(whole).times(100) : null),
};

/** The helper the compiled code calls on every printed value (not for templates' own use). */
const PRINTABLE = '__printable';
/** The helper the compiled code calls before reading past a segment of a path (`fig.extra.x.rows`). */
const STEP = '__step';

type Loc = { start?: { line?: number; column?: number } };

/**
 * A segment a path reads through must be there: strict mode checks only the
 * last segment of a printed path, and a helper's argument `fig.extra.x.rows`
 * with no `x` ends in JavaScript's "Cannot read properties of undefined".
 */
function step(parent: unknown, name: string, path: string, loc?: Loc): unknown {
  const isObject = parent !== null && (typeof parent === 'object' || typeof parent === 'function');
  if (parent === null || parent === undefined || (isObject && (!(name in parent) || (name in Object.prototype && !Object.hasOwn(parent, name)))))
    throw new MissingPathError(path, isObject ? Object.keys(parent) : [], loc, parent === null || parent === undefined);
  return parent;
}

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
 * Text of the template itself that prints braces (`\\{{x}}`, a raw block, a
 * stray `}}`): braces on the page are a template that was never rendered.
 */
function literalBraces(ast: hbs.AST.Program): void {
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; value?: unknown; original?: unknown; loc?: hbs.AST.SourceLocation };
    if (n.type === 'ContentStatement') {
      const text = String(n.original ?? n.value ?? '');
      const at = text.search(/\{\{|\}\}/);
      if (at >= 0) {
        const before = text.slice(0, at).split('\n');
        const line = (n.loc?.start.line ?? 1) + before.length - 1;
        const column = before.length > 1 ? before[before.length - 1]!.length : (n.loc?.start.column ?? 0) + at;
        throw new LiteralBracesError(line, column);
      }
      return;
    }
    for (const [k, v] of Object.entries(node)) {
      if (k === 'loc' || k === 'strip') continue;
      if (Array.isArray(v)) v.forEach(walk);
      else walk(v);
    }
  };
  walk(ast);
}

export interface Env {
  compile(source: string): Render;
}

/** Compiled templates kept per source text, so a batch compiles each template once. */
const MAX_COMPILED = 1000;

function makeEnv(checking: boolean): Env {
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
      return builtin.call(this, context, { ...options, fn: Object.assign(counted, fn) }) as unknown;
    });
  }
  hb.registerHelper(PRINTABLE, printable as Handlebars.HelperDelegate);
  hb.registerHelper(STEP, step as Handlebars.HelperDelegate);
  // the compiler class is per environment (not in Handlebars' type declarations); the subclass
  // that checks printed values and paths is an engine patch (src/engines/handlebars-checking-compiler.ts)
  const withCompiler = hb as unknown as { JavaScriptCompiler: new () => object };
  if (checking) withCompiler.JavaScriptCompiler = checkingCompiler(withCompiler.JavaScriptCompiler, { printable: PRINTABLE, step: STEP });
  const knownHelpers = Object.fromEntries(Object.keys(allHelpers).map((k) => [k, true]));
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  return {
    compile(source: string): Render {
      let t = compiled.get(source);
      if (!t) {
        // A bureau's own template sets add sources; past the bound the cache starts over.
        if (compiled.size >= MAX_COMPILED) compiled.clear();
        literalBraces(hb.parse(source));
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

/** one per setting of the checking compiler (tests compare it with the stock compiler in one process) */
const shared = new Map<boolean, Env>();

/**
 * The environment is shared by every build in a process: its helpers are pure
 * and nothing registers partials or helpers later, so a compiled template is
 * the same function whichever department it renders.
 */
export function narrativeEnv(): Env {
  const checking = checkingCompilerInForce();
  let env = shared.get(checking);
  if (!env) shared.set(checking, (env = makeEnv(checking)));
  return env;
}
