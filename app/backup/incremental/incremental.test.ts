/**
 * Webhook-driven incrementals end to end: the simulator (tiny store, over
 * HTTP) delivers signed webhooks with duplicates and reordering to an
 * endpoint that verifies them with @shopify/shopify-api; the real in-process
 * job queue runs the incremental jobs. Afterwards the newest snapshot equals
 * the store field by field, deleted records are tombstoned, every version is
 * stored once in updatedAt order, and a crashed job is finished by its re-run.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogSnapshot } from "~/catalog/catalog";
import { createDb, type Db } from "~/db.server";
import { migrateDatabase } from "~/db/migrate.server";
import { createDbJobQueue } from "~/jobs/db-job-queue";
import type { JobQueue, JobWorker } from "~/jobs/job-queue";
import { createRepository, type Repository } from "~/repo";
import { createTestKeyProvider } from "~/repo/test-support";
import { createAdminClient, type AdminClient } from "~/shopify/admin-client";
import { createMemoryBlobStore } from "~/storage/memory-blob-store";
import { startSimulator, type RunningSimulator } from "../../../test/simulator";
import { runFullSnapshot } from "../full-snapshot";
import { productImages } from "../media-blobs";
import { RECORD_TYPE_MODULES } from "../types";
import { verifySnapshot } from "../verify";
import { createIncrementalHandler, runIncremental, type IncrementalDeps } from "./incremental-job";
import { INCREMENTAL_JOB } from "./job-kinds";
import { startIntakeServer, type IntakeServer } from "./test-support";

const tmp = mkdtempSync(join(tmpdir(), "snapshelf-incremental-"));
let db: Db;
let sim: RunningSimulator;
let client: AdminClient;
let repository: Repository;
let queue: JobQueue;
let worker: JobWorker | undefined;
let intake: IntakeServer;
let deps: IncrementalDeps;

type Json = Record<string, unknown>;
const gql = async <T = Json>(query: string, variables: Json = {}) => {
  const { data } = await client.request<T>(query, variables);
  return data;
};

/** Sets the stock of the product's first variant at its first location (only inventory_levels/update announces it). */
async function setFirstStock(product: string, quantity: number): Promise<void> {
  const stocked = await gql<{ product: { variants: { nodes: { inventoryItem: { id: string; inventoryLevels: { nodes: { location: { id: string } }[] } } }[] } } }>(
    `query($id: ID!) { product(id: $id) { variants(first: 1) { nodes { inventoryItem { id inventoryLevels(first: 1) { nodes { location { id } } } } } } } }`,
    { id: product },
  );
  const item = stocked.product.variants.nodes[0].inventoryItem;
  const answer = await gql<{ inventorySetQuantities: { userErrors: unknown[] } }>(
    `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { code field } } }`,
    { input: { name: "available", reason: "correction", ignoreCompareQuantity: true, quantities: [{ inventoryItemId: item.id, locationId: item.inventoryLevels.nodes[0].location.id, quantity }] } },
  );
  expect(answer.inventorySetQuantities.userErrors).toEqual([]);
}

beforeAll(async () => {
  const target = { provider: "sqlite" as const, url: `file:${join(tmp, "incremental.sqlite")}` };
  await migrateDatabase(target, fileURLToPath(new URL("../../../prisma/migrations", import.meta.url)));
  db = createDb(target);
  sim = await startSimulator({
    size: "tiny",
    seed: 5,
    apiKey: "key",
    apiSecret: "secret",
    plan: "plus",
    webhookFaults: { duplicates: 0.5, reorder: true, delayMs: 30, retryDelaysMs: [20, 40, 80] },
  });
  client = createAdminClient({ shop: sim.shopDomain, accessToken: sim.accessToken(), apiVersion: "2026-10", baseUrl: sim.url });
  repository = createRepository({ store: createMemoryBlobStore(), keys: createTestKeyProvider(), shop: sim.shopDomain });
  await repository.init();
  queue = createDbJobQueue({ db, pollMs: 20, backoffMs: 50 });
  intake = await startIntakeServer({ db, queue, apiKey: "key", apiSecret: "secret", intake: { coalesceMs: 50 } });
  const catalog = { snapshotCommitted: (repo: Repository, info: Parameters<typeof catalogSnapshot>[2]) => catalogSnapshot(db, repo, info) };
  deps = {
    db,
    openRepository: async () => repository,
    clientFor: async () => client,
    dataTypes: async () => ["products", "collections", "inventory", "customers", "orders", "metaobjects", "shop", "content"],
    runFull: async (shop, signal) => void (await runFullSnapshot({ shop, client, repository, catalog, signal, bulk: { pollIntervalMs: 10 } })),
    catalog,
  };
  sim.setWebhookUrl(intake.url);
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await queue?.close();
  await intake?.close();
  await sim?.close();
  await db?.$disconnect();
  rmSync(tmp, { recursive: true, force: true });
});

