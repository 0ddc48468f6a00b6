// 人员经费 or 公用经费: by the 经济分类 类 (301, 303: 人员经费), unless the data
// splits a 款 between them (302 99 其他商品和服务支出 is often part of both).
import type { Catalogue } from '../catalogue/catalogue.js';
import { ZERO, type Money } from '../model/money.js';

/** The 人员经费 part of a 款 row: as split in the data, else all of it or none by its 类. */
export const personnelPart = (e: { code: string; amount: Money; personnel?: Money | undefined }, cat: Catalogue): Money =>
  e.personnel ?? (cat.isPersonnel(e.code) ? e.amount : ZERO);
