// Font files that arrive with `npm install` (OFL): Noto Serif SC (TrueType, all of GBK)
// for the 宋/仿宋 roles and, in its Black weight, the closest open face to 小标宋;
// Noto Sans Hans (CFF) for 黑体; LXGW WenKai (a true 楷体, all of GBK) for 楷体.
// LXGW WenKai comes as WOFF only: its TrueType is unwrapped once, at install,
// into node_modules/.cache (src/fonts/derived-faces.ts).
import { join } from 'node:path';
import { derivedFace, pkgDir } from './derived-faces.js';
import type { PackagedFaceName } from './font-files.js';

export const packagedFonts = {
  serifRegular: join(pkgDir('@expo-google-fonts/noto-serif-sc'), '400Regular/NotoSerifSC_400Regular.ttf'),
  serifBold: join(pkgDir('@expo-google-fonts/noto-serif-sc'), '700Bold/NotoSerifSC_700Bold.ttf'),
  serifBlack: join(pkgDir('@expo-google-fonts/noto-serif-sc'), '900Black/NotoSerifSC_900Black.ttf'),
  sansRegular: join(pkgDir('@embedpdf/fonts-sc'), 'fonts/NotoSansHans-Regular.otf'),
  sansBold: join(pkgDir('@embedpdf/fonts-sc'), 'fonts/NotoSansHans-Bold.otf'),
  kaiRegular: derivedFace('kaiRegular'),
  kaiBold: derivedFace('kaiBold'),
} as const;

/**
 * The four faces every fallback chain ends in (they cover the glyph check's
 * fast path), the body and heading faces first: nearly every document sets
 * them. Batches share them between workers and the split build parses them early.
 */
export const packagedFontFiles: readonly string[] = [packagedFonts.serifRegular, packagedFonts.sansRegular, packagedFonts.serifBold, packagedFonts.sansBold];

/** The packaged files the built-in styles print titles and 楷体 in: parsed only when a role prints with them. */
export const packagedExtraFontFiles: readonly string[] = [packagedFonts.serifBlack, packagedFonts.kaiRegular, packagedFonts.kaiBold];

interface PackagedFace {
  readonly regular: string;
  readonly bold: string;
  /** the packaged face for characters this one lacks (styles.yaml `fallback:` overrides) */
  readonly fallback: 'serif' | 'sans';
}

/** styles.yaml `pdf:` names of the packaged faces and their files. */
export const packagedFaces: Readonly<Record<PackagedFaceName, PackagedFace>> = {
  serif: { regular: packagedFonts.serifRegular, bold: packagedFonts.serifBold, fallback: 'sans' },
  'serif-bold': { regular: packagedFonts.serifBold, bold: packagedFonts.serifBold, fallback: 'sans' },
  // Black is the weight nearest 方正小标宋's heavy strokes; it has no heavier bold
  'serif-black': { regular: packagedFonts.serifBlack, bold: packagedFonts.serifBlack, fallback: 'serif' },
  sans: { regular: packagedFonts.sansRegular, bold: packagedFonts.sansBold, fallback: 'serif' },
  'sans-bold': { regular: packagedFonts.sansBold, bold: packagedFonts.sansBold, fallback: 'serif' },
  // a 楷体 that lacks a rare symbol (‗ ‣ 〚 …) is closer to the serif than to the sans
  kai: { regular: packagedFonts.kaiRegular, bold: packagedFonts.kaiBold, fallback: 'serif' },
};