/** Waits for every webhook to be delivered and every incremental job to end. */
async function settle(): Promise<void> {
  await sim.webhooksIdle();
  for (let i = 0; i < 1000; i++) {
    const pending = await db.webhookEvent.count({ where: { status: "pending" } });
    const live = await db.job.count({ where: { status: { in: ["queued", "running"] } } });
    if (pending === 0 && live === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("incremental jobs did not settle");
}

const latest = async () => (await repository.listSnapshots()).at(-1)!;

describe("webhook-driven incremental snapshots", () => {
  let productA = "";
  let productB = "";
  let created = "";
  let customer = "";
  let deletedCustomer = "";

  it("takes a full snapshot first when the shop has none, then follows edits, deletes and re-creates", async () => {
    worker = queue.startWorker({ concurrency: 1, handlers: { [INCREMENTAL_JOB]: createIncrementalHandler(deps) } });
    const products = await gql<{ products: { nodes: { id: string; handle: string }[] } }>(`{ products(first: 2) { nodes { id handle } } }`);
    [productA, productB] = products.products.nodes.map((p) => p.id);
    const handleB = products.products.nodes[1].handle;
    const setProbe = (value: string) =>
      gql(`mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }`, {
        m: [{ ownerId: productA, namespace: "custom", key: "incremental_probe", type: "single_line_text_field", value }],
      });
    // The first event finds no full snapshot: the job takes one, then applies the event.
    await setProbe("one");
    await settle();
    const snapshots = await repository.listSnapshots();
    expect(snapshots[0].kind).toBe("full");

    await setProbe("two");
    await settle();
    await setProbe("three");
    // Stock of an existing variant: only inventory_levels/update says so (an edited product's own levels are not re-read).
    await setFirstStock(productA, 4242);
    await gql(`mutation($id: ID!) { productDelete(input: { id: $id }) { deletedProductId } }`, { id: productB });
    const refs = await gql<{ collections: { nodes: { id: string }[] }; locations: { nodes: { id: string }[] } }>(
      `{ collections(first: 1, query: "collection_type:custom") { nodes { id } } locations(first: 1) { nodes { id } } }`,
    );
    const made = await gql<{ productSet: { product: { id: string }; userErrors: unknown[] } }>(
      `mutation($input: ProductSetInput!) { productSet(input: $input, synchronous: true) { product { id } userErrors { message } } }`,
      {
        input: {
          title: "Re-created product",
          handle: handleB,
          productOptions: [{ name: "Size", values: [{ name: "S" }] }],
          variants: [{ optionValues: [{ optionName: "Size", name: "S" }], price: "12", inventoryQuantities: [{ locationId: refs.locations.nodes[0].id, name: "available", quantity: 4 }] }],
          collections: [refs.collections.nodes[0].id],
        },
      },
    );
    expect(made.productSet.userErrors).toEqual([]);
    created = made.productSet.product.id;
    const customers = await gql<{ customers: { nodes: { id: string }[] } }>(`{ customers(first: 1) { nodes { id } } }`);
    customer = customers.customers.nodes[0].id;
    await gql(`mutation($input: CustomerInput!) { customerUpdate(input: $input) { userErrors { message } } }`, { input: { id: customer, note: "VIP", tags: ["vip"] } });
    const newCustomer = await gql<{ customerCreate: { customer: { id: string } } }>(
      `mutation($input: CustomerInput!) { customerCreate(input: $input) { customer { id } userErrors { message } } }`,
      { input: { email: "gone@example.com", firstName: "Temporary" } },
    );
    deletedCustomer = newCustomer.customerCreate.customer.id;
    await gql(`mutation($id: ID!) { customerDelete(input: { id: $id }) { deletedCustomerId userErrors { message } } }`, { id: deletedCustomer });
    await settle();

    const log = sim.webhookLog();
    // The faults were on: some webhooks came twice, and the intake kept one row per event.
    expect(new Set(log.map((d) => d.eventId)).size).toBeLessThan(log.length);
    const changes = log.filter((d) => d.topic !== "bulk_operations/finish");
    expect(await db.webhookEvent.count()).toBe(new Set(changes.map((d) => `${d.eventId}|${d.topic}`)).size);
  }, 60_000);

  it("ends with every record equal, field by field, to the store, and deletions tombstoned", async () => {
    const head = await latest();
    expect(head.kind).toBe("incremental");
    const report = await verifySnapshot(repository, head.id, RECORD_TYPE_MODULES, { client });
    expect(report.missing).toEqual([]);
    expect(report.extra).toEqual([]);
    expect(report.mismatched).toEqual([]);
    expect(await repository.getRecord(head.id, "Product", productB)).toBeUndefined();
    expect(await repository.getRecord(head.id, "Customer", deletedCustomer)).toBeUndefined();
    expect((await repository.getRecord(head.id, "Product", created))?.record.title).toBe("Re-created product");
    expect((await repository.getRecord(head.id, "Customer", customer))?.record.note).toBe("VIP");
  });

  it("stores each version of a record once, in updatedAt order", async () => {
    const history = await repository.history("Product", productA);
    // The first entry starts the history (changed is relative to the previous entry).
    const versions = history.filter((h, i) => (h.changed || i === 0) && h.recordId);
    expect(new Set(versions.map((v) => v.recordId)).size).toBe(versions.length);
    const probes: string[] = [];
    let previous = "";
    for (const version of versions) {
      const record = (await repository.getRecord(version.snapshotId, "Product", productA))!.record;
      expect(String(record.updatedAt) > previous).toBe(true);
      previous = String(record.updatedAt);
      const probe = (record.metafields as { key: string; value: string }[]).find((m) => m.key === "incremental_probe");
      probes.push(probe?.value ?? "-");
    }
    // The full snapshot ran after "one" (the first event found no snapshot); "two" and "three" were separate batches.
    expect(probes).toEqual(["one", "two", "three"]);
    const deleted = await repository.history("Product", productB);
    expect(deleted.at(-1)?.recordId).toBeNull();
    expect(deleted[0].recordId).not.toBeNull();
    // Exactly one change after the first version: the tombstone (duplicate deletes added nothing).
    expect(deleted.filter((h) => h.changed).map((h) => h.recordId)).toEqual([null]);
  });

  it("keeps an edited product's images restorable: each MediaSource's blob holds its bytes", async () => {
    // A new image on productA (another product's picture, re-uploaded): it comes in; the kept ones carry over.
    type Media = { product: { media: { nodes: { id: string; image?: { url: string } | null }[] } } };
    const own = await gql<Media>(`query($id: ID!) { product(id: $id) { media(first: 50) { nodes { id } } } }`, { id: productA });
    const sources = await gql<{ products: { nodes: Media["product"][] } }>(`{ products(first: 5) { nodes { media(first: 1) { nodes { id ... on MediaImage { image { url } } } } } } }`);
    const url = sources.products.nodes.flatMap((p) => p.media.nodes).find((m) => m.image?.url)?.image?.url;
    expect(url).toBeDefined();
    const set = await gql<{ productSet: { userErrors: unknown[] } }>(
      `mutation($input: ProductSetInput!) { productSet(input: $input, synchronous: true) { product { id } userErrors { message } } }`,
      { input: { id: productA, files: [...own.product.media.nodes.map((m) => ({ id: m.id })), { originalSource: url, contentType: "IMAGE" }] } },
    );
    expect(set.productSet.userErrors).toEqual([]);
    await settle();
    const head = await latest();
    const product = (await repository.getRecord(head.id, "Product", productA))?.record ?? {};
    const images = productImages(product);
    expect(images.length).toBe(own.product.media.nodes.length + 1);
    for (const image of images) {
      const source = (await repository.getRecord(head.id, "MediaSource", image.mediaId))?.record;
      expect(source).toMatchObject({ url: image.url, product: productA });
      const blob = (await repository.getRecord(head.id, "MediaBlob", `sha256:${String(source?.sha256)}`))?.record;
      const bytes = Buffer.from(String(blob?.data), "base64");
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(source?.sha256);
      expect(bytes.length).toBe(source?.size);
    }
  });

  it("answers webhooks right after the durable insert", () => {
    const recorded = intake.timings.filter((t) => t.recorded);
    expect(recorded.length).toBeGreaterThan(0);
    for (const t of recorded) {
      expect(t.insertedAt).toBeGreaterThanOrEqual(t.receivedAt);
      // Generous bound: this only proves nothing slow (fetching, writing) runs before the answer.
      expect(t.answeredAt - t.insertedAt).toBeLessThan(1000);
    }
  });

  it("finishes a job that crashed after committing its snapshot, without a second version", async () => {
    await worker?.stop();
    worker = undefined;
    sim.setWebhookUrl(intake.url);
    await gql(`mutation($input: CustomerInput!) { customerUpdate(input: $input) { userErrors { message } } }`, { input: { id: customer, note: "crash test" } });
    await sim.webhooksIdle();
    const before = (await repository.listSnapshots()).length;
    const crashing = { ...deps, afterWrite: async () => Promise.reject(new Error("killed after writing")) };
    await expect(runIncremental(crashing, sim.shopDomain, { signal: new AbortController().signal })).rejects.toThrow(/killed after writing/);
    expect((await repository.listSnapshots()).length).toBe(before + 1);
    expect(await db.webhookEvent.count({ where: { status: "pending" } })).toBeGreaterThan(0);
    const rerun = await runIncremental(deps, sim.shopDomain, { signal: new AbortController().signal });
    expect(rerun.batches).toBe(1);
    expect((await repository.listSnapshots()).length).toBe(before + 1);
    expect(await db.webhookEvent.count({ where: { status: "pending" } })).toBe(0);
    const notes = [];
    for (const h of (await repository.history("Customer", customer)).filter((x) => x.changed)) {
      notes.push((await repository.getRecord(h.snapshotId, "Customer", customer))?.record.note);
    }
    expect(notes.filter((n) => n === "crash test")).toHaveLength(1);
    expect(notes.at(-1)).toBe("crash test");
  });

  it("commits no snapshot for a late webhook whose record did not change", async () => {
    await worker?.stop();
    worker = undefined;
    const before = await repository.listSnapshots();
    // A retried delivery (new event id) of a change the last snapshot already holds.
    await db.webhookEvent.create({ data: { shop: sim.shopDomain, topic: "customers/update", gid: customer, eventId: "late-retry-1" } });
    const run = await runIncremental(deps, sim.shopDomain, { signal: new AbortController().signal });
    expect(run.batches).toBe(1);
    expect(run.snapshots).toEqual([]);
    expect((await repository.listSnapshots()).map((s) => s.id)).toEqual(before.map((s) => s.id));
    const event = await db.webhookEvent.findFirstOrThrow({ where: { eventId: "late-retry-1" } });
    expect(event).toMatchObject({ status: "done", snapshotId: null });
  });

  it("re-runs a job aborted mid-way: nothing committed, the change lands once", async () => {
    await gql(`mutation($input: CustomerInput!) { customerUpdate(input: $input) { userErrors { message } } }`, { input: { id: customer, note: "abort test" } });
    await sim.webhooksIdle();
    const before = (await repository.listSnapshots()).length;
    const controller = new AbortController();
    const slowClient = { ...client, request: (async (...args: Parameters<AdminClient["request"]>) => {
      controller.abort(new Error("worker killed"));
      return client.request(...args);
    }) as AdminClient["request"] };
    await expect(runIncremental({ ...deps, clientFor: async () => slowClient }, sim.shopDomain, { signal: controller.signal })).rejects.toThrow();
    expect((await repository.listSnapshots()).length).toBe(before);
    await runIncremental(deps, sim.shopDomain, { signal: new AbortController().signal });
    expect((await repository.listSnapshots()).length).toBe(before + 1);
    expect((await repository.getRecord((await latest()).id, "Customer", customer))?.record.note).toBe("abort test");
    const check = await repository.check({ readDataPercent: 100 });
    expect(check.problems).toEqual([]);
  });
  it("commits a customer's change while a product re-read of the same moment still waits (lanes)", async () => {
    await worker?.stop();
    worker = undefined;
    await gql(`mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }`, {
      m: [{ ownerId: productA, namespace: "custom", key: "incremental_probe", type: "single_line_text_field", value: "lanes" }],
    });
    await gql(`mutation($input: CustomerInput!) { customerUpdate(input: $input) { userErrors { message } } }`, { input: { id: customer, note: "lanes" } });
    await sim.webhooksIdle();
    // Product re-reads wait on a gate, as when the product lane is rate-limited.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const gated = { ...client, request: (async (...args: Parameters<AdminClient["request"]>) => {
      if (args[0].includes("SnapshelfBackupProductsById")) await gate;
      return client.request(...args);
    }) as AdminClient["request"] };
    const run = runIncremental({ ...deps, clientFor: async () => gated }, sim.shopDomain, { signal: new AbortController().signal });
    const status = async (topic: string) => (await db.webhookEvent.findMany({ where: { topic, status: "pending" } })).length;
    for (let i = 0; i < 500 && (await status("customers/update")) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await status("customers/update")).toBe(0);
    expect(await status("products/update")).toBeGreaterThan(0);
    const customerDone = await latest();
    expect((await repository.getRecord(customerDone.id, "Customer", customer))?.record.note).toBe("lanes");
    open();
    await run;
    expect(await status("products/update")).toBe(0);
    const head = await latest();
    expect(head.parent).toBe(customerDone.id);
    const probe = (await repository.getRecord(head.id, "Product", productA))?.record.metafields as { key: string; value: string }[];
    expect(probe.find((m) => m.key === "incremental_probe")?.value).toBe("lanes");
    // The product's snapshot went over the customer's: both changes are in the head.
    expect((await repository.getRecord(head.id, "Customer", customer))?.record.note).toBe("lanes");
  });

  it("stops a batch's other reads when its product re-read fails, and commits nothing", async () => {
    const before = await latest();
    await gql(`mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }`, {
      m: [{ ownerId: productA, namespace: "custom", key: "incremental_probe", type: "single_line_text_field", value: "fails" }],
    });
    await setFirstStock(productA, 77);
    await sim.webhooksIdle();
    // The level's read (beside the products') waits until the product read has failed, then reports its signal.
    let failed!: () => void;
    const productFailed = new Promise<void>((resolve) => (failed = resolve));
    let levelReadAborted: boolean | undefined;
    const failing = { ...client, request: (async (...args: Parameters<AdminClient["request"]>) => {
      if (args[0].includes("SnapshelfBackupProductsById")) {
        failed();
        throw new Error("product read failed");
      }
      if (args[0].includes("SnapshelfBackupInventoryLevelsById")) {
        await productFailed;
        await new Promise((resolve) => setTimeout(resolve, 20));
        levelReadAborted = args[2]?.signal?.aborted ?? false;
        args[2]?.signal?.throwIfAborted();
      }
      return client.request(...args);
    }) as AdminClient["request"] };
    await expect(runIncremental({ ...deps, clientFor: async () => failing }, sim.shopDomain, { signal: new AbortController().signal })).rejects.toThrow("product read failed");
    expect(levelReadAborted).toBe(true);
    expect((await latest()).id).toBe(before.id);
    // The events wait for the next run, which (with a working client) commits both changes.
    await runIncremental(deps, sim.shopDomain, { signal: new AbortController().signal });
    const head = await latest();
    const probe = (await repository.getRecord(head.id, "Product", productA))?.record.metafields as { key: string; value: string }[];
    expect(probe.find((m) => m.key === "incremental_probe")?.value).toBe("fails");
  });
});
