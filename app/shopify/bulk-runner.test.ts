/**
 * The bulk runner end to end against the simulator over HTTP: the assembled
 * records must equal, field by field, what regular paginated queries return
 * for the same selection, whatever the order of lines in the download and
 * however small the memory budget; failures, limits and cancellation behave
 * as documented.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../test/simulator";
import { createAdminClient, type AdminClient } from "./admin-client";
import { planBulkDocument } from "./bulk-plan";
import { runBulkQuery, type AssembledRecord, type BulkRunOptions } from "./bulk-runner";
import { fetchPaginated, seededRandom, shuffleJsonl } from "./bulk-testing";
import { BulkAccessDeniedError, BulkOperationFailedError } from "./errors";
import { BULK_PRODUCTS, BULK_VARIANT_METAFIELDS } from "./queries/bulk-products";

let sim: RunningSimulator;
let client: AdminClient;
let clockMs = Date.UTC(2026, 10, 1);
let truth: Map<string, Record<string, unknown>>;
let hookServer: Server;
const finished = new Map<string, () => void>();
const finishPromises = new Map<string, Promise<void>>();

function finishSignal(id: string): Promise<void> {
  let promise = finishPromises.get(id);
  if (!promise) {
    promise = new Promise<void>((resolve) => finished.set(id, resolve));
    finishPromises.set(id, promise);
  }
  return promise;
}

beforeAll(async () => {
  // The finish webhook arrives over HTTP, as it would from Shopify.
  hookServer = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      if (request.headers["x-shopify-topic"] === "bulk_operations/finish") {
        const id = (JSON.parse(body) as { admin_graphql_api_id: string }).admin_graphql_api_id;
        void finishSignal(id);
        finished.get(id)?.();
      }
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => hookServer.listen(0, "127.0.0.1", resolve));
  sim = await startSimulator({
    size: "small",
    seed: 11,
    plan: "standard",
    apiKey: "key",
    apiSecret: "secret",
    clock: { now: () => clockMs },
    bulkPageSize: 40,
    webhookUrl: `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/webhooks`,
  });
  client = createAdminClient({
    shop: sim.shopDomain,
    accessToken: sim.accessToken(),
    apiVersion: "2026-10",
    baseUrl: sim.url,
    now: () => clockMs,
    // The client's waits move the simulator's clock, so its bucket refills without real waiting.
    sleep: async (ms) => {
      clockMs += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
  });
  truth = await fetchPaginated(client, BULK_PRODUCTS, "products", 3, 12);
}, 120_000);

afterAll(async () => {
  await sim.close();
  await new Promise((resolve) => hookServer.close(resolve));
});

const fast: BulkRunOptions = { pollIntervalMs: 10 };

async function collect(options: BulkRunOptions = {}, document = BULK_PRODUCTS) {
  const run = runBulkQuery(client, document, { ...fast, ...options });
  const records: AssembledRecord[] = [];
  for await (const record of run) records.push(record);
  return { run, records };
}

function expectEqualToTruth(records: AssembledRecord[]) {
  expect(records.length).toBe(truth.size);
  const byGid = new Map(records.map((r) => [r.gid, r]));
  for (const [gid, expected] of truth) {
    const got = byGid.get(gid);
    expect(got, gid).toBeDefined();
    expect(got!.typename).toBe("Product");
    expect(got!.record).toEqual(expected);
  }
}

/** A download fetch that serves the simulator's file reordered by `shuffleJsonl`, and reports the order. */
function shufflingDownload(seed: number, seen: { childBeforeParent: number; childAfterParent: number }): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const shuffled = shuffleJsonl(await response.text(), seededRandom(seed));
    const rootsSeen = new Set<string>();
    for (const line of shuffled.split("\n").filter(Boolean)) {
      const parsed = JSON.parse(line) as { id?: string; __parentId?: string };
      if (parsed.__parentId === undefined) rootsSeen.add(parsed.id!);
      else if (rootsSeen.has(parsed.__parentId)) seen.childAfterParent += 1;
      else seen.childBeforeParent += 1;
    }
    return new Response(shuffled, { status: 200 });
  };
}

