// Generates docs/template-data.md: everything a narrative template or a table
// layout can read, typed, with the sample's values and the descriptions the
// source code already gives (its /** */ comments). Generated rather than
// written so it cannot drift: test/template-data.test.ts rebuilds it in memory
// and fails when the committed file differs.
//   npm run reference            writes docs/template-data.md
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { projectPath } from '../src/project-root.js';
import { parseYamlSource } from '../src/source/yaml-source.js';
import { validateDepartment } from '../src/model/validate.js';
import { catalogueLayers, loadCatalogue, type Catalogue } from '../src/catalogue/catalogue.js';
import { withDataNames } from '../src/catalogue/data-names.js';
import { deriveFigures, type Figures } from '../src/figures/derive.js';
import { catalogueYear, narrativeContext } from '../src/document/document-for.js';
import { builtinTemplates, loadTemplateSet, type TemplateSet } from '../src/templates/load.js';
import { narrativeEnv } from '../src/narrative/env.js';
import { helpers } from '../src/narrative/helpers.js';
import { queryHelpers } from '../src/narrative/query-helpers.js';
import { dimensions, factKinds } from '../src/figures/facts.js';
import { rowFields } from '../src/tables/grid/grid-schema.js';
import { sourceFields, sourceNames, sources } from '../src/tables/sources.js';
import { departmentSchemaFor, fundSources, type DepartmentData } from '../src/model/schema.js';
import { NUMBER_FORMAT_KEY } from '../src/numbers/helper-format.js';
import { Money } from '../src/model/money.js';

export const SAMPLE = 'data/hotan-social-insurance-2020.yaml';
export const REFERENCE = 'docs/template-data.md';

// ---------------------------------------------------------------- the sample

export interface Sample {
  data: DepartmentData;
  fig: Figures;
  cat: Catalogue;
  set: TemplateSet;
  ctx: ReturnType<typeof narrativeContext>;
}

/** The sample built with the built-in set, as far as the narrative context (the way build() does it). */
export async function sampleContext(): Promise<Sample> {
  const file = projectPath(SAMPLE);
  const parsed = parseYamlSource(file, readFileSync(file, 'utf8'), 'en');
  const data = parsed.source && validateDepartment(parsed.source, 'en').data;
  if (!data) throw new Error(`${SAMPLE} does not validate`);
  const set = await loadTemplateSet([builtinTemplates], 'en');
  const cat = withDataNames(await loadCatalogue(catalogueYear(data), catalogueLayers({ departmentFile: file }), 'en'), data);
  const fig = deriveFigures(data, cat, set.figures);
  return { data, fig, cat, set, ctx: narrativeContext(data, fig, cat, set) };
}

// ------------------------------------------------ descriptions from /** */

/** A documented name: `root` is the const, function or interface it is declared in, `chain` the property names below it. */
interface DocEntry {
  root: string;
  chain: string[];
  doc: string;
}

/** `prop: someConst…`: the documented properties of someConst are those of prop too. */
interface Alias {
  root: string;
  chain: string[];
  target: string;
}

const docText = (comment: string): string =>
  comment
    .replace(/^\/\*\*|\*\/$/g, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\*\s?/, '').trim())
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The /** comment right before a node (the last one, if several). */
function leadingDoc(text: string, pos: number): string | undefined {
  const ranges = ts.getLeadingCommentRanges(text, pos) ?? [];
  const docs = ranges.map((r) => text.slice(r.pos, r.end)).filter((c) => c.startsWith('/**'));
  return docs.length ? docText(docs[docs.length - 1]!) : undefined;
}

const COMPUTED_NAMES: Record<string, string> = { NUMBER_FORMAT_KEY };

function propName(name: ts.PropertyName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isIdentifier(name.expression)) return COMPUTED_NAMES[name.expression.text];
  return undefined;
}

/** Identifiers an initializer refers to by value (not `x.name` member names). */
function referencedNames(node: ts.Node): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isIdentifier(n) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) out.push(n.text);
    if (ts.isObjectLiteralExpression(n) || ts.isArrowFunction(n)) return;
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

