// npx tsx bench/tables-in.ts [--rows N]: reading a tables workbook of N rows (default 50,000)
// through the built-in set's layouts: the 2020 sample's tables with its 项目支出情况表
// grown to N projects. Measures the read alone (bounds, sheets, layouts, facts),
// not a build of a 50,000-row document: wall time and the process's peak RSS.
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { build } from '../src/build.js';
import { builtinTemplates, loadTemplateSet } from '../src/templates/load.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '50000' } } });
const rows = Number(values.rows);
const samplePath = fileURLToPath(new URL('../data/hotan-social-insurance-2020.yaml', import.meta.url));
const set = await loadTemplateSet([builtinTemplates]);
const full = await build({ file: samplePath, text: readFileSync(samplePath, 'utf8'), templates: set, formats: ['xlsx'] });
const small = full.files.find((f) => f.format === 'xlsx')!.bytes;

// the sample's sheets as they are, the project table replaced by one of `rows` projects
const src = new ExcelJS.Workbook();
await src.xlsx.load(Buffer.from(small) as unknown as ArrayBuffer);
const out = new ExcelJS.Workbook();
for (const ws of src.worksheets) {
  const to = out.addWorksheet(ws.name);
  const isProjects = ws.name.includes('项目支出情况表');
  ws.eachRow((row, r) => {
    if (isProjects && r > 3) return;
    row.eachCell((c, i) => (to.getCell(r, i).value = c.value));
  });
  if (isProjects)
    for (let i = 0; i < rows; i++) {
      const r = to.getRow(i + 4);
      r.values = ['208', '01', '01', '行政运行', `项目${String(i + 1).padStart(6, '0')}`, 1.25, null, 1.25];
    }
}
// written, then read in a process of its own: the generator's workbook is not counted
const path = join(mkdtempSync(join(tmpdir(), 'tables-in-')), 'tables.xlsx');
writeFileSync(path, new Uint8Array(await out.xlsx.writeBuffer()));
const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./tables-in-read.ts', import.meta.url)), path], { stdio: 'inherit' });
process.exit(child.status ?? 1);