describe("runBulkQuery", () => {
  it("assembles products with variants, media, metafields and collections exactly as paginated queries return them", async () => {
    const { run, records } = await collect();
    expectEqualToTruth(records);
    const withVariants = records.filter((r) => (r.record.variants as unknown[]).length > 1);
    expect(withVariants.length).toBeGreaterThan(0);
    expect(run.stats.lines).toBe(Number(run.operation()!.objectCount));
    expect(run.stats.spilledRuns).toBe(0);
    expect(run.stats.attempts).toBe(1);
    expect(records.every((r) => !JSON.stringify(r.record).includes("__parentId"))).toBe(true);
  });

  it("joins children placed before and after their parents, with a tiny memory budget spilling to disk", async () => {
    const seen = { childBeforeParent: 0, childAfterParent: 0 };
    const { run, records } = await collect({ download: shufflingDownload(3, seen), memoryBudgetBytes: 64 * 1024, maxFanIn: 4 });
    expect(seen.childBeforeParent).toBeGreaterThan(100);
    expect(seen.childAfterParent).toBeGreaterThan(100);
    expect(run.stats.spilledRuns).toBeGreaterThan(4);
    expect(run.stats.mergePasses).toBeGreaterThan(0);
    expect(run.stats.spilledBytes).toBeGreaterThan(run.stats.downloadedBytes);
    expectEqualToTruth(records);
  });

  it("hands out a root with many children in parts that together equal the whole record", async () => {
    const { run, records } = await collect({ splitRootsOver: 2, memoryBudgetBytes: 64 * 1024 });
    expect(run.stats.records).toBe(truth.size);
    expect(records.length).toBeGreaterThan(truth.size);
    const connections = new Set(planBulkDocument(BULK_PRODUCTS).roots[0].children.map((c) => c.path.join(".")));
    const joined = new Map<string, Record<string, unknown>>();
    for (const part of records) {
      const seen = joined.get(part.gid);
      expect(part.part).toBe(seen ? (seen.parts as number) : 0);
      if (!seen) {
        joined.set(part.gid, { ...part.record, parts: 1 });
        continue;
      }
      seen.parts = (seen.parts as number) + 1;
      for (const [key, value] of Object.entries(part.record)) {
        // Connection arrays accumulate; every other field repeats the root's own value.
        if (connections.has(key)) seen[key] = [...(seen[key] as unknown[]), ...(value as unknown[])];
        else expect(value).toEqual(seen[key]);
      }
    }
    const whole = [...joined.values()].map(({ parts, ...record }) => ({ gid: String(record.id), typename: "Product", record, parts }));
    expect(whole.some((r) => (r.parts as number) > 1)).toBe(true);
    expectEqualToTruth(whole as unknown as AssembledRecord[]);
  });

  it("learns completion from the finish webhook when polling is too slow to matter", async () => {
    const run = runBulkQuery(client, BULK_PRODUCTS, { pollIntervalMs: 600_000, waitForFinish: finishSignal });
    const records: AssembledRecord[] = [];
    for await (const record of run) records.push(record);
    expect(finishPromises.has(run.operation()!.id)).toBe(true);
    expectEqualToTruth(records);
  });

  it("retries a FAILED run (partial data not asked for) and returns the complete result", async () => {
    sim.injectBulkFailure("FAILED_PARTIAL");
    const { run, records } = await collect();
    expect(run.stats.attempts).toBe(2);
    expect(run.stats.partial).toBe(false);
    expectEqualToTruth(records);
  });

  it("hands out partialDataUrl data only when asked", async () => {
    sim.injectBulkFailure("FAILED_PARTIAL");
    const { run, records } = await collect({ acceptPartial: true });
    expect(run.stats.partial).toBe(true);
    expect(run.stats.attempts).toBe(1);
    expect(records.length).toBeGreaterThan(0);
    expect(records.length).toBeLessThan(truth.size);
    for (const record of records) expect(truth.has(record.gid)).toBe(true);
  });

  it("throws BulkOperationFailedError with the error code once attempts are used up", async () => {
    sim.injectBulkFailure("FAILED_PARTIAL");
    const error = await collect({ maxAttempts: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkOperationFailedError);
    expect((error as BulkOperationFailedError).errorCode).toBe("INTERNAL_SERVER_ERROR");
    expect((error as BulkOperationFailedError).partialDataUrl).toMatch(/partial/);
  });

  it("retries TIMEOUT, and reports it when attempts are used up", async () => {
    sim.injectBulkFailure("TIMEOUT");
    const { run, records } = await collect();
    expect(run.stats.attempts).toBe(2);
    expectEqualToTruth(records);
    sim.injectBulkFailure("TIMEOUT");
    const error = await collect({ maxAttempts: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkOperationFailedError);
    expect((error as BulkOperationFailedError).errorCode).toBe("TIMEOUT");
  });

  it("turns ACCESS_DENIED into a user-facing error naming the scope, without retrying", async () => {
    sim.injectBulkFailure("ACCESS_DENIED");
    const run = runBulkQuery(client, BULK_PRODUCTS, fast);
    const error = await (async () => {
      for await (const _ of run) void _;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkAccessDeniedError);
    expect((error as BulkAccessDeniedError).missingScope).toBe("read_products");
    expect(run.stats.attempts).toBe(1);
  });

  it("waits for a free slot when six run at once (LIMIT_REACHED) and completes all six", async () => {
    const runs = Array.from({ length: 6 }, () => runBulkQuery(client, BULK_VARIANT_METAFIELDS, { pollIntervalMs: 5 }));
    const results = await Promise.all(
      runs.map(async (run) => {
        const records: AssembledRecord[] = [];
        for await (const record of run) records.push(record);
        return records;
      }),
    );
    const waits = runs.reduce((sum, run) => sum + run.stats.limitWaits, 0);
    expect(waits).toBeGreaterThan(0);
    const variantCount = [...truth.values()].reduce((sum, p) => sum + (p.variants as unknown[]).length, 0);
    for (const records of results) {
      expect(records.length).toBe(variantCount);
      expect(records.every((r) => r.typename === "ProductVariant" && Array.isArray(r.record.metafields))).toBe(true);
    }
  });

  it("cancels the operation when the caller aborts", async () => {
    const controller = new AbortController();
    const run = runBulkQuery(client, BULK_PRODUCTS, { pollIntervalMs: 600_000, signal: controller.signal });
    const iteration = (async () => {
      for await (const _ of run) void _;
    })();
    while (!run.operation()) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(new Error("stop"));
    await expect(iteration).rejects.toThrow("stop");
    const { data } = await client.request<{ bulkOperation: { status: string } }>(
      `query Status($id: ID!) { bulkOperation(id: $id) { status } }`,
      { id: run.operation()!.id },
    );
    expect(["CANCELING", "CANCELED", "COMPLETED"]).toContain(data.bulkOperation.status);
  });
});
