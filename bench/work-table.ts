// Stage tables for `npm run profile`: metered work (src/engines/work-meter.ts)
// per department, side by side for several runs (a warm build in one thread,
// a batch's departments in their workers...).
import type { StageTime, WorkSnapshot } from '../src/engines/work-meter.js';

export interface Column {
  title: string;
  /** the work summed over `departments` */
  work: WorkSnapshot;
  departments: number;
  pages: number;
  /** whole-job milliseconds (wall, cpu) summed, where the stages do not cover a job: their rest is shown as `(other)` */
  total?: { ms: number; cpuMs: number };
}

const f0 = (x: number | undefined) => (x === undefined ? '' : x.toFixed(0));
const f1 = (x: number | undefined) => (x === undefined ? '' : x < 10 ? x.toFixed(1) : x.toFixed(0));

/** Stage names in tree order, each parent followed by its children and an `(other)` row for what its children leave. */
function treeRows(columns: readonly Column[]): { name: string; depth: number; at: (c: Column) => StageTime | undefined }[] {
  const names = new Set<string>();
  for (const c of columns) for (const n of Object.keys(c.work.stages)) names.add(n);
  const children = (parent: string | undefined) =>
    [...names].filter((n) => (parent === undefined ? !n.includes('/') : n.startsWith(`${parent}/`) && !n.slice(parent.length + 1).includes('/'))).sort();
  const rows: { name: string; depth: number; at: (c: Column) => StageTime | undefined }[] = [];
  const rest =
    (whole: (c: Column) => StageTime | undefined, parts: string[]) =>
    (c: Column): StageTime | undefined => {
      const w = whole(c);
      if (!w) return undefined;
      const sum = (k: 'ms' | 'cpuMs' | 'waitMs') => parts.reduce((a, p) => a + (c.work.stages[p]?.[k] ?? 0), 0);
      return { ms: w.ms - sum('ms'), cpuMs: w.cpuMs - sum('cpuMs'), waitMs: w.waitMs - sum('waitMs'), calls: 0 };
    };
  const walk = (parent: string | undefined, depth: number) => {
    const kids = children(parent);
    for (const k of kids) {
      rows.push({ name: k, depth, at: (c) => c.work.stages[k] });
      walk(k, depth + 1);
    }
    if (kids.length && parent !== undefined) rows.push({ name: `${parent}/(other)`, depth, at: rest((c) => c.work.stages[parent], kids) });
  };
  walk(undefined, 0);
  if (columns.some((c) => c.total)) {
    const top = children(undefined);
    rows.push({ name: '(other: job not in a stage)', depth: 0, at: rest((c) => c.total && { ...c.total, waitMs: 0, calls: 0 }, top) });
  }
  return rows;
}

/** A table: per department, wall and CPU milliseconds per stage, then counters per department and per page. */
export function stageTable(columns: readonly Column[]): string {
  const head = ['stage (ms per department)', ...columns.flatMap((c) => [`${c.title} wall`, 'cpu'])];
  const rows: string[][] = [];
  for (const r of treeRows(columns)) {
    const label = `${'  '.repeat(r.depth)}${r.name.slice(r.name.lastIndexOf('/') + 1)}`;
    rows.push([
      label,
      ...columns.flatMap((c) => {
        const s = r.at(c);
        return [f1(s && s.ms / c.departments), f1(s && s.cpuMs / c.departments)];
      }),
    ]);
  }
  rows.push([
    'waiting for a core (all stages)',
    ...columns.flatMap((c) => {
      const top = Object.entries(c.work.stages).filter(([n]) => !n.includes('/'));
      return [f1(top.reduce((a, [, s]) => a + s.waitMs, 0) / c.departments), ''];
    }),
  ]);
  const counters = new Set<string>();
  for (const c of columns) for (const n of Object.keys(c.work.counts)) counters.add(n);
  const crows: string[][] = [...counters].sort().map((n) => [
    n,
    ...columns.flatMap((c) => {
      const v = c.work.counts[n];
      return v === undefined ? ['', ''] : [f0(v / c.departments), f1(v / c.pages)];
    }),
  ]);
  const chead = ['counter', ...columns.flatMap((c) => [`${c.title} /dept`, '/page'])];
  return [grid([head, ...rows]), '', grid([chead, ...crows])].join('\n');
}

function grid(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ')).join('\n');
}
