/** Fixture of the orders export / re-create tests: a simulator store with its orders and customers in a snapshot. */
import { runFullSnapshot } from "~/backup/full-snapshot";
import type { KeyProvider } from "~/keys/key-provider";
import { createRepository, type Repository } from "~/repo";
import { createTestKeyProvider } from "~/repo/test-support";
import { createAdminClient, type AdminClient } from "~/shopify/admin-client";
import type { DataType } from "~/services/settings";
import type { BlobStore } from "~/storage/blob-store";
import { createMemoryBlobStore } from "~/storage/memory-blob-store";
import { startSimulator, type RunningSimulator } from "../../../test/simulator";

export interface OrdersFixture {
  sim: RunningSimulator;
  client: AdminClient;
  repository: Repository;
  snapshotId: string;
  gql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/** Starts the simulator and snapshots orders and customers (plus products: a realistic snapshot has types before Order). */
export async function ordersFixture(
  options: {
    seed?: number;
    size?: "tiny" | "small";
    types?: DataType[];
    /** Where the repository lives (default: memory, test keys). */
    store?: BlobStore;
    keys?: KeyProvider;
    /** Runs against the store before the snapshot is taken. */
    prepare?: (gql: OrdersFixture["gql"]) => Promise<void>;
  } = {},
): Promise<OrdersFixture> {
  const sim = await startSimulator({ size: options.size ?? "tiny", seed: options.seed ?? 23, apiKey: "key", apiSecret: "secret", plan: "plus" });
  const client = createAdminClient({ shop: sim.shopDomain, accessToken: sim.accessToken(), apiVersion: "2026-10", baseUrl: sim.url });
  const repository = createRepository({ store: options.store ?? createMemoryBlobStore(), keys: options.keys ?? createTestKeyProvider(), shop: sim.shopDomain });
  await repository.init();
  const gql = async <T>(query: string, variables?: Record<string, unknown>) => (await client.request<T>(query, variables)).data;
  await options.prepare?.(gql);
  const result = await runFullSnapshot({ shop: sim.shopDomain, client, repository, bulk: { pollIntervalMs: 10 }, types: options.types ?? ["orders", "customers", "products"] });
  return {
    sim,
    client,
    repository,
    snapshotId: result.snapshot.id,
    gql,
    close: () => sim.close(),
  };
}

/** RFC 4180 parser for the tests (quoted fields with commas, quotes and line breaks; CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Rows as objects keyed by the header row. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ""])));
}

/** Concatenates an async iterable of text chunks. */
export async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const chunk of chunks) text += chunk;
  return text;
}
