/**
 * `npm run bench:restore -- [--json] [--plan standard|plus|both] [--count 1000] [--seed 1] [--bulk never|auto|always|both]`:
 * seeds a `large` simulator store (generated lazily), snapshots `count`
 * products (records, levels, variant metafields, image bytes: the backup's
 * canonical shape), deletes half of them and damages the other half (title,
 * price, metafields, stock), then restores all of them over HTTP through
 * the plan's throttle and reports how fully the restore used the bucket.
 * Setup, planning and the safety-net snapshot run in-process (untimed,
 * outside the bucket), so `restore_s` is the journaled writes alone.
 * `--bulk` chooses the executor's bulk-mutation mode (default both: the same
 * run once per request through the bucket, once with the automatic choice,
 * each on a fresh store); productSet is priced by its documented dynamic cost.
 */
import { parseArgs } from "node:util";
import { withMediaBlobs } from "~/backup/media-blobs";
import { products as productModule, variantMetafields } from "~/backup/types/products";
import type { CanonicalRecord } from "~/backup/types/module";
import { createRepository } from "~/repo";
import { createTestKeyProvider } from "~/repo/test-support";
import { productSetCost, shapeOfProductSetInput } from "~/restore/estimate";
import { executeRestore } from "~/restore/executor";
import type { BulkMode } from "~/restore/bulk";
import { createMemoryJournal } from "~/restore/journal";
import { liveLevelRecords } from "~/restore/live";
import { prepareRestore } from "~/restore/restore-products";
import { writeSafetyNet } from "~/restore/safety-net";
import type { JsonObject } from "~/restore/types";
import { compareProducts } from "~/restore/verify";
import { createAdminClient } from "~/shopify/admin-client";
import { createMemoryBlobStore } from "~/storage/memory-blob-store";
import { startSimulator } from "../simulator";
import { inProcessClient } from "./restore/in-process-client";

const { values } = parseArgs({
  options: { json: { type: "boolean", default: false }, plan: { type: "string", default: "both" }, count: { type: "string", default: "1000" }, seed: { type: "string", default: "1" }, bulk: { type: "string", default: "both" } },
});
const log = (message: string) => process.stderr.write(`[bench:restore] ${message}\n`);

