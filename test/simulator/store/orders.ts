// STUB: replaced by the domain's implementation.
import type { CatalogDomain } from "./catalog";
import type { Domain, StoreCore } from "./core";
import type { CustomerDomain } from "./customers";

export function createOrderDomain(
  _core: StoreCore,
  _deps: { catalog: CatalogDomain; customers: CustomerDomain },
): Domain {
  return { name: "orders", query: {}, mutation: {}, nodeTypes: {} };
}
