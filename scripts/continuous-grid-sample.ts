// Writes template-sets/performance-continuous/sample-data.yaml: a synthetic
// department (src/synth, seed 2024) with 10 projects, each with a 实施期, a
// three-line 年度目标 and 26–34 indicators in the general list form, long
// enough that the continuous 绩效目标表 runs over 20 pages. Deterministic:
// `npx tsx scripts/continuous-grid-sample.ts` rewrites the same bytes.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { mulberry32, synthDepartment } from '../src/synth/generate.js';

const out = fileURLToPath(new URL('../template-sets/performance-continuous/sample-data.yaml', import.meta.url));
const r = mulberry32(2024);
const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const LEVELS: [string, string, string, string][] = [
  ['产出指标', '数量指标', '张', '≥'],
  ['产出指标', '质量指标', '%', '≥'],
  ['产出指标', '时效指标', '', '定性'],
  ['产出指标', '成本指标', '万元', '≤'],
  ['效益指标', '社会效益指标', '', '定性'],
  ['效益指标', '可持续影响指标', '', '定性'],
  ['满意度指标', '服务对象满意度指标', '%', '≥'],
];
const WORK = ['业务经办', '信息系统运维', '档案整理', '政策宣传', '人员培训', '基金稽核', '窗口服务', '数据核查', '设备维护', '资料印制'];

const data = parse(synthDepartment(2024, { projects: 10 })) as { department: Record<string, unknown>; projects: Record<string, unknown>[] };
data.department.code = '406001';
data.projects.forEach((p, i) => {
  const work = WORK[i % WORK.length]!;
  const n = int(26, 34);
  const indicators = Array.from({ length: n }, (_, k) => {
    // indicators in 一级/二级 order, as a document lists them
    const [level1, level2, unit, kind] = LEVELS[Math.min(LEVELS.length - 1, Math.floor((k * LEVELS.length) / n))]!;
    const value = kind === '定性' ? pick(['按时完成', '明显提升', '持续改善', '稳步推进']) : String(kind === '≤' ? int(1, 90) : int(80, 20000));
    return {
      level1,
      level2,
      name: `${work}${level2.replace(/指标$/, '')}第 ${k + 1} 项：${pick(['完成', '保障', '覆盖', '落实'])}${work}相关工作任务`,
      value,
      ...(unit ? { unit } : {}),
      kind,
    };
  });
  p.performance = {
    period: '2020 年 1 月—12 月',
    goal: [
      `全面完成${work}各项任务，提高工作效率和服务水平。`,
      `年内服务 ${int(1000, 30000)} 人次，办结率不低于 ${int(90, 99)}%。`,
      `严格控制成本，资金使用规范、安全、有效。`,
    ],
    indicators,
  };
});
writeFileSync(out, `# 绩效目标连续表格式的样例数据：scripts/continuous-grid-sample.ts 生成（合成部门，10 个项目）。\n${stringify(data, { lineWidth: 0 })}`);
