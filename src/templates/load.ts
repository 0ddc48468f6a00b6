// A template set: manifest, styles, narrative partials and table layouts.
// Sets are layered (built-in → bureau → department): a file in a later folder
// replaces the same-named file of an earlier one.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { layoutSchema, type TableLayout } from '../tables/layout-schema.js';
import { performanceLayoutSchema, type PerformanceLayout } from '../tables/performance.js';

export const builtinTemplates = fileURLToPath(new URL('../../templates/', import.meta.url));

export const manifestSchema = z.strictObject({
  cover: z.string(),
  toc: z.string(),
  parts: z.array(z.strictObject({ narrative: z.string() })).min(1),
  tables: z.array(z.string()),
});

const faceSchema = z.strictObject({ docx: z.string(), pdf: z.enum(['serif', 'serif-bold', 'sans', 'sans-bold']) });
const marginsSchema = z.strictObject({ top: z.number(), right: z.number(), bottom: z.number(), left: z.number() });
export const stylesSchema = z.strictObject({
  page: z.strictObject({ margins: marginsSchema, table_margins: marginsSchema, landscape_margins: marginsSchema }),
  fonts: z.strictObject({ title: faceSchema, heading: faceSchema, body: faceSchema, kai: faceSchema, table: faceSchema }),
  sizes: z.strictObject({
    cover_year: z.number(),
    cover_title: z.number(),
    part_title: z.number(),
    heading: z.number(),
    body: z.number(),
    table_title: z.number(),
    table: z.number(),
    table_info: z.number(),
    footer: z.number(),
  }),
  line_pitch: z.number().positive(),
  footer: z.strictObject({ before: z.string(), after: z.string() }),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type Styles = z.infer<typeof stylesSchema>;

export interface TemplateFile {
  path: string;
  text: string;
}

export interface TemplateSet {
  manifest: Manifest;
  styles: Styles;
  narratives: Record<string, TemplateFile>;
  tables: Record<string, { file: TemplateFile; layout: TableLayout }>;
  performance: { file: TemplateFile; layout: PerformanceLayout };
}

/** The last layer that has the file wins. */
export function resolveFile(layers: readonly string[], rel: string): string {
  for (let i = layers.length - 1; i >= 0; i--) {
    const p = join(layers[i]!, rel);
    if (existsSync(p)) return p;
  }
  return join(layers[0]!, rel);
}

async function readLayered(layers: readonly string[], rel: string): Promise<TemplateFile> {
  const path = resolveFile(layers, rel);
  return { path, text: await readFile(path, 'utf8') };
}

export async function loadTemplateSet(layers: readonly string[] = [builtinTemplates]): Promise<TemplateSet> {
  const manifestFile = await readLayered(layers, 'manifest.yaml');
  const manifest = manifestSchema.parse(parse(manifestFile.text));
  const styles = stylesSchema.parse(parse((await readLayered(layers, 'styles.yaml')).text));
  const narrativeNames = [manifest.cover, ...manifest.parts.map((p) => p.narrative)];
  const narratives: TemplateSet['narratives'] = {};
  for (const n of narrativeNames) narratives[n] = await readLayered(layers, `narrative/${n}.hbs`);
  const tables: TemplateSet['tables'] = {};
  for (const t of manifest.tables) {
    const file = await readLayered(layers, `tables/${t}.yaml`);
    tables[t] = { file, layout: layoutSchema.parse(parse(file.text)) };
  }
  const perfFile = await readLayered(layers, 'tables/performance.yaml');
  return {
    manifest,
    styles,
    narratives,
    tables,
    performance: { file: perfFile, layout: performanceLayoutSchema.parse(parse(perfFile.text)) },
  };
}