function readDocs(rel: string): { entries: DocEntry[]; aliases: Alias[] } {
  const text = readFileSync(projectPath(rel), 'utf8');
  const sf = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, true);
  const entries: DocEntry[] = [];
  const aliases: Alias[] = [];
  const add = (root: string, chain: string[], doc: string | undefined) => {
    if (doc) entries.push({ root, chain, doc });
  };
  const visit = (n: ts.Node, root: string, chain: string[]): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) {
      const stmt = n.parent.parent;
      add(n.name.text, [], leadingDoc(text, ts.isVariableStatement(stmt) ? stmt.pos : n.pos));
      if (n.initializer) visit(n.initializer, n.name.text, []);
      return;
    }
    if ((ts.isFunctionDeclaration(n) || ts.isInterfaceDeclaration(n) || ts.isClassDeclaration(n)) && n.name) {
      add(n.name.text, [], leadingDoc(text, n.pos));
      ts.forEachChild(n, (c) => visit(c, n.name!.text, []));
      return;
    }
    if (
      ts.isPropertyAssignment(n) ||
      ts.isShorthandPropertyAssignment(n) ||
      ts.isPropertySignature(n) ||
      ts.isMethodSignature(n) ||
      ts.isMethodDeclaration(n)
    ) {
      const name = propName(n.name);
      if (name === undefined) return;
      const here = [...chain, name];
      add(root, here, leadingDoc(text, n.pos));
      if (ts.isShorthandPropertyAssignment(n)) aliases.push({ root, chain: here, target: name });
      if (ts.isPropertyAssignment(n)) {
        for (const target of referencedNames(n.initializer)) aliases.push({ root, chain: here, target });
        visit(n.initializer, root, here);
      } else ts.forEachChild(n, (c) => visit(c, root, here));
      return;
    }
    // `...someConst` in an object: its properties are this object's
    if (ts.isSpreadAssignment(n) && ts.isIdentifier(n.expression)) aliases.push({ root, chain, target: n.expression.text });
    // a documented string of a list (`/** 国有资本经营预算 */ 'state_capital'`)
    if (ts.isStringLiteral(n) && ts.isArrayLiteralExpression(n.parent)) add(root, [n.text], leadingDoc(text, n.pos));
    ts.forEachChild(n, (c) => visit(c, root, chain));
  };
  visit(sf, '', []);
  return { entries, aliases };
}

const key = (root: string, chain: readonly string[]) => [root, ...chain].join('.');

/** The descriptions of some source files, each name also under the properties that use it. */
export function docIndex(files: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  const aliases: Alias[] = [];
  for (const f of files) {
    const d = readDocs(f);
    for (const e of d.entries) if (!map.has(key(e.root, e.chain))) map.set(key(e.root, e.chain), e.doc);
    aliases.push(...d.aliases);
  }
  // a property's own comment wins over the one of the const it uses
  for (let round = 0; round < 4; round++)
    for (const a of aliases) {
      const prefix = `${a.target}`;
      for (const [k, doc] of [...map]) {
        if (k !== prefix && !k.startsWith(`${prefix}.`)) continue;
        const to = key(a.root, a.chain) + k.slice(prefix.length);
        if (!map.has(to)) map.set(to, doc);
      }
    }
  return map;
}

// ---------------------------------------------------------- walking the context

interface Row {
  path: string;
  type: string;
  sample: string;
  doc: string;
}

const isChange = (v: unknown): boolean => typeof v === 'object' && v !== null && 'direction' in v && 'diff' in v && 'base' in v;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Money);

const brief = (s: string, max = 36): string => (s.length > max ? `${s.slice(0, max)}…` : s);

function sampleOf(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (v instanceof Money) return v.toFixed();
  if (isChange(v)) {
    const c = v as { current: Money; last: Money; direction: string };
    return `${c.current.toFixed()} vs ${c.last.toFixed()} (${c.direction})`;
  }
  if (typeof v === 'string') return brief(JSON.stringify(v));
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) return brief(v.join('、'));
    return `${v.length} item${v.length === 1 ? '' : 's'}`;
  }
  if (typeof v === 'function') return '';
  return '';
}

