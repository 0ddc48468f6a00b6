// Synthetic, valid department data for tests and benchmarks: seeded, deterministic.
// All arithmetic in integer 分 (0.01 万元) so every total is exact.
import { stringify } from 'yaml';
import type { FundSource } from '../model/schema.js';

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// codes that exist in data/catalogue/2020.yaml
const FUNCTION_CODES = [
  '2010301',
  '2010302',
  '2010350',
  '2050201',
  '2050202',
  '2050203',
  '2050204',
  '2080101',
  '2080102',
  '2080104',
  '2080106',
  '2080107',
  '2080108',
  '2080109',
  '2080150',
  '2080199',
  '2080501',
  '2080502',
  '2080505',
  '2080506',
  '2101101',
  '2101102',
  '2101199',
  '2210201',
  '2210202',
];
const ECONOMIC_CODES = [
  '30101',
  '30102',
  '30103',
  '30107',
  '30108',
  '30109',
  '30110',
  '30112',
  '30113',
  '30199',
  '30201',
  '30202',
  '30205',
  '30206',
  '30207',
  '30211',
  '30213',
  '30216',
  '30217',
  '30228',
  '30229',
  '30231',
  '30299',
  '30302',
  '30305',
  '30399',
];
const PROJECT_CLASSES = ['302', '303', '310', '309', '399'];
const RARE = ['喆', '堃', '玥', '镕', '珺', '犇', '淼', '昇', '燚', '頔'];
const PLACES = ['和田市', '墨玉县', '皮山县', '洛浦县', '策勒县', '于田县', '民丰县', '喀什市', '阿克苏市'];
const ORGS = ['人力资源和社会保障局', '教育局', '卫生健康委员会', '住房保障中心', '就业服务中心', '社会保险管理局', '档案馆'];
const TOPICS = ['信息化建设', '业务培训', '办公设备购置', '档案数字化', '宣传经费', '稽核检查', '政策调研', '设备维护', '就业援助', '技能培训'];
const SENTENCES = [
  '宣传贯彻执行上级制定的有关方针政策、法规，并对执行情况进行检查。',
  '负责本系统各项业务的组织实施、统筹协调和监督管理工作。',
  '负责有关统计数据的采集、整理、分析和管理，按时上报各类报表。',
  '承担辖区内相关人员的登记、核定及待遇发放的经办工作。',
  '承办市委、市政府及上级主管部门交办的其他事项。',
  '组织开展业务培训和政策宣传，提高干部职工的业务水平和服务能力。',
];

export interface SynthOptions {
  /** number of projects; random in `projectRange` (default 0–80) when not given */
  projects?: number;
  /** [min, max] for the random project count (inclusive) */
  projectRange?: readonly [number, number];
}

const yuan = (fen: number): number => Math.round(fen) / 100; // 分 → 万元 number with ≤2 decimals

