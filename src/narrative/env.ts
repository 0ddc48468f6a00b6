// One isolated Handlebars environment per template set: the project's helpers
// only, strict about unknown variables, no prototype access.
import Handlebars from 'handlebars';
import { helpers } from './helpers.js';
import { percent } from '../model/money.js';
import { Money } from '../model/money.js';

export type Render = (context: object) => string;

const allHelpers = {
  ...helpers,
  /** share of a part in a whole, for templates: {{pct (share part whole)}} */
  share: (part: unknown, whole: unknown) =>
    part instanceof Money && whole instanceof Money ? percent(part, whole) : null,
};

export function createEnv() {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(allHelpers)) hb.registerHelper(name, fn as Handlebars.HelperDelegate);
  const knownHelpers = Object.fromEntries(Object.keys(allHelpers).map((k) => [k, true]));
  return {
    compile(source: string): Render {
      const t = hb.compile(source, { strict: true, knownHelpers, knownHelpersOnly: true, noEscape: true });
      return (context) => t(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    },
  };
}
