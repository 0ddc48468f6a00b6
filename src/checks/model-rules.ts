// Consistency rules of the model's newer parts: declared expenditure types,
// 下属单位 and what refers to them, a unit's own balance, the 人员经费 part of
// a 款, and the `last_year:` block (conflicts and aggregates that cannot be).
// Each reports at the clerk's own line (a unit's row, a last_year key), not at
// the consolidated figure it feeds.
import { tr, type Diagnostic } from '../diagnostics/diagnostic.js';
import { type Money, ZERO, sum } from '../model/money.js';
import { incomeKeys } from '../model/schema.js';
import { OWN_UNIT, carryoverBySource, economicFactRows, expenditureRows } from '../model/unit-rows.js';
import { nearest } from '../model/validate.js';
import { plainAmount } from '../narrative/format.js';
import type { RuleContext } from './rule-context.js';

type Rule = (ctx: RuleContext) => Diagnostic[];

/** The types every row has besides the declared ones (last_year.types may name them). */
const BUILT_IN_TYPES = ['basic', 'project'] as const;
const THREE_PUBLIC_ITEMS = ['overseas', 'vehicle_purchase', 'vehicle_operation', 'reception'] as const;

const keyAt = (ctx: RuleContext, path: readonly PropertyKey[]) => ctx.locate(path, 'key');

/** An amount as the clerk typed it: in the data's unit (a 元 file's figures are kept in 万元). */
function shown(ctx: RuleContext, m: Money): string {
  return ctx.data.department.unit === '元' ? `${plainAmount(m.times(10000))} ${tr(ctx.lang, '元', 'yuan')}` : `${plainAmount(m)} 万元`;
}

/** "did you mean" when a key is close to an allowed one, else the whole list. */
function choose(ctx: RuleContext, key: string, allowed: readonly string[], howToAdd: [string, string]): string {
  const near = nearest(key, [...allowed]);
  if (near) return tr(ctx.lang, `是不是“${near}”？`, `did you mean "${near}"?`);
  if (!allowed.length) return tr(ctx.lang, howToAdd[0], howToAdd[1]);
  const [zh, en] = howToAdd[0] ? [`；${howToAdd[0]}`, `; ${howToAdd[1]}`] : ['', ''];
  return tr(ctx.lang, `可用的有：${allowed.join('、')}${zh}`, `allowed: ${allowed.join(', ')}${en}`);
}

const declaredTypes = (ctx: RuleContext) => ctx.data.expenditure_types.map((t) => t.key);
const DECLARE_TYPE: [string, string] = [
  '或在 expenditure_types: 下声明 - { key: …, name: … }',
  'or declare it under expenditure_types: as - { key: …, name: … }',
];

/**
 * A row's `types:` key is a declared expenditure type; a declared type is
 * used by some row, and named once, never as `basic` or `project`.
 */
const expenditureTypes: Rule = (ctx) => {
  const out: Diagnostic[] = [];
  const declared = declaredTypes(ctx);
  const used = new Set<string>();
  for (const { row, path } of expenditureRows(ctx.data))
    for (const key of Object.keys(row.types)) {
      // a misspelt key uses the type it was meant for: that type is not also reported unused
      used.add(nearest(key, declared) ?? key);
      if (!declared.includes(key))
        out.push({
          severity: 'error',
          code: 'check.undeclared_type',
          message: tr(ctx.lang, `支出类型“${key}”没有在 expenditure_types 中声明`, `expenditure type "${key}" is not declared in expenditure_types`),
          hint: choose(ctx, key, declared, DECLARE_TYPE),
          ...keyAt(ctx, [...path, 'types', key]),
        });
    }
  ctx.data.expenditure_types.forEach((t, i) => {
    const first = declared.indexOf(t.key);
    if ((BUILT_IN_TYPES as readonly string[]).includes(t.key))
      out.push({
        severity: 'error',
        code: 'check.reserved_type',
        message: tr(
          ctx.lang,
          `支出类型的 key 不能是“${t.key}”：基本支出和项目支出各有自己的字段 basic、project`,
          `an expenditure type cannot be keyed "${t.key}": basic and project expenditure have their own fields`,
        ),
        hint: tr(ctx.lang, '换一个 key，如 reserve、operation', 'choose another key, e.g. reserve or operation'),
        ...ctx.locate(['expenditure_types', i, 'key']),
      });
    else if (first !== i)
      out.push({
        severity: 'error',
        code: 'check.duplicate_type',
        message: tr(ctx.lang, `支出类型“${t.key}”声明了两次`, `expenditure type "${t.key}" is declared twice`),
        hint: tr(ctx.lang, '删去其中一条', 'remove one of them'),
        ...ctx.locate(['expenditure_types', i, 'key']),
        related: [{ ...ctx.locate(['expenditure_types', first, 'key']), message: tr(ctx.lang, '第一次声明', 'first declared here') }],
      });
    else if (!used.has(t.key))
      out.push({
        severity: 'warning',
        code: 'check.unused_type',
        message: tr(
          ctx.lang,
          `支出类型“${t.key}”（${t.name}）已声明，但没有哪一行支出用到它`,
          `expenditure type "${t.key}" (“${t.name}”) is declared but no expenditure row uses it`,
        ),
        hint: tr(
          ctx.lang,
          `在用到它的支出行写 types: { ${t.key}: 金额 }，或删去这条声明`,
          `give the rows that use it types: { ${t.key}: amount }, or remove the declaration`,
        ),
        ...ctx.locate(['expenditure_types', i, 'key']),
      });
  });
  return out;
};

