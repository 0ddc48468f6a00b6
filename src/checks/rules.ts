// Consistency rules of a budget disclosure. Each rule is small and named; it
// reports at the figure that is off, with the related figures.
import { catalogueCodeDiagnostics } from '../catalogue/code-checks.js';
import { tr, type Diagnostic } from '../diagnostics/diagnostic.js';
import { fundSources, incomeKeys, type FundSource } from '../model/schema.js';
import { plainAmount } from '../narrative/format.js';
import { sum, ZERO, type Money } from '../model/money.js';
import { QueryError, type Filter } from '../figures/facts.js';
import { normal } from '../figures/statements.js';
import type { RuleContext } from './rule-context.js';
import { performanceRules } from './performance-rules.js';
import { modelRules } from './model-rules.js';
import { statementRules } from './statement-rules.js';
import { reviewRules, withoutEchoesOfRepeats } from './review-rules.js';
import { OWN_UNIT, expenditureRows, unitsOf } from '../model/unit-rows.js';

type Rule = (ctx: RuleContext) => Diagnostic[];

const at = (ctx: RuleContext, path: readonly PropertyKey[]) => ctx.locate(path);

/** Every code exists in that year's catalogue (or its row names it), and a printed name matches it; see src/catalogue/code-checks.ts. */
const catalogueCodes: Rule = (ctx) => catalogueCodeDiagnostics(ctx);

/**
 * The expenditure a check compares with: the figure the statements give where the data states its
 * expenditure as statements (null where none covers it), else the rows'.
 */
function statedOr(ctx: RuleContext, filter: Filter, rows: Money): Money | null {
  if (!ctx.fig.facts.statements.states('expenditure', 'this')) return rows;
  try {
    return ctx.fig.facts.q(filter);
  } catch (e) {
    if (e instanceof QueryError) return null;
    throw e;
  }
}

/** 收入总计 = 支出总计 */
const balance: Rule = (ctx) => {
  const { income } = ctx.fig;
  // 收入总计 = 支出总计 + 结转下年, where the data states a 结转下年 (kind: carry_forward)
  const spent = statedOr(ctx, {}, ctx.fig.expenditure.total);
  const expenditure = { total: spent === null ? null : spent.plus(ctx.fig.facts.q({ kind: 'carry_forward' }) ?? ZERO) };
  if (expenditure.total === null || income.total.equals(expenditure.total)) return [];
  return [
    {
      severity: 'error',
      code: 'check.unbalanced',
      message: tr(
        ctx.lang,
        `收入总计 ${plainAmount(income.total)} 万元与支出总计 ${plainAmount(expenditure.total)} 万元不相等`,
        `total income ${plainAmount(income.total)} 万元 differs from total expenditure ${plainAmount(expenditure.total)} 万元`,
      ),
      ...at(ctx, ['income']),
      related: [{ ...at(ctx, ['expenditure']), message: tr(ctx.lang, '支出按功能分类逐项相加', 'expenditure, summed over its 功能分类 rows') }],
    },
  ];
};

const SOURCE_NAMES: Record<FundSource, [string, string]> = {
  general_budget: ['一般公共预算', 'general budget'],
  government_fund: ['政府性基金预算', 'government funds'],
  state_capital: ['国有资本经营预算', 'state capital operations budget'],
  superior_subsidy: ['上级补助收入', 'subsidy from the superior unit'],
  subordinate_remit: ['附属单位上缴收入', 'remittance from subordinate units'],
  fiscal_special_account: ['财政专户管理资金', 'special fiscal account'],
  business: ['事业收入', 'business income'],
  business_operation: ['事业单位经营收入', 'business operation income'],
  other: ['其他收入', 'other income'],
  reserve_fund: ['用事业基金弥补收支差额', 'reserve fund'],
  carryover: ['上年结转', 'carry-over'],
};

