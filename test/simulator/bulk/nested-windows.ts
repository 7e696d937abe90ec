/**
 * Writes a page's nested connections in windows. A bulk query's nested
 * connection can hold very many nodes (one location's inventory levels on the
 * `large` store: ~200k); resolving them as one GraphQL result held gigabytes
 * and blocked the simulator's event loop for minutes, so its HTTP server timed
 * out the app's requests. Instead the writer executes the same page of roots
 * in passes: pass 0 writes the roots and the first window of every nested
 * connection, each later pass only the next window of those that have more.
 *
 * Nested connections are leaves (bulk queries nest connections two deep at
 * most, plan.ts), so a window never strands children of its own, and the
 * response path of a nested connection is the same in every pass of a page
 * (the roots repeat in the same order). Windows apply only when objects are
 * not grouped (2026-01+ default): ungrouped output promises no order beyond
 * "parents may follow children", which is what readers join by __parentId.
 */
import { defaultFieldResolver, getNamedType, type GraphQLFieldResolver, type GraphQLResolveInfo } from "graphql";
import { isConnectionType } from "../graphql/selection";
import type { SimContext } from "../store/core";

/** Nodes per nested connection per pass. */
export const NESTED_WINDOW = 5000;

const DONE = -1;
const EMPTY_CONNECTION = {
  edges: [],
  nodes: [],
  pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
};

export class NestedWindows {
  /** Response path of a nested connection → offset of its next window, or DONE. */
  private readonly next = new Map<string, number>();
  /** Set during a pass: some nested connection has nodes past its window. */
  more = false;

  constructor(private readonly limit = NESTED_WINDOW) {}

  /** A new page of roots: every nested connection starts at its first node. */
  startPage(): void {
    this.next.clear();
    this.more = false;
  }

  startPass(): void {
    this.more = false;
  }

  readonly fieldResolver: GraphQLFieldResolver<unknown, SimContext> = (source, args, context, info) => {
    if (!isNestedConnection(info)) return defaultFieldResolver(source, args, context, info);
    const key = pathKey(info.path);
    const offset = this.next.get(key) ?? 0;
    if (offset === DONE) return EMPTY_CONNECTION;
    // A resolver that builds its list without `connection()` never reports: all its nodes came now.
    this.next.set(key, DONE);
    const bulkWindow = {
      offset,
      limit: this.limit,
      report: (hasMore: boolean) => {
        this.next.set(key, hasMore ? offset + this.limit : DONE);
        if (hasMore) this.more = true;
      },
    };
    return defaultFieldResolver(source, args, { ...context, bulkWindow }, info);
  };
}

/** A connection field below a node of another connection (its path passes through a list index). */
function isNestedConnection(info: GraphQLResolveInfo): boolean {
  if (!isConnectionType(getNamedType(info.returnType))) return false;
  for (let at = info.path.prev; at; at = at.prev) if (typeof at.key === "number") return true;
  return false;
}

function pathKey(path: GraphQLResolveInfo["path"]): string {
  const keys: (string | number)[] = [];
  for (let at: GraphQLResolveInfo["path"] | undefined = path; at; at = at.prev) keys.push(at.key);
  return keys.reverse().join(".");
}
