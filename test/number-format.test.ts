// Number formats (src/numbers): each option, exactness, layering, and the
// formats reaching tables (layout `number:`, numbers.yaml) and narrative helpers.
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Money } from '../src/model/money.js';
import {
  formatAmount,
  formatPercent,
  fromUnit,
  NARRATIVE_DEFAULT,
  numberFormatSchema,
  resolveFormat,
  TABLE_DEFAULT,
  toUnit,
} from '../src/numbers/number-format.js';
import { NUMBER_FORMAT_KEY } from '../src/numbers/helper-format.js';
import { layoutSchema } from '../src/tables/layout-schema.js';
import { buildGrid } from '../src/tables/build-table.js';
import { tableUnit } from '../src/tables/table-format.js';
import type { SourceResult } from '../src/tables/sources.js';
import { narrativeEnv } from '../src/narrative/env.js';
import { templateDiagnostic } from '../src/narrative/template-errors.js';
import { parseYamlSource } from '../src/source/yaml-source.js';
import { validateYaml } from '../src/model/validate.js';
import { builtinTemplates, loadTemplateSet } from '../src/templates/load.js';
import { DiagnosticError } from '../src/diagnostics/diagnostic.js';

const M = (v: string | number) => new Money(v);

describe('formatAmount', () => {
  it('converts units exactly and groups thousands', () => {
    expect(formatAmount(M('15621.1123'), { unit: '元', decimals: 0, thousands: true })).toBe('156,211,123');
    expect(formatAmount(M('13377.11'), { thousands: true })).toBe('13,377.11');
    expect(formatAmount(M('123.456'), { thousands: true, decimals: 3 })).toBe('123.456');
    expect(formatAmount(M('15621.1123'), { unit: '亿元', decimals: 4 })).toBe('1.5621');
    expect(formatAmount(M('397.24'), { unit: '元', decimals: 2 })).toBe('3972400.00');
  });

  it('rounds half-up from the exact value', () => {
    expect(formatAmount(M('0.005'), {})).toBe('0.01');
    expect(formatAmount(M('2.345'), { decimals: 2 })).toBe('2.35');
    expect(formatAmount(M('-2.345'), { decimals: 2 })).toBe('-2.35');
    expect(formatAmount(M('1.23456789'), { unit: '元', decimals: 0 })).toBe('12346');
  });

  it('fixed keeps trailing zeros, not fixed drops them', () => {
    expect(formatAmount(M('443.3'), { fixed: true })).toBe('443.30');
    expect(formatAmount(M('443.3'), { fixed: false })).toBe('443.3');
    expect(formatAmount(M('2'), { fixed: false })).toBe('2');
    expect(formatAmount(M('1000'), { fixed: false, thousands: true })).toBe('1,000');
  });

  it('prints an exact zero per `zero`', () => {
    expect(formatAmount(M(0), { zero: 'fixed' })).toBe('0.00');
    expect(formatAmount(M(0), { zero: 'fixed', decimals: 0 })).toBe('0');
    expect(formatAmount(M(0), { zero: 'blank' })).toBe('');
    expect(formatAmount(M(0), { zero: 'dash' })).toBe('-');
    expect(formatAmount(M(0), { zero: 'em_dash' })).toBe('—');
    expect(formatAmount(M(0), { zero: '0' })).toBe('0');
    // a figure that only rounds to zero is a figure, printed unsigned
    expect(formatAmount(M('-0.001'), { zero: 'blank' })).toBe('0.00');
  });

  it('prints negatives with a minus or in parentheses', () => {
    expect(formatAmount(M(-12), {})).toBe('-12.00');
    expect(formatAmount(M(-12), { negative: 'parens' })).toBe('(12.00)');
    expect(formatAmount(M('-1234.5'), { negative: 'parens', thousands: true })).toBe('(1,234.50)');
  });

  it('keeps 99999999999999.99 元 exact through 万元 and back', () => {
    const wan = fromUnit(M('99999999999999.99'), '元');
    expect(wan.toString()).toBe('9999999999.999999');
    expect(toUnit(wan, '元').toFixed()).toBe('99999999999999.99');
    expect(formatAmount(wan, { unit: '元', decimals: 2 })).toBe('99999999999999.99');
    expect(formatAmount(wan, { unit: '元', decimals: 2, thousands: true })).toBe('99,999,999,999,999.99');
  });
});