function typeOf(v: unknown, name: string): string {
  if (v === null || v === undefined) return 'null in the sample';
  if (v instanceof Money) return /share|percent/i.test(name) ? 'percent (exact)' : 'amount (万元, exact)';
  if (isChange(v)) return 'Change or null';
  if (typeof v === 'function') return 'function (call it through q / chg / qshare)';
  if (Array.isArray(v)) {
    if (!v.length) return 'list (empty in the sample)';
    const first: unknown = v[0];
    return typeof first === 'object' && first !== null ? 'list' : `list of ${typeof first}`;
  }
  if (typeof v === 'object') return 'object';
  return typeof v;
}

/** Keys that are values of a set (income sources, codes): one row stands for all of them. */
function keyedBy(obj: Record<string, unknown>): string | undefined {
  const keys = Object.keys(obj);
  if (keys.length >= 3 && keys.every((k) => (fundSources as readonly string[]).includes(k))) return '<source>';
  if (keys.length >= 2 && keys.every((k) => /^\d+$/.test(k))) return '<code>';
  return undefined;
}

/** Where a path's description lives when it is not under its own name: rows of figures, changes, data copied into the context. */
const REDIRECTS: [RegExp, string][] = [
  [/^fig\.expenditure\.(rows|generalRows|fundRows|fiscalRows|classes|generalClasses|fiscalClasses|leaves)\[\]/, 'FunctionRow'],
  [/^fig\.economic\.(rows|publicRows)\[\]/, 'EconomicRow'],
  [/^fig\.projects\.rows\[\]/, 'ProjectRow'],
  [/^fig\.projects\.list\[\]/, 'departmentSchema.projects'],
  [/^fig\.extra\.[^.]+/, 'ExtraFigures'],
  [/^fig\.facts\.all\[\]/, 'Fact'],
  [/^fig\.facts/, 'Facts'],
  [/^fig\.lastYear/, 'LastYearTable'],
  [/^fig\.(units|expenditureTypes)\[\]/, ''],
  [/^fig/, 'deriveFigures'],
  [/^(unitList|subordinateUnits)\[\]/, 'departmentSchema.units'],
  [/^expenditureTypes\[\]/, 'departmentSchema.expenditure_types'],
  [/^incomeItems\[\]\.change/, 'Change'],
];

function describe(docs: Map<string, string>, path: string, labels: Readonly<Record<string, string>>, ctxKeys: ReadonlySet<string>): string {
  const segs = path.replace(/\[\]/g, '').split('.');
  const tryKey = (k: string) => docs.get(k);
  for (const [re, root] of REDIRECTS) {
    const m = re.exec(path);
    if (!m) continue;
    const rest = path.slice(m[0].length).replace(/\[\]/g, '').split('.').filter(Boolean);
    const found = root
      ? rest.length
        ? tryKey(key(root, rest))
        : m[0] === path
          ? (tryKey(key('deriveFigures', segs.slice(1))) ?? tryKey(root))
          : undefined
      : undefined;
    if (found) return found;
    if (root) break;
  }
  if (segs[0] === 'fig') {
    const d = tryKey(key('deriveFigures', segs.slice(1)));
    if (d) return d;
  } else {
    const d = tryKey(key('narrativeContext', segs)) ?? (ctxKeys.has(segs[0]!) ? undefined : tryKey(key('departmentSchema', segs)));
    if (d) return d;
  }
  const last = segs[segs.length - 1]!;
  if (isChangeField(last) && /change|changes/i.test(path)) return tryKey(key('Change', [last])) ?? '';
  if (last === '<source>') return `an income source: ${fundSources.join(', ')}`;
  if (last === '<code>') return 'a classification code';
  if (last in labels) return labels[last]!;
  return '';
}

const CHANGE_FIELDS = ['current', 'last', 'diff', 'percent', 'direction', 'base'];
const isChangeField = (k: string) => CHANGE_FIELDS.includes(k);

// The schema is walked beside the sample, so keys the sample leaves out are listed too.
type Zod = { _zod: { def: Record<string, unknown> & { type: string } } };
const defOf = (s: unknown) => (s as Zod | undefined)?._zod?.def;

