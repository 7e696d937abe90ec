/**
 * Restore into another shop (a clone, e.g. a development store): two
 * simulators seeded differently, whose GIDs collide by construction (same
 * id ranges), so a restore that trusted a source GID in the target would
 * overwrite an unrelated record. Products, their collections and stock
 * land field by field through the natural-key GID map; records of the
 * target with the same GIDs stay untouched; a second run adds nothing;
 * undo removes what the run made.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFullSnapshot } from "~/backup/full-snapshot";
import { createRepository, type Repository } from "~/repo";
import { createTestKeyProvider } from "~/repo/test-support";
import { createAdminClient, type AdminClient } from "~/shopify/admin-client";
import { createMemoryBlobStore } from "~/storage/memory-blob-store";
import { startSimulator, type RunningSimulator } from "../../../test/simulator";
import { executeRestore } from "../executor";
import { createMemoryJournal, type RestoreJournal } from "../journal";
import { compareRecords } from "../records/verify";
import { prepareRestore, undoSelection } from "../restore-products";
import { restoreFixture, type RestoreFixture } from "../test-support";
import type { JsonObject } from "../types";
import { compareProducts } from "../verify";

let source: RestoreFixture;
let target: RunningSimulator;
let targetClient: AdminClient;
let targetRepository: Repository;
let journal: RestoreJournal;
const TARGET = "clone-shop.myshopify.com";

beforeAll(async () => {
  source = await restoreFixture({ seed: 11, types: ["products", "collections", "inventory", "customers", "content"] });
  target = await startSimulator({ size: "tiny", seed: 77, apiKey: "key", apiSecret: "secret", plan: "plus", shopDomain: TARGET });
  targetClient = createAdminClient({ shop: TARGET, accessToken: target.accessToken(), apiVersion: "2026-10", baseUrl: target.url });
  targetRepository = createRepository({ store: createMemoryBlobStore(), keys: createTestKeyProvider(), shop: TARGET });
  await targetRepository.init();
  await runFullSnapshot({ shop: TARGET, client: targetClient, repository: targetRepository, bulk: { pollIntervalMs: 10 }, types: ["products"] });
  journal = createMemoryJournal();
}, 90_000);
afterAll(async () => {
  await source?.close();
  await target?.close();
});

const lookup = (gid: string) => journal.lookupGid(TARGET, gid);
const PRODUCT = `query($id: ID!) { product(id: $id) { id title handle updatedAt } }`;

async function restoreInto(type: string, gids: string[]) {
  const { run, plan } = await prepareRestore({
    repository: source.repository,
    fetch: { client: targetClient },
    journal,
    shop: TARGET,
    selection: { kind: "records", snapshotId: source.snapshotId, type, gids, sourceShop: source.sim.shopDomain },
  });
  const report = await executeRestore({ runId: run.id, journal, client: targetClient, repository: source.repository, safetyRepository: targetRepository });
  return { run, plan, report };
}

describe("restore into another shop", () => {
  let gids: string[];
  let bystanders: JsonObject[];
  let cloneRunId: string;

  it("clones products with their collections and stock, touching no record that merely shares a GID", async () => {
    const products: { gid: string; record: JsonObject }[] = [];
    for await (const e of source.repository.readSnapshot(source.snapshotId)) if (e.type === "Product" && e.record) products.push({ gid: e.gid, record: e.record as JsonObject });
    gids = products.slice(0, 4).map((p) => p.gid);
    // The target has products under the very same GIDs (same seeded id ranges), unrelated to these.
    bystanders = [];
    for (const gid of gids) {
      const { data } = await targetClient.request<{ product: JsonObject | null }>(PRODUCT, { id: gid });
      if (data.product) bystanders.push(data.product);
    }
    expect(bystanders.length).toBeGreaterThan(0);

    // Collections first, so the products' memberships have counterparts to link to.
    const collectionGids = [...new Set(products.slice(0, 4).flatMap((p) => ((p.record.collections ?? []) as JsonObject[]).map((c) => String(c.id))))];
    const collections = await restoreInto("Collection", collectionGids);
    expect(collections.report.failed).toBe(0);
    const { report, plan, run } = await restoreInto("Product", gids);
    cloneRunId = run.id;
    expect(plan.previews.every((p) => p.action === "create")).toBe(true);
    expect(report.failed).toBe(0);

    expect(await compareProducts(source.repository, source.snapshotId, { client: targetClient }, gids, lookup, { crossStore: true })).toEqual([]);
    for (const before of bystanders) {
      const { data } = await targetClient.request<{ product: JsonObject | null }>(PRODUCT, { id: before.id });
      expect(data.product).toEqual(before);
    }
    // Collection memberships of the clones point at the target's collections (custom ones re-created there).
    expect(await compareRecords(source.repository, source.snapshotId, { client: targetClient }, "Collection", collectionGids.filter(Boolean), lookup, { crossStore: true })).toEqual([]);
  });

  it("a second run finds the clones by the map and writes nothing", async () => {
    const { plan } = await restoreInto("Product", gids);
    expect(plan.steps).toEqual([]);
  });

  it("undo removes the clones it made", async () => {
    // Undo the product run that made the clones: its safety net lives in the target's own repository.
    const made = await Promise.all(gids.map(lookup));
    expect(made.every((g) => typeof g === "string")).toBe(true);
    const undo = undoSelection((await journal.getRun(cloneRunId))!);
    const { run: undoRun } = await prepareRestore({ repository: targetRepository, fetch: { client: targetClient }, journal, shop: TARGET, selection: undo.selection, deleteAbsent: true });
    const report = await executeRestore({ runId: undoRun.id, journal, client: targetClient, repository: targetRepository });
    expect(report.failed).toBe(0);
    for (const gid of made) {
      const { data } = await targetClient.request<{ product: JsonObject | null }>(PRODUCT, { id: gid });
      expect(data.product).toBeNull();
    }
    for (const before of bystanders) {
      const { data } = await targetClient.request<{ product: JsonObject | null }>(PRODUCT, { id: before.id });
      expect(data.product).toEqual(before);
    }
  });

  it.each(["Customer", "Page", "Blog", "Article", "Menu", "UrlRedirect"])("clones %s records field by field (owned parts kept, references mapped or dropped)", async (type) => {
    const records: string[] = [];
    for await (const e of source.repository.readSnapshot(source.snapshotId)) if (e.type === type && e.record) records.push(e.gid);
    // Articles need their blog in the target first (mapped by handle or re-created).
    if (type === "Article") await restoreInto("Blog", (await Promise.all(records.slice(0, 2).map((g) => source.repository.getRecord(source.snapshotId, type, g)))).map((r) => String(((r?.record as JsonObject).blog as JsonObject).id)));
    const chosen = records.slice(0, 2);
    const { report } = await restoreInto(type, chosen);
    expect(report.records.filter((r) => r.outcome === "failed")).toEqual([]);
    expect(await compareRecords(source.repository, source.snapshotId, { client: targetClient }, type, chosen, lookup, { crossStore: true })).toEqual([]);
  });
});
