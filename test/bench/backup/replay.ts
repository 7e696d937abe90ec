/**
 * `npm run bench:backup -- --json --replay [--size large]`: the app side of a
 * full snapshot on the bench:repo JSONL files (products with variants,
 * customers, orders with line items: 2.06M lines / 1.2 GB for `large`),
 * without the simulator. The simulator cannot serve the `large` store's bulk
 * queries on 2 shared cores in useful time (its `locations { inventoryLevels }`
 * resolver walks the whole catalog synchronously for minutes, so every other
 * request times out), so this replays Shopify's side instead: a stand-in
 * client answers the counts and bulk-operation queries (COMPLETED at once)
 * and the download reads the file from disk. Everything after that is the
 * real pipeline: runFullSnapshot, the bulk runner (spill, join, keys), the
 * modules' normalisers, the merge, and one repository snapshot. No media, no
 * catalog (the DB step is measured by the simulator run).
 * Files: `npm run bench:repo -- --size large` caches them in .cache/bench.
 */
import { createReadStream, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runFullSnapshot } from "~/backup/full-snapshot";
import type { RecordTypeModule } from "~/backup/types";
import { normaliseCustomer } from "~/backup/types/customers";
import { normaliseOrder } from "~/backup/types/orders";
import { normaliseProduct } from "~/backup/types/products";
import { bulkRecords } from "~/backup/types/sources";
import { createRepository, type Repository } from "~/repo";
import { createTestKeyProvider } from "~/repo/test-support";
import type { AdminClient } from "~/shopify/admin-client";
import { BACKUP_COUNTS } from "~/shopify/queries/backup-themes";
import { BULK_OPERATION_BY_ID, BULK_OPERATION_CANCEL, BULK_OPERATION_RUN_QUERY } from "~/shopify/queries/bulk-operations";
import { createLocalBlobStore } from "~/storage/local-blob-store";
import { BULK_QUERIES } from "../store-jsonl";
import { startMemorySampler } from "./memory-sampler";

const { values } = parseArgs({
  options: { root: { type: "string" }, size: { type: "string", default: "large" }, seed: { type: "string", default: "1" }, "cache-dir": { type: "string" } },
  strict: false,
});
const root = (values.root as string | undefined) ?? fileURLToPath(new URL("../../../", import.meta.url));
const dir = join((values["cache-dir"] as string | undefined) ?? join(root, ".cache/bench"), `${String(values.size)}-${String(values.seed)}`, "v1");
const files = { products: join(dir, "products.jsonl"), customers: join(dir, "customers.jsonl"), orders: join(dir, "orders.jsonl") };
for (const file of Object.values(files)) {
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run bench:repo -- --size ${String(values.size)} first`);
}
// Root counts of the seeded presets (test/simulator/store/core.ts), as Shopify's counts query would give them.
const COUNTS: Record<string, Record<string, number>> = {
  large: { productsCount: 100_000, customersCount: 200_000, ordersCount: 500_000 },
  small: { productsCount: 500, customersCount: 1_000, ordersCount: 2_000 },
};

const operations: { query: string; file: string }[] = [];
const info = (id: number, status: string) => ({
  id: `gid://shopify/BulkOperation/${id}`,
  status,
  errorCode: null,
  createdAt: new Date().toISOString(),
  completedAt: status === "COMPLETED" ? new Date().toISOString() : null,
  objectCount: "0",
  rootObjectCount: "0",
  fileSize: null,
  url: status === "COMPLETED" ? `file://${operations[id]?.file}` : null,
  partialDataUrl: null,
});
const client: AdminClient = {
  shop: "demo-shop.myshopify.com",
  apiVersion: "2026-10",
  costUsed: () => 0,
  throttleState: () => ({ available: 0, maximum: 0, restoreRate: 0, waitedMs: 0 }) as unknown as ReturnType<AdminClient["throttleState"]>,
  async request<T>(document: string, variables: Record<string, unknown> = {}) {
    let data: unknown;
    if (document === BACKUP_COUNTS) {
      data = Object.fromEntries(Object.entries(COUNTS[String(values.size)] ?? {}).map(([field, count]) => [field, { count }]));
    } else if (document === BULK_OPERATION_RUN_QUERY) {
      const name = Object.keys(BULK_QUERIES).find((key) => BULK_QUERIES[key] === variables.query) as keyof typeof files;
      operations.push({ query: String(variables.query), file: files[name] });
      data = { bulkOperationRunQuery: { bulkOperation: info(operations.length - 1, "CREATED"), userErrors: [] } };
    } else if (document === BULK_OPERATION_BY_ID) {
      data = { bulkOperation: info(Number(String(variables.id).split("/").pop()), "COMPLETED") };
    } else if (document === BULK_OPERATION_CANCEL) {
      data = { bulkOperationCancel: { bulkOperation: info(Number(String(variables.id).split("/").pop()), "CANCELED"), userErrors: [] } };
    } else throw new Error(`replay client: unexpected document ${document.slice(0, 60)}`);
    return { data: data as T, cost: undefined };
  },
};
const download = (async (url: string | URL | Request) => {
  const path = fileURLToPath(String(url));
  return new Response(Readable.toWeb(createReadStream(path, { highWaterMark: 64 * 1024 })) as ReadableStream<Uint8Array>, { status: 200 });
}) as typeof fetch;

