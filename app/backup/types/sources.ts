/** Fetch strategies shared by record type modules: bulk, cursor paging and nodes(ids:). */
import { runBulkQuery } from "~/shopify/bulk-runner";
import { completeChildPages, type ChildPages } from "./child-pages";
import type { CanonicalRecord, FetchContext, Normaliser } from "./module";
import type { JsonObject } from "../normalise";

/** Every root of a bulk query, normalised. */
export async function* bulkRecords(ctx: FetchContext, name: string, document: string, normalise: Normaliser): AsyncGenerator<CanonicalRecord> {
  const run = runBulkQuery(ctx.client, document, { ...ctx.bulk, signal: ctx.signal });
  for await (const assembled of run) yield* normalise(assembled.record);
  ctx.onBulkRun?.(name, { records: run.stats.records, downloadedBytes: run.stats.downloadedBytes });
}

/** Raw nodes of a root connection, page by page (one page in memory). */
export async function* pagedNodes(
  ctx: FetchContext,
  document: string,
  root: string,
  pageSize: number,
  variables: Record<string, unknown> = {},
): AsyncGenerator<JsonObject> {
  let after: string | null = null;
  for (;;) {
    const answer: { data: Record<string, Connection> } = await ctx.client.request<Record<string, Connection>>(document, { ...variables, first: pageSize, after }, { signal: ctx.signal });
    const connection: Connection = answer.data[root];
    for (const edge of connection.edges) yield edge.node;
    if (!connection.pageInfo.hasNextPage) return;
    after = connection.pageInfo.endCursor;
  }
}

/** Normalised records of a root connection through cursor paging; `children` names the nested connections to read to their end. */
export async function* pagedRecords(
  ctx: FetchContext,
  document: string,
  root: string,
  pageSize: number,
  normalise: Normaliser,
  variables: Record<string, unknown> = {},
  children: ChildPages = {},
): AsyncGenerator<CanonicalRecord> {
  for await (const node of pagedNodes(ctx, document, root, pageSize, variables)) yield* normalise(await completeChildPages(ctx, node, children));
}

/** Records of the given GIDs via nodes(ids:), `batch` ids per request; `children` as for pagedRecords. */
export async function* byIdRecords(
  ctx: FetchContext,
  document: string,
  ids: string[],
  batch: number,
  normalise: Normaliser,
  children: ChildPages = {},
): AsyncGenerator<CanonicalRecord> {
  for (let i = 0; i < ids.length; i += batch) {
    const { data } = await ctx.client.request<{ nodes: (JsonObject | null)[] }>(document, { ids: ids.slice(i, i + batch) }, { signal: ctx.signal });
    for (const node of data.nodes) if (node && typeof node.id === "string") yield* normalise(await completeChildPages(ctx, node, children));
  }
}

interface Connection {
  edges: { node: JsonObject }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