const unitIds = (ctx: RuleContext) => ctx.data.units.map((u) => u.id);
const ADD_UNIT: [string, string] = [
  '或在 units: 下加上这个单位 - { id: …, name: …, type: … }',
  'or add the unit under units: as - { id: …, name: …, type: … }',
];

/** Unit ids are unique and never the 本级's own id; whatever names a unit names one that exists. */
const unitReferences: Rule = (ctx) => {
  const out: Diagnostic[] = [];
  const ids = unitIds(ctx);
  ctx.data.units.forEach((u, i) => {
    const first = ids.indexOf(u.id);
    if (u.id === OWN_UNIT)
      out.push({
        severity: 'error',
        code: 'check.reserved_unit_id',
        message: tr(
          ctx.lang,
          `下属单位的 id 不能是“${OWN_UNIT}”：它指本级（部门自身）`,
          `a unit cannot have the id "${OWN_UNIT}": it names the department's own unit (“本级”)`,
        ),
        hint: tr(ctx.lang, '换一个 id', 'choose another id'),
        ...ctx.locate(['units', i, 'id']),
      });
    else if (first !== i)
      out.push({
        severity: 'error',
        code: 'check.duplicate_unit',
        message: tr(ctx.lang, `下属单位 id“${u.id}”重复`, `unit id "${u.id}" is used twice`),
        hint: tr(ctx.lang, '每个单位的 id 必须不同', 'each unit needs its own id'),
        ...ctx.locate(['units', i, 'id']),
        related: [{ ...ctx.locate(['units', first, 'id']), message: ctx.data.units[first]!.name }],
      });
  });
  const known = [OWN_UNIT, ...ids];
  const unknown = (id: string, path: readonly PropertyKey[], which: 'key' | 'value', zh: string, en: string): Diagnostic => ({
    severity: 'error',
    code: 'check.unknown_unit',
    message: tr(ctx.lang, `${zh}的单位“${id}”不在 units 中`, `${en} names unit "${id}", which is not in units`),
    hint: choose(ctx, id, known, ADD_UNIT),
    ...ctx.locate(path, which),
  });
  ctx.data.projects.forEach((p, i) => {
    if (p.unit_id !== undefined && !known.includes(p.unit_id))
      out.push(unknown(p.unit_id, ['projects', i, 'unit_id'], 'value', `项目“${p.name}”`, `project “${p.name}”`));
  });
  for (const id of Object.keys(ctx.data.last_year?.units ?? {}))
    if (!known.includes(id)) out.push(unknown(id, ['last_year', 'units', id], 'key', 'last_year.units 中', 'last_year.units'));
  return out;
};

/** What a unit's income block adds up to, 上年结转 included. */
function incomeTotal(income: RuleContext['data']['income']): Money {
  const own = sum(incomeKeys.map((k) => income[k] ?? ZERO));
  return own.plus(sum(Object.values(carryoverBySource(income)).map((v) => v ?? ZERO)));
}

/**
 * Each 下属单位 balances on its own: income (上年结转 included) = its
 * expenditure. The department's balance (rules.ts) is of the consolidated
 * figures; a unit off by some amount is reported here, at the unit.
 */
const unitBalance: Rule = (ctx) =>
  ctx.data.units.flatMap((u, i): Diagnostic[] => {
    const income = incomeTotal(u.income);
    const expenditure = sum(u.expenditure.map((e) => (e.basic ?? ZERO).plus(e.project ?? ZERO).plus(sum(Object.values(e.types)))));
    if (income.equals(expenditure)) return [];
    return [
      {
        severity: 'error',
        code: 'check.unit_unbalanced',
        message: tr(
          ctx.lang,
          `下属单位“${u.name}”的收入合计 ${shown(ctx, income)}（含上年结转）与其支出合计 ${shown(ctx, expenditure)}不相等`,
          `unit “${u.name}”: its income ${shown(ctx, income)} (carry-over included) differs from its expenditure ${shown(ctx, expenditure)}`,
        ),
        hint: tr(
          ctx.lang,
          '核对该单位的 income 与 expenditure；单位的数字并入部门合计',
          "check the unit's income and expenditure; they are consolidated into the department's",
        ),
        ...ctx.locate(['units', i, 'income']),
        related: [
          {
            ...ctx.locate(['units', i, 'expenditure']),
            message: tr(ctx.lang, '该单位的支出（基本、项目与各支出类型）', "the unit's expenditure (basic, project and declared types)"),
          },
        ],
      },
    ];
  });

