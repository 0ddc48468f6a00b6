import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Block, Cell, DocumentIR, Section, Table } from '../src/ir/types.js';
import { renderDocx } from '../src/render/docx/index.js';
import { gridRows } from '../src/render/docx/table.js';
import { smallIR, TABLE_BODY_ROWS } from './fixtures/ir-small.js';

// Three header rows; row 1 has a rowSpan cell followed by colSpan cells, the
// case docx's own rowSpan handling can mis-merge.
//   | A (rs3) | B (cs5)                                 |
//   |         | C (rs2) | D (cs2)       | E (cs2)       |
//   |         |         | F   | G       | H   | I       |
const headerRows: Cell[][] = [
  [
    { text: '科目编码', rowSpan: 3 },
    { text: '本年预算', colSpan: 5 },
  ],
  [
    { text: '合计', rowSpan: 2 },
    { text: '基本支出', colSpan: 2 },
    { text: '项目支出', colSpan: 2 },
  ],
  [{ text: '人员' }, { text: '公用' }, { text: '专项' }, { text: '其他' }],
];
const BODY_ROWS = 60;
const bigTable: Table = {
  kind: 'table',
  columns: [{ width: 3 }, { width: 2 }, { width: 2 }, { width: 2 }, { width: 2 }, { width: 2 }],
  headerRows: 3,
  rows: [
    ...headerRows,
    ...Array.from({ length: BODY_ROWS }, (_, i) =>
      ['20801', '1.00', '2.00', '3.00', '4.00', '5.00'].map((t) => ({ text: `${t}${i}`, align: 'right' as const })),
    ),
  ],
  font: 'table',
  size: 10.5,
  rowHeightPt: 18,
};
// A cell merged both ways: its continuation cell must span two columns too.
const boxTable: Table = {
  kind: 'table',
  columns: [{ width: 1 }, { width: 1 }, { width: 1 }, { width: 1 }],
  headerRows: 1,
  rows: [
    [{ text: '甲', rowSpan: 2, colSpan: 2 }, { text: '乙' }, { text: '丙' }],
    [{ text: '丁' }, { text: '戊' }],
    [{ text: '己' }, { text: '庚', colSpan: 2 }, { text: '辛' }],
  ],
  font: 'table',
  size: 12,
};

// A run whose role differs from its paragraph's.
const kaiParagraph: Block = {
  kind: 'paragraph',
  runs: [{ text: '（一）' }, { text: '楷体小标题', font: 'kai', bold: true }],
  font: 'body',
  size: 16,
  align: 'left',
  firstLineIndentChars: 2,
  lineHeightPt: 28.95,
  keepWithNext: true,
};

function testIR(): DocumentIR {
  const base = smallIR();
  const sections: Section[] = base.sections.map((s): Section => {
    if (s.id === 'part1') return { ...s, blocks: [...s.blocks, { kind: 'pageBreak' }, bigTable] };
    if (s.id === 'part2') return { ...s, blocks: [...s.blocks, kaiParagraph, boxTable] };
    return s;
  });
  return { ...base, sections };
}

const headingPages = { 'h-part1': 1, 'h-duties': 1, 'h-tables': 2, 'h-part2': 7 };

const count = (s: string, re: RegExp): number => (s.match(re) ?? []).length;
// the IR's tables: the cover's centring cell (one row of exact height) is not one of them
const tables = (xml: string): string[] => (xml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? []).filter((t) => !/<w:trHeight [^>]*w:hRule="exact"/.test(t));
const rowsOf = (tbl: string): string[] => tbl.match(/<w:tr>[\s\S]*?<\/w:tr>/g) ?? [];
const cellsOf = (tr: string): string[] => tr.match(/<w:tc>[\s\S]*?<\/w:tc>/g) ?? [];
const spanOf = (tc: string): number => Number(/<w:gridSpan w:val="(\d+)"/.exec(tc)?.[1] ?? 1);
const vMergeOf = (tc: string): 'restart' | 'continue' | undefined =>
  /<w:vMerge w:val="restart"\/>/.test(tc) ? 'restart' : /<w:vMerge(?: w:val="continue")?\/>/.test(tc) ? 'continue' : undefined;

let ir: DocumentIR;
let bytes: Uint8Array;
let files: Record<string, Uint8Array>;
let documentXml: string;

beforeAll(async () => {
  ir = testIR();
  bytes = await renderDocx(ir, { headingPages });
  files = unzipSync(bytes);
  documentXml = strFromU8(files['word/document.xml']!);
});

