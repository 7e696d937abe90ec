// STUB: replaced by the domain's implementation.
import type { Domain, StoreCore } from "./core";

export type MetaobjectDomain = Domain;

export function createMetaobjectDomain(_core: StoreCore): MetaobjectDomain {
  return { name: "metaobjects", query: {}, mutation: {}, nodeTypes: {} };
}
