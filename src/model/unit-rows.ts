// A department is its 本级 plus its 下属单位. Every fact row is read through
// these lists, with the unit it belongs to and its path in the data (for
// located diagnostics), so figures consolidate the units and checks point at
// the unit's own line.
import { incomeKeys, type DepartmentData, type EconomicFactRow, type ExpenditureRow, type IncomeKey } from './schema.js';
import { Money, ZERO } from './money.js';

/** The id the department's own unit (本级) has in facts and queries. */
export const OWN_UNIT = 'self';

export interface Located<T> {
  readonly row: T;
  /** the unit's id: OWN_UNIT for the department's own rows */
  readonly unit: string;
  readonly path: readonly PropertyKey[];
}

export interface UnitInfo {
  readonly id: string;
  readonly name: string;
  readonly type: string | undefined;
  readonly code: string | undefined;
  /** where the unit's facts sit in the data */
  readonly path: readonly PropertyKey[];
}

export function unitsOf(data: DepartmentData): UnitInfo[] {
  return [
    { id: OWN_UNIT, name: data.department.name, type: data.department.type, code: data.department.code, path: [] },
    ...data.units.map((u, i) => ({ id: u.id, name: u.name, type: u.type, code: u.code, path: ['units', i] as const })),
  ];
}

function rowsOf<T>(data: DepartmentData, key: 'expenditure' | 'basic_by_economic'): Located<T>[] {
  const own = (data[key] as unknown as readonly T[]).map((row, i) => ({ row, unit: OWN_UNIT, path: [key, i] }));
  const units = data.units.flatMap((u, ui) => (u[key] as unknown as readonly T[]).map((row, i) => ({ row, unit: u.id, path: ['units', ui, key, i] })));
  return [...own, ...units];
}

/** Every 功能分类 row of the department and its units. */
export const expenditureRows = (data: DepartmentData): Located<ExpenditureRow>[] => rowsOf(data, 'expenditure');

/** Every 经济分类 row of the department and its units. */
export const economicFactRows = (data: DepartmentData): Located<EconomicFactRow>[] => rowsOf(data, 'basic_by_economic');

type IncomeBlock = DepartmentData['income'];

/** 上年结转 of one income block, by the source it came from (`carryover` when not split). */
export function carryoverBySource(inc: IncomeBlock): Partial<Record<IncomeKey | 'carryover', Money>> {
  const c = inc.carryover;
  if (c === undefined) return {};
  if (c instanceof Money) return { carryover: c };
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined));
}

const carryoverTotal = (inc: IncomeBlock): Money => Object.values(carryoverBySource(inc)).reduce((a: Money, b) => a.plus(b ?? ZERO), ZERO);

/** The income blocks of the department and its units. */
export function incomeBlocks(data: DepartmentData): Located<IncomeBlock>[] {
  return [{ row: data.income, unit: OWN_UNIT, path: ['income'] }, ...data.units.map((u, i) => ({ row: u.income, unit: u.id, path: ['units', i, 'income'] }))];
}

/** Consolidated income by source (上年结转 as one figure), the department's and its units' together. */
export function consolidatedIncome(data: DepartmentData): Record<IncomeKey | 'carryover', Money> {
  const out = Object.fromEntries([...incomeKeys, 'carryover'].map((k) => [k, ZERO])) as Record<IncomeKey | 'carryover', Money>;
  for (const { row } of incomeBlocks(data)) {
    for (const k of incomeKeys) out[k] = out[k].plus(row[k] ?? ZERO);
    out.carryover = out.carryover.plus(carryoverTotal(row));
  }
  return out;
}
