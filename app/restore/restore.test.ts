/**
 * Product restore against the real simulator over HTTP (tiny store, memory
 * repository): damage products after a snapshot, restore, and compare the
 * live store with the snapshot field by field (ids aside, through the GID
 * map); per-field choices, crash + resume without duplicates, media
 * re-upload from backed-up bytes, and undo through the safety net.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/db.server";
import { migrateDatabase } from "~/db/migrate.server";
import type { AdminClient } from "~/shopify/admin-client";
import { executeRestore } from "./executor";
import type { RestoreJournal } from "./journal";
import { createPrismaJournal } from "./journal-prisma";
import { liveProducts } from "./live";
import { createRestoreHandler, RESTORE_JOB } from "./restore-job";
import { prepareRestore, undoSelection } from "./restore-products";
import { DELETE_PRODUCT, listProducts, restoreFixture, SET_PRODUCT, SET_STOCK, type ProductSummary, type RestoreFixture } from "./test-support";
import type { JsonObject } from "./types";
import { compareProducts } from "./verify";

let f: RestoreFixture;
let journal: RestoreJournal;
let products: ProductSummary[];
let db: Db;
const tmp = mkdtempSync(join(tmpdir(), "snapshelf-restore-"));
const byIndex = (i: number) => products[i];

beforeAll(async () => {
  f = await restoreFixture();
  // The journal is the app's: SQLite through Prisma, migrated like production.
  const target = { provider: "sqlite" as const, url: `file:${join(tmp, "app.sqlite")}` };
  await migrateDatabase(target, fileURLToPath(new URL("../../prisma/migrations", import.meta.url)));
  db = createDb(target);
  journal = createPrismaJournal(db);
  products = await listProducts(f);
});
afterAll(async () => {
  await f?.close();
  await db?.$disconnect();
  rmSync(tmp, { recursive: true, force: true });
});

const lookup = (gid: string) => journal.lookupGid(f.sim.shopDomain, gid);
const ctx = () => ({ client: f.client });

async function restore(gids: string[], options: { choices?: Record<string, string[]>; download?: typeof fetch; client?: AdminClient; signal?: AbortSignal; snapshotId?: string; deleteAbsent?: boolean } = {}) {
  const { run, plan } = await prepareRestore({
    repository: f.repository,
    fetch: ctx(),
    journal,
    shop: f.sim.shopDomain,
    selection: { kind: "records", snapshotId: options.snapshotId ?? f.snapshotId, type: "Product", gids },
    choices: options.choices,
    deleteAbsent: options.deleteAbsent,
  });
  const execute = () => executeRestore({ runId: run.id, journal, client: options.client ?? f.client, repository: f.repository, download: options.download, signal: options.signal });
  return { run, plan, execute };
}

async function live(gid: string): Promise<JsonObject> {
  return (await liveProducts(ctx(), [gid])).get(gid) as JsonObject;
}

async function countHandles(handles: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const handle of handles) {
    const data = await f.gql<{ products: { nodes: { handle: string }[] } }>(`query($q: String!) { products(first: 5, query: $q) { nodes { handle } } }`, { q: `handle:${handle}` });
    out[handle] = data.products.nodes.filter((n) => n.handle === handle).length;
  }
  return out;
}

/** Damages a product: title, first price, drops its last variant, its metafields, its collections, and its first stock level. */
async function damage(p: ProductSummary) {
  const record = await live(p.id);
  const variants = (record.variants as JsonObject[]).slice(0, Math.max(1, (record.variants as JsonObject[]).length - 1));
  const result = await f.gql<{ productSet: { userErrors: unknown[] } }>(SET_PRODUCT, {
    identifier: { id: p.id },
    input: {
      title: "Damaged",
      metafields: [],
      collections: [],
      productOptions: (record.options as JsonObject[]).map((o) => ({ name: o.name, values: [...new Set(variants.flatMap((v) => (v.selectedOptions as JsonObject[]).filter((s) => s.name === o.name).map((s) => s.value)))].map((name) => ({ name })) })),
      variants: variants.map((v, i) => ({ id: v.id, optionValues: (v.selectedOptions as JsonObject[]).map((s) => ({ optionName: s.name, name: s.value })), price: i === 0 ? "0.01" : v.price })),
    },
  });
  expect(result.productSet.userErrors).toEqual([]);
  const level = p.variants.nodes[0].inventoryItem.inventoryLevels.nodes[0];
  const stock = await f.gql<{ inventorySetQuantities: { userErrors: unknown[] } }>(SET_STOCK, {
    input: { name: "available", reason: "correction", ignoreCompareQuantity: true, quantities: [{ inventoryItemId: p.variants.nodes[0].inventoryItem.id, locationId: level.location.id, quantity: 987 }] },
  });
  expect(stock.inventorySetQuantities.userErrors).toEqual([]);
}

