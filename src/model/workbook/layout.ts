// The sheets of a department workbook, shared by the reader, the writer and
// the fill-in workbook so the three cannot drift apart. Two shapes:
// a form (one row per labelled fact, value columns by header) and a list
// (one row per fact row of the data, headers naming the fields).
import { incomeKeys } from '../schema.js';
import { BASE_NAMES, FIELD_KIND_NAMES, FUND_NAMES, LISTING_NAMES, THREE_PUBLIC_NAMES, UNIT_NAMES } from './names.js';

/** How a cell's value becomes data: the schema still judges it, this only reads the cell. */
export type CellKind =
  | 'text'
  | 'amount'
  /** a signed figure that is not money (a stated percentage) */
  | 'decimal'
  | 'int'
  | 'number'
  | 'code'
  | 'date'
  | { choice: Record<string, string> };

export type Path = readonly (string | number)[];

export interface FormRow {
  label: string;
  /** header → where the value goes and how it reads */
  cells: Record<string, { path: Path; kind: CellKind }>;
}

export interface FormSheet {
  shape: 'form';
  name: string;
  headers: readonly string[];
  rows: readonly FormRow[];
  note: string;
}

export interface ListSheet {
  shape: 'list';
  name: string;
  headers: readonly string[];
  /** headers a list also accepts beyond `headers` (the 支出 sheet's own expenditure types, 项目's 经济分类 类) */
  extraHeaders?: 'expenditure-types' | 'economic-classes';
  note: string;
  /** widths of the columns, characters */
  widths?: readonly number[];
}

export type SheetSpec = FormSheet | ListSheet;

const base = { choice: BASE_NAMES };
const reasoned = (label: string, at: Path): FormRow => ({
  label,
  cells: {
    上年数: { path: [...at, 'last_year', 'amount'], kind: 'amount' },
    上年口径: { path: [...at, 'last_year', 'base'], kind: base },
    说明: { path: [...at, 'reason'], kind: 'text' },
  },
});
const single = (header: string, label: string, path: Path, kind: CellKind): FormRow => ({ label, cells: { [header]: { path, kind } } });

export const BASIC: FormSheet = {
  shape: 'form',
  name: '基本信息',
  headers: ['项目', '内容'],
  note: '部门的名称、年度、日期和金额单位；金额单位决定整个工作簿的金额按元还是万元填写',
  rows: [
    single('内容', '部门名称', ['department', 'name'], 'text'),
    single('内容', '地区', ['department', 'region'], 'text'),
    single('内容', '年度', ['department', 'year'], 'int'),
    single('内容', '日期', ['department', 'date'], 'date'),
    single('内容', '金额单位', ['department', 'unit'], { choice: UNIT_NAMES }),
    single('内容', '科目表年度', ['department', 'catalogue'], 'code'),
    single('内容', '上年年度', ['department', 'previous_year'], 'int'),
    single('内容', '单位类型', ['department', 'type'], 'text'),
    single('内容', '单位编码', ['department', 'code'], 'code'),
    single('内容', '项目清单', ['project_listing'], { choice: LISTING_NAMES }),
    single('内容', '项目个数', ['project_count'], 'int'),
    single('内容', '部门绩效单位编码', ['performance', 'unit_code'], 'code'),
    single('内容', '部门绩效实施期', ['performance', 'period'], 'text'),
  ],
};

export const OVERVIEW_LISTS = { 职能: 'functions', 段落: 'paragraphs', 主要任务: 'tasks', 内设机构: 'offices' } as const;
export const OVERVIEW_COUNTS = {
  下属单位数: 'subordinate_units',
  内设机构数: 'office_count',
  编制数: 'authorized_staff',
  在职人数: 'in_service',
  在职人数增减: 'in_service_change',
  退休人数: 'retired',
  退休人数增减: 'retired_change',
  离休人数: 'veteran_retired',
  离休人数增减: 'veteran_retired_change',
} as const;

