// The tables the tool builds from what it read, compared with the sheets cell
// by cell: totals, 类/款 roll-ups, computed columns and every figure the
// reading did not take as a fact are checked here, each mismatch at its cell.
// Rows are paired by their code or label (an export may order or space them
// otherwise); a row only one side has is reported when it holds money.
import { tr, type Diagnostic, type Lang } from '../../diagnostics/diagnostic.js';
import type { DocumentIR, Table } from '../../ir/types.js';
import type { Money } from '../../model/money.js';
import type { Unit } from '../../numbers/number-format.js';
import { cellRef } from '../../model/workbook/cells.js';
import { tablesOf } from '../../render/xlsx/tables-xlsx.js';
import { cellText } from './sheet-grid.js';
import { codeDigits, codeParts, labelKey, parseAmount, squeeze, titleKey } from './normalize.js';
import type { MatchedSheet } from './read-tables.js';
import type { SpecLeaf } from './read-spec.js';

/** An IR table as a grid of texts: a spanned cell's text at its first column, '' where covered. */
function irGrid(t: Table): string[][] {
  const taken: boolean[][] = [];
  const out: string[][] = [];
  t.rows.forEach((row, r) => {
    let c = 0;
    out[r] ??= Array(t.columns.length).fill('');
    for (const cell of row) {
      while (taken[r]?.[c]) c++;
      const rs = cell.rowSpan ?? 1;
      const cs = cell.colSpan ?? 1;
      for (let dr = 0; dr < rs; dr++) for (let dc = 0; dc < cs; dc++) (taken[r + dr] ??= [])[c + dc] = true;
      out[r][c] = cell.text;
      c += cs;
    }
  });
  return out;
}

/** each IR column's header words, top down, a spanned cell's once */
function irHeads(t: Table, grid: string[][]): string[][] {
  const heads: string[][] = Array.from({ length: t.columns.length }, () => []);
  // a header cell spanning columns or rows names each column it covers
  const cover: string[][] = Array.from({ length: t.headerRows }, () => new Array<string>(t.columns.length).fill(''));
  const taken: boolean[][] = [];
  t.rows.slice(0, t.headerRows).forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (taken[r]?.[c]) c++;
      const rs = cell.rowSpan ?? 1;
      const cs = cell.colSpan ?? 1;
      for (let dr = 0; dr < rs; dr++)
        for (let dc = 0; dc < cs; dc++) {
          (taken[r + dr] ??= [])[c + dc] = true;
          if (r + dr < t.headerRows) cover[r + dr]![c + dc] = cell.text;
        }
      c += cs;
    }
  });
  void grid;
  for (let c = 0; c < t.columns.length; c++)
    for (let r = 0; r < t.headerRows; r++) {
      const w = squeeze(cover[r]![c]!);
      if (w && heads[c]![heads[c]!.length - 1] !== w) heads[c]!.push(w);
    }
  return heads;
}

const SCALE: Record<Unit, number> = { 元: 1, 万元: 10000, 亿元: 100000000 };

