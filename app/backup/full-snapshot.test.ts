/**
 * Full snapshots against the real simulator over HTTP (tiny store, memory
 * repository): every record of every type equals the store field by field,
 * theme files and image bytes are byte-identical, and a cancelled snapshot
 * commits nothing while a retry completes.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepository, type Repository } from "~/repo";
import { createTestKeyProvider } from "~/repo/test-support";
import { createAdminClient, type AdminClient } from "~/shopify/admin-client";
import { createMemoryBlobStore } from "~/storage/memory-blob-store";
import { startSimulator, type RunningSimulator } from "../../test/simulator";
import { runFullSnapshot, type FullSnapshotResult } from "./full-snapshot";
import { RECORD_TYPE_MODULES, type FetchContext, type RecordTypeModule } from "./types";
import { verifySnapshot } from "./verify";

let sim: RunningSimulator;
let client: AdminClient;
let repository: Repository;
let first: FullSnapshotResult;
const phases: string[] = [];

const ctx = (): FetchContext => ({ client });
const gql = async (query: string, variables: Record<string, unknown>) => client.request<Record<string, unknown>>(query, variables);

beforeAll(async () => {
  // Plus-plan bucket: verification pages through everything with regular queries; throttling is tested in app/shopify.
  sim = await startSimulator({ size: "tiny", seed: 11, apiKey: "key", apiSecret: "secret", plan: "plus" });
  client = createAdminClient({ shop: sim.shopDomain, accessToken: sim.accessToken(), apiVersion: "2026-10", baseUrl: sim.url });
  repository = createRepository({ store: createMemoryBlobStore(), keys: createTestKeyProvider(), shop: sim.shopDomain });
  await repository.init();
  first = await runFullSnapshot({ shop: sim.shopDomain, client, repository, bulk: { pollIntervalMs: 10 }, progress: (phase) => void phases.push(phase) });
});
afterAll(async () => sim?.close());

describe("runFullSnapshot on the tiny store", () => {
  it("covers every data type of the design", () => {
    const counts = first.snapshot.countsPerType;
    for (const type of [
      "Shop", "MetafieldDefinition", "MetaobjectDefinition", "Metaobject", "Product", "ProductVariantMetafields", "Collection",
      "Location", "InventoryLevel", "Customer", "Order", "OrderPersonal", "Page", "Blog", "Article", "UrlRedirect", "Menu",
      "Theme", "ThemeFile", "MediaBlob", "MediaSource",
    ]) {
      expect(counts[type], type).toBeGreaterThan(0);
    }
    expect(counts.Product).toBe(12);
    expect(counts.Customer).toBe(10);
    expect(counts.Order).toBe(15);
    expect(first.records).toBe(first.snapshot.totalRecords);
    expect(phases).toEqual(expect.arrayContaining(["counting", "fetching", "cataloguing", "done"]));
  });

  it("stores every record equal, field by field, to the store read through regular paging", async () => {
    const report = await verifySnapshot(repository, first.snapshot.id, RECORD_TYPE_MODULES, ctx());
    expect(report.missing).toEqual([]);
    expect(report.extra).toEqual([]);
    expect(report.mismatched).toEqual([]);
    expect(report.checked).toBe(first.snapshot.totalRecords - first.snapshot.countsPerType.MediaBlob - first.snapshot.countsPerType.MediaSource);
  });

  it("keeps personal data under the customer's subject key", async () => {
    const customer = (await repository.getSnapshot(first.snapshot.id)) && (await firstOfType(repository, first.snapshot.id, "Customer"));
    const order = await firstOfType(repository, first.snapshot.id, "Order");
    expect(order.record).not.toHaveProperty("email");
    expect(order.record).not.toHaveProperty("shippingAddress");
    const personal = await repository.getRecord(first.snapshot.id, "OrderPersonal", order.gid);
    expect(personal?.record).toHaveProperty("email");
    // Shredding the customer makes their profile unreadable in every snapshot.
    await repository.forgetSubject(customer.gid);
    await expect(repository.getRecord(first.snapshot.id, "Customer", customer.gid)).rejects.toThrow();
  });

  it("stores theme files byte-identical to the store (md5), text, base64 and URL bodies alike", async () => {
    let files = 0;
    const encodings = new Set<string>();
    for await (const entry of repository.readSnapshot(first.snapshot.id)) {
      if (entry.type !== "ThemeFile" || !entry.record) continue;
      const body = entry.record.body as { encoding: "text" | "base64"; content: string };
      encodings.add(body.encoding);
      const bytes = Buffer.from(body.content, body.encoding === "text" ? "utf8" : "base64");
      const themeId = /OnlineStoreTheme\/(\d+)/.exec(String(entry.record.theme))?.[1];
      const original = sim.store.cdn(`themes/${themeId}/${String(entry.record.filename)}`);
      expect(original, String(entry.record.filename)).toBeDefined();
      expect(md5(bytes)).toBe(md5(Buffer.from(original!.body)));
      expect(md5(bytes)).toBe(entry.record.checksumMd5);
      files += 1;
    }
    expect(files).toBe(first.snapshot.countsPerType.ThemeFile);
    expect([...encodings].sort()).toEqual(["base64", "text"]);
  });

  it("stores every product image's bytes, equal to the CDN bytes, content-addressed", async () => {
    let sources = 0;
    for await (const entry of repository.readSnapshot(first.snapshot.id)) {
      if (entry.type !== "MediaSource" || !entry.record) continue;
      const blob = await repository.getRecord(first.snapshot.id, "MediaBlob", `sha256:${String(entry.record.sha256)}`);
      const stored = Buffer.from(String(blob?.record.data), "base64");
      const cdn = Buffer.from(await (await fetch(String(entry.record.url))).arrayBuffer());
      expect(sha256(stored)).toBe(entry.record.sha256);
      expect(stored.equals(cdn)).toBe(true);
      sources += 1;
    }
    expect(sources).toBe(first.media.images);
    expect(first.media.downloaded).toBe(first.media.images);
  });

  it("reports exactly the product changed after the snapshot (the normaliser hides nothing)", async () => {
    const product = await firstOfType(repository, first.snapshot.id, "Product");
    const answer = await gql(
      `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }`,
      { m: [{ ownerId: product.gid, namespace: "custom", key: "verify_probe", type: "single_line_text_field", value: "changed" }] },
    );
    expect(answer.data.metafieldsSet).toEqual({ userErrors: [] });
    const deleted = (await gql(`query { products(first: 1, reverse: true) { nodes { id } } }`, {})).data as { products: { nodes: { id: string }[] } };
    const gone = deleted.products.nodes[0].id;
    await gql(`mutation($id: ID!) { productDelete(input: { id: $id }) { deletedProductId } }`, { id: gone });
    const made = (await gql(
      `mutation($input: ProductSetInput!) { productSet(input: $input, synchronous: true) { product { id } userErrors { message } } }`,
      { input: { title: "Verify probe", productOptions: [{ name: "Size", values: [{ name: "S" }] }], variants: [{ optionValues: [{ optionName: "Size", name: "S" }], price: "1" }] } },
    )).data as { productSet: { product: { id: string } } };
    const products = RECORD_TYPE_MODULES.filter((m) => m.name === "products");
    // Both ways of reading the store (paged, and the bulk queries the large bench verifies with) see the same three.
    for (const report of [
      await verifySnapshot(repository, first.snapshot.id, products, ctx()),
      await verifySnapshot(repository, first.snapshot.id, products, { client, bulk: { pollIntervalMs: 10 } }, { source: "bulk" }),
    ]) {
      expect(report.mismatched).toEqual([{ type: "Product", gid: product.gid }]);
      expect(report.extra).toEqual([{ type: "Product", gid: gone }]);
      expect(report.missing).toEqual([{ type: "Product", gid: made.productSet.product.id }]);
    }
  });

  it("re-uses stored image bytes on the next snapshot instead of downloading them again", async () => {
    const next = await runFullSnapshot({ shop: sim.shopDomain, client, repository, bulk: { pollIntervalMs: 10 }, types: ["products"] });
    expect(next.media.downloaded).toBe(0);
    expect(next.media.reused).toBeGreaterThan(0);
    expect(next.snapshot.parent).toBe(first.snapshot.id);
    expect((await verifySnapshot(repository, next.snapshot.id, RECORD_TYPE_MODULES.filter((m) => m.dataType === "products"), ctx())).mismatched).toEqual([]);
  });

  it("commits nothing when cancelled mid-snapshot, and a retry completes", async () => {
    const before = (await repository.listSnapshots()).length;
    const controller = new AbortController();
    let seen = 0;
    const cancelled = runFullSnapshot({
      shop: sim.shopDomain,
      client,
      repository,
      bulk: { pollIntervalMs: 10 },
      signal: controller.signal,
      progress: (phase, done) => {
        if (phase === "fetching" && done === 0 && ++seen === 1) setTimeout(() => controller.abort(new Error("cancelled by test")), 30);
      },
    });
    await expect(cancelled).rejects.toThrow(/cancelled by test/);
    expect((await repository.listSnapshots()).length).toBe(before);
    const retry = await runFullSnapshot({ shop: sim.shopDomain, client, repository, bulk: { pollIntervalMs: 10 } });
    expect((await repository.listSnapshots()).length).toBe(before + 1);
    expect(retry.snapshot.totalRecords).toBeGreaterThan(0);
    const check = await repository.check({ readDataPercent: 100 });
    expect(check.problems).toEqual([]);
  });

  it("reports the source that failed, not the abort the other sources then end with", async () => {
    const before = (await repository.listSnapshots()).length;
    const broken: RecordTypeModule = {
      ...RECORD_TYPE_MODULES.find((m) => m.name === "pages")!,
      // Among the bulk sources: closing them (cancelling their operations) takes a while, during which the
      // paged sources end with the AbortError first.
      name: "broken",
      bulk: true,
      full: () => ({
        [Symbol.asyncIterator]: () => ({
          next: async () => {
            await new Promise((resolve) => setTimeout(resolve, 50));
            throw new Error("source broke");
          },
        }),
      }),
    };
    const failed = runFullSnapshot({ shop: sim.shopDomain, client, repository, modules: [broken, ...RECORD_TYPE_MODULES], bulk: { pollIntervalMs: 10 } });
    await expect(failed).rejects.toThrow(/source broke/);
    expect((await repository.listSnapshots()).length).toBe(before);
  });
});

async function firstOfType(repo: Repository, snapshotId: string, type: string) {
  for await (const entry of repo.readSnapshot(snapshotId)) if (entry.type === type && entry.record) return entry as { gid: string; record: Record<string, unknown> };
  throw new Error(`no ${type}`);
}

function md5(bytes: Buffer): string {
  return createHash("md5").update(bytes).digest("hex");
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}
