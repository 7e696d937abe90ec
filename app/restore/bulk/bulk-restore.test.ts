/**
 * The bulk-mutation restore path against the simulator over HTTP (small
 * store, Prisma journal): a large batch of deleted and damaged products is
 * restored through one bulkOperationRunMutation, field by field equal to the
 * snapshot; a crash after the operation started re-attaches instead of
 * resending; one line's userErrors fail exactly that record; a failed
 * operation's unfinished lines fall back to the regular idempotent resend.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/db.server";
import { migrateDatabase } from "~/db/migrate.server";
import type { AdminClient } from "~/shopify/admin-client";
import { executeRestore } from "../executor";
import type { RestoreJournal } from "../journal";
import { createPrismaJournal } from "../journal-prisma";
import { prepareRestore } from "../restore-products";
import { DELETE_PRODUCT, restoreFixture, SET_PRODUCT, SET_STOCK, type RestoreFixture } from "../test-support";
import { compareProducts } from "../verify";

interface Listed {
  id: string;
  handle: string;
  variants: { nodes: { inventoryItem: { id: string; inventoryLevels: { nodes: { location: { id: string } }[] } } }[] };
}

let f: RestoreFixture;
let journal: RestoreJournal;
let db: Db;
let products: Listed[];
const tmp = mkdtempSync(join(tmpdir(), "snapshelf-bulk-restore-"));

beforeAll(async () => {
  f = await restoreFixture({ size: "small", plan: "plus" });
  const target = { provider: "sqlite" as const, url: `file:${join(tmp, "app.sqlite")}` };
  await migrateDatabase(target, fileURLToPath(new URL("../../../prisma/migrations", import.meta.url)));
  db = createDb(target);
  journal = createPrismaJournal(db);
  products = [];
  let after: string | null = null;
  while (products.length < 250) {
    const data: { products: { nodes: Listed[]; pageInfo: { endCursor: string } } } = await f.gql(`query($after: String) { products(first: 100, after: $after) { nodes { id handle variants(first: 1) { nodes { inventoryItem { id inventoryLevels(first: 1) { nodes { location { id } } } } } } } pageInfo { endCursor } } }`, { after });
    products.push(...data.products.nodes);
    after = data.products.pageInfo.endCursor;
  }
}, 120_000);
afterAll(async () => {
  await f?.close();
  await db?.$disconnect();
  rmSync(tmp, { recursive: true, force: true });
});

const ctx = () => ({ client: f.client });
const lookup = (gid: string) => journal.lookupGid(f.sim.shopDomain, gid);
const bulkOptions = { mode: "always" as const, pollIntervalMs: 20 };

/** Even positions deleted; odd ones renamed and restocked (a productSet update then an inventory step). */
async function wreck(batch: Listed[]) {
  for (const [i, p] of batch.entries()) {
    if (i % 2 === 0) {
      await f.gql(DELETE_PRODUCT, { id: p.id });
      continue;
    }
    await f.gql(SET_PRODUCT, { identifier: { id: p.id }, input: { title: `Wrecked ${i}` } });
    const item = p.variants.nodes[0]?.inventoryItem;
    const location = item?.inventoryLevels.nodes[0]?.location.id;
    if (item && location) await f.gql(SET_STOCK, { input: { name: "available", reason: "correction", ignoreCompareQuantity: true, quantities: [{ inventoryItemId: item.id, locationId: location, quantity: 777 }] } });
  }
}

async function plan(batch: Listed[]) {
  const { run } = await prepareRestore({ repository: f.repository, fetch: ctx(), journal, shop: f.sim.shopDomain, selection: { kind: "records", snapshotId: f.snapshotId, type: "Product", gids: batch.map((p) => p.id) } });
  return run;
}

/** Live products per handle (a duplicate re-create would show as 2). */
async function handleCounts(batch: Listed[]): Promise<number[]> {
  const out: number[] = [];
  for (const p of batch) {
    const data = await f.gql<{ products: { nodes: { handle: string }[] } }>(`query($q: String!) { products(first: 5, query: $q) { nodes { handle } } }`, { q: `handle:${p.handle}` });
    out.push(data.products.nodes.filter((n) => n.handle === p.handle).length);
  }
  return out;
}

/** A client that counts the documents it sends by operation name. */
function counting(base: AdminClient) {
  const sent: Record<string, number> = {};
  const client: AdminClient = {
    ...base,
    request: (document, variables, options) => {
      const name = /(?:mutation|query)\s+(\w+)/.exec(document)?.[1] ?? "anonymous";
      sent[name] = (sent[name] ?? 0) + 1;
      return base.request(document, variables, options);
    },
  };
  return { client, sent };
}

