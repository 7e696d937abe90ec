/**
 * Completes the nested connections of one paged / by-GID node: when a child
 * list says `hasNextPage`, the remaining children are read with follow-up
 * `node(id:)` queries on that parent and appended in order, so the node then
 * normalises exactly like the bulk path's record (which has no page limit).
 * Only one record's children are held at a time; requests go through the
 * shop's AdminClient, which waits on the throttle.
 */
import { BACKUP_MORE_METAFIELDS } from "~/shopify/queries/backup-selection";
import type { JsonObject } from "../normalise";
import type { FetchContext } from "./module";

/** Nested connection field → follow-up document (variables `$id`, `$after`; answer `node.<field>`). */
export type ChildPages = Readonly<Record<string, string>>;

/** Every backed-up owner type implements HasMetafields, so one document serves them all. */
export const METAFIELD_PAGES: ChildPages = { metafields: BACKUP_MORE_METAFIELDS };

interface Connection {
  edges: { node: unknown }[];
  pageInfo?: { hasNextPage?: boolean; endCursor?: string | null };
}

function asConnection(value: unknown): Connection | null {
  if (value === null || typeof value !== "object") return null;
  const edges = (value as JsonObject).edges;
  return Array.isArray(edges) ? (value as Connection) : null;
}

/** The node with every long nested connection of `pages` read to its end (a copy; the input is not changed). */
export async function completeChildPages(ctx: FetchContext, node: JsonObject, pages: ChildPages): Promise<JsonObject> {
  let out = node;
  for (const [field, document] of Object.entries(pages)) {
    const first = asConnection(node[field]);
    if (!first?.pageInfo?.hasNextPage) continue;
    const edges = [...first.edges];
    let pageInfo = first.pageInfo;
    while (pageInfo.hasNextPage) {
      // Without a cursor there is no way to continue; leave hasNextPage so the normaliser refuses the short list.
      if (!pageInfo.endCursor) break;
      const { data } = await ctx.client.request<{ node: JsonObject | null }>(document, { id: node.id, after: pageInfo.endCursor }, { signal: ctx.signal });
      const next = asConnection(data.node?.[field]);
      // The parent vanished between requests: keep hasNextPage so this record is refused, not stored short.
      if (!next) break;
      edges.push(...next.edges);
      pageInfo = next.pageInfo ?? { hasNextPage: false };
    }
    out = { ...out, [field]: { edges, pageInfo } };
  }
  return out;
}
