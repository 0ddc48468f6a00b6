// Font files that arrive with `npm install` (OFL): Noto Serif SC (TrueType, all of GBK)
// for the 宋/仿宋/楷/小标宋 roles and Noto Sans Hans (CFF) for 黑体.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
// Some font packages do not export package.json, so find the package folder on the resolve paths.
const pkgDir = (name: string): string => {
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = join(base, name);
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`font package ${name} is not installed (run npm install)`);
};

export const packagedFonts = {
  serifRegular: join(pkgDir('@expo-google-fonts/noto-serif-sc'), '400Regular/NotoSerifSC_400Regular.ttf'),
  serifBold: join(pkgDir('@expo-google-fonts/noto-serif-sc'), '700Bold/NotoSerifSC_700Bold.ttf'),
  sansRegular: join(pkgDir('@embedpdf/fonts-sc'), 'fonts/NotoSansHans-Regular.otf'),
  sansBold: join(pkgDir('@embedpdf/fonts-sc'), 'fonts/NotoSansHans-Bold.otf'),
} as const;

/** Every packaged file, the body and heading faces first: nearly every document sets them. */
export const packagedFontFiles: readonly string[] = [packagedFonts.serifRegular, packagedFonts.sansRegular, packagedFonts.serifBold, packagedFonts.sansBold];
