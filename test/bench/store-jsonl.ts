/**
 * Bench input: a simulated store's products (variants nested), customers and
 * orders exported through the simulator's bulk operations, exactly as the
 * backup pipeline would receive them, cached under .cache/bench/<size>-<seed>/.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { startSimulator, type RunningSimulator } from "../simulator";
import { SIMULATED_API_VERSION } from "../simulator/schema/admin-schema";
import type { StoreSize } from "../simulator/store/core";

/** The bulk queries, one JSONL file each. Field sets follow what a full backup reads. */
export const BULK_QUERIES: Record<string, string> = {
  products: `{ products { edges { node {
    id handle title status vendor productType descriptionHtml tags createdAt updatedAt publishedAt templateSuffix
    seo { title description } options { id name position values }
    variants { edges { node { id title sku barcode price compareAtPrice position taxable inventoryPolicy
      selectedOptions { name value } inventoryItem { id tracked } } } }
  } } } }`,
  customers: `{ customers { edges { node {
    id firstName lastName email phone note tags state verifiedEmail taxExempt createdAt updatedAt
    defaultAddress { id address1 address2 city province country zip phone company }
    addresses { id address1 address2 city province country zip phone company firstName lastName }
    emailMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt }
  } } } }`,
  orders: `{ orders { edges { node {
    id name email phone createdAt updatedAt processedAt closedAt cancelledAt cancelReason note tags
    displayFinancialStatus displayFulfillmentStatus currencyCode
    totalPriceSet { shopMoney { amount currencyCode } } subtotalPriceSet { shopMoney { amount currencyCode } }
    totalTaxSet { shopMoney { amount currencyCode } }
    customer { id } shippingAddress { address1 city province country zip name } billingAddress { address1 city country zip name }
    lineItems { edges { node { id title quantity sku variant { id } originalUnitPriceSet { shopMoney { amount currencyCode } } } } }
  } } } }`,
};

export interface StoreJsonl {
  dir: string;
  files: string[];
  bytes: number;
  lines: number;
}

const API_KEY = "bench-key";
const API_SECRET = "bench-secret";

async function graphql(
  sim: RunningSimulator,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const response = await fetch(`${sim.url}/admin/api/${SIMULATED_API_VERSION}/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": sim.accessToken() },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
  if (!response.ok || body.errors)
    throw new Error(
      `simulator GraphQL failed (${response.status}): ${JSON.stringify(body.errors ?? body)}`,
    );
  return body.data ?? {};
}

interface BulkOp {
  id: string;
  status: string;
  url: string | null;
  errorCode: string | null;
  objectCount: string;
}

/** Runs one bulk query to completion and downloads its JSONL to `file`. */
async function runBulk(
  sim: RunningSimulator,
  query: string,
  file: string,
  log: (line: string) => void,
): Promise<void> {
  const started = await graphql(
    sim,
    `
      mutation run($q: String!) {
        bulkOperationRunQuery(query: $q) {
          bulkOperation {
            id
            status
          }
          userErrors {
            field
            message
          }
        }
      }
    `,
    { q: query },
  );
  const run = started.bulkOperationRunQuery as {
    bulkOperation: { id: string } | null;
    userErrors: { message: string }[];
  };
  if (!run.bulkOperation)
    throw new Error(`bulkOperationRunQuery refused: ${JSON.stringify(run.userErrors)}`);
  let op: BulkOp;
  let lastLog = 0;
  for (;;) {
    const polled = await graphql(
      sim,
      `
        query op($id: ID!) {
          node(id: $id) {
            ... on BulkOperation {
              id
              status
              url
              errorCode
              objectCount
            }
          }
        }
      `,
      { id: run.bulkOperation.id },
    );
    op = polled.node as BulkOp;
    if (!["CREATED", "RUNNING"].includes(op.status)) break;
    if (Date.now() - lastLog > 10_000) {
      log(`  … ${op.objectCount} objects`);
      lastLog = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (op.status !== "COMPLETED" || !op.url)
    throw new Error(`bulk operation ended ${op.status} (${op.errorCode})`);
  const response = await fetch(op.url);
  if (!response.ok || !response.body) throw new Error(`download failed: ${response.status}`);
  await pipeline(
    Readable.fromWeb(response.body as import("node:stream/web").ReadableStream),
    createWriteStream(file),
  );
}

/** JSONL of a simulated store, generated once per (size, seed) and cached. */
export async function storeJsonl(
  cacheRoot: string,
  size: StoreSize,
  seed: number,
  log: (line: string) => void,
): Promise<StoreJsonl> {
  const dir = join(cacheRoot, `${size}-${seed}`, "v1");
  const marker = join(dir, "complete.json");
  try {
    return JSON.parse(await readFile(marker, "utf8")) as StoreJsonl;
  } catch {
    // not cached yet
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const sim = await startSimulator({
    seed,
    size,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    bulkPageSize: 250,
  });
  const files: string[] = [];
  let bytes = 0;
  let lines = 0;
  try {
    for (const [name, query] of Object.entries(BULK_QUERIES)) {
      const file = join(dir, `${name}.jsonl`);
      const started = Date.now();
      await runBulk(sim, query, `${file}.part`, log);
      await rename(`${file}.part`, file);
      const size = (await stat(file)).size;
      const n = await countLines(file);
      log(
        `  ${name}: ${n} lines, ${(size / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      files.push(file);
      bytes += size;
      lines += n;
    }
  } finally {
    await sim.close();
  }
  const result: StoreJsonl = { dir, files, bytes, lines };
  await writeFile(marker, JSON.stringify(result));
  return result;
}

async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(file, {
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) n++;
  }
  return n;
}
