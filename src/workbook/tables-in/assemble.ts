// The texts YAML and the facts read from the tables → one department's data,
// as YAML would state it. The tables show the department as a whole: where the
// texts keep 下属单位 with their own facts, the 本级's are what is left once
// theirs are taken away. Where the texts state a fact the tables show too, the
// two must agree (an error at the cell and at the YAML line).
import { tr, type Diagnostic, type Lang, type Place } from '../../diagnostics/diagnostic.js';
import type { Catalogue } from '../../catalogue/catalogue.js';
import { Money, ZERO } from '../../model/money.js';
import { fundSources } from '../../model/schema.js';
import { SourceNumber } from '../../source/source-numbers.js';
import type { RowFacts } from './read-tables.js';
import type { SolvedFacts } from './solve-facts.js';
import { squeeze } from './normalize.js';

type Raw = Record<string, unknown>;
type Path = (string | number)[];

export interface AssembleOptions {
  file: string;
  yamlFile: string;
  lang: Lang;
  catalogue: Catalogue;
  /** where a path of the texts YAML is */
  locate(path: Path): Place;
}

export interface Assembled {
  raw: Raw;
  /** data path (joined by \0) → the cell it was read from */
  cells: Map<string, string>;
  diagnostics: Diagnostic[];
}

const moneyOf = (v: unknown): Money | undefined => {
  if (v instanceof SourceNumber) return /^-?\d+(\.\d+)?$/.test(v.text.trim()) ? new Money(v.text.trim()) : undefined;
  if (typeof v === 'number') return new Money(v);
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return new Money(v.trim());
  return undefined;
};
const text = (m: Money): string => m.toFixed();
const obj = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});
const arr = (v: unknown): Raw[] => (Array.isArray(v) ? (v as Raw[]) : []);

/** a deep copy that keeps SourceNumbers (structuredClone would make them plain objects) */
const copy = (v: unknown): unknown =>
  v instanceof SourceNumber || v === null || typeof v !== 'object'
    ? v
    : Array.isArray(v)
      ? v.map(copy)
      : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)]));

