import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseYamlSource } from '../../src/source/yaml-source.js';
import { validateDepartment } from '../../src/model/validate.js';
import { loadCatalogue } from '../../src/catalogue/catalogue.js';
import { deriveFigures } from '../../src/figures/derive.js';
import { loadTemplateSet } from '../../src/templates/load.js';
import { documentFor } from '../../src/document/document-for.js';
import type { DocumentIR, Table } from '../../src/ir/types.js';

export const samplePath = fileURLToPath(new URL('../../data/hotan-social-insurance-2020.yaml', import.meta.url));
export const sampleText = readFileSync(samplePath, 'utf8');
export const referenceText = readFileSync(fileURLToPath(new URL('../fixtures/reference/hotan-social-insurance-2020.txt', import.meta.url)), 'utf8');

export function sampleData() {
  const { source } = parseYamlSource(samplePath, sampleText);
  const { data, diagnostics } = validateDepartment(source!);
  if (!data) throw new Error(JSON.stringify(diagnostics));
  return data;
}

export async function sampleFigures() {
  const data = sampleData();
  return deriveFigures(data, await loadCatalogue(2020));
}

export async function sampleDocument(): Promise<DocumentIR> {
  return documentFor(sampleData(), await loadTemplateSet());
}

/** The IR table that follows the heading with this title. */
export function tableAfter(doc: DocumentIR, title: string): Table {
  for (const s of doc.sections) {
    const i = s.blocks.findIndex((b) => b.kind === 'heading' && b.text === title);
    if (i >= 0) {
      const t = s.blocks.slice(i + 1).filter((b): b is Table => b.kind === 'table' && b.borders !== 'none')[0];
      if (t) return t;
    }
  }
  throw new Error(`no table ${title}`);
}

export const rowText = (t: Table): string[] =>
  t.rows.map((r) =>
    r
      .map((c) => c.text)
      .filter(Boolean)
      .join(' '),
  );
