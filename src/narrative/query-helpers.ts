// The query over the department's facts, for templates: any aggregate and
// its change, so a sentence never computes and never hard-codes a figure.
//   {{money (q function="201")}}                     一般公共服务支出 this year
//   {{money (q kind="income" source="state_capital")}}
//   {{money (q type="basic" unit="school1")}}         a unit's 基本支出
//   {{#with (chg function="201")}}{{dir this}} {{diff this}}{{/with}}
//   {{pct (qshare type="project")}}                  share of all expenditure
// A filter names dimensions (see src/figures/facts.ts); year="last" asks for
// last year's stated figure (null where the data states none).
import { HelperArgumentError } from '../numbers/helper-error.js';
import { dimensions, factKinds, FIXED_VALUES, QueryError, type Dimension, type Facts, type Filter } from '../figures/facts.js';
import { nearest } from '../model/validate.js';
import { NUMBER_FORMAT_KEY } from '../numbers/helper-format.js';
import { NARRATIVE_DEFAULT, printedValue, resolveFormat, type NumberFormat } from '../numbers/number-format.js';
import { change } from '../figures/change.js';
import { percent } from '../model/money.js';

/** The set's narrative format where it computes percentages from printed amounts (numbers.yaml percent_from: printed), else null. */
function printedFormat(options: unknown): NumberFormat | null {
  const f = (options as CallOptions | undefined)?.data?.root?.[NUMBER_FORMAT_KEY];
  return f?.percent_from === 'printed' ? resolveFormat(NARRATIVE_DEFAULT, f) : null;
}

interface CallOptions {
  hash?: Record<string, unknown>;
  data?: { root?: { fig?: { facts?: Facts }; functionNames?: Record<string, string>; [NUMBER_FORMAT_KEY]?: NumberFormat } };
  loc?: { start?: { line?: number; column?: number } };
}

const DIMENSIONS_ZH = dimensions.join('、');

function filterOf(helper: string, o: CallOptions): Filter {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.hash ?? {})) {
    if (v === null || v === undefined || v === '') continue;
    out[k] = String(v);
  }
  return out;
}