const module = (name: keyof typeof files, type: string, countField: string, normalise: RecordTypeModule["normalise"]): RecordTypeModule => ({
  name,
  dataType: name,
  types: [type],
  bulk: true,
  countField,
  normalise,
  full: (ctx) => bulkRecords(ctx, name, BULK_QUERIES[name], normalise),
  paged: () => {
    throw new Error("replay: bulk only");
  },
});
const modules = [
  module("products", "Product", "productsCount", normaliseProduct),
  module("customers", "Customer", "customersCount", normaliseCustomer),
  module("orders", "Order", "ordersCount", normaliseOrder),
];

const repoDir = mkdtempSync(join(tmpdir(), "snapshelf-bench-replay-"));
const memory = startMemorySampler();
try {
  const shop = client.shop;
  // REPO_WORKERS=0 hashes and seals on the main thread (experiments: is memory in the worker pool?).
  const tuning = process.env.REPO_WORKERS ? { workers: Number(process.env.REPO_WORKERS) } : undefined;
  const real = createRepository({ store: createLocalBlobStore(repoDir), keys: createTestKeyProvider(), shop, tuning });
  await real.init();
  // NULL_REPO=1: the records are only counted (experiments: is memory in the pipeline or in the repository writer?).
  const repository: Repository =
    process.env.NULL_REPO === "1"
      ? {
          ...real,
          async writeSnapshot(input) {
            let n = 0;
            for await (const record of input.records) if (record) n += 1;
            const info = await real.writeSnapshot({ kind: "full", records: [] });
            return { ...info, totalRecords: n };
          },
        }
      : real;
  memory.phase("full:fetching");
  let logged = Date.now();
  const result = await runFullSnapshot({
    shop,
    client,
    repository,
    modules,
    mediaBytes: false,
    download,
    bulk: { pollIntervalMs: 10, download },
    progress: (phase, done, expected) => {
      if (Date.now() - logged < 30_000) return;
      logged = Date.now();
      const m = process.memoryUsage();
      const mb = (n: number) => Math.round(n / 1048576);
      console.error(
        `[replay] ${new Date().toISOString()} ${phase} ${done}/${expected ?? "?"} roots, rss ${mb(m.rss)} MB (heap ${mb(m.heapUsed)}/${mb(m.heapTotal)}, buffers ${mb(m.arrayBuffers)}), peak ${memory.peak()} MB`,
      );
    },
  });
  memory.phase("done");
  console.log(
    JSON.stringify({
      size: values.size,
      mode: "replay",
      records: result.records,
      full_s: result.seconds,
      records_per_s: Math.round(result.records / result.seconds),
      full_fetch_peak_rss_mb: memory.peak("full"),
      memory: memory.report(),
      stored_mb: Math.round(result.snapshot.stats.storedBytesAdded / 1e6),
    }),
  );
} finally {
  memory.stop();
  rmSync(repoDir, { recursive: true, force: true });
}
