// STUB: replaced by the domain's implementation.
import type { Domain, StoreCore } from "./core";

export type ThemeDomain = Domain;

export function createThemeDomain(_core: StoreCore): ThemeDomain {
  return { name: "themes", query: {}, mutation: {}, nodeTypes: {} };
}
