// STUB: replaced by the domain's implementation.
import type { Domain, StoreCore } from "./core";

export type ContentDomain = Domain;

export function createContentDomain(_core: StoreCore): ContentDomain {
  return { name: "content", query: {}, mutation: {}, nodeTypes: {} };
}