/** The 人员经费 part of a 款 is part of it. */
const personnelPart: Rule = (ctx) =>
  economicFactRows(ctx.data)
    .filter(({ row }) => row.personnel !== undefined && row.personnel.gt(row.amount))
    .map(({ row, path }): Diagnostic => ({
      severity: 'error',
      code: 'check.personnel_exceeds_amount',
      message: tr(
        ctx.lang,
        `经济分类 ${row.code} 的人员经费 ${shown(ctx, row.personnel!)} 大于该款金额 ${shown(ctx, row.amount)}`,
        `the personnel part ${shown(ctx, row.personnel!)} of ${row.code} exceeds its amount ${shown(ctx, row.amount)}`,
      ),
      hint: tr(
        ctx.lang,
        'personnel 是 amount 中属于人员经费的部分，其余为公用经费',
        'personnel is the part of amount that is “人员经费” (staff costs); the rest is “公用经费”',
      ),
      ...ctx.locate([...path, 'personnel']),
      related: [{ ...ctx.locate([...path, 'amount']), message: tr(ctx.lang, '该款金额', 'its amount') }],
    }));

/** The same aggregate stated twice for last year (in last_year: and beside a reason) with two amounts. */
const lastYearConflicts: Rule = (ctx) =>
  ctx.fig.lastYear.conflicts.map((c): Diagnostic => ({
    severity: 'error',
    code: 'check.last_year_conflict',
    message: tr(
      ctx.lang,
      `同一项上年数写了两次，金额不同：这里是 ${shown(ctx, c.second.amount)}，前面是 ${shown(ctx, c.first.amount)}`,
      `last year's figure of the same aggregate is stated twice with two amounts: ${shown(ctx, c.second.amount)} here, ${shown(ctx, c.first.amount)} before`,
    ),
    hint: tr(ctx.lang, '只保留一处，或改成相同的金额', 'keep one of them, or make them equal'),
    ...ctx.locate(c.second.path),
    related: [{ ...ctx.locate(c.first.path), message: tr(ctx.lang, '第一次写的上年数', 'stated first here') }],
  }));

/**
 * Keys of the last_year block that name something: a 功能分类 or 经济分类
 * code dropped this year is a real case (warned: it can only be queried),
 * a code no catalogue or row knows is a typo; a unit, type, income source or
 * 三公 item must exist.
 */
const lastYearKeys: Rule = (ctx) => {
  const ly = ctx.data.last_year;
  if (!ly) return [];
  const out: Diagnostic[] = [];
  const codes = (
    m: Readonly<Record<string, Money>> | undefined,
    at: 'functions' | 'economic',
    thisYear: readonly string[],
    official: (c: string) => string | undefined,
  ) => {
    for (const code of Object.keys(m ?? {})) {
      if (thisYear.some((c) => c.startsWith(code))) continue;
      const path = ['last_year', at, code];
      if (official(code))
        out.push({
          severity: 'warning',
          code: 'check.last_year_dropped',
          message: tr(
            ctx.lang,
            `本年没有科目 ${code}（${official(code)}）的支出，上年数将只在查询中可用`,
            `no expenditure under ${code} (“${official(code)}”) this year: last year's figure can only be queried`,
          ),
          hint: tr(ctx.lang, '若本年确无此科目，可忽略；否则核对编码', 'fine if the code was dropped this year; otherwise check the code'),
          ...keyAt(ctx, path),
        });
      else
        out.push({
          severity: 'error',
          code: 'check.last_year_unknown_code',
          message: tr(
            ctx.lang,
            `上年数的科目编码 ${code} 既不在 ${ctx.catalogue.year} 年科目表中，也不在本年数据中`,
            `last year's code ${code} is neither in the ${ctx.catalogue.year} catalogue nor in this year's data`,
          ),
          hint: tr(
            ctx.lang,
            '核对编码（功能分类 3、5 或 7 位，经济分类 3 或 5 位）',
            'check the code (functional codes have 3, 5 or 7 digits, economic ones 3 or 5)',
          ),
          ...keyAt(ctx, path),
        });
    }
  };
  codes(
    ly.functions,
    'functions',
    expenditureRows(ctx.data).map((r) => r.row.code),
    ctx.catalogue.functionalName,
  );
  codes(
    ly.economic,
    'economic',
    economicFactRows(ctx.data).map((r) => r.row.code),
    ctx.catalogue.economicName,
  );

  const keys = (
    m: Readonly<Record<string, Money>> | undefined,
    at: string,
    allowed: readonly string[],
    code: string,
    zh: string,
    en: string,
    add: [string, string],
  ) => {
    for (const key of Object.keys(m ?? {}))
      if (!allowed.includes(key))
        out.push({
          severity: 'error',
          code,
          message: tr(ctx.lang, `last_year.${at} 中的“${key}”不是${zh}`, `"${key}" in last_year.${at} is not ${en}`),
          hint: choose(ctx, key, allowed, add),
          ...keyAt(ctx, ['last_year', at, key]),
        });
  };
  const total = ['total'];
  keys(
    ly.types,
    'types',
    [...BUILT_IN_TYPES, ...declaredTypes(ctx), ...total],
    'check.undeclared_type',
    '已声明的支出类型',
    'a declared expenditure type',
    DECLARE_TYPE,
  );
  keys(ly.income, 'income', [...incomeKeys, 'carryover', ...total], 'check.last_year_unknown_source', '收入来源', 'an income source', [
    '收入来源见 income: 的字段',
    'the sources are the fields of income:',
  ]);
  keys(ly.three_public, 'three_public', [...THREE_PUBLIC_ITEMS, ...total], 'check.last_year_unknown_item', '“三公”经费的项目', 'a “三公” item', ['', '']);
  return out;
};

