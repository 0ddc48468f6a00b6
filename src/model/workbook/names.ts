// The Chinese words a clerk sees for the data model's keys. Reading accepts
// either the word or the key itself, so a workbook made by a program that
// writes keys still reads.
import { fundSources, type FundSource } from '../schema.js';
import { legacyIndicatorKeys, type LegacyIndicatorKey } from '../performance-schema.js';

export const FUND_NAMES: Record<FundSource, string> = {
  general_budget: '一般公共预算',
  government_fund: '政府性基金预算',
  state_capital: '国有资本经营预算',
  fiscal_special_account: '财政专户管理资金',
  business: '事业收入',
  business_operation: '事业单位经营收入',
  superior_subsidy: '上级补助收入',
  subordinate_remit: '附属单位上缴收入',
  other: '其他收入',
  reserve_fund: '用事业基金弥补收支差额',
  carryover: '上年结转',
};

export const BASE_NAMES = { budget: '上年预算数', actual: '上年执行数' } as const;
export const LISTING_NAMES = { complete: '完整', partial: '部分' } as const;
export const UNIT_NAMES = { 万元: '万元', 元: '元' } as const;
export const FIELD_KIND_NAMES = { text: '文本', amount: '金额', number: '数字' } as const;
export const THREE_PUBLIC_NAMES = {
  overseas: '因公出国（境）费',
  vehicle_purchase: '公务用车购置费',
  vehicle_operation: '公务用车运行维护费',
  reception: '公务接待费',
  total: '合计',
} as const;
export const TYPE_NAMES = { basic: '基本支出', project: '项目支出' } as const;

export const LEGACY_LEVEL2: Record<LegacyIndicatorKey, string> = {
  cost: '成本指标',
  timeliness: '时效指标',
  quantity: '数量指标',
  quality: '质量指标',
  economic: '经济效益指标',
  sustainable: '可持续影响指标',
  social: '社会效益指标',
  ecological: '生态效益指标',
  satisfaction: '服务对象满意度指标',
};
export const LEGACY_LEVEL1: Record<LegacyIndicatorKey, string> = {
  cost: '产出指标',
  timeliness: '产出指标',
  quantity: '产出指标',
  quality: '产出指标',
  economic: '效益指标',
  sustainable: '效益指标',
  social: '效益指标',
  ecological: '效益指标',
  satisfaction: '满意度指标',
};
/** the 指标写法 value of a project written in the sample's nine fixed 二级 keys */
export const LEGACY_FORM = '固定分类';

/** 经济分类 类 names, for the 项目 sheet's column headers (the catalogue decides what prints) */
export const ECONOMIC_CLASS_NAMES: Record<string, string> = {
  '301': '工资福利支出',
  '302': '商品和服务支出',
  '303': '对个人和家庭的补助',
  '307': '债务利息及费用支出',
  '309': '资本性支出（基本建设）',
  '310': '资本性支出',
  '311': '对企业补助（基本建设）',
  '312': '对企业补助',
  '313': '对社会保障基金补助',
  '399': '其他支出',
};

/** The key a clerk's word names in `names` (the key itself also reads). */
export function keyOf<K extends string>(names: Record<K, string>, word: string): K | undefined {
  const w = word.trim();
  for (const [k, v] of Object.entries(names) as [K, string][]) if (v === w || k === w) return k;
  return undefined;
}

/** The word for a key, the key itself when it has none. */
export const wordOf = (names: Record<string, string>, key: string): string => names[key] ?? key;

export { fundSources, legacyIndicatorKeys };
