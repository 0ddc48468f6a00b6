// Checks of the 绩效目标 data: 指标值类型 and values, the year's indicator
// catalogue (indicators.yaml), weights and scores, a project's fund split, and
// 绩效目标表 the template set prints for data that is not there.
import { tr, type Diagnostic } from '../diagnostics/diagnostic.js';
import { Money, ZERO, sum } from '../model/money.js';
import { indicatorKinds, parseIndicatorKind, quantitativeKinds, type IndicatorInput } from '../model/performance-schema.js';
import { nearest } from '../model/validate.js';
import { plainAmount } from '../narrative/format.js';
import { catalogueFor } from '../tables/performance-indicators.js';
import type { RuleContext } from './rule-context.js';

type Ctx = RuleContext;

/** The indicator lists clerks wrote in the general form, with their data paths. */
function indicatorLists(ctx: Ctx): { list: IndicatorInput[]; path: PropertyKey[]; what: string }[] {
  const out: { list: IndicatorInput[]; path: PropertyKey[]; what: string }[] = [];
  ctx.data.projects.forEach((p, i) => {
    const ind = p.performance?.indicators;
    if (ind?.form === 'list') out.push({ list: ind.list, path: ['projects', i, 'performance', 'indicators'], what: p.name });
  });
  if (ctx.data.performance)
    out.push({ list: ctx.data.performance.indicators, path: ['performance', 'indicators'], what: tr(ctx.lang, '部门整体', 'the department') });
  return out;
}

const hasNumber = (s: string) => /[0-9０-９]/.test(s);

/** 指标值类型 is one of the known kinds; a quantitative one has a number in its 指标值. */
const indicatorKindsAndValues = (ctx: Ctx): Diagnostic[] =>
  indicatorLists(ctx).flatMap(({ list, path }) =>
    list.flatMap((x, i): Diagnostic[] => {
      if (x.kind === undefined) return [];
      const kind = parseIndicatorKind(x.kind);
      if (!kind) {
        const near = nearest(x.kind, [...indicatorKinds]);
        return [
          {
            severity: 'error',
            code: 'check.indicator_kind',
            message: tr(ctx.lang, `不认识的指标值类型“${x.kind}”`, `unknown indicator value type “${x.kind}”`),
            hint: tr(
              ctx.lang,
              `${near ? `是不是“${near}”？` : ''}可用的类型：${indicatorKinds.join(' ')}（也可写 >=、<=）`,
              `${near ? `did you mean “${near}”? ` : ''}types: ${indicatorKinds.join(' ')} (>= and <= are read too)`,
            ),
            ...ctx.locate([...path, i, 'kind']),
          },
        ];
      }
      if (quantitativeKinds.includes(kind) && !hasNumber(x.value))
        return [
          {
            severity: 'error',
            code: 'check.indicator_value_not_number',
            message: tr(
              ctx.lang,
              `指标“${x.name}”的类型是“${kind}”，指标值“${x.value}”却没有数字`,
              `indicator “${x.name}” is of type “${kind}” but its value “${x.value}” has no number`,
            ),
            hint: tr(
              ctx.lang,
              '写上数值（如 ≥90% 写作 value: 90，unit: %），或把类型改为“定性”',
              'give the number (≥90% as value: 90, unit: %), or make the type 定性',
            ),
            ...ctx.locate([...path, i, 'value']),
          },
        ];
      return [];
    }),
  );

