// What a reviewer catches by reading the document and a schema cannot: dates
// that do not belong to the budget year, a project or a code listed twice,
// parts larger than their whole, and placeholder text left in the data. Each
// is reported at the clerk's own line. Errors where the printed document would
// contradict itself or state the impossible; warnings where the data may be
// right and only looks unusual.
import { tr, type Diagnostic } from '../diagnostics/diagnostic.js';
import { ZERO, sum, type Money } from '../model/money.js';
import { expenditureRows, unitsOf } from '../model/unit-rows.js';
import { plainAmount } from '../narrative/format.js';
import type { RuleContext } from './rule-context.js';

type Rule = (ctx: RuleContext) => Diagnostic[];

const at = (ctx: RuleContext, path: readonly PropertyKey[]) => ctx.locate(path);

/** An amount as the clerk typed it (a 元 file's figures are kept in 万元). */
const shown = (ctx: RuleContext, m: Money): string =>
  ctx.data.department.unit === '元' ? `${plainAmount(m.times(10000))} ${tr(ctx.lang, '元', 'yuan')}` : `${plainAmount(m)} 万元`;

/**
 * The signature date is when the document was signed: in the budget year or
 * the autumn before it. Any other year is a copied file not brought up to date.
 * `previous_year` exists for documents whose comparison year is not the year
 * before; one at or after the budget year cannot be last year.
 */
const dates: Rule = (ctx) => {
  const out: Diagnostic[] = [];
  const { year, date, previous_year } = ctx.data.department;
  const signed = Number(date?.slice(0, 4) ?? year);
  if (date !== undefined && signed !== year && signed !== year - 1)
    out.push({
      severity: 'error',
      code: 'check.date_out_of_year',
      message: tr(
        ctx.lang,
        `落款日期 ${date} 不在预算年度 ${year} 年或其上一年`,
        `the signature date ${date} is not in the budget year ${year} or the year before`,
      ),
      hint: tr(ctx.lang, `可能是沿用了旧文件的日期；改为 ${year} 年的日期`, `probably copied from an older file; write a date of ${year}`),
      ...at(ctx, ['department', 'date']),
      related: [{ ...at(ctx, ['department', 'year']), message: tr(ctx.lang, '预算年度', 'the budget year') }],
    });
  if (previous_year !== undefined && previous_year !== year - 1)
    out.push({
      severity: previous_year >= year ? 'error' : 'warning',
      code: 'check.previous_year',
      message: tr(
        ctx.lang,
        `上年 previous_year: ${previous_year} 不是预算年度 ${year} 的前一年 ${year - 1}`,
        `previous_year: ${previous_year} is not the year before the budget year ${year} (${year - 1})`,
      ),
      hint: tr(ctx.lang, `通常删去 previous_year（默认 ${year - 1}）`, `usually remove previous_year (default ${year - 1})`),
      ...at(ctx, ['department', 'previous_year']),
    });
  return out;
};

/**
 * A row listed twice is counted twice in every total: said as a repeat, at
 * the second listing, with the first as related. A 功能分类 项 of one unit may
 * be two rows only when two sources pay for it (`fund`).
 */
const repeats: Rule = (ctx) => {
  const out: Diagnostic[] = [];
  const names = new Map(unitsOf(ctx.data).map((u) => [u.id, u.name]));
  const twice = (
    seen: Map<string, readonly PropertyKey[]>,
    key: string,
    path: readonly PropertyKey[],
    d: Omit<Diagnostic, 'file' | 'related'> & { first: string },
  ) => {
    const first = seen.get(key);
    if (!first) return void seen.set(key, path);
    const { first: firstMessage, ...rest } = d;
    out.push({ ...rest, ...at(ctx, path), related: [{ ...at(ctx, first), message: firstMessage }] });
  };
  const rows = new Map<string, readonly PropertyKey[]>();
  for (const { row, unit, path } of expenditureRows(ctx.data)) {
    const fund = row.fund ?? 'general_budget';
    twice(rows, `${unit}|${row.code}|${fund}`, [...path, 'code'], {
      severity: 'error',
      code: 'check.duplicate_code',
      message: tr(
        ctx.lang,
        `功能分类科目 ${row.code}（fund: ${fund}）在${names.get(unit) ?? unit}的支出中列了两次`,
        `function code ${row.code} (fund: ${fund}) is listed twice in the expenditure of “${names.get(unit) ?? unit}”`,
      ),
      hint: tr(ctx.lang, '删去重复的一行，或把两行的金额合并为一行', 'remove the repeated row, or merge the two into one'),
      first: tr(ctx.lang, '第一次列出', 'first listed here'),
    });
  }
  const econ = new Map<string, readonly PropertyKey[]>();
  const econRows = [
    ...ctx.data.basic_by_economic.map((row, i) => ({ row, unit: 'own', path: ['basic_by_economic', i] as PropertyKey[] })),
    ...ctx.data.units.flatMap((u, ui) =>
      u.basic_by_economic.map((row, i) => ({ row, unit: u.id, path: ['units', ui, 'basic_by_economic', i] as PropertyKey[] })),
    ),
  ];
  for (const { row, unit, path } of econRows)
    twice(econ, `${unit}|${row.code}`, [...path, 'code'], {
      severity: 'error',
      code: 'check.duplicate_code',
      message: tr(ctx.lang, `经济分类科目 ${row.code} 在基本支出中列了两次`, `economic code ${row.code} is listed twice in the basic expenditure`),
      hint: tr(ctx.lang, '删去重复的一行，或把两行的金额合并为一行', 'remove the repeated row, or merge the two into one'),
      first: tr(ctx.lang, '第一次列出', 'first listed here'),
    });
  const projects = new Map<string, readonly PropertyKey[]>();
  ctx.data.projects.forEach((p, i) =>
    twice(projects, `${p.unit_id ?? ''}|${p.name.trim()}`, ['projects', i, 'name'], {
      severity: 'error',
      code: 'check.duplicate_project',
      message: tr(ctx.lang, `项目“${p.name}”列了两次`, `project “${p.name}” is listed twice`),
      hint: tr(ctx.lang, '删去重复的项目；确是两个项目时请用不同的名称', 'remove the repeat; two different projects need different names'),
      first: tr(ctx.lang, '第一次列出', 'first listed here'),
    }),
  );
  return out;
};