async function bench(plan: "standard" | "plus", count: number, bulkMode: BulkMode) {
  const sim = await startSimulator({ size: "large", seed: Number(values.seed), plan, apiKey: "k", apiSecret: "s" });
  try {
    const setup = inProcessClient(sim);
    const ctx = { client: setup };
    // The first `count` products, in store order.
    const ids: string[] = [];
    let after: string | null = null;
    while (ids.length < count) {
      const page: { data: { products: { nodes: { id: string }[]; pageInfo: { endCursor: string } } } } = await setup.request(`query($after: String) { products(first: 250, after: $after) { nodes { id } pageInfo { endCursor } } }`, { after });
      ids.push(...page.data.products.nodes.map((n) => n.id));
      after = page.data.products.pageInfo.endCursor;
    }
    ids.length = count;
    log(`${plan}: snapshotting ${count} products`);
    const records: CanonicalRecord[] = [];
    for await (const r of productModule.byIds!(ctx, ids)) records.push(r);
    const items = records.flatMap((r) => ((r.record.variants ?? []) as JsonObject[]).map((v) => String((v.inventoryItem as JsonObject).id)));
    const variants = records.flatMap((r) => ((r.record.variants ?? []) as JsonObject[]).map((v) => String(v.id)));
    const levels = await liveLevelRecords(ctx, items);
    const vmf: CanonicalRecord[] = [];
    for await (const r of variantMetafields.byIds!(ctx, variants)) vmf.push(r);
    const repository = createRepository({ store: createMemoryBlobStore(), keys: createTestKeyProvider(), shop: sim.shopDomain });
    await repository.init();
    const stats = { images: 0, downloaded: 0, reused: 0, downloadedBytes: 0 };
    const snapshot = await repository.writeSnapshot({
      kind: "full",
      records: (async function* () {
        for await (const r of withMediaBlobs((async function* () { yield* [...records, ...levels, ...vmf]; })(), ctx, undefined, stats)) yield { type: r.type, gid: r.gid, record: r.record };
      })(),
    });

    log(`${plan}: deleting ${Math.ceil(count / 2)} products, damaging ${Math.floor(count / 2)}`);
    for (const [i, r] of records.entries()) {
      if (i % 2 === 0) {
        await setup.request(`mutation($id: ID!) { productDelete(input: { id: $id }) { userErrors { message } } }`, { id: r.gid });
        continue;
      }
      const all = r.record.variants as JsonObject[];
      const v = all[0];
      const damaged = await setup.request<{ productSet: { userErrors: unknown[] } }>(`mutation($identifier: ProductSetIdentifiers, $input: ProductSetInput!) { productSet(identifier: $identifier, input: $input) { userErrors { message } } }`, {
        identifier: { id: r.gid },
        input: {
          title: `Damaged ${i}`,
          metafields: [{ namespace: "custom", key: "bench_damage", type: "single_line_text_field", value: "x" }],
          productOptions: (r.record.options as JsonObject[]).map((o) => ({ id: o.id, name: o.name, values: (o.values as string[]).map((name) => ({ name })) })),
          variants: all.map((x, k) => ({ id: x.id, optionValues: (x.selectedOptions as JsonObject[]).map((o) => ({ optionName: o.name, name: o.value })), price: k === 0 ? "0.01" : x.price })),
        },
      });
      if (damaged.data.productSet.userErrors.length) throw new Error(`damage failed: ${JSON.stringify(damaged.data.productSet.userErrors)}`);
      const level = levels.find((l) => (l.record.item as JsonObject).id === (v.inventoryItem as JsonObject).id);
      if (level) {
        await setup.request(`mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { message } } }`, {
          input: { name: "available", reason: "correction", ignoreCompareQuantity: true, quantities: [{ inventoryItemId: (v.inventoryItem as JsonObject).id, locationId: (level.record.location as JsonObject).id, quantity: 4242 }] },
        });
      }
    }

    const journal = createMemoryJournal();
    const planStarted = Date.now();
    const { run, plan: restorePlan } = await prepareRestore({ repository, fetch: ctx, journal, shop: sim.shopDomain, selection: { kind: "records", snapshotId: snapshot.id, type: "Product", gids: ids } });
    const planSeconds = (Date.now() - planStarted) / 1000;
    const netStarted = Date.now();
    const net = await writeSafetyNet({ repository, fetch: ctx, runId: run.id, type: "Product", records: restorePlan.previews.map((p) => ({ gid: p.gid, liveGid: p.liveGid })) });
    await journal.updateRun(run.id, { safetySnapshotId: net.id });
    const netSeconds = (Date.now() - netStarted) / 1000;

    // The measured part: every write over HTTP, through the plan's bucket, starting from a full bucket.
    const direct = createAdminClient({ shop: sim.shopDomain, accessToken: sim.accessToken(), apiVersion: "2026-10", baseUrl: sim.url });
    // When the first inventory step goes out, the productSet phase (bulk or not) is over for at least one product.
    let firstInventoryAt: number | null = null;
    let bulkOperations = 0;
    const client = {
      ...direct,
      request: ((document, variables, options) => {
        if (firstInventoryAt === null && document.includes("SnapshelfRestoreInventorySet")) firstInventoryAt = Date.now();
        if (document.includes("SnapshelfRestoreBulkRun")) bulkOperations += 1;
        return direct.request(document, variables, options);
      }) as typeof direct.request,
    };
    const first = await client.request<unknown>(`query { shop { id } }`);
    const status = first.cost!.throttleStatus;
    await new Promise((r) => setTimeout(r, Math.ceil(((status.maximumAvailable - status.currentlyAvailable) / status.restoreRate) * 1000) + 50));
    const startCost = client.costUsed();
    const startBucket = status.maximumAvailable;
    log(`${plan}: restoring ${restorePlan.steps.length} steps for ${restorePlan.affected.length} products (bulk ${bulkMode})`);
    const started = Date.now();
    const report = await executeRestore({ runId: run.id, journal, client, repository, bulk: { mode: bulkMode } });
    const restoreSeconds = (Date.now() - started) / 1000;
    const cost = client.costUsed() - startCost;
    const theoretical = Math.max(0, cost - startBucket) / status.restoreRate;

    log(`${plan}: verifying`);
    const mismatches = await compareProducts(repository, snapshot.id, ctx, ids, (gid) => journal.lookupGid(sim.shopDomain, gid));
    const handles = new Map<string, number>();
    let scanned: string | null = null;
    for (;;) {
      const page: { data: { products: { nodes: { handle: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } } = await setup.request(`query($after: String) { products(first: 250, after: $after, reverse: true) { nodes { handle } pageInfo { hasNextPage endCursor } } }`, { after: scanned });
      for (const n of page.data.products.nodes) handles.set(n.handle, (handles.get(n.handle) ?? 0) + 1);
      // Re-created products are the newest: the first pages in reverse order hold them all.
      if (!page.data.products.pageInfo.hasNextPage || handles.size > count * 2) break;
      scanned = page.data.products.pageInfo.endCursor;
    }
    const duplicates = [...handles.values()].filter((n) => n > 1).length;
    const productSets = restorePlan.steps.filter((st) => st.kind === "productSet");
    return {
      plan,
      bulk: bulkMode,
      bulk_operations: bulkOperations,
      records: count,
      deleted: Math.ceil(count / 2),
      altered: Math.floor(count / 2),
      steps: restorePlan.steps.length,
      restored: report.restored,
      failed: report.failed,
      restore_s: Math.round(restoreSeconds * 10) / 10,
      theoretical_min_s: Math.round(theoretical * 10) / 10,
      throttle_utilization: restoreSeconds > 0 ? Math.round((theoretical / restoreSeconds) * 1000) / 1000 : null,
      mutation_cost: cost,
      // What the plan's productSet steps cost through the bucket (documented 2025-10 formula), whichever path ran them.
      product_set_points: Math.round(productSets.reduce((sum, st) => sum + productSetCost(shapeOfProductSetInput((st.input.input ?? {}) as JsonObject)), 0)),
      product_set_phase_s: firstInventoryAt === null ? null : Math.round(((firstInventoryAt - started) / 1000) * 10) / 10,
      bucket: { maximumAvailable: status.maximumAvailable, restoreRate: status.restoreRate },
      requests: client.throttleState().requests,
      throttled_errors: client.throttleState().throttledResponses,
      mismatches: mismatches.length,
      duplicates,
      plan_s: planSeconds,
      safety_net_s: netSeconds,
      images: stats.images,
      failures: report.records.filter((r) => r.outcome === "failed").slice(0, 3),
      mismatch_examples: mismatches.slice(0, 3),
    };
  } finally {
    await sim.close();
  }
}

const plans = values.plan === "both" ? (["standard", "plus"] as const) : ([values.plan as "standard" | "plus"] as const);
const results = [];
const modes: BulkMode[] = values.bulk === "both" ? ["never", "auto"] : [values.bulk as BulkMode];
for (const plan of plans) for (const mode of modes) results.push(await bench(plan, Number(values.count), mode));
if (values.json) console.log(JSON.stringify(results.length === 1 ? results[0] : results, null, 2));
else for (const r of results) console.log(r);