/** The schema under optional/default/nullable wrappers and transforms of objects. */
function unwrap(s: unknown): unknown {
  for (let i = 0; i < 10; i++) {
    const d = defOf(s);
    if (!d) return s;
    if (['optional', 'default', 'nullable', 'prefault', 'readonly', 'catch'].includes(d.type)) s = d.innerType;
    else if (d.type === 'pipe') s = defOf(d.in)?.type === 'object' || defOf(d.out)?.type === 'transform' ? d.in : d.out;
    else if (d.type === 'lazy') s = (d.getter as () => unknown)();
    else return s;
  }
  return s;
}

function schemaType(s: unknown): string {
  const raw = defOf(s);
  const d = defOf(unwrap(s));
  if (!d) return 'unknown';
  // an amount: text or number read through a transform into Money
  if (
    raw &&
    defOf(unwrap(s)) &&
    d.type === 'union' &&
    (d.options as unknown[]).some((o) => defOf(o)?.type === 'number') &&
    JSON.stringify(Object.keys(d)).length > 0
  ) {
    const pipe = [raw, defOf(raw.innerType), defOf(defOf(raw.innerType)?.innerType)].find((x) => x?.type === 'pipe');
    if (pipe && defOf(pipe.out)?.type === 'transform') return 'amount (万元, exact)';
  }
  switch (d.type) {
    case 'object':
      return 'object';
    case 'array':
      return 'list';
    case 'record':
      return 'map';
    case 'enum':
      return `one of ${Object.values(d.entries as Record<string, string>).join(', ')}`;
    case 'union':
      return (d.options as unknown[])
        .map(schemaType)
        .filter((t, i, a) => a.indexOf(t) === i)
        .join(' or ');
    default:
      return d.type;
  }
}

const shapeOf = (s: unknown): Record<string, unknown> | undefined => {
  const d = defOf(unwrap(s));
  return d?.type === 'object' ? (d.shape as Record<string, unknown>) : undefined;
};
const elementOf = (s: unknown): unknown => {
  const d = defOf(unwrap(s));
  return d?.type === 'array' ? d.element : undefined;
};

/** Rows for a key the sample leaves out, and everything below it. */
function walkSchema(s: unknown, path: string, rows: Row[], depth: number): void {
  rows.push({ path, type: `${schemaType(s)}; not in the sample`, sample: '', doc: '' });
  if (depth > 8) return;
  const el = elementOf(s);
  const shape = shapeOf(el ?? s);
  if (shape) for (const [k, v] of Object.entries(shape)) walkSchema(v, `${path}${el ? '[]' : ''}.${k}`, rows, depth + 1);
}

/** Lists of the same rows (fig.expenditure.rows, .leaves, .classes …) are expanded once: the others point to it. */
const expanded = new Map<string, string>();

function walk(value: unknown, path: string, rows: Row[], name: string, depth: number, schema?: unknown): void {
  rows.push({ path, type: typeOf(value, path), sample: sampleOf(value), doc: '' });
  if (depth > 8 || isChange(value)) return;
  if (Array.isArray(value)) {
    const first: unknown = value[0];
    const el = elementOf(schema);
    const shape = isRecord(first) ? Object.keys(first).join(',') : '';
    const seen = shape && path.startsWith('fig.') ? expanded.get(shape) : undefined;
    if (seen) {
      rows[rows.length - 1]!.type = `list, rows like \`${seen}\``;
      return;
    }
    if (shape) expanded.set(shape, `${path}[]`);
    if (isRecord(first)) walkObject(first, `${path}[]`, rows, depth + 1, el);
    else if (!value.length && shapeOf(el)) for (const [k, v] of Object.entries(shapeOf(el)!)) walkSchema(v, `${path}[].${k}`, rows, depth + 1);
    return;
  }
  if (isRecord(value)) walkObject(value, path, rows, depth + 1, schema);
}

function walkObject(obj: Record<string, unknown>, path: string, rows: Row[], depth: number, schema?: unknown): void {
  const k = keyedBy(obj);
  if (k) {
    const [first, v] = Object.entries(obj)[0]!;
    walk(v, `${path}.${k}`, rows, k, depth);
    const row = rows[rows.length - 1 - countBelow(rows, `${path}.${k}`)]!;
    row.sample = `${row.sample} (${first})`.trim();
    return;
  }
  const shape = shapeOf(schema);
  const keys = shape ? [...new Set([...Object.keys(shape), ...Object.keys(obj)])] : Object.keys(obj);
  for (const key of keys) {
    const at = path ? `${path}.${key}` : key;
    const v = obj[key];
    if (!(key in obj)) walkSchema(shape![key], at, rows, depth);
    else if (typeof v === 'function' && path.startsWith('fig.')) rows.push({ path: at, type: typeOf(v, key), sample: '', doc: '' });
    else walk(v, at, rows, key, depth, shape?.[key]);
  }
}

