// Narrative blocks and tables → the one document IR, with the styles of the
// template set applied. Numbering (一、（一）表一) follows from order here, so
// inserting a section or a table renumbers the rest.
import type {
  Block,
  DocumentIR,
  FontFace,
  FontRole,
  Footer,
  Heading,
  Margins,
  Paragraph,
  Run,
  RunningHeader,
  Section,
  Table,
  TableOfContents,
  TocEntry,
} from '../ir/types.js';
import { packagedFaces } from '../fonts/packaged.js';
import { customFiles, isPackagedFace, type PackagedFaceName } from '../fonts/font-files.js';
import { ITEM_STYLES, type ItemStyle, type MarkupBlock } from '../narrative/markup.js';
import { aroundPageNumber, itemPrefix } from '../narrative/numbering.js';
import { chineseNumber } from '../narrative/format.js';
import type { Styles } from '../templates/load.js';

export interface TableInsert {
  /** 表一：, or '' for tables that carry no label (绩效目标表) */
  label: string;
  title: string;
  /** the title and the line above the table repeat at the top of each following page of its section */
  repeatTitle?: boolean | undefined;
  /** listed in the table of contents (the nine tables are; each 绩效目标表 is not) */

  inToc?: boolean;
  /** the table's text in the table of contents; default its title */
  tocText?: string | undefined;
  /** 编制部门：…, 单位：万元 — null where the form has no such line */
  info: { left: string; right: string } | null;
  table: Table;
  notes: string[];
  orientation: 'portrait' | 'landscape';
  /** this table's page margins (points), over the styles' table margins for its orientation */
  margins?: Partial<Margins> | undefined;
  /** false: follows the previous block on its page when the orientation is the same; default: a page of its own */
  newPage?: boolean | undefined;
  /** its pages' numbers (as a part's `pageNumbers`); default those of the part it stands in */
  pageNumbers?: PageNumbers | undefined;
}

/** true: the styles' footer; false: none; a text: the footer around {{n}}, e.g. 第{{n}}页 */
export type PageNumbers = boolean | string;

export interface PartInput {
  blocks: MarkupBlock[];
  /** true: starts a page; false: its part title does not start one; default: a page at each part title (`# `) */
  newPage?: boolean | undefined;
  pageNumbers?: PageNumbers | undefined;
  /** printed page numbers start at 1 again on its first page */
  restart?: boolean | undefined;
  orientation?: 'portrait' | 'landscape' | undefined;
  margins?: Partial<Margins> | undefined;
}

export interface TocInput {
  title: string;
  /** heading levels listed; default [1, 2] */
  levels?: readonly (1 | 2 | 3)[] | undefined;
  pageNumbers?: boolean | undefined;
  /** tables listed where they stand (under their part), after all parts' entries, or not at all */
  tables?: 'under_part' | 'after_parts' | 'none' | undefined;
  /** false: no footer on the 目录 pages */
  footer?: boolean | undefined;
  /** the index of the part the tables are listed under, wherever they print */
  tablesUnder?: number | undefined;
  /** after each table's entry (（附后）) */
  tablesSuffix?: string | undefined;
}

export interface AssembleInput {
  styles: Styles;
  meta: DocumentIR['meta'];
  /** null: no cover page */
  cover: MarkupBlock[] | null;
  /** null: no 目录 page; a string: its title (the defaults otherwise) */
  toc: TocInput | string | null;
  parts: (PartInput | MarkupBlock[])[];
  /** resolves a ::table directive to what it inserts */
  table: (id: string, arg: string | undefined, line: number) => TableInsert | null;
  /** the cover page's orientation; default portrait */
  coverOrientation?: 'portrait' | 'landscape' | undefined;
  /** printed page numbers count from the first page (the cover is 1) */
  numberFromFirstPage?: boolean | undefined;
}

const PDF_FILES = Object.fromEntries(Object.entries(packagedFaces).map(([name, f]) => [name, { regular: f.regular, bold: f.bold }])) as Record<
  PackagedFaceName,
  { regular: string; bold: string }
>;