export function synthDepartment(seed: number, opts: SynthOptions = {}): string {
  const r = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const pickN = <T>(xs: readonly T[], n: number): T[] => {
    const c = [...xs];
    for (let i = c.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [c[i], c[j]] = [c[j]!, c[i]!];
    }
    return c.slice(0, n);
  };
  const rare = () => pick(RARE);
  const place = pick(PLACES);
  const name = `${place}${pick(ORGS)}`;
  const nProjects = opts.projects ?? int(...(opts.projectRange ?? ([0, 80] as const)));

  // 功能分类 rows; some paid from 政府性基金, some from 事业收入
  const codes = pickN(FUNCTION_CODES, int(2, 7)).sort();
  const rows = codes.map((code, i) => {
    const u = r();
    return {
      code,
      fund: i === 0 ? 'general_budget' : u < 0.3 ? 'government_fund' : u > 0.85 ? 'business' : 'general_budget',
      basic: 0,
      project: 0,
    };
  });
  // ensure at least one basic row
  for (const row of rows) if (r() < 0.7 || row === rows[0]) row.basic = int(1000, 500000);

  // projects, amounts by 经济分类 类 in 分
  const projects = [];
  for (let i = 0; i < nProjects; i++) {
    const row = pick(rows);
    const classes = pickN(PROJECT_CLASSES, int(1, 2));
    const economic: Record<string, number> = {};
    let total = 0;
    for (const c of classes) {
      const fen = int(1, 200000);
      economic[c] = yuan(fen);
      total += fen;
    }
    row.project += total;
    const topic = pick(TOPICS);
    projects.push({
      name: `${topic}项目${i + 1}${i % 7 === 0 ? `（${rare()}${rare()}）` : ''}`,
      function_code: row.code,
      economic,
      basis: `根据${place}${rare()}字〔${2019}〕${int(1, 99)} 号文件，为保障${topic}工作顺利开展，安排本项目预算。`.repeat(int(1, 3)),
      scale: pick(['小型新增项目', '延续项目', '中型项目']),
      allocation: '2020 年 1 月---12 月',
      execution: '2020 年 1 月---12 月',
      performance: {
        goal: [`完成${topic}各项任务，提高工作效率和服务水平，${rare()}${rare()}社区全覆盖。`, `1、预计服务 ${int(100, 30000)} 人次；`],
        indicators: {
          cost: [{ name: `${topic}经费`, value: `≤${int(1, 90)} 万元` }],
          timeliness: [{ name: '项目完成时间', value: '12 月 31 日前' }],
          quantity: [{ name: `${topic}次数`, value: `≥${int(1, 20)} 次` }],
          quality: [{ name: '验收合格率', value: '≥90%' }],
          ...(r() < 0.5 ? { social: [{ name: '社会效益', value: '进一步提高' }] } : {}),
          satisfaction: [{ name: '服务对象满意度', value: `≥${int(80, 99)}%` }],
        },
      },
    });
  }

  // basic_by_economic: split Σ basic (分) over several 款 codes
  const basicTotal = rows.reduce((s, x) => s + x.basic, 0);
  // 表六 breaks down the basic expenditure 一般公共预算 pays for
  const generalBasic = rows.filter((x) => x.fund === 'general_budget').reduce((s, x) => s + x.basic, 0);
  const ecoCodes = pickN(ECONOMIC_CODES, int(3, 14)).sort();
  const weights = ecoCodes.map(() => 1 + r() * 9);
  const wsum = weights.reduce((s, w) => s + w, 0);
  const parts = weights.map((w) => Math.floor((generalBasic * w) / wsum));
  parts[0]! += generalBasic - parts.reduce((s, x) => s + x, 0);
  const basicByEconomic = ecoCodes.map((code, i) => ({ code, amount: yuan(parts[i]!) }));

  // income: by fund source, equal to expenditure totals
  const paidBy = (f: FundSource) => rows.filter((x) => x.fund === f).reduce((s, x) => s + x.basic + x.project, 0);
  const general = paidBy('general_budget');
  const fund = paidBy('government_fund');
  const business = paidBy('business');
  const income: Record<string, number> = { general_budget: yuan(general) };
  if (fund > 0) income.government_fund = yuan(fund);
  if (business > 0) income.business = yuan(business);

  const projectTotal = rows.reduce((s, x) => s + x.project, 0);
  const lastYear = (fen: number, base: 'budget' | 'actual' = 'budget') => ({ amount: yuan(Math.max(1, Math.round(fen * (0.7 + r() * 0.6)))), base });
  const functions = Array.from(
    { length: int(3, 12) },
    (_, i) => `${pick(SENTENCES)}${i % 3 === 0 ? `负责${rare()}${rare()}片区的具体工作，`.repeat(int(1, 6)) + '做好衔接。' : ''}`,
  );

  const data = {
    department: { name, region: place, year: 2020, date: '2020-07-20' },
    overview: {
      functions,
      organization: {
        subordinate_units: int(0, 5),
        offices: pickN(['财务室', '办公室', '综合科', '业务科', `${rare()}${rare()}服务站`, '信息科', '稽核科'], int(1, 6)),
        authorized_staff: int(5, 200),
        in_service: int(5, 200),
        in_service_change: int(-30, 30),
        retired: int(0, 80),
        retired_change: int(-5, 5),
        veteran_retired: int(0, 3),
        veteran_retired_change: 0,
      },
    },
    income,
    expenditure: rows.map((x) => ({
      code: x.code,
      ...(x.fund !== 'general_budget' ? { fund: x.fund } : {}),
      ...(x.basic ? { basic: yuan(x.basic) } : {}),
      ...(x.project ? { project: yuan(x.project) } : {}),
      last_year: lastYear(x.basic + x.project + 100, pick(['budget', 'actual'] as const)),
      reason: pick(['人员变动', '业务量增加', '机构改革在编人员减少', '项目调整']),
    })),
    basic_by_economic: basicByEconomic,
    projects,
    explanation: {
      income: {
        general_budget: { last_year: lastYear(general + 100), reason: '人员及业务变动' },
        ...(fund > 0 ? { government_fund: { last_year: lastYear(fund + 100), reason: '政府性基金项目调整' } } : {}),
        ...(business > 0 ? { business: { last_year: lastYear(business + 50), reason: '事业收入随业务量变化' } } : {}),
      },
      basic: { last_year: lastYear(basicTotal + 100), reason: '人员工资调整' },
      project: { last_year: lastYear(projectTotal + 100), reason: '项目调整' },
      fiscal_use: '保障机关正常运行的人员经费、公用经费和项目经费',
      general_basic: { last_year: lastYear(generalBasic + 100, 'actual'), reason: '人员变动' },
      other_matters: '无其他需说明的事项',
    },
    three_public: {
      overseas: yuan(int(0, 500)),
      vehicle_purchase: yuan(int(0, 3000)),
      vehicle_operation: yuan(int(100, 5000)),
      reception: yuan(int(100, 2000)),
      last_year: { overseas: 0, vehicle_purchase: yuan(int(0, 3000)), vehicle_operation: yuan(int(100, 5000)), reception: yuan(int(100, 2000)) },
      reasons: { overseas: '无', vehicle_purchase: '按计划更新', vehicle_operation: '车辆运行维护', reception: '严格控制接待' },
    },
    operating_costs: {
      administrative_units: int(0, 3),
      institution_units: int(0, 3),
      last_year: lastYear(int(1000, 100000)),
      reason: '厉行节约',
    },
    procurement: { goods: yuan(int(0, 9000)), works: yuan(int(0, 9000)), services: yuan(int(0, 9000)), sme_reserved: 0, micro_reserved: 0 },
    assets: {
      as_of: '2019 年底',
      buildings: { area_m2: int(50, 5000), value: yuan(int(0, 900000)) },
      vehicles: {
        general: { count: int(0, 5), value: yuan(int(0, 90000)) },
        law_enforcement: { count: 0, value: 0 },
        other: { count: 0, value: 0 },
      },
      furniture: yuan(int(0, 90000)),
      other: yuan(int(0, 90000)),
      equipment_over_50: int(0, 3),
      equipment_over_100: int(0, 2),
      planned: { vehicles: 0, equipment_over_50: 0, equipment_over_100: 0 },
    },
  };
  // what the review checks require of real documents (drawn first, so a seed keeps its other figures):
  // a head-count never rises by more than it now is, 100 万元 equipment is counted among 50 万元 equipment,
  // a vehicle purchase plans a vehicle, and running costs belong to a vehicle there is
  const org = data.overview.organization;
  org.in_service_change = Math.min(org.in_service_change, org.in_service);
  org.retired_change = Math.min(org.retired_change, org.retired);
  const assets = data.assets;
  assets.equipment_over_100 = Math.min(assets.equipment_over_100, assets.equipment_over_50);
  if (Number(data.three_public.vehicle_purchase) > 0) assets.planned.vehicles = 1;
  if (Number(data.three_public.vehicle_operation) > 0 && assets.vehicles.general.count === 0) assets.vehicles.general.count = 1;
  return `# 合成数据 synthetic department, seed ${seed}\n${stringify(data, { lineWidth: 0 })}`;
}