const countBelow = (rows: readonly Row[], prefix: string): number => {
  let n = 0;
  for (let i = rows.length - 1; i >= 0 && rows[i]!.path !== prefix; i--) n++;
  return n;
};

// ------------------------------------------------------------------ markdown

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
const code = (s: string) => (s ? `\`${s.replace(/`/g, "'")}\`` : '');

// What each helper takes; the generator stops when a helper is missing here, so the list stays whole.
const HELPERS: Record<string, { args: string; options?: string; example: string }> = {
  money: { args: 'amount', options: 'unit decimals fixed thousands zero negative', example: '{{money fig.expenditure.total}}' },
  pct: { args: 'percent', options: 'decimals fixed (of the percentage), zero', example: '{{pct fig.expenditure.basicShare}}' },
  diff: { args: 'Change', options: 'as money', example: '{{diff fig.changes.total}}' },
  dir: { args: 'Change', example: '{{dir fig.changes.total}}' },
  trend: { args: 'Change', example: '{{trend fig.changes.total}}' },
  base: { args: 'Change', example: '{{base fig.changes.total}}' },
  delta: { args: 'Change', options: 'as money', example: '{{delta fig.changes.total}}' },
  changed: { args: 'Change', example: '{{#if (changed fig.changes.total)}}changed{{else}}same{{/if}}' },
  cn: { args: 'number', example: '{{cn 12}}' },
  cnIndex: { args: '@index', example: '{{#each incomeItems}}{{cnIndex @index}}{{/each}}' },
  inc: { args: '@index', example: '{{#each incomeItems}}{{inc @index}}{{/each}}' },
  date: { args: 'ISO date', example: '{{date department.date}}' },
  join: { args: 'list, separator?', example: '{{join incomeSourceNames}}' },
  joinBy: { args: 'list, field, separator?', example: '{{joinBy tableList "number" "，"}}' },
  isZero: { args: 'amount', example: '{{#if (isZero fig.income.government_fund)}}none{{/if}}' },
  isDefined: { args: 'value', example: '{{#if (isDefined overview.organization.retired)}}given{{/if}}' },
  eq: { args: 'a, b', example: '{{#if (eq department.unit "万元")}}yes{{/if}}' },
  gt: { args: 'a, b', example: '{{#if (gt fig.projects.count 1)}}several{{/if}}' },
  and: { args: 'a, b, …', example: '{{#if (and fig.threePublic fig.procurement)}}both{{/if}}' },
  or: { args: 'a, b, …', example: '{{#if (or fig.threePublic fig.procurement)}}either{{/if}}' },
  not: { args: 'a', example: '{{#if (not fig.threePublic)}}none{{else}}some{{/if}}' },
  headcount: { args: 'number', example: '{{headcount overview.organization.in_service_change}}' },
  q: { args: '—', options: 'a filter: any dimension, year="last"', example: '{{money (q function="208")}}' },
  chg: { args: '—', options: 'a filter', example: '{{delta (chg type="basic")}}' },
  qshare: { args: '—', options: 'a filter, of="dimension,…" (dropped from the whole)', example: '{{pct (qshare type="basic")}}' },
  share: { args: 'part, whole', example: '{{pct (share fig.expenditure.basic fig.expenditure.total)}}' },
  text: {
    args: '—',
    options: 'a filter naming exactly an aggregate of the data’s statements, field="text" (purpose, default) or "reason"',
    example: '{{text function="2080101" source="general_budget" field="reason"}}',
  },
  qrows: { args: '—', options: 'level=1|2|3 and a filter', example: '{{#each (qrows level=1)}}{{code}} {{name}}；{{/each}}' },
  cnDate: { args: 'date (a day or a month)', example: '{{cnDate department.date}}' },
  trimEnd: { args: 'text, ending', example: '{{trimEnd "一般公共服务支出" "支出"}}' },
  slice: { args: 'text, start, end?', example: '{{slice "2080101" 0 3}}' },
  count: { args: 'number', example: '{{count overview.organization.in_service}}' },
  len: { args: 'list or map', example: '{{len overview.functions}}' },
  joinAnd: { args: 'list, separator, last separator', example: '{{joinAnd overview.organization.offices "、" "和"}}' },
};

