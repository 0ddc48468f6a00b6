// 绩效目标 as provinces publish them: goals and indicators of three levels
// (一级 → 二级 → 三级), each indicator with its 指标值 and whatever columns a
// province prints (指标值内容, 度量单位, 指标值类型, 评分标准, 分值/权重, 备注).
// Clerks write one flat list, each item naming its 一级 and 二级; the
// sample's older form (nine fixed 二级 keys of {name, value}) is still read,
// its 一级/二级 names coming from the layout's groups.
import { z } from 'zod';
import type { Money } from './money.js';
import { SourceNumber, numberOf } from '../source/source-numbers.js';

const text = z.string().min(1);
/** a value clerks write as 90 or as "≥90%": kept as the text to print */
const printed = z.preprocess((v) => (v instanceof SourceNumber ? v.text : typeof v === 'number' ? String(v) : v), text);
/** 分值, 权重: plain numbers */
const points = z.preprocess(numberOf, z.number().nonnegative());

/** 指标值类型 as printed; `parseIndicatorKind` also reads the usual ways of typing them */
export const indicatorKinds = ['≥', '≤', '=', '>', '<', '定性', '定量'] as const;
export type IndicatorKind = (typeof indicatorKinds)[number];

const KIND_ALIASES: Record<string, IndicatorKind> = {
  '>=': '≥',
  '≧': '≥',
  '＞＝': '≥',
  大于等于: '≥',
  不低于: '≥',
  不少于: '≥',
  '<=': '≤',
  '≦': '≤',
  '＜＝': '≤',
  小于等于: '≤',
  不高于: '≤',
  不多于: '≤',
  '＝': '=',
  '==': '=',
  等于: '=',
  '＞': '>',
  大于: '>',
  高于: '>',
  '＜': '<',
  小于: '<',
  低于: '<',
};

export function parseIndicatorKind(s: string): IndicatorKind | undefined {
  const t = s.trim();
  return (indicatorKinds as readonly string[]).includes(t) ? (t as IndicatorKind) : KIND_ALIASES[t];
}

/** kinds whose 指标值 compares a quantity, so the value must carry a number */
export const quantitativeKinds: readonly IndicatorKind[] = ['定量', '≥', '≤', '>', '<'];

/** One indicator of the list form, as a clerk writes it. */
export const indicatorSchema = z.strictObject({
  /** 一级指标, e.g. 产出指标 */
  level1: text,
  /** 二级指标, e.g. 数量指标, 经济成本指标; left out where the document prints none (the cell stays empty) */
  level2: text.optional(),
  /** 三级指标 */
  name: text,
  /** 指标值 */
  value: printed,
  /** 指标值内容 */
  content: printed.optional(),
  /** 度量单位 */
  unit: text.optional(),
  /** 指标值类型: ≥ ≤ = > < 定性 定量 (checked; see parseIndicatorKind) */
  kind: printed.optional(),
  /** 评（扣）分标准 */
  standard: text.optional(),
  /** 分值 */
  score: points.optional(),
  /** 权重 (%) */
  weight: points.optional(),
  /** 备注 */
  note: text.optional(),
});
export type IndicatorInput = z.infer<typeof indicatorSchema>;

/** The sample's form: nine fixed 二级 keys, each a list of {name, value}. */
export const legacyIndicatorKeys = ['cost', 'timeliness', 'quantity', 'quality', 'economic', 'sustainable', 'social', 'ecological', 'satisfaction'] as const;
export type LegacyIndicatorKey = (typeof legacyIndicatorKeys)[number];
const legacyItem = z.strictObject({ name: text, value: text });
const legacyIndicators = z.strictObject(
  Object.fromEntries(legacyIndicatorKeys.map((k) => [k, z.array(legacyItem).default([])])) as Record<
    LegacyIndicatorKey,
    z.ZodDefault<z.ZodArray<typeof legacyItem>>
  >,
);
export type LegacyIndicators = z.infer<typeof legacyIndicators>;