export const THREE_PUBLIC: FormSheet = {
  shape: 'form',
  name: '三公及运行经费',
  headers: ['项目', '本年数', '上年数', '上年口径', '说明'],
  note: '“三公”经费、会议费、培训费和机关运行经费；说明写增减原因',
  rows: [
    ...(['overseas', 'vehicle_purchase', 'vehicle_operation', 'reception'] as const).map((k) => ({
      label: THREE_PUBLIC_NAMES[k],
      cells: {
        本年数: { path: ['three_public', k], kind: 'amount' as const },
        上年数: { path: ['three_public', 'last_year', k], kind: 'amount' as const },
        说明: { path: ['three_public', 'reasons', k], kind: 'text' as const },
      },
    })),
    {
      label: '会议费',
      cells: { 本年数: { path: ['meetings_training', 'meetings'], kind: 'amount' }, 上年数: { path: ['last_year', 'meetings'], kind: 'amount' } },
    },
    {
      label: '培训费',
      cells: { 本年数: { path: ['meetings_training', 'training'], kind: 'amount' }, 上年数: { path: ['last_year', 'training'], kind: 'amount' } },
    },
    {
      label: '机关运行经费',
      cells: {
        本年数: { path: ['operating_costs', 'amount'], kind: 'amount' },
        上年数: { path: ['operating_costs', 'last_year', 'amount'], kind: 'amount' },
        上年口径: { path: ['operating_costs', 'last_year', 'base'], kind: base },
        说明: { path: ['operating_costs', 'reason'], kind: 'text' },
      },
    },
    single('本年数', '下属行政单位数', ['operating_costs', 'administrative_units'], 'int'),
    single('本年数', '下属事业单位数', ['operating_costs', 'institution_units'], 'int'),
  ],
};

export const PROCUREMENT: FormSheet = {
  shape: 'form',
  name: '政府采购',
  headers: ['项目', '金额'],
  note: '政府采购预算',
  rows: [
    single('金额', '货物', ['procurement', 'goods'], 'amount'),
    single('金额', '工程', ['procurement', 'works'], 'amount'),
    single('金额', '服务', ['procurement', 'services'], 'amount'),
    single('金额', '面向中小企业预留', ['procurement', 'sme_reserved'], 'amount'),
    single('金额', '其中面向小微企业预留', ['procurement', 'micro_reserved'], 'amount'),
  ],
};

const vehicle = (label: string, k: string): FormRow => ({
  label,
  cells: { 数量: { path: ['assets', 'vehicles', k, 'count'], kind: 'int' }, 金额: { path: ['assets', 'vehicles', k, 'value'], kind: 'amount' } },
});
export const ASSETS: FormSheet = {
  shape: 'form',
  name: '资产',
  headers: ['项目', '数量', '金额', '说明'],
  note: '国有资产占用使用情况；房屋的“数量”填面积（平方米）',
  rows: [
    single('说明', '统计时点', ['assets', 'as_of'], 'text'),
    {
      label: '房屋',
      cells: { 数量: { path: ['assets', 'buildings', 'area_m2'], kind: 'number' }, 金额: { path: ['assets', 'buildings', 'value'], kind: 'amount' } },
    },
    vehicle('一般公务用车', 'general'),
    vehicle('执法执勤用车', 'law_enforcement'),
    vehicle('其他车辆', 'other'),
    single('金额', '办公家具', ['assets', 'furniture'], 'amount'),
    single('金额', '其他资产', ['assets', 'other'], 'amount'),
    single('数量', '单价50万元以上设备', ['assets', 'equipment_over_50'], 'int'),
    single('数量', '单价100万元以上设备', ['assets', 'equipment_over_100'], 'int'),
    single('数量', '拟购置车辆', ['assets', 'planned', 'vehicles'], 'int'),
    single('数量', '拟购置单价50万元以上设备', ['assets', 'planned', 'equipment_over_50'], 'int'),
    single('数量', '拟购置单价100万元以上设备', ['assets', 'planned', 'equipment_over_100'], 'int'),
  ],
};

export const EXPLANATION: FormSheet = {
  shape: 'form',
  name: '说明文字',
  headers: ['项目', '上年数', '上年口径', '说明', '所印增减率'],
  note: '第三部分情况说明：上年数和增减原因；增减额和增减幅度由程序计算',
  rows: [
    ...incomeKeys.map((k) => reasoned(`收入：${FUND_NAMES[k]}`, ['explanation', 'income', k])),
    reasoned('基本支出', ['explanation', 'basic']),
    reasoned('项目支出', ['explanation', 'project']),
    {
      label: '一般公共预算基本支出',
      cells: {
        ...reasoned('', ['explanation', 'general_basic']).cells,
        所印增减率: { path: ['explanation', 'general_basic', 'stated_change_percent'], kind: 'decimal' },
      },
    },
    single('说明', '财政拨款主要用途', ['explanation', 'fiscal_use'], 'text'),
    single('说明', '其他需说明的事项', ['explanation', 'other_matters'], 'text'),
  ],
};