const EXAMPLE_QUERIES = [
  '{{money (q)}}',
  '{{money (q function="208")}}',
  '{{money (q function="20805" type="basic")}}',
  '{{money (q type="project")}}',
  '{{money (q source="fiscal")}}',
  '{{money (q kind="income" source="general_budget")}}',
  '{{money (q kind="economic" economic="301")}}',
  '{{money (q kind="economic" cost="public")}}',
  '{{money (q kind="three_public")}}',
  '{{money (q kind="three_public" item="reception" year="last")}}',
  '{{money (q kind="operating_costs")}}',
  '{{delta (chg type="basic")}}',
  '{{pct (qshare type="basic")}}',
  '{{pct (qshare function="208" of="function")}}',
];

const ROW_FIELDS: Record<(typeof rowFields)[number], string> = {
  code: 'the row’s code as `code:` prints it (whole, last digits …)',
  class: '类 part of the code (3 digits)',
  kuan: '款 part (2 digits)',
  xiang: '项 part (2 digits)',
  name: 'the row’s name (catalogue name, unit name, source name …) styled by `name:`',
  label: 'the plain name (a fixed row’s label)',
  level: '1 类, 2 款, 3 项',
  unit_name: 'the unit’s name (`by: unit`, projects)',
  unit_code: 'the unit’s 单位编码',
  unit_type: 'the unit’s type (行政, 参公, 事业 …)',
  project: 'the project’s name (`by: project`)',
  function_code: 'the project’s 功能分类 code',
  function_name: 'the project’s 功能分类 name',
  period: 'a 绩效目标表’s subject: the project’s 实施期',
  goal: 'a 绩效目标表’s subject: its 年度总体目标 (lines joined)',
  year: 'the budget year',
  level1: 'an indicator’s 一级指标 (`by: indicator`)',
  level2: 'an indicator’s 二级指标',
  content: 'an indicator’s 指标值内容',
  standard: 'an indicator’s 评（扣）分标准',
  unit: 'an indicator’s 度量单位',
  kind: 'an indicator’s 指标值类型 (≥, ≤, =, 定性 …)',
  value: 'an indicator’s 指标值',
  score: 'an indicator’s 分值',
  weight: 'an indicator’s 权重',
  score_or_weight: 'an indicator’s 分值, else its 权重',
  note: 'an indicator’s 备注',
};

const DIMENSION_DOCS: Record<string, string> = {
  kind: 'which facts: ' + factKinds.join(', ') + ' (default expenditure)',
  year: 'this (default) or last: last year’s stated figure, null where the data states none',
  part: 'a part (其中) the data states with statements[].of.part (中央基建投资); "!name": the whole without that part (扣除…后)',
};

function compileOn(ctx: object, source: string): string {
  return narrativeEnv().compile(source)(ctx);
}

/** A last-year key (`function:201|source:general_budget`) as the query that reads it. */
const queryOfKey = (k: string): string =>
  `(q ${[
    ...(k === 'total'
      ? []
      : k
          .split('|')
          .map((p) => p.split(':'))
          .map(([d, v]) => `${d}="${v}"`)),
    'year="last"',
  ].join(' ')})`;

