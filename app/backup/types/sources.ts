/** Fetch strategies shared by record type modules: bulk, cursor paging and nodes(ids:). */
import { IntegrityError } from "~/errors";
import { runBulkQuery } from "~/shopify/bulk-runner";
import { inConcurrentChunks, READS_IN_FLIGHT } from "~/shopify/concurrent-chunks";
import { ShopifyGraphQLError } from "~/shopify/errors";
import { completeChildPages, type ChildPages } from "./child-pages";
import type { CanonicalRecord, FetchContext, Normaliser } from "./module";
import type { JsonObject } from "../normalise";

export interface BulkRecordsOptions {
  /**
   * The module stores the children of a root as records of their own and
   * leaves them out of the root's record (locations and their inventory
   * levels): a root with very many children is then read in parts of
   * SPLIT_LINES lines instead of assembled whole (hundreds of MB for a
   * location of a large store). The root's record is emitted once; every
   * part must normalise it identically, or the snapshot fails.
   */
  splitRoots?: boolean;
  /** Lines per part (default SPLIT_LINES; tests split tiny stores). */
  splitLines?: number;
}

/** Lines per part of a split root. */
const SPLIT_LINES = 2000;

/** Every root of a bulk query, normalised. */
export async function* bulkRecords(
  ctx: FetchContext,
  name: string,
  document: string,
  normalise: Normaliser,
  options: BulkRecordsOptions = {},
): AsyncGenerator<CanonicalRecord> {
  const run = runBulkQuery(ctx.client, document, { ...ctx.bulk, signal: ctx.signal, ...(options.splitRoots ? { splitRootsOver: options.splitLines ?? SPLIT_LINES } : {}) });
  // Records of the current root's first part that carry the root's own GID, as JSON: later parts must repeat them exactly.
  let own = new Map<string, string>();
  for await (const assembled of run) {
    if (!options.splitRoots) {
      yield* normalise(assembled.record);
      continue;
    }
    if (!assembled.part) own = new Map();
    for (const record of normalise(assembled.record)) {
      if (record.gid !== assembled.gid) {
        yield record;
        continue;
      }
      const key = `${record.type}\u0000${record.gid}`;
      const json = JSON.stringify(record.record);
      if (!assembled.part) {
        own.set(key, json);
        yield record;
      } else if (own.get(key) !== json) {
        throw new IntegrityError("A root read in parts normalised differently between parts", { type: record.type, gid: record.gid });
      }
    }
  }
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
  const read = async (chunk: string[]): Promise<CanonicalRecord[]> => {
    let data: { nodes: (JsonObject | null)[] };
    try {
      ({ data } = await ctx.client.request<{ nodes: (JsonObject | null)[] }>(document, { ids: chunk }, { signal: ctx.signal }));
    } catch (error) {
      // Shopify prices nodes(ids:) per id; should a batch ever cost more than one query may, halve it.
      if (!(error instanceof ShopifyGraphQLError && error.codes.includes("MAX_COST_EXCEEDED") && chunk.length > 1)) throw error;
      const half = Math.ceil(chunk.length / 2);
      return [...(await read(chunk.slice(0, half))), ...(await read(chunk.slice(half)))];
    }
    const out: CanonicalRecord[] = [];
    for (const node of data.nodes) if (node && typeof node.id === "string") out.push(...normalise(await completeChildPages(ctx, node, children)));
    return out;
  };
  yield* inConcurrentChunks(ids, batch, READS_IN_FLIGHT, read);
}

interface Connection {
  edges: { node: JsonObject }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