/** Parts larger than their whole: the document would state the impossible. */
const partsAndWholes: Rule = (ctx) => {
  const out: Diagnostic[] = [];
  const p = ctx.data.procurement;
  if (p) {
    const whole = sum([p.goods ?? ZERO, p.works ?? ZERO, p.services ?? ZERO]);
    if (p.sme_reserved && p.sme_reserved.gt(whole))
      out.push({
        severity: 'error',
        code: 'check.part_exceeds_whole',
        message: tr(
          ctx.lang,
          `面向中小企业预留 ${shown(ctx, p.sme_reserved)} 大于政府采购预算（货物、工程、服务合计）${shown(ctx, whole)}`,
          `the amount reserved for small and medium enterprises, ${shown(ctx, p.sme_reserved)}, exceeds the procurement budget (goods, works, services) of ${shown(ctx, whole)}`,
        ),
        hint: tr(ctx.lang, '预留份额是采购预算的一部分', 'the reserved share is part of the procurement budget'),
        ...at(ctx, ['procurement', 'sme_reserved']),
      });
    if (p.micro_reserved && p.micro_reserved.gt(p.sme_reserved ?? ZERO))
      out.push({
        severity: 'error',
        code: 'check.part_exceeds_whole',
        message: tr(
          ctx.lang,
          `面向小微企业预留 ${shown(ctx, p.micro_reserved)} 大于面向中小企业预留 ${shown(ctx, p.sme_reserved ?? ZERO)}`,
          `the amount reserved for micro enterprises, ${shown(ctx, p.micro_reserved)}, exceeds that for small and medium enterprises, ${shown(ctx, p.sme_reserved ?? ZERO)}`,
        ),
        hint: tr(ctx.lang, '小微企业预留是中小企业预留的一部分', 'the micro share is part of the SME share'),
        ...at(ctx, ['procurement', 'micro_reserved']),
      });
  }
  // a head-count change: last year's count is this year's minus the change, and cannot be negative
  const org = ctx.data.overview.organization;
  const people = [
    ['in_service', 'in_service_change', '在职人员', 'staff in service'],
    ['retired', 'retired_change', '退休人员', 'retired staff'],
    ['veteran_retired', 'veteran_retired_change', '离休人员', 'veteran retirees'],
  ] as const;
  for (const [count, change, zh, en] of people) {
    const n = org?.[count];
    const c = org?.[change];
    if (n === undefined || c === undefined || c <= n) continue;
    out.push({
      severity: 'error',
      code: 'check.part_exceeds_whole',
      message: tr(
        ctx.lang,
        `${zh}比上年增加 ${c} 人，多于现有的 ${n} 人（上年将是 ${n - c} 人）`,
        `${en} grew by ${c}, more than the ${n} there are now (last year would be ${n - c})`,
      ),
      hint: tr(ctx.lang, '减少写负数，例如 -23', 'a decrease is negative, e.g. -23'),
      ...at(ctx, ['overview', 'organization', change]),
      related: [{ ...at(ctx, ['overview', 'organization', count]), message: tr(ctx.lang, '现有人数', 'the count now') }],
    });
  }
  // equipment over 100万 is usually counted in the equipment over 50万; some documents count 通用 (over 50万) and 专用 (over 100万) apart, so only a warning
  const a = ctx.data.assets;
  if (a) {
    const over = (path: PropertyKey[], n50: number, n100: number) =>
      n100 > n50 &&
      out.push({
        severity: 'warning',
        code: 'check.equipment_counts',
        message: tr(
          ctx.lang,
          `单价 100 万元以上的设备 ${n100} 台多于单价 50 万元以上的 ${n50} 台`,
          `${n100} pieces of equipment over 100 万元 but only ${n50} over 50 万元`,
        ),
        hint: tr(
          ctx.lang,
          '100 万元以上的设备通常也计入 50 万元以上；分别统计通用和专用设备时可保留',
          'equipment over 100 万元 is usually also counted over 50 万元; keep it if the two count different kinds',
        ),
        ...at(ctx, [...path, 'equipment_over_100']),
      });
    over(['assets'], a.equipment_over_50, a.equipment_over_100);
    over(['assets', 'planned'], a.planned.equipment_over_50, a.planned.equipment_over_100);
    const vehicles = a.vehicles.general.count + a.vehicles.law_enforcement.count + a.vehicles.other.count;
    const tp = ctx.data.three_public;
    if (vehicles === 0 && a.planned.vehicles === 0 && tp && !tp.vehicle_operation.isZero())
      out.push({
        severity: 'warning',
        code: 'check.vehicles',
        message: tr(
          ctx.lang,
          `没有公务用车，也不购置，却安排公务用车运行维护费 ${shown(ctx, tp.vehicle_operation)}`,
          `no official vehicles and none to buy, yet ${shown(ctx, tp.vehicle_operation)} for running vehicles`,
        ),
        ...at(ctx, ['three_public', 'vehicle_operation']),
        related: [{ ...at(ctx, ['assets', 'vehicles']), message: tr(ctx.lang, '车辆数', 'vehicle counts') }],
      });
    if (tp && !tp.vehicle_purchase.isZero() && a.planned.vehicles === 0)
      out.push({
        severity: 'warning',
        code: 'check.vehicles',
        message: tr(
          ctx.lang,
          `安排公务用车购置费 ${shown(ctx, tp.vehicle_purchase)}，但计划购置车辆为 0 辆`,
          `${shown(ctx, tp.vehicle_purchase)} for buying vehicles, but 0 vehicles planned`,
        ),
        ...at(ctx, ['assets', 'planned', 'vehicles']),
        related: [{ ...at(ctx, ['three_public', 'vehicle_purchase']), message: tr(ctx.lang, '公务用车购置费', 'vehicle purchase') }],
      });
  }
  return out;
};