/**
 * Each income source pays for exactly the expenditure rows that name it
 * (`fund`): 表二 breaks income down by 功能分类 from those rows. Checked only
 * when the totals balance, which the rule above reports otherwise.
 */
const sourceBalance: Rule = (ctx) => {
  const { income } = ctx.fig;
  const total = statedOr(ctx, {}, ctx.fig.expenditure.total);
  if (total === null || !income.total.equals(total)) return [];
  // a source whose expenditure no statement gives (上年结转 spread over 项 unpublished) has nothing to compare
  const paid = Object.fromEntries(fundSources.map((k) => [k, statedOr(ctx, { source: k }, ctx.fig.expenditure.bySource[k])]));
  const expenditure = { bySource: paid as Record<FundSource, Money> };
  return fundSources
    .filter((k) => paid[k] !== null && !income[k].equals(paid[k]!))
    .map((k): Diagnostic => {
      const [zh, en] = SOURCE_NAMES[k];
      return {
        severity: 'error', // 表一 and 表二 would print different figures for this source
        code: 'check.source_unbalanced',
        message: tr(
          ctx.lang,
          `收入来源“${zh}” ${plainAmount(income[k])} 万元，而注明由它支付（fund: ${k}）的支出合计 ${plainAmount(expenditure.bySource[k])} 万元`,
          `${en} income is ${plainAmount(income[k])} 万元, but the expenditure rows paid from it (fund: ${k}) add up to ${plainAmount(expenditure.bySource[k])} 万元`,
        ),
        hint: tr(
          ctx.lang,
          `在由${zh}支付的支出行写上 fund: ${k}；部门收入总体情况表按此分列`,
          `mark the rows it pays for with fund: ${k}; the income summary by 功能分类 is split by it`,
        ),
        ...at(ctx, ctx.data.income[k] === undefined ? ['income'] : ['income', k]),
        related: [
          {
            ...at(ctx, ['expenditure']),
            message: tr(ctx.lang, '支出行的 fund 字段（不写即 general_budget）', 'the fund field of the expenditure rows (general_budget when left out)'),
          },
        ],
      };
    });
};

/**
 * 第三部分 二 explains each source of this year's income against last year; a
 * source with income and no `explanation.income` entry is printed with its
 * amount and share only, which is rarely what a department means to publish.
 */
const incomeExplained: Rule = (ctx) => {
  // a change the data states in its statements, for the income as a whole or for the source, explains it too
  const stated = (f: Record<string, string>) => ctx.fig.facts.statements.aggregate(normal(f))?.change !== undefined;
  if (stated({ kind: 'income' })) return [];
  return incomeKeys
    .filter((k) => !ctx.fig.income[k].isZero() && !ctx.data.explanation.income[k] && !stated({ kind: 'income', source: k }))
    .map((k): Diagnostic => {
      const [zh, en] = SOURCE_NAMES[k];
      return {
        severity: 'warning',
        code: 'check.income_unexplained',
        message: tr(
          ctx.lang,
          `收入来源“${zh}”有 ${plainAmount(ctx.fig.income[k])} 万元收入，但情况说明没有它的上年数和增减原因`,
          `the explanation gives no last year's figure or reason for ${en} (${plainAmount(ctx.fig.income[k])} 万元 this year)`,
        ),
        hint: tr(
          ctx.lang,
          `在 explanation.income 下加上 ${k}: { last_year: { amount: …, base: budget }, reason: … }`,
          `add ${k}: { last_year: { amount: …, base: budget }, reason: … } under explanation.income`,
        ),
        ...at(ctx, ['explanation', 'income']),
        related: [{ ...at(ctx, ['income', k]), message: tr(ctx.lang, '本年收入', "this year's income") }],
      };
    });
};