export function checkPrinted(doc: DocumentIR, sheets: MatchedSheet[], file: string, lang: Lang): Diagnostic[] {
  const out: Diagnostic[] = [];
  const tables = tablesOf(doc);
  for (const m of sheets) {
    const key = titleKey(m.title);
    const ir = tables.find((t) => titleKey(t.title) && key.endsWith(titleKey(t.title)));
    if (!ir) continue;
    const grid = irGrid(ir.table);
    const heads = irHeads(ir.table, grid);
    const leaves: SpecLeaf[] = m.spec.sides.flatMap((s) => s.leaves);
    // IR column → the sheet's column, through the layout leaf of the same header path
    const usedLeaves = new Set<SpecLeaf>();
    const colOf = heads.map((h) => {
      const leaf = leaves.find(
        (l) => !usedLeaves.has(l) && squeeze(l.path[l.path.length - 1]!) === h[h.length - 1] && l.path.slice(0, -1).every((p) => h.includes(squeeze(p))),
      );
      if (!leaf) return undefined;
      usedLeaves.add(leaf);
      return { leaf, col: m.columns.get(leaf) };
    });
    const isText = (j: number) => ['code', 'name', 'project', 'unit', 'function_code', 'text'].includes(colOf[j]?.leaf.role.role ?? 'text');
    const keyOf = (texts: string[]) =>
      texts
        .map((t, j) =>
          isText(j) && colOf[j]?.leaf.role.role !== 'text'
            ? colOf[j]!.leaf.role.role === 'code'
              ? codeDigits(t)
              : labelKey(t.replace(/^\d{3,7}\s+/, ''))
            : '',
        )
        // a label spanning its row's text columns (合计 over 单位/项目/编码), merged or copied into each, counts once
        .filter((w, i, a) => w !== '' && w !== a[i - 1])
        .join('|');
    const body = grid.slice(ir.table.headerRows);
    const sheetRow = (r: number) =>
      colOf.map((x) => {
        const cell = x?.col === undefined ? undefined : m.sheet.rows[r]?.[x.col];
        return cell?.slave ? '' : cellText(cell);
      });
    // code columns printed merged (208 01 01 over 类/款/项) or split (208 | 01 | 01): the key is their digits together
    const codeKey = (texts: string[], sheetRow?: number) => {
      const digits = sheetRow !== undefined ? (m.codes.get(sheetRow) ?? '') : codeParts(texts.filter((_, j) => colOf[j]?.leaf.role.role === 'code')).join('');
      return `${digits}#${keyOf(texts.map((t, j) => (colOf[j]?.leaf.role.role === 'code' ? '' : t)))}`;
    };
    const sheetKeys = m.dataRows.map((r) => codeKey(sheetRow(r), r));
    let j = 0;
    const hasMoney = (texts: string[]) =>
      texts.some(
        (t, c) =>
          !isText(c) &&
          (() => {
            const a = parseAmount(t);
            return a !== 'bad' && !a.isZero();
          })(),
      );
    const say = (cell: string, code: string, zh: string, en: string, hint?: [string, string]) =>
      out.push({ severity: 'error', code: `tables.${code}`, file, cell, message: tr(lang, zh, en), ...(hint ? { hint: tr(lang, hint[0], hint[1]) } : {}) });
    for (const row of body) {
      const k = codeKey(row);
      let at = sheetKeys.indexOf(k, j);
      if (at < 0 && k.replace(/[#|]/g, '') === '') at = j < sheetKeys.length ? j : -1;
      if (at < 0) {
        if (hasMoney(row)) {
          const r = m.dataRows[j] ?? m.dataRows[m.dataRows.length - 1] ?? 0;
          const label = row
            .filter((t, c) => isText(c) && t)
            .join(' ')
            .trim();
          say(
            cellRef(m.sheet.name, r + 1, 1),
            'row_missing',
            `表中缺少“${label}”这一行（按读入的数据，这一行有金额）`,
            `the table lacks the row "${label}" (it has money in what was read)`,
            ['补上这一行，或核对它所汇总的各行', 'add the row, or check the rows it sums'],
          );
        }
        continue;
      }
      for (let extra = j; extra < at; extra++) extraRow(extra);
      j = at + 1;
      const r = m.dataRows[at]!;
      row.forEach((t, c) => {
        const x = colOf[c];
        if (!x || x.col === undefined || isText(c) || /%$/.test(t)) return;
        const want = parseAmount(t);
        const cell = m.sheet.rows[r]?.[x.col];
        if (want === 'bad' || cell?.slave) return;
        const have = parseAmount(cell?.value);
        if (have === 'bad') return; // reported when read
        // compared in the unit the tool prints, at the places it prints
        const places = (t.split('.')[1] ?? '').replace(/\D/g, '').length;
        const inPrinted: Money = m.unit === m.spec.unit ? have : have.times(SCALE[m.unit]).div(SCALE[m.spec.unit]);
        if (inPrinted.toDecimalPlaces(places).eq(want)) return;
        say(
          cellRef(m.sheet.name, r + 1, x.col + 1),
          'printed_mismatch',
          `表中是 ${cellText(cell) || '空'}，按读入的数据应为 ${t || '0'}`,
          `the table says ${cellText(cell) || 'nothing'}; what was read makes it ${t || '0'}`,
          [
            '合计、小计和类、款的数由程序按明细计算：核对这一格和它汇总的各格',
            'totals, subtotals and 类/款 rows are computed from the detail: check this cell and the cells it sums',
          ],
        );
      });
    }
    for (let extra = j; extra < sheetKeys.length; extra++) extraRow(extra);
    function extraRow(i: number) {
      const r = m.dataRows[i]!;
      const texts = sheetRow(r);
      if (!hasMoney(texts)) return;
      const c = texts.findIndex((t, cc) => !isText(cc) && t && parseAmount(t) !== 'bad' && !(parseAmount(t) as Money).isZero());
      say(
        cellRef(m.sheet.name, r + 1, (colOf[c]?.col ?? 0) + 1),
        'extra_row',
        '这一行按读入的数据不该有金额（不在程序生成的表中）',
        'by what was read this row should hold no money (it is not in the table the tool builds)',
        ['核对这一行的编码或名称', 'check the code or name of this row'],
      );
    }
  }
  return out;
}
