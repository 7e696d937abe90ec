/**
 * Feeds a bulk query's top-level connections to the executor one page of
 * root objects at a time, so a large store is flattened in slices between
 * event-loop turns instead of as one giant result tree. The top-level
 * resolver is asked for an ordinary cursor page (first/after, not bulk mode)
 * so only one page of root objects exists at a time; everything below it runs
 * in bulk mode (every node of nested connections).
 */
import type { GraphQLResolveInfo } from "graphql";
import type { ResolverMap, SimContext } from "../store/core";
import type { PlanField } from "./plan";

interface ConnectionLike {
  edges?: unknown[];
  nodes?: unknown[];
  pageInfo?: { hasNextPage?: boolean; endCursor?: string | null };
}

export class RootPager {
  /** Set while a page executes: true if any top-level connection has nodes past this page. */
  hasMore = false;
  readonly rootQuery: ResolverMap;
  private readonly cursors = new Map<string | number, { after: string | null; done: boolean }>();
  /** The cursors as they were before the current page, for repeatPage(). */
  private saved = new Map<string | number, { after: string | null; done: boolean }>();

  constructor(
    base: ResolverMap,
    root: Map<string, PlanField>,
    private readonly pageSize: number,
  ) {
    // Prototype chain: fields domains add later are still found.
    const rootQuery = Object.create(base) as ResolverMap;
    for (const field of root.values()) {
      const original = base[field.fieldName];
      if (!field.connection || typeof original !== "function") continue;
      rootQuery[field.fieldName] = async (args: Record<string, unknown>, context: SimContext, info: GraphQLResolveInfo) => {
        const state = this.cursors.get(info.path.key) ?? { after: null, done: false };
        this.cursors.set(info.path.key, state);
        if (state.done) return { edges: [], nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null } };
        const pageArgs = { ...args, first: Math.min(this.pageSize, 250), after: state.after, last: null, before: null }; // 250: Shopify's page-size cap outside bulk mode
        const page = ((await original(pageArgs, { ...context, bulk: false }, info)) ?? {}) as ConnectionLike;
        state.after = page.pageInfo?.endCursor ?? null;
        state.done = !page.pageInfo?.hasNextPage || state.after === null;
        if (!state.done) this.hasMore = true;
        return page;
      };
    }
    this.rootQuery = rootQuery;
  }

  /** Prepares the next page; call before executing it. */
  startPage(): void {
    this.hasMore = false;
    this.saved = new Map([...this.cursors].map(([key, state]) => [key, { ...state }]));
  }

  /** Makes the next execution return the same page of roots again (the next pass of its nested windows). */
  repeatPage(): void {
    this.hasMore = false;
    this.cursors.clear();
    for (const [key, state] of this.saved) this.cursors.set(key, { ...state });
  }
}