describe("product restore", () => {
  let firstRun: Awaited<ReturnType<typeof restore>>["run"];

  it("round-trips altered and deleted products: live equals the snapshot field by field", async () => {
    const altered = byIndex(10); // 3 variants, custom collection, media, stock at 2 locations
    const deleted = [byIndex(9), byIndex(7)]; // media, 2 collections / 2 variants
    await damage(altered);
    for (const p of deleted) await f.gql(DELETE_PRODUCT, { id: p.id });
    const gids = [altered.id, ...deleted.map((p) => p.id)];
    expect((await compareProducts(f.repository, f.snapshotId, ctx(), gids, lookup)).length).toBe(3);

    const { run, plan, execute } = await restore(gids);
    expect(plan.previews.map((p) => p.action)).toEqual(["update", "create", "create"]);
    const paths = plan.previews[0].diff.map((d) => d.path);
    // Every kind of damage shows up as its own field in the preview.
    for (const pattern of [/^title$/, /^options$/, /^variants\["[^"]+"\]$/, /^variants\["[^"]+"\]\.price$/, /^metafields\[/, /^collections\[/, /^inventory\[/]) {
      expect(paths.some((path) => pattern.test(path)), String(pattern)).toBe(true);
    }
    const report = await execute();
    firstRun = run;
    expect(report.failed).toBe(0);
    expect(report.restored).toBe(3);
    expect(report.throttledResponses).toBe(0);
    for (const p of deleted) expect(await lookup(p.id)).toMatch(/^gid:\/\/shopify\/Product\//);
    expect(await compareProducts(f.repository, f.snapshotId, ctx(), gids, lookup)).toEqual([]);
    expect(await countHandles([altered.handle, ...deleted.map((p) => p.handle)])).toEqual(Object.fromEntries([altered, ...deleted].map((p) => [p.handle, 1])));
  });

  it("undoes a restore by restoring its safety-net snapshot", async () => {
    const undo = undoSelection((await journal.getRun(firstRun.id))!);
    expect(undo.selection.kind === "records" && undo.selection.snapshotId).toBeTruthy();
    const recreated = await Promise.all([byIndex(9), byIndex(7)].map(async (p) => (await lookup(p.id)) as string));
    const { plan, execute } = await restore(undo.selection.kind === "records" ? undo.selection.gids : [], { snapshotId: (undo.selection as { snapshotId: string }).snapshotId, deleteAbsent: true });
    expect(plan.previews.map((p) => p.action).sort()).toEqual(["delete", "delete", "update"]);
    const report = await execute();
    expect(report.failed).toBe(0);
    expect((await liveProducts(ctx(), recreated)).size).toBe(0);
    const after = await live(byIndex(10).id);
    expect(after.title).toBe("Damaged");
    expect((after.variants as JsonObject[]).length).toBe(2);
    expect((after.variants as JsonObject[])[0].price).toBe("0.01");
  });

  it("takes only the chosen fields (restore just a price, keep today's title and description)", async () => {
    const p = byIndex(2);
    await f.gql(SET_PRODUCT, { identifier: { id: p.id }, input: { title: "Renamed today", descriptionHtml: "<p>new copy</p>", variants: [{ id: p.variants.nodes[0].id, optionValues: [{ optionName: "Title", name: "Default Title" }], price: "1.00" }], productOptions: [{ name: "Title", values: [{ name: "Default Title" }] }] } });
    const { plan, execute } = await restore([p.id], { choices: { [p.id]: [`variants["Default Title"].price`] } });
    expect(plan.previews[0].diff.map((d) => d.path).sort()).toEqual(["descriptionHtml", "title", `variants["Default Title"].price`].sort());
    await execute();
    const after = await live(p.id);
    expect(after.title).toBe("Renamed today");
    expect(after.descriptionHtml).toBe("<p>new copy</p>");
    expect((after.variants as JsonObject[])[0].price).toBe(p.variants.nodes[0].price);
    const left = await compareProducts(f.repository, f.snapshotId, ctx(), [p.id], lookup);
    expect(left[0].diff.map((d) => d.path).sort()).toEqual(["descriptionHtml", "title"]);
  });
});

describe("product restore after a crash", () => {
  it("resumes a run killed halfway (one write landed but was never journaled): no duplicate, none missing", async () => {
    const victims = [3, 4, 5, 6, 8].map(byIndex);
    for (const p of victims) await f.gql(DELETE_PRODUCT, { id: p.id });
    const controller = new AbortController();
    let sets = 0;
    // Dies right after Shopify accepted the third productSet, before the journal hears of it.
    const dying: AdminClient = {
      ...f.client,
      request: async (document, variables, options) => {
        const answer = await f.client.request(document, variables, options);
        if (document.includes("SnapshelfRestoreProductSet") && ++sets === 3) {
          controller.abort(new Error("worker killed"));
          throw new Error("worker killed");
        }
        return answer as never;
      },
    };
    const gids = victims.map((p) => p.id);
    const { run } = await restore(gids);
    await expect(executeRestore({ runId: run.id, journal, client: dying, repository: f.repository, signal: controller.signal, concurrency: 1 })).rejects.toThrow(/killed/);
    const mid = await journal.steps(run.id);
    expect(mid.filter((s) => s.status === "done").length).toBe(2);
    expect(mid.filter((s) => s.status === "sent").length).toBe(1);
    expect((await journal.getRun(run.id))?.status).toBe("canceled");

    const report = await executeRestore({ runId: run.id, journal, client: f.client, repository: f.repository });
    expect(report.restored).toBe(5);
    expect(await countHandles(victims.map((p) => p.handle))).toEqual(Object.fromEntries(victims.map((p) => [p.handle, 1])));
    expect(await compareProducts(f.repository, f.snapshotId, ctx(), gids, lookup)).toEqual([]);
  });

  it("re-uploads backed-up image bytes when the CDN original is gone", async () => {
    const p = byIndex(1);
    expect(p.media.nodes.length).toBe(3);
    await f.gql(DELETE_PRODUCT, { id: p.id });
    // Shopify's CDN drops a deleted product's files; the simulator keeps serving seeded images, so the probe sees the 404 here.
    const gone: typeof fetch = async (url, init) => (String(url).includes("/cdn/catalog/images/") ? new Response("Not Found", { status: 404 }) : fetch(url, init));
    const { execute } = await restore([p.id], { download: gone });
    const report = await execute();
    expect(report.restored).toBe(1);
    const now = await live((await lookup(p.id)) as string);
    const media = now.media as JsonObject[];
    expect(media.length).toBe(3);
    const original = (await f.repository.getRecord(f.snapshotId, "Product", p.id))!.record.media as JsonObject[];
    for (const [i, m] of media.entries()) {
      const url = String((m.image as JsonObject).url);
      expect(url).toContain("/cdn/catalog/uploads/");
      const source = await f.repository.getRecord(f.snapshotId, "MediaSource", String(original[i].id));
      const blob = await f.repository.getRecord(f.snapshotId, "MediaBlob", `sha256:${String(source!.record.sha256)}`);
      const served = Buffer.from(await (await fetch(url)).arrayBuffer());
      expect(createHash("sha256").update(served).digest("hex")).toBe(source!.record.sha256);
      expect(served.equals(Buffer.from(String(blob!.record.data), "base64"))).toBe(true);
    }
    expect(await compareProducts(f.repository, f.snapshotId, ctx(), [p.id], lookup)).toEqual([]);
  });

  it("runs as the \"restore\" job: progress per product, report and status in the journal", async () => {
    const p = byIndex(11);
    await f.gql(DELETE_PRODUCT, { id: p.id });
    const { run } = await restore([p.id]);
    const phases: string[] = [];
    const completed: string[] = [];
    const handler = createRestoreHandler({ openRepository: async () => f.repository, clientFor: async () => f.client, journal, completed: async (_shop, runId) => void completed.push(runId) });
    const job = { id: "job-1", shop: f.sim.shopDomain, kind: RESTORE_JOB, status: "running" as const, payload: { runId: run.id }, phase: null, progress: { done: 0, expected: null }, attempts: 1, error: null, createdAt: new Date() };
    await handler(job, { signal: new AbortController().signal, progress: async (phase, done, expected) => void phases.push(`${phase} ${done}/${expected}`) });
    expect(phases).toEqual(["safety-net 0/1", "restoring 1/1"]);
    expect(completed).toEqual([run.id]);
    const after = await journal.getRun(run.id);
    expect(after?.status).toBe("succeeded");
    expect(after?.report?.records).toEqual([{ gid: p.id, title: p.title, outcome: "restored", newGid: await lookup(p.id) }]);
    expect(after?.safetySnapshotId).toBeTruthy();
  });
});
