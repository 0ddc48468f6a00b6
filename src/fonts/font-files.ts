// A bureau's own font files (licensed 仿宋_GB2312, 方正小标宋 …) named in
// styles.yaml: `pdf:` is either a packaged face or a TTF/OTF path relative to
// the template-set folder that holds that styles.yaml. Paths are checked when
// the set loads (inside the set, present, a font fontkit opens), so a typo is a
// located diagnostic and the renderer only ever sees files that open.
import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { tr, type Diagnostic, type Lang, type Place } from '../diagnostics/diagnostic.js';
import type { YamlSource } from '../source/yaml-source.js';

export const packagedFaceNames = ['serif', 'serif-bold', 'serif-black', 'sans', 'sans-bold', 'kai'] as const;
export type PackagedFaceName = (typeof packagedFaceNames)[number];

/** styles.yaml `fonts.<role>.pdf`: a packaged face, a font file, or a regular and a bold file. */
export const pdfFaceSchema = z.union([z.string().min(1), z.strictObject({ regular: z.string().min(1), bold: z.string().min(1).optional() })]);
export type PdfFaceSpec = z.infer<typeof pdfFaceSchema>;

/** A face's files after loading: absolute paths, and where styles.yaml names them (for warnings). */
export interface ResolvedFontFiles {
  readonly regular: string;
  readonly bold?: string;
  readonly declaredAt: Place;
}

export const isPackagedFace = (pdf: PdfFaceSpec): pdf is PackagedFaceName => typeof pdf === 'string' && (packagedFaceNames as readonly string[]).includes(pdf);

export const isResolvedFiles = (pdf: PdfFaceSpec): pdf is ResolvedFontFiles & PdfFaceSpec => typeof pdf === 'object' && 'declaredAt' in pdf;

const FONT_FILE = /\.(ttf|otf)$/i;

/** The parsed font, or why it cannot be used; fontkit (through the PDF renderer's cache) loads only when a set names a file. */
/** Why a font file does not open, in both languages (fontkit's own sentence, "Unknown font format", is not the clerk's). */
async function openCheck(path: string): Promise<[string, string] | null> {
  const { openFont } = await import('./font-cache.js');
  try {
    const font = openFont(path);
    // fontkit parses lazily: touch the tables the renderer reads (cmap, metrics)
    if (typeof font.hasGlyphForCodePoint !== 'function') return ['是字体集（.ttc），不是单个字体', 'it is a font collection (.ttc), not a single font'];
    font.hasGlyphForCodePoint(0x41);
    if (!(font.unitsPerEm > 0) || !Number.isFinite(font.ascent - font.descent)) return ['缺少字体度量数据', 'it has no usable metrics'];
    return null;
  } catch {
    return ['文件内容不是字体，或已损坏', 'its content is not a font, or is damaged'];
  }
}

/**
 * Checks and resolves every `pdf:` font file of the styles (in place: the
 * paths become absolute). `layerDir` is the template-set folder styles.yaml
 * is in; nothing outside it is read.
 */
export async function resolveStyleFonts(fonts: Record<string, { pdf: PdfFaceSpec }>, layerDir: string, source: YamlSource, lang: Lang): Promise<Diagnostic[]> {
  const problems: Diagnostic[] = [];
  let root: string;
  try {
    root = realpathSync(layerDir);
  } catch {
    root = resolve(layerDir);
  }
  const inside = (p: string) => {
    const rel = relative(root, p);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  };

  const one = async (rel: string, path: PropertyKey[]): Promise<string | null> => {
    const at = source.locate(path);
    const fail = (code: string, zh: string, en: string, hintZh: string, hintEn: string) => {
      problems.push({ severity: 'error', code, message: tr(lang, zh, en), hint: tr(lang, hintZh, hintEn), ...at });
      return null;
    };
    if (!FONT_FILE.test(rel))
      return fail(
        'template.invalid_value',
        `“${rel}”既不是内置字体，也不是 .ttf/.otf 字体文件`,
        `“${rel}” is neither a packaged face nor a .ttf/.otf font file`,
        `内置字体：${packagedFaceNames.join('、')}；或写模板集文件夹中的字体文件，例如 fonts/fangsong.ttf`,
        `packaged faces: ${packagedFaceNames.join(', ')}; or a font file in the template-set folder, e.g. fonts/fangsong.ttf`,
      );
    const abs = resolve(root, rel);
    if (isAbsolute(rel) || !inside(abs))
      return fail(
        'template.font_outside',
        `字体文件“${rel}”不在模板集文件夹 ${root} 之内，没有读取`,
        `font file “${rel}” is outside the template-set folder ${root}; not read`,
        '把字体文件放进模板集文件夹（例如 fonts/），再写相对路径',
        'put the font file into the template-set folder (e.g. fonts/) and give the path relative to it',
      );
    let real: string;
    try {
      real = realpathSync(abs);
      if (!statSync(real).isFile()) throw new Error('not a file');
    } catch {
      return fail(
        'template.font_missing',
        `找不到字体文件 ${rel}（${abs}）`,
        `font file ${rel} not found (${abs})`,
        '检查文件名和大小写，字体文件路径相对于 styles.yaml 所在的文件夹',
        'check the name and its case; the path is relative to the folder styles.yaml is in',
      );
    }
    // a link pointing out of the set is refused like a ../ path
    if (!inside(real))
      return fail(
        'template.font_outside',
        `字体文件“${rel}”链接到模板集文件夹之外（${real}），没有读取`,
        `font file “${rel}” links outside the template-set folder (${real}); not read`,
        '把字体文件本身复制进模板集文件夹',
        'copy the font file itself into the template-set folder',
      );
    const why = await openCheck(real);
    if (why !== null)
      return fail(
        'template.font_unreadable',
        `${rel} 不是可用的 TrueType/OpenType 字体：${why[0]}`,
        `${rel} is not a usable TrueType/OpenType font: ${why[1]}`,
        '用 .ttf 或 .otf 文件（字体集 .ttc 请先拆出单个字体）',
        'use a .ttf or .otf file (split a .ttc collection into single fonts first)',
      );
    return real;
  };

  for (const [role, face] of Object.entries(fonts)) {
    const spec = face.pdf;
    if (isPackagedFace(spec) || isResolvedFiles(spec)) continue;
    const base = ['fonts', role, 'pdf'];
    const regular = await one(typeof spec === 'string' ? spec : spec.regular, typeof spec === 'string' ? base : [...base, 'regular']);
    const bold = typeof spec === 'object' && spec.bold !== undefined ? await one(spec.bold, [...base, 'bold']) : undefined;
    if (regular === null || bold === null) continue;
    const resolved: ResolvedFontFiles = { regular, ...(bold ? { bold } : {}), declaredAt: source.locate(base) };
    face.pdf = resolved;
  }
  return problems;
}

/** The template-set folder a resolved styles.yaml path belongs to. */
export const layerOf = (stylesPath: string): string => dirname(stylesPath) + sep;

/** Files for a face that is not packaged (resolved by the loader, or given as paths by code). */
export function customFiles(pdf: Exclude<PdfFaceSpec, PackagedFaceName>): { files: { regular: string; bold?: string }; declaredAt?: Place } {
  if (typeof pdf === 'string') return { files: { regular: pdf } };
  const files = { regular: pdf.regular, ...(pdf.bold ? { bold: pdf.bold } : {}) };
  return isResolvedFiles(pdf) ? { files, declaredAt: pdf.declaredAt } : { files };
}