/** 一级/二级 names are those of the year's indicator catalogue; a near miss is a typo. */
const indicatorNames = (ctx: Ctx): Diagnostic[] => {
  const cat = ctx.templates?.indicators;
  const year = cat ? catalogueFor(cat, ctx.data.department.year) : null;
  if (!year) return [];
  const all = [...new Set(Object.values(year.levels).flat())];
  return indicatorLists(ctx).flatMap(({ list, path }) =>
    list.flatMap((x, i): Diagnostic[] => {
      const level2s = year.levels[x.level1];
      if (!level2s) {
        const near = nearest(x.level1, Object.keys(year.levels));
        return [
          {
            severity: 'warning',
            code: 'check.indicator_level1_unknown',
            message: tr(
              ctx.lang,
              `一级指标“${x.level1}”不在 ${year.year} 年指标目录中`,
              `level-1 indicator “${x.level1}” is not in the ${year.year} indicator catalogue`,
            ),
            hint: tr(
              ctx.lang,
              near ? `是不是“${near}”？` : `目录中的一级指标：${Object.keys(year.levels).join('、')}`,
              near ? `did you mean “${near}”?` : `level-1 indicators: ${Object.keys(year.levels).join(', ')}`,
            ),
            ...ctx.locate([...path, i, 'level1']),
          },
        ];
      }
      // an indicator the document prints without a 二级 label
      if (x.level2 === undefined || level2s.includes(x.level2)) return [];
      const level2 = x.level2;
      const near = nearest(level2, level2s) ?? nearest(level2, all);
      const elsewhere = Object.entries(year.levels).find(([, l2]) => l2.includes(level2))?.[0];
      return [
        {
          severity: 'warning',
          code: 'check.indicator_level2_unknown',
          message: elsewhere
            ? tr(
                ctx.lang,
                `二级指标“${level2}”在 ${year.year} 年指标目录中属于一级指标“${elsewhere}”，不属于“${x.level1}”`,
                `level-2 indicator “${level2}” belongs to “${elsewhere}” in the ${year.year} catalogue, not to “${x.level1}”`,
              )
            : tr(
                ctx.lang,
                `二级指标“${level2}”不在 ${year.year} 年指标目录“${x.level1}”之下`,
                `level-2 indicator “${level2}” is not under “${x.level1}” in the ${year.year} indicator catalogue`,
              ),
          hint: tr(
            ctx.lang,
            `${near && !elsewhere ? `是不是“${near}”？` : ''}“${x.level1}”的二级指标：${level2s.join('、')}`,
            `${near && !elsewhere ? `did you mean “${near}”? ` : ''}level-2 indicators of “${x.level1}”: ${level2s.join(', ')}`,
          ),
          ...ctx.locate([...path, i, 'level2']),
        },
      ];
    }),
  );
};

/** Where a table's indicators carry weights (or scores), they add up to what the template set requires. */
const weightTotals = (ctx: Ctx): Diagnostic[] => {
  const cat = ctx.templates?.indicators;
  if (!cat) return [];
  const rules = [
    { key: 'weight' as const, total: cat.weights_total, zh: '权重', en: 'weights', setting: 'weights_total' },
    { key: 'score' as const, total: cat.scores_total, zh: '分值', en: 'scores', setting: 'scores_total' },
  ];
  return indicatorLists(ctx).flatMap(({ list, path, what }) =>
    rules.flatMap((r): Diagnostic[] => {
      if (r.total === undefined || !list.some((x) => x[r.key] !== undefined)) return [];
      const got = sum(list.map((x) => new Money(x[r.key] ?? 0)));
      const missing = list.map((x, i) => ({ x, i })).filter(({ x }) => x[r.key] === undefined);
      if (got.equals(r.total) && !missing.length) return [];
      return [
        {
          severity: 'error',
          code: 'check.indicator_weights',
          message: tr(
            ctx.lang,
            `“${what}”各指标的${r.zh}合计 ${plainAmount(got, 4)}，应为 ${r.total}${missing.length ? `（${missing.length} 个指标没有${r.zh}）` : ''}`,
            `the ${r.en} of “${what}”'s indicators add up to ${plainAmount(got, 4)}; they must make ${r.total}${missing.length ? ` (${missing.length} indicators have none)` : ''}`,
          ),
          hint: tr(ctx.lang, `模板集 indicators.yaml 要求 ${r.setting}: ${r.total}`, `the template set's indicators.yaml requires ${r.setting}: ${r.total}`),
          ...ctx.locate(path),
          related: missing.map(({ x, i }) => ({ ...ctx.locate([...path, i]), message: tr(ctx.lang, `“${x.name}”没有${r.zh}`, `“${x.name}” has no ${r.key}`) })),
        },
      ];
    }),
  );
};

