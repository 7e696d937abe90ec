/**
 * Compliance webhooks end to end: the simulator (tiny store, over HTTP) is
 * backed up twice into a local-folder repository with a SQLite catalog; the
 * simulator then delivers signed compliance webhooks to an endpoint that
 * verifies them with @shopify/shopify-api, and the real DB job queue runs the
 * privacy jobs. Proves: one customer's personal records read as redacted in
 * every snapshot while others still read, nothing of them is left in clear in
 * the repository bytes, catalog search or audit log; the data export holds
 * exactly that customer's data; shop/redact leaves no object and no row.
 */
import { Prisma } from "@prisma/client";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogSnapshot } from "~/catalog/catalog";
import { searchSnapshotRecords } from "~/catalog/queries";
import { createDb, type Db } from "~/db.server";
import { migrateDatabase } from "~/db/migrate.server";
import { RetryableError } from "~/errors";
import { createDbJobQueue } from "~/jobs/db-job-queue";
import type { JobInfo, JobQueue, JobWorker } from "~/jobs/job-queue";
import type { KeyProvider } from "~/keys/key-provider";
import { createRepository, RedactedError, type Repository, type SnapshotInfo } from "~/repo";
import { createTestKeyProvider } from "~/repo/test-support";
import { createAdminClient, type AdminClient } from "~/shopify/admin-client";
import type { BlobStore } from "~/storage/blob-store";
import { createLocalBlobStore } from "~/storage/local-blob-store";
import { startSimulator, type RunningSimulator } from "../../test/simulator";
import { runFullSnapshot } from "../backup/full-snapshot";
import { EXPORT_FORMAT, type ExportHeader, type ExportLine } from "./data-request";
import type { PrivacyDeps } from "./deps";
import { createPrivacyHandlers } from "./jobs";
import { redactCustomer } from "./redact-customer";
import { SHOP_TABLES } from "./redact-shop";
import { startComplianceEndpoint, type ComplianceEndpoint } from "./test-support";

const tmp = mkdtempSync(join(tmpdir(), "snapshelf-privacy-"));
const repoDir = join(tmp, "repository");
const exportDir = join(tmp, "exports");
let db: Db;
let sim: RunningSimulator;
let client: AdminClient;
let store: BlobStore;
let keys: KeyProvider;
let queue: JobQueue;
let worker: JobWorker;
let endpoint: ComplianceEndpoint;
let deps: PrivacyDeps;
let shop: string;
const snapshots: SnapshotInfo[] = [];

interface Person {
  id: string;
  gid: string;
  email: string;
  orders: string[];
}
let alice: Person; // redacted
let bob: Person; // kept, then exported
let guestOrder: string;
const GUEST_EMAIL = "guest-checkout-4711@example.org";

const numeric = (gid: string) => Number(gid.slice(gid.lastIndexOf("/") + 1));

/** A fresh handle, as every job opens: no key or block cached from before a forget. */
async function openRepo(): Promise<Repository> {
  const repository = createRepository({ store, keys, shop });
  await repository.open();
  return repository;
}