describe('renderDocx', () => {
  it('writes the eastAsia fonts of every role and zh-CN', () => {
    const styles = strFromU8(files['word/styles.xml']!);
    for (const role of Object.values(ir.fonts)) expect(styles + documentXml).toContain(`w:eastAsia="${role.docxName}"`);
    expect(styles).toContain('w:hint="eastAsia"');
    expect(styles).toMatch(/<w:lang [^>]*w:eastAsia="zh-CN"/);
  });

  it('gives every text its face and size through a text style, runs carrying only what differs', () => {
    const styles = strFromU8(files['word/styles.xml']!);
    const styleOf = new Map<string, { font?: string; size?: string }>();
    for (const m of styles.matchAll(/<w:style w:type="paragraph" w:styleId="(Text\w+)"[^>]*>([\s\S]*?)<\/w:style>/g)) {
      styleOf.set(m[1]!, { font: /w:eastAsia="([^"]+)"/.exec(m[2]!)?.[1], size: /<w:sz w:val="(\d+)"/.exec(m[2]!)?.[1] });
    }
    // The face and size each piece of text ends up in: its run's own, else its paragraph style's.
    const effective = new Map<string, { font?: string; size?: string }>();
    for (const p of documentXml.match(/<w:p>[\s\S]*?<\/w:p>/g) ?? []) {
      const style = styleOf.get(/<w:pStyle w:val="(\w+)"\/>/.exec(p)?.[1] ?? '');
      for (const r of p.match(/<w:r>[\s\S]*?<\/w:r>/g) ?? []) {
        const t = /<w:t[^>]*>([^<]*)<\/w:t>/.exec(r)?.[1];
        if (!t || !style) continue;
        effective.set(t, { font: /w:eastAsia="([^"]+)"/.exec(r)?.[1] ?? style.font, size: /<w:sz w:val="(\d+)"/.exec(r)?.[1] ?? style.size });
      }
    }
    expect(effective.get('楷体小标题')).toEqual({ font: ir.fonts.kai.docxName, size: '32' });
    expect(effective.get('（一）')).toEqual({ font: ir.fonts.body.docxName, size: '32' });
    expect(effective.get('基本支出')).toEqual({ font: ir.fonts.table.docxName, size: '21' });
    expect(effective.get('戊')).toEqual({ font: ir.fonts.table.docxName, size: '24' });
    // Table cells and body runs no longer repeat the fonts: only headings, the TOC title and the 楷体 run do.
    expect(count(documentXml, /<w:rFonts /g)).toBeLessThan(40);
  });

  it('writes one section per IR section, landscape where asked, the cover centred', () => {
    const sects = documentXml.match(/<w:sectPr>[\s\S]*?<\/w:sectPr>/g) ?? [];
    expect(sects).toHaveLength(ir.sections.length);
    expect(sects[0]).toContain('<w:vAlign w:val="center"/>');
    expect(sects[1]).toContain('<w:pgNumType w:start="1"/>');
    expect(count(documentXml, /w:start="/g)).toBe(1);
    const last = sects[sects.length - 1]!;
    expect(last).toContain('w:orient="landscape"');
    expect(last).toContain('<w:pgSz w:w="16838" w:h="11906"');
    expect(sects[2]).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
  });

  it('puts a PAGE field between the IR footer text, and none on the cover', () => {
    const footers = Object.keys(files)
      .filter((n) => /^word\/footer\d+\.xml$/.test(n))
      .map((n) => strFromU8(files[n]!));
    const numbered = footers.filter((f) => /PAGE/.test(f));
    expect(numbered).toHaveLength(ir.sections.filter((s) => s.footer).length);
    for (const f of numbered) expect(f).toMatch(/>- <\/w:t>[\s\S]*PAGE[\s\S]*> -<\/w:t>/);
    // The cover's footer part is empty.
    const coverRel = /<w:sectPr>[\s\S]*?<w:footerReference w:type="default" r:id="(\w+)"/.exec(documentXml)![1];
    const rels = strFromU8(files['word/_rels/document.xml.rels']!);
    const target = new RegExp(`Id="${coverRel}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${coverRel}"`).exec(rels)!;
    expect(strFromU8(files[`word/${target[1] ?? target[2]}`]!)).not.toMatch(/PAGE/);
  });

  it('writes paragraph layout: justify, first-line indent in characters, exact pitch, keep with next', () => {
    expect(documentXml).toContain('<w:ind w:firstLine="640" w:firstLineChars="200"/><w:jc w:val="both"/>');
    expect(documentXml).toContain('w:line="579" w:lineRule="exact"');
    expect(documentXml).toMatch(/<w:keepNext\/>[^]*?<w:t xml:space="preserve">（一）<\/w:t>/);
    expect(documentXml).toMatch(/w:eastAsia="楷体_GB2312"[^]*?<w:b\/>[^]*?楷体小标题/);
  });

  it('uses heading styles with bookmarks named after the heading ids', () => {
    expect(documentXml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(documentXml).toContain('<w:pStyle w:val="Heading2"/>');
    expect(documentXml).toContain('w:name="_Toc_h_part1"');
    expect(documentXml).toContain('w:name="_Toc_h_duties"');
  });

  it('writes a TOC field whose cached entries carry the given page numbers', () => {
    expect(documentXml).toMatch(/<w:instrText[^>]*>TOC [^<]*\\o &quot;1-2&quot;/);
    const sdt = /<w:sdt>[\s\S]*?<\/w:sdt>/.exec(documentXml)![0];
    const entries = [...sdt.matchAll(/<w:t[^>]*>([^<]*)<\/w:t><w:tab\/><w:t[^>]*>(\d*)<\/w:t>/g)].map((m) => [m[1], m[2]]);
    expect(entries).toEqual([
      ['第一部分　单位概况', '1'],
      ['一、主要职能⋯', '1'],
      ['二、部门预算表', '2'],
      ['第二部分　横向表格', '7'],
    ]);
    // Right tab at the text width of the TOC's section, with dots.
    const width = 11906 - Math.round(ir.sections[1]!.margins.left * 20) - Math.round(ir.sections[1]!.margins.right * 20);
    expect(sdt).toContain(`<w:tab w:val="right" w:pos="${width}" w:leader="dot"/>`);
  });

  it('lists TOC entries without numbers when no page numbers are given', async () => {
    const xml = strFromU8(unzipSync(await renderDocx(ir))['word/document.xml']!);
    const sdt = /<w:sdt>[\s\S]*?<\/w:sdt>/.exec(xml)![0];
    expect(count(sdt, /<w:tab\/><w:t[^>]*><\/w:t>/g)).toBe(4);
  });

  it('writes each table cell once, with spans and vertical merges as the IR says', () => {
    const irTables = ir.sections.flatMap((s) => s.blocks.filter((b): b is Table => b.kind === 'table'));
    const xmlTables = tables(documentXml);
    expect(xmlTables).toHaveLength(irTables.length);
    irTables.forEach((t, ti) => {
      const xml = xmlTables[ti]!;
      const n = t.columns.length;
      expect(count(xml, /<w:gridCol /g)).toBe(n);
      expect(xml).toContain('<w:tblLayout w:type="fixed"/>');
      const rows = rowsOf(xml);
      expect(rows).toHaveLength(t.rows.length);
      // Expected counts straight from the IR's spans.
      const cells = t.rows.flat();
      const restarts = cells.filter((c) => (c.rowSpan ?? 1) > 1).length;
      const continues = cells.reduce((s, c) => s + Math.max(0, (c.rowSpan ?? 1) - 1), 0);
      const spans = cells.filter((c) => (c.colSpan ?? 1) > 1).length;
      const spannedContinues = cells.reduce((s, c) => s + ((c.colSpan ?? 1) > 1 ? Math.max(0, (c.rowSpan ?? 1) - 1) : 0), 0);
      expect(count(xml, /<w:vMerge w:val="restart"\/>/g)).toBe(restarts);
      expect(count(xml, /<w:vMerge(?: w:val="continue")?\/>/g)).toBe(continues);
      expect(count(xml, /<w:gridSpan w:val="\d+"\/>/g)).toBe(spans + spannedContinues);
      // Every row fills the grid exactly, and each continuation sits under a merge of the same width.
      const open = new Map<number, number>(); // column → span of the merge running down it
      rows.forEach((tr, r) => {
        let col = 0;
        for (const tc of cellsOf(tr)) {
          const span = spanOf(tc);
          const vm = vMergeOf(tc);
          if (vm === 'continue') expect(open.get(col), `table ${ti} row ${r} col ${col}`).toBe(span);
          else if (vm === 'restart') open.set(col, span);
          else open.delete(col);
          col += span;
        }
        expect(col, `table ${ti} row ${r}`).toBe(n);
        expect(tr.includes('<w:tblHeader/>'), `table ${ti} row ${r} header`).toBe(r < t.headerRows);
        expect(tr).toContain('<w:cantSplit/>');
      });
    });
    // The 3-row header: A restarts and continues twice, C restarts and continues once.
    const big = rowsOf(xmlTables[1]!);
    expect(cellsOf(big[1]!).map(vMergeOf)).toEqual(['continue', 'restart', undefined, undefined]);
    expect(cellsOf(big[2]!).map(vMergeOf)).toEqual(['continue', 'continue', undefined, undefined, undefined, undefined]);
    expect(cellsOf(big[1]!).map(spanOf)).toEqual([1, 1, 2, 2]);
    expect(big).toHaveLength(3 + BODY_ROWS);
    expect(rowsOf(xmlTables[0]!)).toHaveLength(2 + TABLE_BODY_ROWS);
  });

  it('gives table rows the minimum height and 0.5 pt borders', () => {
    const xml = tables(documentXml)[1]!;
    expect(count(xml, /<w:trHeight w:val="360" w:hRule="atLeast"\/>/g)).toBe(3 + BODY_ROWS);
    expect(xml).toMatch(/<w:insideV w:val="single" w:color="000000" w:sz="4"\/>/);
    expect(xml).toContain('<w:vAlign w:val="center"/>');
  });

  it('lays out merges on the grid without docx rowSpan', () => {
    const g = gridRows(boxTable);
    expect(g[1]!.map((c) => [c.kind, c.col, c.colSpan])).toEqual([
      ['continue', 0, 2],
      ['cell', 2, 1],
      ['cell', 3, 1],
    ]);
    expect(() => gridRows({ ...boxTable, rows: [[{ text: 'x' }]] })).toThrow(/cover 1 of 4/);
  });

  it('turns a page break into pageBreakBefore on the next paragraph', () => {
    expect(documentXml).toMatch(
      /<w:pageBreakBefore\/>[\s\S]{0,200}<w:pStyle w:val="Heading2"\/>|<w:pStyle w:val="Heading2"\/>[\s\S]{0,80}<w:pageBreakBefore\/>/,
    );
    expect(documentXml).not.toContain('w:type="page"');
  });

  it('keeps the empty paragraphs that carry a section break 1 pt high (the cover ends with its centring table too)', () => {
    expect(count(documentXml, /<w:p><w:pPr><w:sectPr>/g)).toBe(0);
    expect(
      count(
        documentXml,
        /<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"\/><w:rPr><w:sz w:val="2"\/><w:szCs w:val="2"\/><\/w:rPr><w:sectPr>/g,
      ),
    ).toBe(3);
  });

  it('pins core.xml to the IR date and metadata', () => {
    const core = strFromU8(files['docProps/core.xml']!);
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2020-03-01T00:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2020-03-01T00:00:00Z</dcterms:modified>');
    expect(core).toContain(`<dc:title>${ir.meta.title}</dc:title>`);
    expect(core).toContain(`<dc:creator>${ir.meta.author}</dc:creator>`);
    expect(core).toContain('<dc:language>zh-CN</dc:language>');
  });

  it('is byte-identical across renders and processes', async () => {
    const again = await renderDocx(testIR(), { headingPages });
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
    // Another process, another time zone: zip mtimes must not depend on either.
    const script = [
      `import { renderDocx } from ${JSON.stringify(fileURLToPath(new URL('../src/render/docx/index.ts', import.meta.url)))};`,
      `import { smallIR } from ${JSON.stringify(fileURLToPath(new URL('./fixtures/ir-small.ts', import.meta.url)))};`,
      `import { createHash } from 'node:crypto';`,
      `const b = await renderDocx(smallIR(), { headingPages: ${JSON.stringify(headingPages)} });`,
      `process.stdout.write(createHash('sha256').update(b).digest('hex'));`,
    ].join('\n');
    const run = (tz: string): string =>
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        env: { ...process.env, TZ: tz },
      }).toString();
    const here = (await import('node:crypto'))
      .createHash('sha256')
      .update(await renderDocx(smallIR(), { headingPages }))
      .digest('hex');
    expect(run('Asia/Shanghai')).toBe(here);
    expect(run('America/New_York')).toBe(here);
  }, 60_000);
});

describe('docx serialisation speedups', () => {
  it('prepare every component exactly as docx itself does', async () => {
    const { docxOriginals } = await import('../src/engines/docx-speedups.js');
    const docx = await import('docx');
    const ir = testIR();
    // a document with every kind of block the renderer writes
    const { sectionChildren } = await import('../src/render/docx/blocks.js');
    const { fontTable } = await import('../src/render/docx/fonts.js');
    const { TextStyles } = await import('../src/render/docx/text-styles.js');
    const fonts = fontTable(ir);
    const children = ir.sections.flatMap((s) =>
      sectionChildren(s.blocks, {
        fonts,
        text: new TextStyles(fonts),
        headingFaces: { 2: { font: 'heading', size: 16 } },
        sections: ir.sections,
        textWidthTwips: 9000,
        headingPages,
      }),
    );
    const proto = docx.XmlComponent.prototype as unknown as { prepForXml: (c: unknown) => unknown };
    const attrProto = docx.NextAttributeComponent.prototype as unknown as { prepForXml: (c: unknown) => unknown };
    const patched = { component: proto.prepForXml, attrs: attrProto.prepForXml };
    expect(patched.component).not.toBe(docxOriginals.component);
    const prepare = () => JSON.stringify(children.map((c) => (c as unknown as { prepForXml: (x: unknown) => unknown }).prepForXml({ stack: [] })));
    const ours = prepare();
    try {
      proto.prepForXml = docxOriginals.component as typeof proto.prepForXml;
      attrProto.prepForXml = docxOriginals.nextAttributes;
      expect(ours).toBe(prepare());
    } finally {
      proto.prepForXml = patched.component;
      attrProto.prepForXml = patched.attrs;
    }
    expect(ours.length).toBeGreaterThan(10_000);
  });
});

describe('heading styles', () => {
  it('carry the face most headings of their level have; a heading unlike them carries its own', async () => {
    const base = smallIR();
    const title: Block = { kind: 'heading', level: 2, text: '部门收支总体情况表', font: 'title', size: 18, align: 'center', toc: false, id: 'h-title' };
    const ir2: DocumentIR = { ...base, sections: base.sections.map((s) => (s.id === 'part2' ? { ...s, blocks: [...s.blocks, title] } : s)) };
    const zip = unzipSync(await renderDocx(ir2));
    const doc = strFromU8(zip['word/document.xml']!);
    const heading2 = /<w:style w:type="paragraph" w:styleId="Heading2"[^>]*>([\s\S]*?)<\/w:style>/.exec(strFromU8(zip['word/styles.xml']!))![1]!;
    expect(heading2).toContain(`w:eastAsia="${ir2.fonts.heading.docxName}"`);
    expect(heading2).toContain('<w:sz w:val="32"/>');
    const runOf = (text: string) => new RegExp(`<w:r>((?:(?!</w:r>)[\\s\\S])*?)<w:t[^>]*>${text}</w:t>`).exec(doc)![1]!;
    // the usual level-2 heading names nothing of its own
    expect(runOf('二、部门预算表')).not.toContain('w:rFonts');
    expect(runOf('部门收支总体情况表')).toContain(`w:eastAsia="${ir2.fonts.title.docxName}"`);
    expect(runOf('部门收支总体情况表')).toContain('<w:sz w:val="36"/>');
  });
});

describe('line breaks in table cells', () => {
  it('are <w:br/>, not a newline inside the text (Word and LibreOffice read that as a space)', async () => {
    const base = smallIR();
    const goal: Table = {
      kind: 'table',
      columns: [{ width: 1 }, { width: 3 }],
      headerRows: 0,
      rows: [[{ text: '项目总体目标' }, { text: '确保参保人员人手一卡\n1、预计补换卡人数 20000 人；\n2、确保参保人员人手一卡' }]],
      font: 'table',
      size: 10.5,
    };
    const ir2: DocumentIR = { ...base, sections: base.sections.map((s) => (s.id === 'part2' ? { ...s, blocks: [...s.blocks, goal] } : s)) };
    const doc = strFromU8(unzipSync(await renderDocx(ir2))['word/document.xml']!);
    expect(doc).not.toMatch(/<w:t[^>]*>[^<]*\n/);
    expect(doc).toMatch(
      /确保参保人员人手一卡<\/w:t><\/w:r><w:r><w:br\/><w:t[^>]*>1、预计补换卡人数 20000 人；<\/w:t><\/w:r><w:r><w:br\/><w:t[^>]*>2、确保参保人员人手一卡<\/w:t>/,
    );
  });
});