export async function templateDataReference(sample?: Sample): Promise<string> {
  const { ctx, fig, data, cat, set } = sample ?? (await sampleContext());
  const docs = docIndex([
    'src/model/schema.ts',
    'src/figures/derive.ts',
    'src/figures/change.ts',
    'src/figures/facts.ts',
    'src/figures/last-year.ts',
    'src/document/document-for.ts',
  ]);
  const ctxKeys = new Set(Object.keys(ctx).filter((k) => !(k in data)));
  const labels = set.labels.income_sources as Record<string, string>;
  const rows: Row[] = [];
  expanded.clear();
  const own = ctx as unknown as Record<string, unknown>;
  walkObject(Object.fromEntries(Object.keys(data).map((k) => [k, own[k]])), '', rows, 0, departmentSchemaFor(data.department.unit));
  for (const k of ctxKeys) walk(own[k], k, rows, k, 1);
  for (const r of rows) r.doc = describe(docs, r.path, labels, ctxKeys);
  const section = (pred: (r: Row) => boolean) =>
    table(
      ['path', 'type', 'sample', 'description'],
      rows.filter(pred).map((r) => [code(r.path), r.type, r.sample, r.doc]),
    );
  const top = (r: Row) => r.path.split(/[.[]/)[0]!;

  const out: string[] = [];
  out.push(
    '# Template data reference',
    '',
    `Generated by \`npm run reference\` (scripts/template-data-reference.ts) from the sample \`${SAMPLE}\` built with the built-in template set; do not edit by hand — test/template-data.test.ts fails when this file and the code disagree.`,
    '',
    'Everything a narrative template (`templates/narrative/*.hbs`, and a layout’s `title`, `note`, `empty_note`) can read. Paths are written as in a template: `fig.expenditure.total`; `rows[]` stands for each element of a list (use it inside `{{#each fig.expenditure.rows}}`, where the fields are read without the prefix); `<source>` and `<code>` stand for every key of a map keyed by income source or classification code. Types: **amount** is an exact decimal in 万元 (print it with `money`), **percent** an exact share (print it with `pct`), **Change** this year against last year (see below; print it with `delta`, `dir`, `diff`, `pct c.percent`), **null** where the data leaves a block out — test it with `{{#if}}` first. The sample column shows the sample’s value (the first element for lists).',
    '',
    '## Contents',
    '',
    '- [The data](#the-data)',
    '- [Figures: `fig`](#figures-fig)',
    '- [Other context keys](#other-context-keys)',
    '- [Change](#change)',
    '- [Helpers](#helpers)',
    '- [Queries](#queries)',
    '- [Table layouts](#table-layouts)',
    '',
    '## The data',
    '',
    'The validated YAML (src/model/schema.ts), amounts converted to 万元, every default filled in.',
    '',
    section((r) => !ctxKeys.has(top(r))),
    '',
    '## Figures: `fig`',
    '',
    'Everything computed once from the data (src/figures/derive.ts): roll-ups, totals, shares and changes. Nothing in a template adds up; what is not here is a query (below).',
    '',
    section((r) => top(r) === 'fig'),
    '',
    '## Other context keys',
    '',
    'Lists made for the narrative (src/document/document-for.ts `narrativeContext`).',
    '',
    section((r) => ctxKeys.has(top(r)) && top(r) !== 'fig'),
    '',
    '## Change',
    '',
    'A figure against last year’s stated figure (src/figures/change.ts). Null wherever the data states no last-year figure for it.',
    '',
    table(
      ['field', 'type', 'description'],
      CHANGE_FIELDS.map((f) => [
        code(f),
        f === 'direction' ? 'up, down or flat' : f === 'base' ? 'budget or actual' : f === 'percent' ? 'percent or null' : 'amount (万元, exact)',
        docs.get(key('Change', [f])) ?? '',
      ]),
    ),
    '',
  );

  // helpers
  const helperDocs = docIndex(['src/narrative/helpers.ts', 'src/narrative/query-helpers.ts', 'src/narrative/env.ts']);
  const unlisted = rowFields.filter((f) => !ROW_FIELDS[f]);
  if (unlisted.length) throw new Error(`grid row fields without an entry in ROW_FIELDS: ${unlisted.join(', ')}`);
  const names = [...Object.keys(helpers), ...Object.keys(queryHelpers), 'share'];
  const missing = names.filter((n) => !HELPERS[n]);
  if (missing.length) throw new Error(`helpers without an entry in HELPERS: ${missing.join(', ')}`);
  out.push(
    '## Helpers',
    '',
    'The only functions a template can call (src/narrative/helpers.ts, query-helpers.ts, env.ts). `money`, `pct`, `diff` and `delta` take the number format’s keys as hash options (`{{money x unit="元" decimals=0 thousands=true}}`); their defaults are the set’s numbers.yaml `narrative` format. The output column is the example rendered on the sample.',
    '',
    table(
      ['helper', 'arguments', 'hash options', 'description', 'example', 'output'],
      names.map((n) => {
        const h = HELPERS[n]!;
        const doc = helperDocs.get(key('helpers', [n])) ?? helperDocs.get(key('queryHelpers', [n])) ?? helperDocs.get(key('allHelpers', [n])) ?? '';
        return [code(n), h.args, h.options ?? '', doc, code(h.example), code(compileOn(ctx, h.example))];
      }),
    ),
    '',
  );

  // queries
  const facts = fig.facts;
  const dimRows = dimensions.map((d) => {
    const values = d === 'kind' || d === 'year' ? [] : [...new Set(factKinds.flatMap((kind) => facts.values(d, { kind })))].sort();
    const shown = values.length > 10 ? `${values.slice(0, 10).join(', ')} … (${values.length})` : values.join(', ');
    return [code(d), DIMENSION_DOCS[d] ?? docs.get(key('Fact', [d])) ?? '', shown];
  });
  out.push(
    '## Queries',
    '',
    'Every amount is also a fact along dimensions (src/figures/facts.ts); `q` sums the facts a filter names, `chg` compares them with last year’s stated figure, `qshare` gives their share. A code matches itself and every code below it (`function="208"` ⊃ 20805 ⊃ 2080501). Table grids (below) are made of the same queries, so a sentence and a table cannot disagree.',
    '',
    '### Dimensions',
    '',
    table(['dimension', 'description', 'values in the sample'], dimRows),
    '',
    '### Kinds of facts',
    '',
    table(
      ['kind', 'facts in the sample', 'total'],
      factKinds.map((k) => [code(k), String(facts.all.filter((f) => f.kind === k).length), facts.q({ kind: k })?.toFixed() ?? '—']),
    ),
    '',
    '### Examples on the sample',
    '',
    table(
      ['template', 'output'],
      EXAMPLE_QUERIES.map((e) => [code(e), code(compileOn(ctx, e))]),
    ),
    '',
    '### Last year’s stated figures',
    '',
    'Last year is not a set of facts but the aggregates the document states (src/figures/last-year.ts): in `last_year:`, or beside a reason (explanation.*.last_year, an expenditure row’s last_year, three_public.last_year, operating_costs.last_year). `year="last"` and `chg` read them by key; a query naming another aggregate gets null.',
    '',
    table(
      ['key', 'amount', 'base', 'query'],
      fig.lastYear.keys().map((k) => {
        const e = fig.lastYear.get(k)!;
        return [code(k), e.amount.toFixed(), e.base, code(queryOfKey(k))];
      }),
    ),
    '',
  );

  // table layouts
  const legacy = sourceNames.map((s) => {
    const r = sources[s]!({ data, fig, catalogue: cat, labels: {}, table: Object.keys(fig.extra)[0] });
    const seen = [...new Set([...r.rows, ...(r.total ? [r.total] : [])].flatMap((row) => Object.keys(row)))];
    const fields = seen
      .filter((f) => sourceFields[s]?.(f))
      .map(code)
      .join(' ');
    const extra = s === 'projects' ? ' `e301` … `e399` (one per 经济分类 类)' : s === 'extra' ? ' the fields of the data’s extra table (`table:`)' : '';
    return [code(s), (fields + extra).trim()];
  });
  out.push(
    '## Table layouts',
    '',
    '### Grid layouts',
    '',
    'A grid layout’s figures are queries (a column’s `value:` filter combined with the row’s and the table’s; see Queries). Its text columns name one of these row fields (`field:`, src/tables/grid/grid-schema.ts):',
    '',
    table(
      ['field', 'what the row gives'],
      rowFields.map((f) => [code(f), ROW_FIELDS[f]]),
    ),
    '',
    '### Row sources of the older layouts',
    '',
    'A layout with `source:` prints the rows of a row source (src/tables/sources.ts); its columns name these fields:',
    '',
    table(['source', 'fields'], legacy),
    '',
  );
  return out.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = await templateDataReference();
  writeFileSync(projectPath(REFERENCE), text);
  console.log(`wrote ${REFERENCE} (${text.split('\n').length} lines)`);
}
