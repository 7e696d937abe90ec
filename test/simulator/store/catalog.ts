// STUB: replaced by the domain's implementation.
import type { Domain, StoreCore } from "./core";

export interface CatalogDomain extends Domain {
  productCount(): number;
  getProductSummary(index: number): ProductSummary | undefined;
}

export interface ProductSummary {
  id: number;
  title: string;
  variants: { id: number; sku: string; price: string; title: string }[];
}

export function createCatalogDomain(_core: StoreCore): CatalogDomain {
  return {
    name: "catalog",
    query: {},
    mutation: {},
    nodeTypes: {},
    productCount: () => 0,
    getProductSummary: () => undefined,
  };
}