describe("bulk-mutation restore", () => {
  it("restores 64 deleted and damaged products through one bulk mutation: live equals the snapshot", async () => {
    const batch = products.slice(0, 64);
    await wreck(batch);
    const run = await plan(batch);
    const { client, sent } = counting(f.client);
    const report = await executeRestore({ runId: run.id, journal, client, repository: f.repository, bulk: bulkOptions });
    expect(report.failed).toBe(0);
    expect(report.restored).toBe(64);
    expect(sent.SnapshelfRestoreBulkRun).toBe(1);
    // Not one productSet went through the bucket; only the inventory steps of the damaged half did.
    expect(sent.SnapshelfRestoreProductSet).toBeUndefined();
    // The deleted products' images left the CDN: their bytes go up through a few batched staged uploads, not one call per product.
    expect(sent.SnapshelfRestoreStagedUploads).toBeGreaterThan(0);
    expect(sent.SnapshelfRestoreStagedUploads).toBeLessThan(5);
    const steps = await journal.steps(run.id);
    const sets = steps.filter((s) => s.kind === "productSet");
    expect(sets.every((s) => s.status === "done" && typeof s.result?.bulkOperation === "string")).toBe(true);
    expect(new Set(sets.map((s) => s.result?.bulkOperation)).size).toBe(1);
    expect(steps.filter((s) => s.kind === "inventory").every((s) => s.status === "done")).toBe(true);
    for (const p of batch.filter((_, i) => i % 2 === 0)) expect(await lookup(p.id)).toMatch(/^gid:\/\/shopify\/Product\//);
    expect(await compareProducts(f.repository, f.snapshotId, ctx(), batch.map((p) => p.id), lookup)).toEqual([]);
    expect(await handleCounts(batch)).toEqual(batch.map(() => 1));
  }, 120_000);

  it("re-attaches to the bulk operation after a crash instead of sending again: no duplicates", async () => {
    const batch = products.slice(64, 124);
    await wreck(batch);
    const run = await plan(batch);
    const controller = new AbortController();
    const crash = executeRestore({
      runId: run.id,
      journal,
      client: f.client,
      repository: f.repository,
      signal: controller.signal,
      // The worker dies right after Shopify accepted the bulk mutation.
      bulk: { ...bulkOptions, onStarted: () => controller.abort(new Error("worker killed")) },
    });
    await expect(crash).rejects.toThrow(/killed/);
    const mid = await journal.steps(run.id);
    expect(mid.filter((s) => s.kind === "productSet").every((s) => s.status === "sent")).toBe(true);
    const { client, sent } = counting(f.client);
    const report = await executeRestore({ runId: run.id, journal, client, repository: f.repository, bulk: bulkOptions });
    expect(report.failed).toBe(0);
    expect(report.restored).toBe(60);
    expect(sent.SnapshelfRestoreBulkRun).toBeUndefined();
    expect(sent.SnapshelfRestoreProductSet).toBeUndefined();
    expect(await compareProducts(f.repository, f.snapshotId, ctx(), batch.map((p) => p.id), lookup)).toEqual([]);
    expect(await handleCounts(batch)).toEqual(batch.map(() => 1));
  }, 120_000);

  it("fails exactly the record whose line has userErrors", async () => {
    const batch = products.slice(124, 184);
    await wreck(batch);
    const run = await plan(batch);
    // One re-create is planned with a blank title (as if the snapshot held one): Shopify answers that line with a userError.
    const steps = await journal.steps(run.id);
    const victim = steps.find((s) => s.kind === "productSet" && s.recordGid === batch[10].id)!;
    const input = structuredClone(victim.input) as { input: { title: string } };
    input.input.title = "";
    await db.restoreStep.update({ where: { runId_seq: { runId: run.id, seq: victim.seq } }, data: { input } });
    const report = await executeRestore({ runId: run.id, journal, client: f.client, repository: f.repository, bulk: bulkOptions });
    expect(report.failed).toBe(1);
    expect(report.restored).toBe(59);
    const failed = report.records.filter((r) => r.outcome === "failed");
    expect(failed.map((r) => r.gid)).toEqual([batch[10].id]);
    expect(failed[0].userErrors?.length).toBeGreaterThan(0);
    const others = batch.filter((_, i) => i !== 10).map((p) => p.id);
    expect(await compareProducts(f.repository, f.snapshotId, ctx(), others, lookup)).toEqual([]);
  }, 120_000);

  it("falls back to the regular resend for lines a failed operation never ran", async () => {
    const batch = products.slice(184, 244);
    await wreck(batch);
    const run = await plan(batch);
    f.sim.injectBulkMutationFailure("FAILED_PARTIAL");
    const { client, sent } = counting(f.client);
    const report = await executeRestore({ runId: run.id, journal, client, repository: f.repository, bulk: bulkOptions });
    expect(report.failed).toBe(0);
    expect(report.restored).toBe(60);
    // Half the lines ran before the failure (read from partialDataUrl); the other half went one by one.
    expect(sent.SnapshelfRestoreProductSet).toBe(30);
    expect(await compareProducts(f.repository, f.snapshotId, ctx(), batch.map((p) => p.id), lookup)).toEqual([]);
    expect(await handleCounts(batch)).toEqual(batch.map(() => 1));
  }, 120_000);
});
