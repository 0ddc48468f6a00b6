// A code no catalogue knows but whose data row gives `name:` prints that name
// everywhere (表七's 项 and its 款 prefix too), not only in the row itself.
// The checks see the catalogue without these names: they warn about them.
import type { DepartmentData } from '../model/schema.js';
import type { Catalogue } from './catalogue.js';

export function withDataNames(cat: Catalogue, data: DepartmentData): Catalogue {
  const functional = new Map<string, string>();
  const economic = new Map<string, string>();
  const units = data.units ?? [];
  for (const r of [...data.expenditure, ...units.flatMap((u) => u.expenditure)]) if (r.name && !cat.functionalName(r.code)) functional.set(r.code, r.name);
  for (const r of [...data.basic_by_economic, ...units.flatMap((u) => u.basic_by_economic)])
    if (r.name && !cat.economicName(r.code)) economic.set(r.code, r.name);
  if (!functional.size && !economic.size) return cat;
  return {
    ...cat,
    functionalName: (code) => cat.functionalName(code) ?? functional.get(code),
    economicName: (code) => cat.economicName(code) ?? economic.get(code),
  };
}
