// 政府收支分类科目 of one year, as data: the names of codes and their levels.
// Table rows carry codes only; every printed name comes from here.
import { readFile } from 'node:fs/promises';
import { sep } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { projectPath } from '../project-root.js';

const catalogueSchema = z.strictObject({
  year: z.number().int(),
  functional: z.record(z.string().regex(/^(\d{3}|\d{5}|\d{7})$/), z.string()),
  not_in_summary: z.array(z.string()),
  economic: z.record(z.string().regex(/^(\d{3}|\d{5})$/), z.string()),
  personnel_classes: z.array(z.string()),
});
export type CatalogueData = z.infer<typeof catalogueSchema>;

export interface Catalogue {
  readonly year: number;
  functionalName(code: string): string | undefined;
  economicName(code: string): string | undefined;
  /** 功能分类 类 listed line by line in 表一 and 表四, in code order */
  summaryClasses(): readonly { code: string; name: string }[];
  isPersonnel(economicCode: string): boolean;
}

export function catalogueFrom(data: CatalogueData): Catalogue {
  const classes = Object.entries(data.functional)
    .filter(([code]) => code.length === 3 && !data.not_in_summary.includes(code))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, name]) => ({ code, name }));
  return {
    year: data.year,
    functionalName: (code) => data.functional[code],
    economicName: (code) => data.economic[code],
    summaryClasses: () => classes,
    isPersonnel: (code) => data.personnel_classes.includes(code.slice(0, 3)),
  };
}

export const catalogueDir = projectPath('data', 'catalogue') + sep;

const cache = new Map<number, Promise<Catalogue>>();

/** Catalogues are reference data shared by every department of a year: read once per process. */
export function loadCatalogue(year: number): Promise<Catalogue> {
  let c = cache.get(year);
  if (!c) {
    c = readFile(`${catalogueDir}${year}.yaml`, 'utf8').then((t) => catalogueFrom(catalogueSchema.parse(parse(t))));
    cache.set(year, c);
  }
  return c;
}