/** 一般公共预算基本支出 by 经济分类 = the basic expenditure of the rows 一般公共预算 pays for (in the built-in set: 表六 against 表五; other sets number them otherwise) */
const basicByEconomic: Rule = (ctx) => {
  const { economic } = ctx.fig;
  const generalBasic = statedOr(ctx, { type: 'basic', source: 'general_budget' }, ctx.fig.expenditure.generalBasic);
  const expenditure = { generalBasic: generalBasic ?? ZERO };
  if (generalBasic === null || economic.total.equals(generalBasic)) return [];
  return [
    {
      severity: 'error',
      code: 'check.total_mismatch',
      message: tr(
        ctx.lang,
        `按经济分类列出的基本支出合计 ${plainAmount(economic.total)} 万元与支出预算中一般公共预算的基本支出 ${plainAmount(expenditure.generalBasic)} 万元不相等`,
        `basic expenditure by economic class adds up to ${plainAmount(economic.total)} 万元 but the expenditure budget's basic expenditure from the general budget is ${plainAmount(expenditure.generalBasic)} 万元`,
      ),
      ...at(ctx, ['basic_by_economic']),
      related: [
        {
          ...at(ctx, ['expenditure']),
          message: tr(
            ctx.lang,
            '支出预算中 fund 为 general_budget（或不写）的行的基本支出',
            'basic expenditure of the rows with fund: general_budget (or none)',
          ),
        },
      ],
    },
  ];
};

/**
 * 项目支出 in 表三 = Σ projects (表七), per 项 of each unit (a project is its
 * unit_id's, the 本级's when left out). With `project_listing: partial` only
 * some projects are listed: their sum may not exceed the row's; the default is
 * `complete` when projects are listed, and nothing to check when none are.
 */
const projectTotals: Rule = (ctx) => {
  const out: Diagnostic[] = [];
  const { data } = ctx;
  const partial = (data.project_listing ?? (data.projects.length ? 'complete' : 'partial')) === 'partial';
  const unitOf = (p: (typeof data.projects)[number]) => p.unit_id ?? OWN_UNIT;
  const units = new Map(unitsOf(data).map((u) => [u.id, u.name]));
  const inUnit = (id: string, zh: string, en: string) => (id === OWN_UNIT ? [zh, en] : [`下属单位“${units.get(id)}”：${zh}`, `unit “${units.get(id)}”: ${en}`]);
  const rows = expenditureRows(data);
  const seen = new Set<string>();
  for (const { row: e, unit, path } of rows) {
    // a 项 of one unit paid from two sources is two rows: its projects are against both
    if (seen.has(`${unit}|${e.code}`)) continue;
    seen.add(`${unit}|${e.code}`);
    const projects = data.projects.filter((p) => p.function_code === e.code && unitOf(p) === unit);
    const listed = sum(projects.map((p) => sum(Object.values(p.economic))));
    const stated = sum(rows.filter((r) => r.unit === unit && r.row.code === e.code).map((r) => r.row.project ?? ZERO));
    if (partial ? listed.lte(stated) : listed.equals(stated)) continue;
    const [zh, en] = partial
      ? inUnit(
          unit,
          `科目 ${e.code} 的项目支出 ${plainAmount(stated)} 万元少于所列项目合计 ${plainAmount(listed)} 万元`,
          `project expenditure of ${e.code} is ${plainAmount(stated)} 万元, less than its listed projects' ${plainAmount(listed)} 万元`,
        )
      : inUnit(
          unit,
          `科目 ${e.code} 的项目支出 ${plainAmount(stated)} 万元与所列项目合计 ${plainAmount(listed)} 万元不相等`,
          `project expenditure of ${e.code} is ${plainAmount(stated)} 万元 but its projects add up to ${plainAmount(listed)} 万元`,
        );
    out.push({
      severity: 'error',
      code: partial ? 'check.projects_exceed_row' : 'check.total_mismatch',
      message: tr(ctx.lang, zh!, en!),
      ...(partial
        ? {
            hint: tr(
              ctx.lang,
              'project_listing: partial 时只列出部分项目，其合计不能超过该科目的项目支出',
              'with project_listing: partial the listed projects may not add up to more than the row',
            ),
          }
        : {}),
      ...at(ctx, [...path, 'project']),
      related: projects.map((p) => ({ ...at(ctx, ['projects', data.projects.indexOf(p), 'economic']), message: p.name })),
    });
  }
  data.projects.forEach((p, i) => {
    // a project of no unit is reported by modelRules.unitReferences
    if (p.function_code === undefined || !units.has(unitOf(p)) || rows.some((r) => r.row.code === p.function_code && r.unit === unitOf(p))) return;
    const [zh, en] = inUnit(
      unitOf(p),
      `项目“${p.name}”的科目 ${p.function_code} 在支出预算中没有`,
      `project “${p.name}” is under ${p.function_code}, which has no expenditure row`,
    );
    out.push({
      severity: 'error',
      code: 'check.project_without_expenditure',
      message: tr(ctx.lang, zh!, en!),
      ...at(ctx, ['projects', i, 'function_code']),
    });
  });
  return out;
};