const indicatorList = z.array(indicatorSchema);

export type Indicators = { form: 'list'; list: IndicatorInput[] } | { form: 'legacy'; map: LegacyIndicators };

/**
 * A list is the general form, a map the sample's. A zod union would report a
 * mistake in either as "invalid input" at the whole block; here the form is
 * chosen first and its issues are reported at their own nodes, in the
 * language of the parse (messages are left for the outer error map to write).
 */
const indicators = z.unknown().transform((v, ctx): Indicators => {
  const r = Array.isArray(v) ? indicatorList.safeParse(v, { reportInput: true }) : legacyIndicators.safeParse(v, { reportInput: true });
  if (r.success) return Array.isArray(r.data) ? { form: 'list', list: r.data } : { form: 'legacy', map: r.data };
  for (const { message: _m, ...issue } of r.error.issues) ctx.addIssue(issue);
  return z.NEVER;
});

/**
 * The sub-schemas of a department's data. `amount` is schema.ts's exact
 * 万元 amount, passed in because schema.ts imports this module.
 */
export function performanceSchemas<A extends z.ZodType<Money>>(amount: A) {
  const project = z.strictObject({
    /** the name printed in the table when it differs from the project's */
    name: text.optional(),
    /** 其他资金 as the sample prints it; `funds.other` on the project is the general form */
    other_funds: amount.optional(),
    /** 单位编码 (else the department-level performance.unit_code) */
    unit_code: printed.optional(),
    /** the 实施单位 as the table prints it (国家信访局本级), where it is not the unit's or department's name */
    unit_name: text.optional(),
    /** 实施期, as printed */
    period: text.optional(),
    goal: z.array(text).min(1),
    indicators,
  });
  /** 部门整体支出绩效目标表: the department's goals and indicators */
  const department = z.strictObject({
    unit_code: printed.optional(),
    period: text.optional(),
    goal: z.array(text).min(1),
    indicators: indicatorList,
  });
  /** a project's money by where it comes from; the parts add up to the project's amount (checked) */
  const funds = z.strictObject({
    fiscal: amount.optional(),
    carryover: amount.optional(),
    other: amount.optional(),
  });
  return { project, department, funds };
}

export type ProjectPerformance = z.infer<ReturnType<typeof performanceSchemas>['project']>;
export type DepartmentPerformance = z.infer<ReturnType<typeof performanceSchemas>['department']>;

/** An indicator of the general model, whatever form the clerk wrote. */
export interface Indicator {
  level1: string;
  level2: string;
  name: string;
  value: string;
  content?: string | undefined;
  unit?: string | undefined;
  kind?: IndicatorKind | undefined;
  standard?: string | undefined;
  score?: number | undefined;
  weight?: number | undefined;
  note?: string | undefined;
  /** the data path of the item (list form), for diagnostics */
  path?: readonly PropertyKey[];
}

/** 一级 label → 二级 labels bound to the sample form's keys (a layout's `groups`) */
export interface IndicatorGroup {
  label: string;
  items: readonly { label: string; indicators?: LegacyIndicatorKey | undefined }[];
}

/**
 * The indicators in the general model. The sample's form takes its 一级/二级
 * names from `groups`, in their order (keys no group names are not printed,
 * as before).
 */
export function indicatorsOf(ind: Indicators, groups: readonly IndicatorGroup[], basePath: readonly PropertyKey[] = []): Indicator[] {
  if (ind.form === 'list')
    return ind.list.map((x, i) => ({
      ...x,
      level2: x.level2 ?? '',
      kind: x.kind === undefined ? undefined : parseIndicatorKind(x.kind),
      path: [...basePath, i],
    }));
  const out: Indicator[] = [];
  for (const g of groups)
    for (const it of g.items)
      if (it.indicators)
        ind.map[it.indicators].forEach((x, i) =>
          out.push({ level1: g.label, level2: it.label, name: x.name, value: x.value, path: [...basePath, it.indicators!, i] }),
        );
  return out;
}