/** A project's 财政拨款 + 上年结转 + 其他资金 is its amount (the sum of its 经济分类). */
const projectFunds = (ctx: Ctx): Diagnostic[] =>
  ctx.data.projects.flatMap((p, i): Diagnostic[] => {
    const f = p.funds;
    // without 经济分类 amounts the funds are the project's amount: nothing to compare
    if (!f || !Object.keys(p.economic).length) return [];
    const amount = sum(Object.values(p.economic));
    const parts = (f.fiscal ?? ZERO).plus(f.carryover ?? ZERO).plus(f.other ?? ZERO);
    const ok = f.fiscal !== undefined ? parts.equals(amount) : parts.lte(amount);
    if (ok) return [];
    return [
      {
        severity: 'error',
        code: 'check.project_funds',
        message:
          f.fiscal !== undefined
            ? tr(
                ctx.lang,
                `项目“${p.name}”的资金来源合计 ${plainAmount(parts)} 万元，与项目金额 ${plainAmount(amount)} 万元不相等`,
                `project “${p.name}”'s funds add up to ${plainAmount(parts)} 万元, not its amount of ${plainAmount(amount)} 万元`,
              )
            : tr(
                ctx.lang,
                `项目“${p.name}”的上年结转和其他资金 ${plainAmount(parts)} 万元超过项目金额 ${plainAmount(amount)} 万元`,
                `project “${p.name}”'s carry-over and other funds (${plainAmount(parts)} 万元) exceed its amount of ${plainAmount(amount)} 万元`,
              ),
        hint: tr(
          ctx.lang,
          'fiscal + carryover + other 等于项目按经济分类的合计；不写 fiscal 时它是其余部分',
          'fiscal + carryover + other equal the project’s economic total; without fiscal it is the remainder',
        ),
        ...ctx.locate(['projects', i, 'funds']),
        related: [{ ...ctx.locate(['projects', i, 'economic']), message: tr(ctx.lang, '项目金额（按经济分类）', 'the project’s amount (by economic class)') }],
      },
    ];
  });

/** A 绩效目标表 the template set prints for a project (or the department) without performance data is left out: said so. */
const tablesWithoutData = (ctx: Ctx): Diagnostic[] => {
  const t = ctx.templates;
  if (!t) return [];
  const layouts = Object.entries(t.grids).filter(([id]) => t.manifest.tables.includes(id));
  const perProject =
    layouts.some(([, e]) => e.layout.per === 'project' && e.layout.projects === 'every') ||
    Object.values(t.narratives).some((f) => /::table\s+performance\b/.test(f.text));
  const out: Diagnostic[] = [];
  if (perProject)
    ctx.data.projects.forEach((p, i) => {
      if (!p.performance)
        out.push({
          severity: 'warning',
          code: 'check.performance_missing',
          message: tr(
            ctx.lang,
            `项目“${p.name}”没有绩效目标（performance），它的绩效目标表不印`,
            `project “${p.name}” has no performance goals; its performance table is left out`,
          ),
          hint: tr(
            ctx.lang,
            '在项目下加上 performance: { goal: [...], indicators: [...] }',
            'add performance: { goal: [...], indicators: [...] } to the project',
          ),
          ...ctx.locate(['projects', i, 'name']),
        });
    });
  for (const [id, e] of layouts)
    if (e.layout.per === 'department' && !ctx.data.performance)
      out.push({
        severity: 'warning',
        code: 'check.performance_missing',
        message: tr(
          ctx.lang,
          `数据中没有部门整体绩效目标（performance），表格 ${id} 不印`,
          `the data has no department-wide performance goals; table ${id} is left out`,
        ),
        hint: tr(
          ctx.lang,
          '在数据顶层加上 performance: { goal: [...], indicators: [...] }',
          'add performance: { goal: [...], indicators: [...] } at the top of the data',
        ),
        ...ctx.locate([]),
        related: [{ file: e.file.path, message: tr(ctx.lang, '部门整体支出绩效目标表的样式', 'the department-wide table’s layout') }],
      });
  return out;
};

export const performanceRules = (ctx: Ctx): Diagnostic[] => [
  ...indicatorKindsAndValues(ctx),
  ...indicatorNames(ctx),
  ...weightTotals(ctx),
  ...projectFunds(ctx),
  ...tablesWithoutData(ctx),
];