function fontMap(styles: Styles): Record<FontRole, FontFace> {
  const face = (role: FontRole): FontFace => {
    const f = styles.fonts[role];
    // a bureau's own font file: characters it lacks come from a packaged face (serif unless `fallback:` says)
    if (!isPackagedFace(f.pdf)) {
      const { files, declaredAt } = customFiles(f.pdf);
      return { docxName: f.docx, pdf: files, fallback: PDF_FILES[f.fallback ?? 'serif'], ...(declaredAt ? { declaredAt } : {}) };
    }
    return { docxName: f.docx, pdf: PDF_FILES[f.pdf], fallback: PDF_FILES[f.fallback ?? packagedFaces[f.pdf].fallback] };
  };
  return { title: face('title'), heading: face('heading'), body: face('body'), kai: face('kai'), table: face('table') };
}

interface Geometry {
  orientation: 'portrait' | 'landscape';
  margins: Margins;
  footer: Footer | null;
}

const sameGeometry = (a: Geometry, b: Geometry): boolean => JSON.stringify(a) === JSON.stringify(b);

export function assemble(input: AssembleInput): DocumentIR {
  const { styles } = input;
  const S = styles.sizes;
  const pitch = styles.line_pitch;
  const footer: Footer = { before: styles.footer.before, after: styles.footer.after, font: 'body', size: S.footer, align: 'center' };
  const footerOf = (p: PageNumbers | undefined): Footer | null =>
    p === false ? null : typeof p === 'string' ? { ...footer, ...(aroundPageNumber(p) ?? {}) } : footer;
  const toc: TocInput | null = typeof input.toc === 'string' ? { title: input.toc } : input.toc;
  const tocLevels = toc?.levels ?? [1, 2];
  const tocTables = toc?.tables ?? 'under_part';
  const sections: Section[] = [];
  const tocEntries: { id: string; text: string; level: 1 | 2 | 3; table: boolean; part: number }[] = [];
  let partIndex = -1;
  let headingCount = 0;
  const nextId = () => `h${++headingCount}`;
  // the next section pushed starts the printed numbering again (a part's `restart`)
  let restartPending = false;

  const section = (id: string, geo: Geometry, blocks: Block[], opts: Partial<Section> = {}): Section => {
    const s: Section = { kind: 'section', id, page: { size: 'A4', orientation: geo.orientation }, margins: geo.margins, footer: geo.footer, blocks, ...opts };
    if (!restartPending) return s;
    restartPending = false;
    return { ...s, restartPageNumbers: true };
  };
  const portrait = (margins: Margins): Geometry => ({ orientation: 'portrait', margins, footer });

  const para = (runs: Run[] | string, extra: Partial<Paragraph> = {}): Paragraph => ({
    kind: 'paragraph',
    runs: typeof runs === 'string' ? [{ text: runs }] : runs,
    font: 'body',
    size: S.body,
    align: 'justify',
    firstLineIndentChars: 2,
    lineHeightPt: pitch,
    ...extra,
  });

  // a table's heading passes its 目录 text (its title by default); a narrative heading may word its entry (`{toc: …}`)
  const heading = (level: 1 | 2 | 3, text: string, extra: Partial<Heading> = {}, tocText?: string, narrativeTocText?: string): Heading => {
    const h: Heading = {
      kind: 'heading',
      level,
      text,
      font: level === 1 ? 'title' : level === 2 ? 'heading' : 'kai',
      size: level === 1 ? S.part_title : S.heading,
      align: level === 1 ? 'center' : 'left',
      lineHeightPt: level === 1 ? Math.max(pitch, S.part_title * 1.5) : pitch,
      toc: tocLevels.includes(level),
      id: nextId(),
      ...(level === 1 ? { spaceAfterPt: pitch / 2 } : {}),
      ...extra,
    };
    if (h.toc) tocEntries.push({ id: h.id, text: tocText ?? narrativeTocText ?? h.text, level, table: tocText !== undefined, part: partIndex });
    return h;
  };

  if (input.cover)
    sections.push(
      section(
        'cover',
        input.coverOrientation === 'landscape'
          ? { orientation: 'landscape', margins: styles.page.landscape_margins, footer: null }
          : portrait(styles.page.margins),
        input.cover.map((b) =>
          b.kind === 'styled' && b.style === 'cover-year'
            ? para(b.text, { font: 'title', size: S.cover_year, align: 'center', firstLineIndentChars: 0, lineHeightPt: S.cover_year * 2.4 })
            : para('text' in b ? b.text : '', {
                font: 'title',
                size: S.cover_title,
                align: 'center',
                firstLineIndentChars: 0,
                lineHeightPt: S.cover_title * 2,
              }),
        ),
        { footer: null, verticalAlign: 'center' },
      ),
    );
  // the 目录's entries are known once every part is assembled
  const tocAt = toc ? sections.push(section('toc', portrait(styles.page.margins), [], toc.footer === false ? { footer: null } : {})) - 1 : -1;

  // A section is open while blocks can still join its page run: a narrative
  // one takes the next narrative blocks of the same geometry, a table's takes
  // only tables that say `new_page: false`.
  let open: { geo: Geometry; blocks: Block[]; owner: 'narrative' | 'table'; header?: RunningHeader } | null = null;
  const flush = () => {
    if (open?.blocks.length) sections.push(section(`s${sections.length}`, open.geo, open.blocks, open.header ? { runningHeader: open.header } : {}));
    open = null;
  };
  for (const raw of input.parts) {
    partIndex++;
    const part: PartInput = Array.isArray(raw) ? { blocks: raw } : raw;
    const orientation = part.orientation ?? 'portrait';
    const base = orientation === 'portrait' ? styles.page.margins : styles.page.landscape_margins;
    const geo: Geometry = { orientation, margins: part.margins ? { ...base, ...part.margins } : base, footer: footerOf(part.pageNumbers) };
    const add = (b: Block) => {
      if (!open || open.owner !== 'narrative' || !sameGeometry(open.geo, geo)) {
        flush();
        open = { geo, blocks: [], owner: 'narrative' };
      }
      open.blocks.push(b);
    };
    if (part.newPage === true || part.restart) flush();
    if (part.restart) restartPending = true;
    let sectionNo = 0;
    let subNo = 0;
    // list numbering: per style, the level of the heading the list began under;
    // a heading of that level or above ends the list
    const lists = new Map<ItemStyle, { n: number; under: number }>();
    let headingLevel = 0;
    const endLists = (level: number) => {
      headingLevel = level;
      for (const [style, c] of lists) if (c.under >= level) lists.delete(style);
    };
    for (const b of part.blocks) {
      switch (b.kind) {
        case 'part':
          if (part.newPage !== false) flush();
          sectionNo = 0;
          endLists(1);
          add(heading(1, b.text, b.noToc ? { toc: false } : {}, undefined, b.tocText));
          break;
        case 'section':
          subNo = 0;
          endLists(2);
          {
            const number = b.unnumbered ? '' : `${chineseNumber(++sectionNo)}、`;
            add(heading(2, `${number}${b.text}`, b.noToc ? { toc: false } : {}, undefined, b.tocText === undefined ? undefined : `${number}${b.tocText}`));
          }
          break;
        case 'subsection':
          endLists(3);
          {
            const number = b.unnumbered ? '' : `（${chineseNumber(++subNo)}）`;
            add(heading(3, `${number}${b.text}`, b.noToc ? { toc: false } : {}, undefined, b.tocText === undefined ? undefined : `${number}${b.tocText}`));
          }
          break;
        case 'item': {
          const c = lists.get(b.style) ?? { n: 0, under: headingLevel };
          c.n++;
          lists.set(b.style, c);
          // an item of an outer list begins the inner lists anew: 一、（一）（二） 二、（一）
          for (const inner of ITEM_STYLES.slice(ITEM_STYLES.indexOf(b.style) + 1)) lists.delete(inner);
          add(para(`${itemPrefix(b.style, c.n)}${b.text}`));
          break;
        }
        case 'restart':
          for (const style of b.styles.length ? b.styles : ITEM_STYLES) lists.delete(style);
          break;
        case 'paragraph':
          add(para(b.text));
          break;
        case 'styled':
          add(b.style === 'signature' ? para(b.text, { align: 'right', firstLineIndentChars: 0 }) : para(b.text, { firstLineIndentChars: 0 }));
          break;
        case 'table': {
          const t = input.table(b.id, b.arg, b.line);
          if (!t) break;
          const cur = open as { geo: Geometry; blocks: Block[] } | null;
          if (t.newPage === false && cur && cur.geo.orientation === t.orientation) {
            cur.blocks.push(...tableBlocks(t, pitch));
            break;
          }
          flush();
          const margins = tableMargins(t.orientation, t.margins);
          open = {
            geo: { orientation: t.orientation, margins, footer: t.pageNumbers === undefined ? geo.footer : footerOf(t.pageNumbers) },
            blocks: tableBlocks(t),
            owner: 'table',
            ...(t.repeatTitle ? { header: { title: t.title, titleSize: S.table_title, ...(t.info ? { info: { ...t.info, size: S.table_info } } : {}) } } : {}),
          };
          break;
        }
      }
    }
  }
  flush();

  if (toc) {
    const suffix = toc.tablesSuffix ?? '';
    const listed = tocEntries.filter((e) => (e.table ? tocTables !== 'none' : true)).map((e) => (e.table && suffix ? { ...e, text: `${e.text}${suffix}` } : e));
    const top = Math.min(...tocLevels) as 1 | 2 | 3;
    let ordered = listed;
    if (toc.tablesUnder !== undefined && tocTables !== 'none') {
      // the tables' entries follow the last entry of the named part, one level below its title
      const under = toc.tablesUnder;
      const rest = listed.filter((e) => !e.table);
      const tables = listed.filter((e) => e.table).map((e) => ({ ...e, level: Math.min(3, top + 1) as 1 | 2 | 3 }));
      const after = rest.reduce((at, e, i) => (e.part <= under ? i + 1 : at), 0);
      ordered = [...rest.slice(0, after), ...tables, ...rest.slice(after)];
    } else if (tocTables === 'after_parts') ordered = [...listed.filter((e) => !e.table), ...listed.filter((e) => e.table).map((e) => ({ ...e, level: top }))];
    const entries: TocEntry[] = ordered.map(tocEntry);
    const block: TableOfContents = {
      kind: 'toc',
      title: toc.title,
      levels: [...tocLevels],
      font: 'body',
      size: S.body,
      lineHeightPt: pitch,
      entries,
      ...(toc.pageNumbers === false ? { pageNumbers: false } : {}),
    };
    sections[tocAt] = { ...sections[tocAt]!, blocks: [block] };
  }

  function tableMargins(o: 'portrait' | 'landscape', own?: Partial<Margins>): Margins {
    const base = o === 'portrait' ? styles.page.table_margins : styles.page.landscape_margins;
    return own ? { ...base, ...own } : base;
  }

  /** `spaceBefore`: a table running on after other blocks keeps a line's distance from them */
  function tableBlocks(t: TableInsert, spaceBefore?: number): Block[] {
    const out: Block[] = [];
    const gap = spaceBefore ? { spaceBeforePt: spaceBefore } : {};
    if (t.label) out.push(para(t.label, { font: 'heading', size: S.heading, align: 'left', firstLineIndentChars: 0, ...gap }));
    const listed = (t.inToc ?? true) && tocTables !== 'none';
    out.push(
      heading(
        2,
        t.title,
        // the outline names a table as its page does: label and title (表一：部门收支总体情况表)
        { font: 'title', size: S.table_title, align: 'center', spaceAfterPt: 6, toc: listed, ...(t.label ? { outlineText: `${t.label}${t.title}` } : gap) },
        t.tocText ?? t.title,
      ),
    );
    if (t.info)
      out.push({
        kind: 'table',
        columns: [{ width: 3 }, { width: 1 }],
        headerRows: 0,
        borders: 'none',
        rows: [
          [
            { text: t.info.left, align: 'left' },
            { text: t.info.right, align: 'right' },
          ],
        ],
        font: 'table',
        size: S.table_info,
      });
    out.push(t.table);
    for (const n of t.notes)
      out.push(para(n, { font: 'table', size: S.table_info, firstLineIndentChars: 0, lineHeightPt: S.table_info * 1.8, spaceBeforePt: 6 }));
    return out;
  }

  return { kind: 'document', meta: input.meta, fonts: fontMap(styles), sections, ...(input.numberFromFirstPage ? { numberFromFirstPage: true } : {}) };
}

function tocEntry(e: { id: string; text: string; level: 1 | 2 | 3 }): TocEntry {
  return { headingId: e.id, text: e.text, level: e.level };
}
