// Whose figures and indicators a 绩效目标 grid prints: a project (its texts,
// its money by source, its indicators) or the department as a whole. Money
// comes from the figures and the data's stated split, never typed twice.
import type { Filter } from '../../figures/facts.js';
import type { Figures } from '../../figures/derive.js';
import { Money, ZERO } from '../../model/money.js';
import { indicatorsOf, type Indicator, type IndicatorGroup } from '../../model/performance-schema.js';
import type { DepartmentData, Project } from '../../model/schema.js';
import type { FundField, RowField } from './grid-schema.js';

export interface Subject {
  /** the query its `value:` cells are joined with */
  filter: Filter;
  text: Partial<Record<RowField, string>>;
  funds: Partial<Record<FundField, Money>>;
  indicators: Indicator[];
  /** the rows of one subject merge among themselves only */
  block: string;
}

/** A project's money by source: 财政拨款 is what 上年结转 and 其他资金 leave of its amount. */
export function projectFunds(p: Project & { amount: Money }): { total: Money; fiscal: Money; carryover?: Money; other?: Money } {
  const f = p.funds;
  const other = f?.other ?? p.performance?.other_funds;
  const carryover = f?.carryover;
  const fiscal = f?.fiscal ?? p.amount.minus(carryover ?? ZERO).minus(f?.other ?? ZERO);
  return { total: p.amount, fiscal, ...(carryover ? { carryover } : {}), ...(other ? { other } : {}) };
}

/** A project's subject; `groups` name the indicators of data in the sample's form (cost, timeliness …). */
export function projectSubject(p: Project & { amount: Money }, index: number, data: DepartmentData, groups: readonly IndicatorGroup[]): Subject {
  const perf = p.performance;
  // a 下属单位's project is printed under that unit's name and code
  const unit = p.unit_id === undefined ? undefined : data.units.find((u) => u.id === p.unit_id);
  return {
    filter: { kind: 'projects', project: p.name },
    text: {
      unit_name: unit?.name ?? data.department.name,
      unit_code: perf?.unit_code ?? unit?.code ?? data.performance?.unit_code ?? data.department.code ?? '',
      year: String(data.department.year),
      project: perf?.name ?? p.name,
      name: perf?.name ?? p.name,
      function_code: p.function_code,
      period: perf?.period ?? '',
      goal: perf?.goal.join('\n') ?? '',
    },
    funds: projectFunds(p),
    indicators: perf ? indicatorsOf(perf.indicators, groups) : [],
    block: `project ${index}`,
  };
}

/** The department's subject (部门整体支出绩效目标表): its expenditure, basic and project parts. */
export function departmentSubject(data: DepartmentData, fig: Figures): Subject {
  const perf = data.performance;
  return {
    filter: {},
    text: {
      unit_name: data.department.name,
      name: data.department.name,
      unit_code: perf?.unit_code ?? '',
      year: String(data.department.year),
      period: perf?.period ?? '',
      goal: perf?.goal.join('\n') ?? '',
    },
    funds: { total: fig.expenditure.total, basic: fig.expenditure.basic, project: fig.expenditure.project },
    indicators: perf ? indicatorsOf({ form: 'list', list: perf.indicators }, []) : [],
    block: 'department',
  };
}