async function waitForJob(kind: string, after: number): Promise<JobInfo> {
  for (let i = 0; i < 500; i += 1) {
    const jobs = (await queue.list({ shop, limit: 50 })).filter((j) => j.kind === kind && j.createdAt.getTime() >= after);
    const done = jobs.find((j) => j.status === "succeeded" || j.status === "failed" || j.status === "canceled");
    if (done) return done;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`job ${kind} did not finish`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

beforeAll(async () => {
  const target = { provider: "sqlite" as const, url: `file:${join(tmp, "privacy.sqlite")}` };
  await migrateDatabase(target, fileURLToPath(new URL("../../prisma/migrations", import.meta.url)));
  db = createDb(target);
  sim = await startSimulator({ size: "tiny", seed: 23, apiKey: "key", apiSecret: "secret", plan: "plus" });
  shop = sim.shopDomain;
  client = createAdminClient({ shop, accessToken: sim.accessToken(), apiVersion: "2026-10", baseUrl: sim.url });
  store = createLocalBlobStore(repoDir);
  keys = createTestKeyProvider();
  // A guest checkout (no customer account): its personal data is keyed by the order itself.
  const guest = await client.request<{ orderCreate: { order: { id: string } | null; userErrors: unknown[] } }>(
    `mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order) { order { id } userErrors { message } } }`,
    { order: { email: GUEST_EMAIL, lineItems: [{ title: "Gift card", quantity: 1, priceSet: { shopMoney: { amount: "10.00", currencyCode: "USD" } } }] } },
  );
  expect(guest.data.orderCreate.userErrors).toEqual([]);
  guestOrder = guest.data.orderCreate.order!.id;
  const repository = createRepository({ store, keys, shop });
  await repository.init();
  const catalog = { snapshotCommitted: (repo: Repository, info: SnapshotInfo) => catalogSnapshot(db, repo, info) };
  snapshots.push((await runFullSnapshot({ shop, client, repository, catalog, bulk: { pollIntervalMs: 10 } })).snapshot);

  // Pick two customers with orders, from what the backup holds.
  const ordersOf = new Map<string, string[]>();
  const emails = new Map<string, string>();
  for await (const entry of repository.readSnapshot(snapshots[0].id)) {
    if (entry.type === "Order" && entry.record) {
      const owner = (entry.record.customer as { id?: string } | null)?.id;
      if (owner) ordersOf.set(owner, [...(ordersOf.get(owner) ?? []), entry.gid]);
    }
    if (entry.type === "Customer" && entry.record && typeof entry.record.email === "string") emails.set(entry.gid, entry.record.email);
  }
  const withOrders = [...ordersOf.keys()].filter((gid) => emails.has(gid)).sort();
  const person = (gid: string): Person => ({ id: String(numeric(gid)), gid, email: emails.get(gid)!, orders: ordersOf.get(gid)! });
  alice = person(withOrders[0]);
  bob = person(withOrders[1]);

  // A second version of Alice, so several snapshots hold different copies of her.
  const { data } = await client.request<{ customerUpdate: { userErrors: unknown[] } }>(
    `mutation($input: CustomerInput!) { customerUpdate(input: $input) { userErrors { message } } }`,
    { input: { id: alice.gid, note: "prefers morning delivery" } },
  );
  expect(data.customerUpdate.userErrors).toEqual([]);
  snapshots.push((await runFullSnapshot({ shop, client, repository, catalog, bulk: { pollIntervalMs: 10 } })).snapshot);

  queue = createDbJobQueue({ db, pollMs: 20, backoffMs: 30, maxBackoffMs: 60, maxAttempts: 50 });
  deps = { db, repositoryFor: async (s) => createRepository({ store, keys, shop: s }), exportDir, leaseRetry: { attempts: 2, delayMs: 10 } };
  worker = queue.startWorker({ concurrency: 1, handlers: createPrivacyHandlers(deps) });
  endpoint = await startComplianceEndpoint({ db, queue, apiKey: "key", apiSecret: "secret" });
  sim.setWebhookUrl(endpoint.url);
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await queue?.close();
  await endpoint?.close();
  await sim?.close();
  await db?.$disconnect();
  rmSync(tmp, { recursive: true, force: true });
});

const redactPayload = () => ({
  shop_id: 1,
  shop_domain: shop,
  customer: { id: Number(alice.id), email: alice.email, phone: "+15555550123" },
  orders_to_redact: [...alice.orders, guestOrder].map(numeric),
});

describe("compliance webhooks", () => {
  it("refuses a webhook whose HMAC does not match (401) and enqueues nothing", async () => {
    const body = JSON.stringify(redactPayload());
    const response = await fetch(endpoint.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Topic": "customers/redact",
        "X-Shopify-Shop-Domain": shop,
        "X-Shopify-API-Version": "2026-10",
        "X-Shopify-Webhook-Id": "forged-1",
        "X-Shopify-Hmac-Sha256": "bm90IHRoZSByZWFsIHNpZ25hdHVyZQ==",
      },
      body,
    });
    expect(response.status).toBe(401);
    expect(await queue.list({ shop })).toEqual([]);
  });

  it("customers/data_request exports exactly that customer's data to a private file", async () => {
    const started = Date.now();
    const status = await sim.deliverCompliance("customers/data_request", {
      shop_id: 1,
      shop_domain: shop,
      customer: { id: Number(bob.id), email: bob.email, phone: null },
      orders_requested: bob.orders.map(numeric),
      data_request: { id: 9001 },
    });
    expect(status).toBe(200);
    expect((await waitForJob("customer-data-request", started)).status).toBe("succeeded");

    const file = join(exportDir, shop, "9001.jsonl");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, "utf8");
    const [header, ...lines] = text.trim().split("\n").map((l) => JSON.parse(l) as unknown);
    expect(header).toMatchObject({ format: EXPORT_FORMAT, shop, customer: bob.gid, orders: bob.orders, requestId: "9001" } satisfies Partial<ExportHeader>);
    const records = lines as ExportLine[];
    expect(records.map((l) => `${l.type} ${l.gid}`).sort()).toEqual(
      [`Customer ${bob.gid}`, ...bob.orders.flatMap((g) => [`Order ${g}`, `OrderPersonal ${g}`])].sort(),
    );
    for (const line of records) {
      expect(line.redacted).toBe(false);
      expect(line.snapshotId).toBe(snapshots[1].id);
      expect(line.snapshots).toBe(2);
      expect(line.versions).toBe(1);
    }
    expect(records.find((l) => l.type === "Customer")?.record).toMatchObject({ id: bob.gid, email: bob.email });
    for (const line of records.filter((l) => l.type === "OrderPersonal")) expect(line.record).toMatchObject({ email: bob.email });
    // Nobody else's data.
    expect(text).not.toContain(alice.email);
    expect(text).not.toContain(alice.gid);

    const audit = await db.auditLog.findMany({ where: { shop, action: "privacy.data_exported" } });
    expect(audit.map((a) => a.details)).toEqual([expect.objectContaining({ file: `exports/${shop}/9001.jsonl`, records: 1 + 2 * bob.orders.length })]);
    const allAudit = JSON.stringify(await db.auditLog.findMany({ where: { shop } }));
    expect(allAudit).not.toContain(bob.email);
  });

  it("customers/redact shreds that customer in every snapshot, waiting out a held lease", async () => {
    // An export of Alice made earlier must go with her.
    const exportStarted = Date.now();
    await sim.deliverCompliance("customers/data_request", {
      shop_domain: shop,
      customer: { id: Number(alice.id), email: alice.email },
      orders_requested: alice.orders.map(numeric),
      data_request: { id: 9002 },
    });
    expect((await waitForJob("customer-data-request", exportStarted)).status).toBe("succeeded");
    expect(readFileSync(join(exportDir, shop, "9002.jsonl"), "utf8")).toContain(alice.email);
    // Personal data that leaked into an audit entry is scrubbed too.
    await db.auditLog.create({ data: { shop, actor: "merchant:1", action: "test.note", details: { note: `asked about ${alice.email.toUpperCase()}`, count: 3 } } });

    // Before: the catalog finds her (and the guest checkout) by email.
    expect((await searchSnapshotRecords(db, shop, snapshots[1].id, { q: alice.email })).total).toBeGreaterThan(0);
    expect((await searchSnapshotRecords(db, shop, snapshots[1].id, { q: GUEST_EMAIL })).total).toBe(1);

    // Another writer holds the shop's lease: the job must retry, not fail.
    const lock = `shops/${shop}/locks/000000000999`;
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    await store.put(lock, Buffer.from(JSON.stringify({ owner: "other", purpose: "write", host: "elsewhere", pid: 1, acquiredAt: new Date().toISOString(), expiresAt })));

    const started = Date.now();
    expect(await sim.deliverCompliance("customers/redact", redactPayload())).toBe(200);
    let job: JobInfo | undefined;
    for (let i = 0; i < 500 && !(job && job.attempts >= 2); i += 1) {
      job = (await queue.list({ shop })).find((j) => j.kind === "redact-customer");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(job?.status).not.toBe("succeeded");
    expect(job?.error).toMatch(/busy/);
    await store.delete(lock);
    expect((await waitForJob("redact-customer", started)).status).toBe("succeeded");

    const repository = await openRepo();
    const alicePersonal = new Set([`Customer ${alice.gid}`, ...alice.orders.map((g) => `OrderPersonal ${g}`), `OrderPersonal ${guestOrder}`]);
    const bobPersonal = new Set([`Customer ${bob.gid}`, ...bob.orders.map((g) => `OrderPersonal ${g}`)]);
    for (const snapshot of snapshots) {
      let redacted = 0;
      let bobRead = 0;
      for await (const entry of repository.readSnapshot(snapshot.id)) {
        const key = `${entry.type} ${entry.gid}`;
        if (alicePersonal.has(key)) {
          expect(entry.redacted, key).toBe(true);
          expect(entry.record).toBeNull();
          redacted += 1;
        } else {
          expect(entry.redacted, key).toBe(false);
        }
        if (bobPersonal.has(key)) bobRead += entry.record ? 1 : 0;
        // The order's commercial facts stay.
        if (entry.type === "Order" && alice.orders.includes(entry.gid)) expect(entry.record).not.toBeNull();
      }
      expect(redacted).toBe(alicePersonal.size);
      expect(bobRead).toBe(bobPersonal.size);
      await expect(repository.getRecord(snapshot.id, "Customer", alice.gid)).rejects.toBeInstanceOf(RedactedError);
    }
    const check = await repository.check({ readDataPercent: 100 });
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);

    // No trace of her email in clear: repository bytes, catalog search, audit log, exports.
    for (const email of [alice.email, GUEST_EMAIL]) {
      const needle = Buffer.from(email);
      for (const file of filesUnder(repoDir)) expect(readFileSync(file).includes(needle), file).toBe(false);
      expect((await searchSnapshotRecords(db, shop, snapshots[1].id, { q: email })).total).toBe(0);
    }
    for (const snapshot of snapshots) {
      expect((await searchSnapshotRecords(db, shop, snapshot.id, { q: alice.email })).total).toBe(0);
      expect((await searchSnapshotRecords(db, shop, snapshot.id, { q: bob.email })).total).toBeGreaterThan(0);
    }
    expect(await db.recordVersion.count({ where: { shop, OR: [{ email: alice.email }, { gid: alice.gid, title: { not: null } }] } })).toBe(0);
    const audit = JSON.stringify(await db.auditLog.findMany({ where: { shop } })).toLowerCase();
    expect(audit).not.toContain(alice.email.toLowerCase());
    expect(audit).not.toContain("+15555550123");
    expect(JSON.stringify(await db.job.findMany({ where: { shop } }))).not.toContain(alice.email);
    expect(readdirSync(join(exportDir, shop))).toEqual(["9001.jsonl"]);
    const entry = await db.auditLog.findFirst({ where: { shop, action: "privacy.customer_redacted" } });
    expect(entry?.details).toMatchObject({ customerId: Number(alice.id), repository: true, exportsDeleted: 1, auditEntriesScrubbed: 1 });
    expect((entry?.details as { keysDeleted: number }).keysDeleted).toBeGreaterThan(0);
  });

  it("a re-delivered customers/redact is a no-op that still succeeds", async () => {
    const started = Date.now();
    expect(await sim.deliverCompliance("customers/redact", redactPayload())).toBe(200);
    expect((await waitForJob("redact-customer", started)).status).toBe("succeeded");
    const entries = await db.auditLog.findMany({ where: { shop, action: "privacy.customer_redacted" }, orderBy: { at: "asc" } });
    expect(entries).toHaveLength(2);
    expect(entries[1].details).toMatchObject({ keysDeleted: 0, catalogRowsBlanked: 0 });
    const repository = await openRepo();
    expect((await repository.check({ readDataPercent: 100 })).ok).toBe(true);
    expect((await repository.getRecord(snapshots[1].id, "Customer", bob.gid))?.record).toMatchObject({ email: bob.email });
  });

  it("throws RetryableError (for the queue's backoff) while the lease stays held", async () => {
    const lock = `shops/${shop}/locks/000000000999`;
    await store.put(lock, Buffer.from(JSON.stringify({ owner: "x", purpose: "prune", host: "h", pid: 1, acquiredAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 3_600_000).toISOString() })));
    const request = { customerId: bob.id, customerGid: bob.gid, orderGids: [], requestId: null };
    await expect(redactCustomer(deps, shop, request, { signal: new AbortController().signal })).rejects.toBeInstanceOf(RetryableError);
    await store.delete(lock);
    // Bob is untouched by the refused attempt.
    expect((await (await openRepo()).getRecord(snapshots[1].id, "Customer", bob.gid))?.record).toMatchObject({ email: bob.email });
  });

  it("shop/redact leaves no object under the shop's prefix and no row of the shop, idempotently", async () => {
    await db.session.create({ data: { id: `offline_${shop}`, shop, state: "", accessToken: "token" } });
    await db.shop.create({ data: { domain: shop, settings: {}, uninstalledAt: new Date() } });
    await db.scheduleMark.create({ data: { shop, kind: "full", period: "2026-11-25" } });
    await db.webhookEvent.create({ data: { shop, topic: "products/update", gid: "gid://shopify/Product/1", eventId: "e-1" } });
    // Another shop's rows and objects must survive.
    await db.auditLog.create({ data: { shop: "other-shop.myshopify.com", actor: "system", action: "test.keep", details: {} } });
    await store.put("shops/other-shop.myshopify.com/config", Buffer.from("{}"));

    for (const round of [1, 2]) {
      const started = Date.now();
      expect(await sim.deliverCompliance("shop/redact", { shop_id: 1, shop_domain: shop })).toBe(200);
      expect((await waitForJob("redact-shop", started)).status, `round ${round}`).toBe("succeeded");

      const left: string[] = [];
      for await (const info of store.list(`shops/${shop}/`)) left.push(info.key);
      expect(left).toEqual([]);
      expect(filesUnder(repoDir).filter((f) => f.includes(shop))).toEqual([]);
      const counts = {
        Session: await db.session.count({ where: { shop } }),
        Shop: await db.shop.count({ where: { domain: shop } }),
        SnapshotCatalog: await db.snapshotCatalog.count({ where: { shop } }),
        RecordVersion: await db.recordVersion.count({ where: { shop } }),
        WebhookEvent: await db.webhookEvent.count({ where: { shop } }),
        ScheduleMark: await db.scheduleMark.count({ where: { shop } }),
        RestoreRun: await db.restoreRun.count({ where: { shop } }),
        GidMap: await db.gidMap.count({ where: { shop } }),
      };
      expect(Object.values(counts).every((n) => n === 0), JSON.stringify(counts)).toBe(true);
      // What remains: the erase entries (counts only) and the erase jobs' own rows.
      const audit = await db.auditLog.findMany({ where: { shop } });
      expect(audit.map((a) => a.action)).toEqual(["privacy.shop_erased"]);
      expect(JSON.stringify(audit)).not.toMatch(/@/);
      expect(new Set((await db.job.findMany({ where: { shop } })).map((j) => j.kind))).toEqual(new Set(["redact-shop"]));
      await expect(openRepo()).rejects.toThrow();
    }
    expect(() => statSync(join(exportDir, shop))).toThrow();
    expect(await db.auditLog.count({ where: { shop: "other-shop.myshopify.com" } })).toBe(1);
    expect(await store.stat("shops/other-shop.myshopify.com/config")).toBeDefined();
  });

  it("erases every table that holds shop data (a new table must be added to SHOP_TABLES)", () => {
    const withShop = Prisma.dmmf.datamodel.models
      .filter((m) => m.fields.some((f) => f.name === "shop" || (m.name === "Shop" && f.name === "domain") || (m.name === "RestoreStep" && f.name === "runId")))
      .map((m) => m.name)
      .sort();
    expect([...SHOP_TABLES].sort()).toEqual(withShop);
  });
});
