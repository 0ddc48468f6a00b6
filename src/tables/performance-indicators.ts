// The template set's indicator catalogue (indicators.yaml): the standard 一级
// and 二级 indicator names per year, and what weights or scores must add up
// to. A 二级 name not in it is most often a typo; the checks suggest the
// nearest standard name.
import { z } from 'zod';

const names = z.array(z.string().min(1)).min(1);

export const indicatorCatalogueSchema = z.strictObject({
  /** the weights (权重) of one table's indicators add up to this, where they are given */
  weights_total: z.number().positive().optional(),
  /** the scores (分值) of one table's indicators add up to this, where they are given */
  scores_total: z.number().positive().optional(),
  /** year → 一级 → its 二级; a budget year uses the latest year not after it */
  years: z.record(z.string().regex(/^\d{4}$/), z.record(z.string().min(1), names)),
});
export type IndicatorCatalogue = z.infer<typeof indicatorCatalogueSchema>;

/** 一级 → 二级 of the latest catalogue year not after `year` (else the earliest), with that year. */
export function catalogueFor(cat: IndicatorCatalogue, year: number): { year: number; levels: Record<string, string[]> } | null {
  const years = Object.keys(cat.years)
    .map(Number)
    .sort((a, b) => a - b);
  if (!years.length) return null;
  const pick = [...years].reverse().find((y) => y <= year) ?? years[0]!;
  return { year: pick, levels: cat.years[String(pick)]! };
}
