// Statements reconciled where two of them state the same money: a cell of one
// (a 类 total, last year's 合计) against the sum the other gives for it (its 项),
// and a part (其中) against its whole. Only there: statements of different
// shapes (财政拨款 by 类, all sources by 项) are not compared, because
// neither says what the other's cells hold. A statement typed from a rounded
// publication allows the rounding its n parts can carry (n × 0.005 of the unit).
import { tr, type Diagnostic } from '../diagnostics/diagnostic.js';
import { Money, ZERO } from '../model/money.js';
import { plainAmount } from '../narrative/format.js';
import type { RuleContext } from './rule-context.js';
import { describe } from '../figures/facts.js';

const HALF_CENT = new Money('0.005');

export function statementRules(ctx: RuleContext): Diagnostic[] {
  const idx = ctx.fig.facts.statements;
  // a rounded statement's unit: 0.01 of the data's unit, in 万元
  const half = ctx.data.department.unit === '元' ? HALF_CENT.div(10000) : HALF_CENT;
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const a of idx.statements)
    for (const cell of a.cells)
      for (const b of idx.statements) {
        if (b === a || !idx.answers(b, cell.at)) continue;
        const parts = idx.cellsOf(b, cell.at);
        // b states this very cell (the same shape): nothing summed, nothing to reconcile
        if (parts.length === 1 && parts[0]!.at === cell.at) continue;
        const got = parts.reduce((s, c) => s.plus(c.amount), ZERO);
        const allowed = a.rounded || b.rounded ? half.times(parts.length + 1) : ZERO;
        if (got.minus(cell.amount).abs().lte(allowed)) continue;
        const key = [a.index, b.index, describe(cell.at)].join('|');
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({
          severity: 'error',
          code: 'check.statements_disagree',
          message: tr(
            ctx.lang,
            `${describe(cell.at)} 写的是 ${plainAmount(cell.amount)} 万元，另一处按更细口径写的各项合计 ${plainAmount(got)} 万元`,
            `${describe(cell.at)} is stated as ${plainAmount(cell.amount)} 万元, but another statement's parts add up to ${plainAmount(got)} 万元`,
          ),
          ...(allowed.isZero()
            ? {}
            : {
                hint: tr(
                  ctx.lang,
                  `按四舍五入公开的数最多可差 ${plainAmount(allowed)} 万元`,
                  `rounded figures may differ by up to ${plainAmount(allowed)} 万元`,
                ),
              }),
          ...ctx.locate(cell.path),
          related: parts.slice(0, 5).map((c) => ({ ...ctx.locate(c.path), message: describe(c.at) })),
        });
      }
  // a part (其中) is no larger than its whole, wherever the whole is stated (a statement or the friendly blocks)
  for (const a of idx.statements) {
    const part = a.of.part;
    if (part === undefined || part.startsWith('!')) continue;
    for (const cell of a.cells) {
      const { part: _p, year, ...whole } = cell.at;
      let w: Money | null;
      try {
        w = ctx.fig.facts.q({ ...whole, ...(year === 'last' ? { year } : {}) });
      } catch {
        continue;
      }
      if (w === null || cell.amount.lte(w)) continue;
      out.push({
        severity: 'error',
        code: 'check.part_exceeds_whole',
        message: tr(
          ctx.lang,
          `其中“${part}” ${plainAmount(cell.amount)} 万元大于它所属的 ${plainAmount(w)} 万元（${describe(whole)}）`,
          `the part “${part}” (${plainAmount(cell.amount)} 万元) exceeds its whole of ${plainAmount(w)} 万元 (${describe(whole)})`,
        ),
        ...ctx.locate(cell.path),
      });
    }
  }
  // a stated change against a stated last-year amount of the same aggregate
  for (const agg of idx.aggregates) {
    const c = agg.change;
    if (!c || (c.amount === undefined && !c.flat)) continue;
    const { year: _y, ...rest } = agg.at;
    const lastQ = { ...rest, year: 'last' };
    const b = idx.statements.find((s) => idx.answers(s, lastQ));
    if (!b) continue;
    const last = idx.cellsOf(b, lastQ).reduce((s, x) => s.plus(x.amount), ZERO);
    let now: Money;
    try {
      now = ctx.fig.facts.q(rest)!;
    } catch {
      continue;
    }
    const stated = c.flat ? ZERO : c.amount!;
    if (now.minus(last).equals(stated)) continue;
    out.push({
      severity: 'error',
      code: 'check.change_disagrees',
      message: tr(
        ctx.lang,
        `写明的增减 ${plainAmount(stated)} 万元与本年数 ${plainAmount(now)} 万元减上年数 ${plainAmount(last)} 万元不符`,
        `the stated change ${plainAmount(stated)} 万元 differs from this year's ${plainAmount(now)} 万元 less last year's ${plainAmount(last)} 万元`,
      ),
      ...ctx.locate([...agg.path, 'change']),
      related: [{ ...ctx.locate(b.path), message: tr(ctx.lang, '写明的上年数', "last year's stated amount") }],
    });
  }
  return out;
}