describe('formatPercent', () => {
  it('writes percentages with their own decimals', () => {
    expect(formatPercent(M('42.6'), { percent_decimals: 2, percent_fixed: true })).toBe('42.60%');
    expect(formatPercent(M(100), { percent_fixed: true })).toBe('100.00%');
    expect(formatPercent(M(100), {})).toBe('100%');
    expect(formatPercent(M('91.9649'), NARRATIVE_DEFAULT)).toBe('91.96%');
    expect(formatPercent(M('91.9651'), { percent_decimals: 1 })).toBe('92%');
    expect(formatPercent(null, {})).toBe('—');
  });
});

describe('resolveFormat', () => {
  it('lets later layers override key by key', () => {
    const f = resolveFormat(TABLE_DEFAULT, { unit: '元', decimals: 0 }, { decimals: 1, thousands: undefined }, undefined);
    expect(f).toMatchObject({ unit: '元', decimals: 1, fixed: true, thousands: false, zero: 'blank', negative: 'minus' });
  });

  it('rejects unknown keys and values out of range', () => {
    expect(numberFormatSchema.safeParse({ decimals: 7 }).success).toBe(false);
    expect(numberFormatSchema.safeParse({ unit: '美元' }).success).toBe(false);
    expect(numberFormatSchema.safeParse({ thousand: true }).success).toBe(false);
    expect(numberFormatSchema.parse({ zero: 0 })).toEqual({ zero: '0' });
  });
});

describe('tables', () => {
  const result: SourceResult = {
    rows: [
      { name: '工资福利支出', a: M('15621.1123'), b: M('13377.11') },
      { name: '对个人和家庭的补助', a: M(0), b: M(-12) },
    ],
    total: { name: '', a: M('15621.1123'), b: M('13365.11') },
  };
  const layout = (extra: object) =>
    layoutSchema.parse({
      title: 't',
      source: 'economic',
      header: [
        { label: '名称', field: 'name' },
        { label: 'A', field: 'a' },
        { label: 'B', field: 'b', number: { negative: 'parens', zero: 'dash' } },
      ],
      total: { label: '合计', field: 'name' },
      ...extra,
    });
  const texts = (extra: object, numbers?: object) =>
    buildGrid(layout(extra), result, { font: 'table', size: 10, numbers })
      .rows.slice(1)
      .map((r) => r.map((c) => c.text));

  it('layer numbers.yaml → table → column', () => {
    expect(texts({})).toEqual([
      ['工资福利支出', '15621.11', '13377.11'],
      ['对个人和家庭的补助', '', '(12.00)'],
      ['合计', '15621.11', '13365.11'],
    ]);
    expect(texts({ number: { unit: '元', decimals: 0, thousands: true } })).toEqual([
      ['工资福利支出', '156,211,123', '133,771,100'],
      ['对个人和家庭的补助', '', '(120,000)'],
      ['合计', '156,211,123', '133,651,100'],
    ]);
    // the set default under a table's own keys
    expect(texts({ decimals: 1 }, { thousands: true, zero: 'em_dash' })[1]).toEqual(['对个人和家庭的补助', '—', '(12.0)']);
    expect(texts({ number: { zero: 'fixed' } }, { thousands: true })[0]).toEqual(['工资福利支出', '15,621.11', '13,377.11']);
  });

  it('keeps the older keys and names the resolved unit', () => {
    expect(texts({ unit: '元', format: 'plain', zero: 'show' })[1]).toEqual(['对个人和家庭的补助', '0', '(120000)']);
    expect(texts({ unit: '亿元', decimals: 4 })[0]).toEqual(['工资福利支出', '1.5621', '1.3377']);
    expect(tableUnit(layout({}))).toBe('万元');
    expect(tableUnit(layout({}), { unit: '元' })).toBe('元');
    expect(tableUnit(layout({ unit: '元', number: { unit: '亿元' } }))).toBe('亿元');
  });

  it('reports a bad number format at its line', () => {
    const text = 'title: t\nsource: economic\nheader:\n  - label: A\n    field: total\n    number: { decimals: 9 }\n';
    const { source } = parseYamlSource('tables/x.yaml', text);
    const r = validateYaml(layoutSchema, source!, 'en', 'template');
    expect(r.data).toBeNull();
    expect(r.diagnostics).toMatchObject([{ file: 'tables/x.yaml', line: 6, code: 'template.invalid_value' }]);
  });
});

