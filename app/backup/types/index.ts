/** Every record type module, in restore-friendly order (definitions before values). */
import type { DataType } from "~/services/settings";
import { collections } from "./collections";
import { articles, blogs, menus, pages, redirects } from "./content";
import { customers } from "./customers";
import { inventory } from "./inventory";
import { metafieldDefinitions, metaobjects } from "./metaobjects";
import type { RecordTypeModule } from "./module";
import { orders } from "./orders";
import { products, variantMetafields } from "./products";
import { shop } from "./shop";
import { themes } from "./themes";

export type { CanonicalRecord, FetchContext, RecordTypeModule } from "./module";

export const RECORD_TYPE_MODULES: readonly RecordTypeModule[] = [
  shop,
  metafieldDefinitions,
  metaobjects,
  products,
  variantMetafields,
  collections,
  inventory,
  customers,
  orders,
  pages,
  blogs,
  articles,
  redirects,
  menus,
  themes,
];

/** Modules switched on by the shop's data-type settings. */
export function modulesFor(dataTypes: readonly DataType[]): RecordTypeModule[] {
  return RECORD_TYPE_MODULES.filter((module) => dataTypes.includes(module.dataType));
}
