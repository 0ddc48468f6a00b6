// The read half of bench/tables-in.ts, in a process of its own: a tables
// workbook through the built-in set's layouts, timed, with the peak RSS.
import { readFileSync } from 'node:fs';
import { builtinTemplates, loadTemplateSet } from '../src/templates/load.js';
import { checkZipBounds } from '../src/workbook/tables-in/zip-bounds.js';
import { loadSheets } from '../src/workbook/tables-in/sheet-grid.js';
import { readSpecs } from '../src/workbook/tables-in/read-spec.js';
import { readTables } from '../src/workbook/tables-in/read-tables.js';
import { solveFacts } from '../src/workbook/tables-in/solve-facts.js';

const bytes = new Uint8Array(readFileSync(process.argv[2]!));
const set = await loadTemplateSet([builtinTemplates]);
const rssBefore = process.memoryUsage().rss;
const c0 = process.cpuUsage();
const t0 = performance.now();
const bounds = checkZipBounds(bytes);
if (!bounds.ok) throw new Error(`over the bounds: ${bounds.why}`);
const sheets = await loadSheets(bytes);
const t1 = performance.now();
const read = readTables(sheets, readSpecs(set), { file: 'bench.xlsx', year: 2020, dataUnit: '万元', lang: 'zh', unitIds: new Map() });
const t2 = performance.now();
const solved = solveFacts(read.observations, read.listings, {
  file: 'bench.xlsx',
  lang: 'zh',
  fiscalSources: ['general_budget', 'government_fund'],
  types: [],
});
const t3 = performance.now();
const peak = process.resourceUsage().maxRSS * 1024;
const cpu = process.cpuUsage(c0);
const s = (a: number, b: number) => ((b - a) / 1000).toFixed(2);
console.log(
  `workbook ${(bytes.length / 1e6).toFixed(1)} MB, inflated ${(bounds.inflated / 1e6).toFixed(1)} MB; ${read.observations.length} cells read; ${solved.facts.get('projects')?.size ?? 0} projects`,
);
console.log(`load ${s(t0, t1)} s, layouts ${s(t1, t2)} s, facts ${s(t2, t3)} s: total ${s(t0, t3)} s`);
console.log(`CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (wall time above counts other processes on a busy machine)`);
console.log(`peak RSS ${(peak / 1e6).toFixed(0)} MB (${(rssBefore / 1e6).toFixed(0)} MB before reading)`);