/** The number of projects the document states is at least the number it lists. */
const projectCount: Rule = (ctx) => {
  const stated = ctx.data.project_count;
  const listed = ctx.data.projects.length;
  if (stated === undefined || stated >= listed) return [];
  return [
    {
      severity: 'error',
      code: 'check.project_count_too_small',
      message: tr(
        ctx.lang,
        `project_count 写的是 ${stated} 个项目，但 projects 列出了 ${listed} 个`,
        `project_count says ${stated} projects, but projects lists ${listed}`,
      ),
      hint: tr(
        ctx.lang,
        `project_count 是文件所说的项目总数，不能少于列出的个数；全部列出时可删去它`,
        'project_count is the number of projects the document states, at least the number listed; remove it when all are listed',
      ),
      ...ctx.locate(['project_count']),
      related: [{ ...ctx.locate(['projects']), message: tr(ctx.lang, '列出的项目', 'the listed projects') }],
    },
  ];
};

/** An income source published with its parts: the parts add up to the source, which must be given. */
const incomeDetail: Rule = (ctx) => {
  const blocks = [
    { inc: ctx.data.income, path: ['income'] as PropertyKey[] },
    ...ctx.data.units.map((u, i) => ({ inc: u.income, path: ['units', i, 'income'] as PropertyKey[] })),
  ];
  return blocks.flatMap(({ inc, path }) =>
    Object.entries(inc.detail ?? {}).flatMap(([k, parts]): Diagnostic[] => {
      const total = sum(Object.values(parts ?? {}));
      const stated = inc[k as (typeof incomeKeys)[number]];
      if (stated && stated.equals(total)) return [];
      return [
        {
          severity: 'error',
          code: 'check.income_detail_mismatch',
          message: stated
            ? tr(
                ctx.lang,
                `收入“${k}”的明细合计 ${shown(ctx, total)}，与填写的 ${shown(ctx, stated)} 不相等`,
                `the parts of income “${k}” add up to ${shown(ctx, total)}, not the ${shown(ctx, stated)} given`,
              )
            : tr(ctx.lang, `收入“${k}”有明细，但没有填写它的金额`, `income “${k}” has parts but no amount`),
          hint: tr(
            ctx.lang,
            `核对 detail.${k} 各项，或在 income 下写上 ${k}: ${plainAmount(ctx.data.department.unit === '元' ? total.times(10000) : total)}`,
            `check the parts under detail.${k}, or give ${k}: ${plainAmount(ctx.data.department.unit === '元' ? total.times(10000) : total)} under income`,
          ),
          ...keyAt(ctx, [...path, 'detail', k]),
          ...(stated ? { related: [{ ...ctx.locate([...path, k]), message: tr(ctx.lang, '填写的金额', 'the amount given') }] } : {}),
        },
      ];
    }),
  );
};

export const modelRules: Record<string, Rule> = {
  expenditureTypes,
  unitReferences,
  unitBalance,
  personnelPart,
  lastYearConflicts,
  lastYearKeys,
  projectCount,
  incomeDetail,
};