export function assemble(texts: Raw, solved: SolvedFacts, rows: RowFacts, unitIds: ReadonlyMap<string, string>, o: AssembleOptions): Assembled {
  const raw: Raw = copy(texts) as Raw;
  const cells = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const at = (path: Path, ref: string) => cells.set(path.map(String).join('\0'), ref);
  /** the texts state a fact the tables show: they must agree */
  const agree = (path: Path, stated: unknown, read: Money, ref: string) => {
    const s = moneyOf(stated);
    if (s === undefined || s.eq(read)) return;
    const place = o.locate(path);
    diagnostics.push({
      severity: 'error',
      code: 'tables.texts_disagree',
      file: o.file,
      cell: ref,
      message: tr(
        o.lang,
        `表中是 ${read.toFixed()}，文字 YAML 中的 ${path.join('.')} 是 ${s.toFixed()}，两处要一致`,
        `the table says ${read.toFixed()}, the texts YAML's ${path.join('.')} says ${s.toFixed()}: they must agree`,
      ),
      hint: tr(o.lang, '改正其中一处；表中有的数也可以从文字 YAML 中删去', 'correct one of them; a figure the tables show may be left out of the texts YAML'),
      related: [{ ...place, message: tr(o.lang, '文字 YAML 中的数', 'the figure in the texts YAML') }],
    });
  };
  const units = arr(raw.units);
  const unitsSum = (pick: (u: Raw) => Money | undefined): Money => units.reduce((s, u) => s.plus(pick(u) ?? ZERO), ZERO);

  // 收入: the department's minus its units'
  const income = solved.get('income')?.get('');
  if (income) {
    const was = obj(texts.income);
    const inc: Raw = { ...was };
    for (const a of income) {
      const src = a.at.source!;
      const self = a.amount.minus(unitsSum((u) => (src === 'carryover' ? moneyOf(obj(u.income).carryover) : moneyOf(obj(u.income)[src]))));
      if (src in was && !(src === 'carryover' && typeof was.carryover === 'object' && !(was.carryover instanceof SourceNumber)))
        agree(['income', src], was[src], self, a.ref);
      if (self.isZero()) delete inc[src];
      else inc[src] = text(self);
      at(['income', src], a.ref);
    }
    raw.income = inc;
    // income as a whole (收支 balance, a source's total) is reported at the first figure read for it
    const first = income.find((a) => !a.amount.isZero());
    if (first) at(['income'], first.ref);
  }

  // 支出 by 功能分类 项 and the source paying
  const expenditure = solved.get('expenditure');
  if (expenditure) {
    const out: Raw[] = [];
    const statedRows = arr(texts.expenditure);
    for (const code of [...expenditure.keys()].sort()) {
      for (const fund of fundSources) {
        const atoms = expenditure.get(code)!.filter((a) => a.at.source === fund);
        const row: Raw = { code };
        const printed = rows.names.get(`function:${code}`);
        if (printed && squeeze(printed.name) !== squeeze(o.catalogue.functionalName(code) ?? '')) {
          row.name = printed.name;
          at(['expenditure', out.length, 'name'], printed.ref);
        }
        if (fund !== 'general_budget') row.fund = fund;
        const types: Raw = {};
        let any = false;
        for (const a of atoms) {
          const type = a.at.type!;
          const unitPart = unitsSum((u) =>
            arr(u.expenditure)
              .filter((r) => r.code === code && (r.fund ?? 'general_budget') === fund)
              .reduce((s, r) => s.plus((type === 'basic' || type === 'project' ? moneyOf(r[type]) : moneyOf(obj(r.types)[type])) ?? ZERO), ZERO),
          );
          const self = a.amount.minus(unitPart);
          const statedIdx = statedRows.findIndex((r) => r.code === code && (r.fund ?? 'general_budget') === fund);
          if (statedIdx >= 0) {
            const s = type === 'basic' || type === 'project' ? statedRows[statedIdx]![type] : obj(statedRows[statedIdx]!.types)[type];
            if (s !== undefined)
              agree(type === 'basic' || type === 'project' ? ['expenditure', statedIdx, type] : ['expenditure', statedIdx, 'types', type], s, self, a.ref);
          }
          if (self.isZero()) continue;
          any = true;
          if (type === 'basic' || type === 'project') row[type] = text(self);
          else types[type] = text(self);
          at(['expenditure', out.length, type], a.ref);
        }
        if (!any) continue;
        if (Object.keys(types).length) row.types = types;
        // what only the texts say of a row (last year, the reason of a change) stays with it
        const stated = statedRows.find((r) => r.code === code && (r.fund ?? 'general_budget') === fund);
        for (const k of ['last_year', 'reason']) if (stated?.[k] !== undefined) row[k] = stated[k];
        out.push(row);
      }
    }
    raw.expenditure = out;
  }

  // 基本支出 by 经济分类 款
  const economic = solved.get('economic');
  if (economic) {
    const out: Raw[] = [];
    const statedRows = arr(texts.basic_by_economic);
    for (const code of [...economic.keys()].sort()) {
      const atoms = economic.get(code)!;
      const unitRows = units.flatMap((u) => arr(u.basic_by_economic).filter((r) => r.code === code));
      const unitAmount = unitRows.reduce((s, r) => s.plus(moneyOf(r.amount) ?? ZERO), ZERO);
      const personnelOf = (r: Raw) => moneyOf(r.personnel) ?? (o.catalogue.isPersonnel(code) ? (moneyOf(r.amount) ?? ZERO) : ZERO);
      const unitPersonnel = unitRows.reduce((s, r) => s.plus(personnelOf(r)), ZERO);
      const total = atoms.reduce((s, a) => s.plus(a.amount), ZERO).minus(unitAmount);
      const personnel = (atoms.find((a) => a.at.cost === 'personnel')?.amount ?? ZERO).minus(unitPersonnel);
      const ref = atoms.find((a) => !a.amount.isZero())?.ref ?? atoms[0]?.ref ?? '';
      const statedIdx = statedRows.findIndex((r) => r.code === code);
      if (statedIdx >= 0) agree(['basic_by_economic', statedIdx, 'amount'], statedRows[statedIdx]!.amount, total, ref);
      if (total.isZero()) continue;
      const row: Raw = { code };
      const printed = rows.names.get(`economic:${code}`);
      if (printed && squeeze(printed.name) !== squeeze(o.catalogue.economicName(code) ?? '')) {
        row.name = printed.name;
        at(['basic_by_economic', out.length, 'name'], printed.ref);
      }
      at(['basic_by_economic', out.length], ref);
      row.amount = text(total);
      if (!personnel.eq(o.catalogue.isPersonnel(code) ? total : ZERO)) row.personnel = text(personnel);
      at(['basic_by_economic', out.length, 'amount'], ref);
      out.push(row);
    }
    raw.basic_by_economic = out;
  }

  // 项目: the texts keep what a project is (basis, goals …); the tables its money
  const projects = solved.get('projects');
  if (projects) {
    const list = arr(texts.projects).map((p) => ({ ...p }));
    const order = [...rows.projects.entries()].sort((a, b) => a[1].order - b[1].order);
    for (const [name, info] of order) {
      let i = list.findIndex((p) => p.name === name);
      if (i < 0) i = list.push({ name }) - 1;
      const p = list[i]!;
      const econ: Raw = {};
      for (const a of projects.get(name) ?? []) {
        if (obj(texts.projects && arr(texts.projects)[i]?.economic)[a.at.economic!] !== undefined)
          agree(['projects', i, 'economic', a.at.economic!], obj(arr(texts.projects)[i]!.economic)[a.at.economic!], a.amount, a.ref);
        if (!a.amount.isZero()) econ[a.at.economic!] = text(a.amount);
      }
      p.economic = econ;
      if (info.function_code) p.function_code = info.function_code;
      if (info.unit) {
        const id = unitIds.get(squeeze(info.unit));
        if (id && id !== 'self') p.unit_id = id;
      }
      at(['projects', i], info.ref);
    }
    raw.projects = list;
  }

  // 三公, 会议费/培训费, 政府采购: items of their own objects (the texts keep last year and reasons)
  const items = (kind: string, key: string, names: string[] | null, zeros: boolean) => {
    const got = solved.get(kind)?.get('');
    if (!got) return;
    const was = obj(texts[key]);
    // 会议费 and 培训费 share one object: each adds to what is there
    const into: Raw = { ...obj(raw[key]) };
    for (const a of got) {
      const item = names ? a.at.item : kind;
      if (!item || (names && !names.includes(item))) continue;
      if (was[item] !== undefined) agree([key, item], was[item], a.amount, a.ref);
      if (a.amount.isZero() && !zeros && was[item] === undefined) continue;
      into[item] = text(a.amount);
      at([key, item], a.ref);
    }
    raw[key] = into;
  };
  items('three_public', 'three_public', ['overseas', 'vehicle_purchase', 'vehicle_operation', 'reception'], true);
  items('meetings', 'meetings_training', null, false);
  items('training', 'meetings_training', null, false);
  items('procurement', 'procurement', ['goods', 'works', 'services'], false);
  return { raw, cells, diagnostics };
}
