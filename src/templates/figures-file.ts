// figures.yaml of a template set: the choices provinces make differently about
// what a figure covers, so a bureau states them once for all its departments.
//   fiscal_sources: [general_budget, government_fund]   # 财政拨款 = these income sources
//   operating_costs_scope: [行政, 参公]                   # 机关运行经费 = 公用经费 of units of these types
import { z } from 'zod';
import { fundSources } from '../model/schema.js';
import type { FigureOptions } from '../figures/derive.js';

export const figuresFileSchema = z.strictObject({
  fiscal_sources: z.array(z.enum(fundSources)).min(1).optional(),
  operating_costs_scope: z.array(z.string().min(1)).min(1).optional(),
});

export type FiguresFile = z.infer<typeof figuresFileSchema>;

export const figureOptions = (f: FiguresFile | undefined | null): FigureOptions => ({
  ...(f?.fiscal_sources ? { fiscalSources: f.fiscal_sources } : {}),
  ...(f?.operating_costs_scope ? { operatingCostsScope: f.operating_costs_scope } : {}),
});