describe('numbers.yaml', () => {
  const layer = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'numbers-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'numbers.yaml'), text);
    return dir;
  };

  it('the built-in set carries today’s defaults; a layer replaces them', async () => {
    const builtin = await loadTemplateSet();
    expect(resolveFormat(builtin.numbers.table)).toEqual(resolveFormat(TABLE_DEFAULT));
    expect(resolveFormat(builtin.numbers.narrative)).toEqual(resolveFormat(NARRATIVE_DEFAULT));
    const bureau = await loadTemplateSet([builtinTemplates, layer('table:\n  thousands: true\n')]);
    expect(resolveFormat(bureau.numbers.table)).toMatchObject({ thousands: true, zero: 'blank', decimals: 2 });
  });

  it('reports an unknown key at its line', async () => {
    const dir = layer('table:\n  thousands: true\n  thousand_sep: ","\n');
    const e = await loadTemplateSet([builtinTemplates, dir], 'en').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DiagnosticError);
    const mine = (e as DiagnosticError).diagnostics.filter((d) => d.file === join(dir, 'numbers.yaml'));
    expect(mine).toMatchObject([{ line: 3, column: 3, code: 'template.unknown_key' }]);
  });
});

describe('narrative helpers', () => {
  const render = (source: string, ctx: object) => narrativeEnv().compile(source)(ctx);

  it('take hash options over the set default from the context', () => {
    const x = M('15621.1123');
    expect(render('{{money x}}', { x })).toBe('15621.11');
    expect(render('{{money x unit="元" decimals=0 thousands=true}}', { x })).toBe('156,211,123');
    expect(render('{{money x}}', { x, [NUMBER_FORMAT_KEY]: { thousands: true, fixed: true } })).toBe('15,621.11');
    expect(render('{{money x fixed=false}}', { x: M('443.3'), [NUMBER_FORMAT_KEY]: { fixed: true } })).toBe('443.3');
    expect(render('{{pct p}} {{pct p decimals=2 fixed=true}} {{pct q fixed=true}}', { p: M(100), q: M('42.6') })).toBe('100% 100.00% 42.60%');
    expect(render('{{pct (share a b) decimals=3}}', { a: M(1), b: M(3) })).toBe('33.333%');
  });

  it('diff and delta follow the format, delta names its unit', () => {
    const c = { direction: 'down', diff: M('-333.42'), base: 'budget' };
    expect(render('{{diff c}}', { c })).toBe('333.42');
    expect(render('{{delta c}}', { c })).toBe('减少 333.42 万元');
    expect(render('{{delta c unit="元" thousands=true decimals=0}}', { c })).toBe('减少 3,334,200 元');
  });

  it('a bad hash option is a located template diagnostic, not a crash', () => {
    const bad = (source: string) => {
      try {
        render(source, { x: M(1) });
      } catch (e) {
        return [templateDiagnostic('narrative/p.hbs', e, source, 'zh'), templateDiagnostic('narrative/p.hbs', e, source, 'en')];
      }
      throw new Error('no error');
    };
    const [zh, en] = bad('第一行\n合计 {{money x decimals=9}} 万元');
    expect(zh).toMatchObject({ code: 'template.helper_argument', file: 'narrative/p.hbs', line: 2, column: 4 });
    expect(zh!.message).toBe('{{money}} 的选项 decimals=9 不可用：应为 0～6 的整数');
    expect(en!.message).toBe('{{money}}: decimals=9 is not allowed: use a whole number 0 to 6');
    expect(bad('{{money x unit="美元"}}')[0]).toMatchObject({ line: 1, column: 1, message: '{{money}} 的选项 unit="美元" 不可用：应为 元、万元 或 亿元' });
    expect(bad('\n\n  {{pct x digits=1}}')[1]).toMatchObject({ line: 3, column: 3, message: '{{pct}} has no option “digits”' });
  });
});
