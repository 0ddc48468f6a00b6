// One isolated Handlebars environment (not the global one): the project's
// helpers only, strict about unknown variables, no prototype access.
import Handlebars from 'handlebars';
import { helpers } from './helpers.js';
import { queryHelpers } from './query-helpers.js';
import { Money } from '../model/money.js';

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

export interface Env {
  compile(source: string): Render;
}

/** Compiled templates kept per source text, so a batch compiles each template once. */
const MAX_COMPILED = 1000;

function makeEnv(): Env {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(allHelpers)) hb.registerHelper(name, fn as Handlebars.HelperDelegate);
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

let shared: Env | undefined;

/**
 * The environment is shared by every build in a process: its helpers are pure
 * and nothing registers partials or helpers later, so a compiled template is
 * the same function whichever department it renders.
 */
export function narrativeEnv(): Env {
  return (shared ??= makeEnv());
}
