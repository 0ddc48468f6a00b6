// The library versions the engine patches were written against and compared
// with the stock libraries (test/engines.test.ts). A patch reaches into a
// library's internals, which a minor release may rename or change: on any
// other installed version it is not applied.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type Library = 'pdfmake' | 'pdfkit' | 'fontkit' | 'docx' | 'handlebars';

export const TESTED_VERSIONS: Readonly<Record<Library, string>> = {
  pdfmake: '0.3.11',
  pdfkit: '0.19.1',
  fontkit: '2.0.4',
  docx: '9.15.2',
  handlebars: '4.7.10',
};

const here = createRequire(import.meta.url);
/** pdfkit and fontkit as pdfmake loads them (its own copies, if npm nested any) */
const fromPdfmake = () => createRequire(here.resolve('pdfmake'));
const fromPdfkit = () => createRequire(fromPdfmake().resolve('pdfkit'));

const entryOf: Record<Library, () => string> = {
  pdfmake: () => here.resolve('pdfmake'),
  pdfkit: () => fromPdfmake().resolve('pdfkit'),
  fontkit: () => fromPdfkit().resolve('fontkit'),
  docx: () => here.resolve('docx'),
  handlebars: () => here.resolve('handlebars'),
};

/** The package.json above a module's entry file whose name is the package's. */
function packageVersion(library: Library, entry: string): string | undefined {
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === library) return pkg.version;
    } catch {
      // no package.json at this level (or a partial one): go up
    }
  }
  return undefined;
}

/** The installed version of a library, as the renderers load it; undefined when not found. */
export function installedVersion(library: Library): string | undefined {
  try {
    return packageVersion(library, entryOf[library]());
  } catch {
    return undefined;
  }
}