function run<T>(helper: string, options: unknown, f: (facts: Facts, filter: Filter) => T): T {
  const o = (options ?? {}) as CallOptions;
  const facts = o.data?.root?.fig?.facts;
  if (!facts) throw new HelperArgumentError(`{{${helper}}} 只能在公开文本的模板中使用`, `{{${helper}}} works in disclosure templates only`, '', '', o.loc);
  const filter = filterOf(helper, o);
  // a value no department can have (source="goverment_fund") would sum nothing and print 0
  for (const [k, raw] of Object.entries(filter) as [Dimension, string][]) {
    const known = k === 'kind' || k === 'year' ? undefined : FIXED_VALUES[k];
    if (!known) continue;
    for (const v of raw
      .replace(/^!/, '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)) {
      if (known.includes(v)) continue;
      const near = nearest(v, known);
      throw new HelperArgumentError(
        `{{${helper}}}：查询条件 ${k} 没有“${v}”这个值`,
        `{{${helper}}}: the query dimension ${k} has no value “${v}”`,
        `${near ? `是不是“${near}”？` : ''}${k} 可用的值：${known.join('、')}`,
        `${near ? `did you mean “${near}”? ` : ''}values of ${k}: ${known.join(', ')}`,
        o.loc,
      );
    }
  }
  try {
    return f(facts, filter);
  } catch (e) {
    if (!(e instanceof QueryError)) throw e;
    const [what, value] = e.message.split(':') as [string, string];
    // an uncovered query names its whole filter
    const zh: Record<string, [string, string, string, string]> = {
      unknown_dimension: [
        `没有名为“${value}”的查询维度`,
        `there is no query dimension “${value}”`,
        `可用的维度：${DIMENSIONS_ZH}`,
        `dimensions: ${dimensions.join(', ')}`,
      ],
      unknown_kind: [`没有“${value}”这种数据（kind）`, `there is no kind “${value}”`, `可用的 kind：${factKinds.join('、')}`, `kinds: ${factKinds.join(', ')}`],
      bad_field: [`field 只能是 text 或 reason，不是“${value}”`, `field is text or reason, not “${value}”`, '例如 field="reason"', 'e.g. field="reason"'],
      bad_level: [
        `level 只能是 1（类）、2（款）或 3（项），不是“${value}”`,
        `level is 1 (类), 2 (款) or 3 (项), not “${value}”`,
        '例如 level=3',
        'e.g. level=3',
      ],
      bad_year: [`year 只能是 this 或 last，不是“${value}”`, `year is this or last, not “${value}”`, '例如 year="last"', 'e.g. year="last"'],
      uncovered: [
        `要的数字（${e.message.slice('uncovered:'.length)}）比数据写明的更细：数据没有按这些维度给出`,
        `the figure asked (${e.message.slice('uncovered:'.length)}) is finer than anything the data states`,
        '在数据的 statements 中写明这一口径，或改问数据写明的口径',
        "state it in the data's statements, or ask for what the data states",
      ],
      bad_value: [`查询维度“${value}”的值不能为空`, `the query dimension “${value}” needs a value`, '例如 function="201"', 'e.g. function="201"'],
    };
    const [m, en, h, hen] = zh[what] ?? [e.message, e.message, '', ''];
    throw new HelperArgumentError(`{{${helper}}}：${m}`, `{{${helper}}}: ${en}`, h, hen, o.loc);
  }
}

/** Does the data state this aggregate's change itself (then it prints as stated)? */
const statedPercent = (facts: Facts, filter: Filter): boolean => {
  const { year: _y, ...rest } = filter;
  return facts.statements.aggregate({ kind: 'expenditure', year: 'this', ...rest })?.change !== undefined;
};

export const queryHelpers = {
  /** the sum of the facts a filter names (year="last": last year's stated figure, or null) */
  q: (...args: unknown[]) => run('q', args[args.length - 1], (facts, filter) => facts.q(filter)),
  /** this year against last year's stated figure (a change for dir/diff/trend/delta/pct), or null */
  chg: (...args: unknown[]) =>
    run('chg', args[args.length - 1], (facts, filter) => {
      const c = facts.chg(filter);
      const f = printedFormat(args[args.length - 1]);
      // from the printed amounts: the change of the two figures the reader sees (a stated percent stays as stated)
      return c && f && !statedPercent(facts, filter) ? change(printedValue(c.current, f), printedValue(c.last, f), c.base) : c;
    }),
  /** the text the data attaches to exactly this aggregate: field="text" (its purpose, the default) or field="reason" */
  text: (...args: unknown[]) =>
    run('text', args[args.length - 1], (facts, filter) => {
      const { field, ...rest } = filter as Filter & { field?: string };
      if (field !== undefined && field !== 'text' && field !== 'reason') throw new QueryError(`bad_field:${field}`);
      return facts.text(rest, field ?? 'text') ?? '';
    }),
  /**
   * the 功能分类 rows the data has under a filter, at a level (1 类, 2 款, 3 项), in code order:
   * [{ code, name, level }] ({{#each (qrows level=3 source="general_budget")}}…{{/each}})
   */
  qrows: (...args: unknown[]) =>
    run('qrows', args[args.length - 1], (facts, filter) => {
      const { level, ...rest } = filter as Filter & { level?: string };
      const n = Number(level ?? '1');
      if (![1, 2, 3].includes(n)) throw new QueryError(`bad_level:${level}`);
      const len = [3, 5, 7][n - 1]!;
      const names = (args[args.length - 1] as CallOptions).data?.root?.functionNames ?? {};
      const codes = [
        ...new Set(
          facts
            .values('function', rest)
            .filter((c) => c.length >= len)
            .map((c) => c.slice(0, len)),
        ),
      ].sort();
      return codes.map((code) => ({ code, name: names[code] ?? code, level: n }));
    }),
  /** the share of a filter's sum in the same filter without its last dimension… explicitly: of="type" drops `type` from the whole */
  qshare: (...args: unknown[]) =>
    run('qshare', args[args.length - 1], (facts, filter) => {
      const { of, ...part } = filter as Filter & { of?: string };
      const whole = { ...part } as Record<string, string>;
      for (const k of (
        of ??
        Object.keys(part)
          .filter((k) => k !== 'kind')
          .slice(-1)[0] ??
        ''
      ).split(','))
        delete whole[k.trim()];
      const f = printedFormat(args[args.length - 1]);
      if (!f) return facts.share(part, whole);
      const p = facts.q(part);
      const w = facts.q(whole);
      return p === null || w === null ? null : percent(printedValue(p, f), printedValue(w, f));
    }),
};
