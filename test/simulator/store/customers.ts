// STUB: replaced by the domain's implementation.
import type { Domain, StoreCore } from "./core";

export type CustomerDomain = Domain;

export function createCustomerDomain(_core: StoreCore): CustomerDomain {
  return { name: "customers", query: {}, mutation: {}, nodeTypes: {} };
}
