// Every sample and template set's PDF is a valid file to an independent
// checker: qpdf --check passes and poppler reads every page without a syntax
// error (a print shop's preflight rejects what these reject).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { loadTemplateSet } from '../src/templates/load.js';
import { builtinTemplates } from '../src/templates/builtin.js';
import { popplerText, qpdfCheck, withPoppler, withQpdf } from './helpers/poppler.js';

const root = new URL('../', import.meta.url).pathname;
const documents = [
  { name: '2020 sample', file: 'data/hotan-social-insurance-2020.yaml', set: undefined },
  { name: 'street office (eastern set)', file: 'data/street-office-2025/street-office-2025.yaml', set: 'template-sets/eastern' },
  { name: 'twelve tables', file: 'template-sets/twelve-tables/sample-data.yaml', set: 'template-sets/twelve-tables' },
  { name: 'performance grid', file: 'template-sets/performance-grid/sample-data.yaml', set: 'template-sets/performance-grid' },
];

describe.runIf(withPoppler || withQpdf)('PDF files pass qpdf --check and read without syntax errors', () => {
  for (const d of documents) {
    it(
      d.name,
      async () => {
        const file = root + d.file;
        const templates = await loadTemplateSet(d.set ? [builtinTemplates, root + d.set] : [builtinTemplates]);
        const out = await build({ file, text: readFileSync(file, 'utf8'), templates, formats: ['pdf'] });
        expect(out.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
        const pdf = out.files[0]!.bytes;
        if (withQpdf) {
          const q = qpdfCheck(pdf);
          expect(q.report).toMatch(/No syntax or stream encoding errors/);
          expect(q.ok).toBe(true);
        }
        if (withPoppler) expect(popplerText(pdf).errors).toBe('');
      },
      60_000,
    );
  }
});