export const LISTS = {
  overview: {
    shape: 'list',
    name: '概况',
    headers: ['类别', '内容'],
    note: `类别：${[...Object.keys(OVERVIEW_LISTS), ...Object.keys(OVERVIEW_COUNTS)].join('、')}；职能等每条一行，按顺序`,
    widths: [14, 90],
  },
  types: {
    shape: 'list',
    name: '支出类型',
    headers: ['键', '名称'],
    note: '基本支出、项目支出以外的支出类型（如 reserve 单位预留机动经费）；名称作为“支出”表的列标题',
    widths: [16, 30],
  },
  units: {
    shape: 'list',
    name: '单位',
    headers: ['单位标识', '单位名称', '单位类型', '单位编码'],
    note: '下属单位；单位标识用英文字母开头（如 school1），收入、支出表的“单位”列填它，本级留空',
    widths: [14, 30, 10, 14],
  },
  income: {
    shape: 'list',
    name: '收入',
    headers: ['单位', '收入来源', '结转来源', '金额'],
    note: '每个收入来源一行；上年结转可按来源分行（填“结转来源”）',
    widths: [12, 24, 24, 16],
  },
  expenditure: {
    shape: 'list',
    name: '支出',
    headers: ['单位', '功能分类编码', '科目名称', '资金来源', '基本支出', '项目支出', '上年数', '上年口径', '变动原因'],
    extraHeaders: 'expenditure-types',
    note: '按功能分类“项”（7 位编码）每行一条；类、款由程序汇总；资金来源留空为一般公共预算',
    widths: [10, 14, 30, 18, 14, 14, 14, 12, 40],
  },
  economic: {
    shape: 'list',
    name: '基本支出经济分类',
    headers: ['单位', '经济分类编码', '科目名称', '金额', '其中人员经费'],
    note: '一般公共预算基本支出按经济分类“款”（5 位编码）',
    widths: [10, 14, 30, 14, 14],
  },
  projects: {
    shape: 'list',
    name: '项目',
    headers: [
      '项目名称',
      '功能分类编码',
      '说明中名称',
      '立项依据',
      '项目规模',
      '实施单位',
      '所属单位',
      '资金分配',
      '执行',
      '财政拨款',
      '上年结转资金',
      '其他资金',
      '绩效表名称',
      '绩效表其他资金',
      '绩效单位编码',
      '实施期',
      '指标写法',
    ],
    extraHeaders: 'economic-classes',
    note: '每个项目一行；按经济分类“类”的金额填在以类编码开头的列（如“302 商品和服务支出”）',
    widths: [30, 14, 24, 40, 14, 14, 10, 20, 20, 12, 12, 12, 20, 12, 14, 16, 10],
  },
  goals: {
    shape: 'list',
    name: '绩效目标',
    headers: ['项目名称', '目标'],
    note: '每条绩效目标一行；“项目名称”填“部门整体”为部门整体支出绩效目标',
    widths: [30, 90],
  },
  indicators: {
    shape: 'list',
    name: '绩效指标',
    headers: ['项目名称', '一级指标', '二级指标', '三级指标', '指标值', '指标值内容', '度量单位', '指标值类型', '评分标准', '分值', '权重', '备注'],
    note: '每个三级指标一行',
    widths: [30, 12, 16, 36, 18, 14, 10, 10, 20, 8, 8, 12],
  },
  lastYear: {
    shape: 'list',
    name: '上年数',
    headers: ['类别', '项目', '金额'],
    note: '上年的汇总数（文件公布时填）；类别：口径、收支总计、收入、支出类型、功能分类、经济分类、项目支出、三公、机关运行经费、下属单位',
    widths: [14, 24, 16],
  },
  extra: {
    shape: 'list',
    name: '附表',
    headers: ['表ID', '字段', '类型', '行号', '值'],
    note: '模板需要而数据模型没有的表：先写字段行（行号留空，类型为文本/金额/数字），再按行号填值',
    widths: [16, 16, 8, 8, 30],
  },
} satisfies Record<string, ListSheet>;

/** Every sheet, in the order the writer puts them. */
export const SHEETS: readonly SheetSpec[] = [
  BASIC,
  LISTS.overview,
  LISTS.types,
  LISTS.units,
  LISTS.income,
  LISTS.expenditure,
  LISTS.economic,
  LISTS.projects,
  LISTS.goals,
  LISTS.indicators,
  THREE_PUBLIC,
  PROCUREMENT,
  ASSETS,
  LISTS.lastYear,
  EXPLANATION,
  LISTS.extra,
];

/** Sheets the reader passes over: the guidance and the drop-down lists. */
export const GUIDE_SHEET = '说明';
export const LISTS_SHEET = '代码表';

export const LAST_YEAR_CATEGORIES = {
  口径: 'base',
  收支总计: 'total',
  收入: 'income',
  支出类型: 'types',
  功能分类: 'functions',
  经济分类: 'economic',
  项目支出: 'projects',
  三公: 'three_public',
  机关运行经费: 'operating_costs',
  下属单位: 'units',
} as const;

export const DEPARTMENT_PERFORMANCE = '部门整体';
export { FIELD_KIND_NAMES, FUND_NAMES };
