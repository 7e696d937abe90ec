/**
 * Cursor pagination over a list of numeric record ids that materialises only
 * the requested page. Same contract as core's `connection()` (same cursor
 * encoding, same first/last rules, same pageInfo arithmetic) but safe for the
 * `large` preset, where copying 500k built nodes per page would be wasteful.
 */
import { SimUserError, decodeCursor, encodeCursor, type Connection, type ConnectionArgs, type SimContext } from "../core";

/** Pages `ids` (already in sort order) and builds nodes only for the page. */
export function lazyConnection<T>(
  ids: readonly number[],
  args: ConnectionArgs,
  context: SimContext,
  toNode: (id: number) => T,
  sortedAscending = false,
): Connection<T> {
  if (!context.bulk) {
    if (args.first == null && args.last == null) {
      // Shopify: "you must provide one of first or last" outside bulk operations.
      throw new SimUserError("you must provide one of first or last", "first");
    }
    if ((args.first ?? 0) > 250 || (args.last ?? 0) > 250) {
      // Shopify caps page size at 250 nodes per connection.
      throw new SimUserError("The maximum number of nodes per page is 250", "first");
    }
  }
  const reverse = Boolean(args.reverse);
  const total = ids.length;
  const at = (position: number): number => (reverse ? ids[total - 1 - position] : ids[position]);
  const positionOf = (key: string | number): number => {
    const id = Number(key);
    if (sortedAscending) {
      let lo = 0;
      let hi = total - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (ids[mid] === id) return reverse ? total - 1 - mid : mid;
        if (ids[mid] < id) lo = mid + 1;
        else hi = mid - 1;
      }
      return -1;
    }
    const index = ids.indexOf(id);
    return index < 0 ? -1 : reverse ? total - 1 - index : index;
  };

  let start = 0;
  let end = total;
  if (args.after) start = positionOf(decodeCursor(args.after)) + 1;
  if (args.before) {
    const index = positionOf(decodeCursor(args.before));
    if (index >= 0) end = index;
  }
  let hasNextPage = end < total;
  let hasPreviousPage = start > 0;
  if (!context.bulk && args.first != null && end - start > args.first) {
    end = start + args.first;
    hasNextPage = true;
  }
  if (!context.bulk && args.last != null && end - start > args.last) {
    start = end - args.last;
    hasPreviousPage = true;
  }
  const nodes: T[] = [];
  const edges: { cursor: string; node: T }[] = [];
  for (let position = start; position < end; position++) {
    const id = at(position);
    const node = toNode(id);
    nodes.push(node);
    edges.push({ cursor: encodeCursor(id), node });
  }
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/**
 * Remembers the last few id selections per (query, sortKey) until the store
 * changes: a bulk operation pages through the same selection hundreds of
 * times, and re-filtering 500k ids per page would dominate its run time.
 */
export class SelectionMemo<T> {
  private readonly entries = new Map<string, { version: number; value: T }>();

  constructor(private readonly limit = 8) {}

  get(key: string, version: number, compute: () => T): T {
    const hit = this.entries.get(key);
    if (hit && hit.version === version) return hit.value;
    const value = compute();
    this.entries.delete(key);
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { version, value });
    return value;
  }
}