/** A project keeps one name in the 项目支出表, in 第三部分 and in its 绩效目标表. */
const projectNames: Rule = (ctx) =>
  ctx.data.projects.flatMap((p, i): Diagnostic[] => {
    const out: Diagnostic[] = [];
    const other = (field: 'name_in_explanation' | 'performance', name: string | undefined, where: string, whereEn: string) => {
      if (name && name !== p.name)
        out.push({
          severity: 'warning',
          code: 'check.project_name_mismatch',
          message: tr(
            ctx.lang,
            `项目在项目支出表中叫“${p.name}”，在${where}中叫“${name}”`,
            `the project is called “${p.name}” in the project expenditure table but “${name}” in ${whereEn}`,
          ),
          hint: tr(ctx.lang, '同一项目在各处应使用同一名称', 'a project keeps one name everywhere'),
          ...at(ctx, field === 'performance' ? ['projects', i, 'performance', 'name'] : ['projects', i, field]),
          related: [{ ...at(ctx, ['projects', i, 'name']), message: tr(ctx.lang, '项目支出表中的名称', 'its name in the project expenditure table') }],
        });
    };
    other('name_in_explanation', p.name_in_explanation, '第三部分项目支出情况说明', 'part three');
    other('performance', p.performance?.name, '绩效目标表', 'its 绩效目标表');
    return out;
  });

/** A percentage typed in the data must equal the one computed from the figures. */
const statedPercent: Rule = (ctx) => {
  const stated = ctx.data.explanation.general_basic?.stated_change_percent;
  const c = ctx.fig.changes.generalBasic;
  const computed = c?.percent;
  if (!stated || !c || !computed || stated.equals(computed)) return [];
  return [
    {
      severity: 'warning',
      code: 'check.derived_mismatch',
      message: tr(
        ctx.lang,
        `填写的变动幅度 ${plainAmount(stated)}% 与数据算出的 ${plainAmount(computed)}% 不符（${plainAmount(c.diff.abs())} ÷ ${plainAmount(c.last)}），公开文本印计算值`,
        `the stated change ${plainAmount(stated)}% differs from the computed ${plainAmount(computed)}% (${plainAmount(c.diff.abs())} ÷ ${plainAmount(c.last)}); the computed value is printed`,
      ),
      hint: tr(ctx.lang, '删去 stated_change_percent，或核对上年数', 'remove stated_change_percent, or check last year’s figure'),
      ...at(ctx, ['explanation', 'general_basic', 'stated_change_percent']),
    },
  ];
};

export const rules: Record<string, Rule> = {
  catalogueCodes,
  balance,
  sourceBalance,
  incomeExplained,
  basicByEconomic,
  projectTotals,
  projectNames,
  statedPercent,
  performanceRules,
  statementRules,
  ...modelRules,
  reviewRules,
};

export function runChecks(ctx: RuleContext): Diagnostic[] {
  return withoutEchoesOfRepeats(Object.values(rules).flatMap((r) => r(ctx)));
}