/** What clerks write where the figure or the sentence is still to come. */
const PLACEHOLDERS: readonly [RegExp, string][] = [
  [/(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])/, 'XX'],
  [/[×＊*]{2,}/, '××'],
  [/[Ｘｘ]{2,}/, 'ＸＸ'],
  [/待填写?|待补充|待定/, '待填写'],
  [/原文未/, '原文未…'],
  [/(?<![A-Za-z])(TODO|TBD|FIXME)(?![A-Za-z])/i, 'TODO'],
  [/^[（(]?略[）)]?$/, '略'],
  [/^[.。…·\s]+$/, '……'],
  [/^[?？]+$/, '？'],
];

/** Placeholder text left in any string of the data would be published as it stands. */
const placeholders: Rule = (ctx) => {
  const out: Diagnostic[] = [];
  const walk = (v: unknown, path: PropertyKey[]) => {
    if (typeof v === 'string') {
      const t = v.trim();
      const hit = PLACEHOLDERS.find(([re]) => re.test(t));
      if (hit)
        out.push({
          severity: 'warning',
          code: 'check.placeholder',
          message: tr(
            ctx.lang,
            `“${t.length > 30 ? `${t.slice(0, 30)}…` : t}”像是占位文字（${hit[1]}），会原样印出`,
            `“${t.length > 30 ? `${t.slice(0, 30)}…` : t}” looks like placeholder text (“${hit[1]}”) and would be printed as it is`,
          ),
          hint: tr(ctx.lang, '填上实际内容；确实没有时写“无”', 'write the real text; “无” where there is none'),
          ...at(ctx, path),
        });
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
      for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(ctx.data, []);
  return out;
};

export const reviewRules: Rule = (ctx) => [...dates(ctx), ...repeats(ctx), ...partsAndWholes(ctx), ...placeholders(ctx)];

/** Totals that disagree because a row is listed twice: the repeat is the mistake, the sums are its echo (they agree once it is removed). */
const ECHOES = new Set(['check.unbalanced', 'check.source_unbalanced', 'check.total_mismatch', 'check.projects_exceed_row']);
export const withoutEchoesOfRepeats = (ds: Diagnostic[]): Diagnostic[] =>
  ds.some((d) => d.code === 'check.duplicate_code' || d.code === 'check.duplicate_project') ? ds.filter((d) => !ECHOES.has(d.code)) : ds;
