// Writes test/fixtures/city/city-department.yaml: a department shaped like a
// real city bureau's 项目支出绩效目标表 (14 projects of 10–25 indicators, whose
// merged 一级/二级 groups fall across page breaks at many points). Made from
// the synthesizer's valid department (seeded), with more indicators per project.
import { writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { mulberry32, synthDepartment } from '../src/synth/generate.js';

const CATEGORIES = ['quantity', 'quality', 'timeliness', 'cost', 'social', 'satisfaction'] as const;
const NAMES: Record<(typeof CATEGORIES)[number], string> = {
  quantity: '完成事项数量',
  quality: '工作质量达标率',
  timeliness: '按时完成率',
  cost: '成本控制额度',
  social: '社会效益提升程度',
  satisfaction: '服务对象满意度',
};

const r = mulberry32(7);
const data = parse(synthDepartment(2025, { projects: 14 })) as { projects: { performance: { indicators: Record<string, unknown[]> } }[] };
let n = 0;
for (const p of data.projects) {
  const total = 10 + Math.floor(r() * 16);
  const indicators: Record<string, { name: string; value: string }[]> = {};
  for (let i = 0; i < total; i++) {
    const cat = CATEGORIES[Math.min(CATEGORIES.length - 1, Math.floor(r() * CATEGORIES.length))]!;
    n++;
    // some indicators wrap over several lines, so rows differ in height
    const long = r() < 0.2 ? '，并按季度开展绩效跟踪监控，确保资金使用安全规范、效益明显' : '';
    (indicators[cat] ??= []).push({ name: `${NAMES[cat]}第${n}项${long}`, value: `≥${80 + Math.floor(r() * 20)}%` });
  }
  p.performance.indicators = indicators;
}
writeFileSync(
  new URL('../test/fixtures/city/city-department.yaml', import.meta.url),
  `# made by scripts/make-city-fixture.ts: ${n} indicators in 14 projects\n${stringify(data)}`,
);
console.log(`${n} indicators`);
