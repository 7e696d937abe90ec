/**
 * Restore drills over a real snapshot of the simulator's tiny store (small
 * blocks, so a flipped byte damages some records and not others): a healthy
 * repository passes, the inputs are the planner's own re-create inputs, an
 * input the Admin schema rejects and a flipped byte in a pack are each
 * reported naming the record, and every drill is logged with an audit entry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogSnapshot } from "~/catalog/catalog";
import { spanningSnapshot } from "~/catalog/queries";
import { recordAudit } from "~/services/audit.server";
import { loadAppAdminSchema } from "~/shopify/admin-schema.server";
import { planRestore } from "../planner";
import type { JsonObject } from "../types";
import { runDrill, type DrillInput } from "./drill";
import { drillShop, type DrillJobDeps } from "./drill-job";
import { catalogSampleSource } from "./sample";
import { drillFixture, type DrillFixture } from "./test-support";

let f: DrillFixture;
const everything = { products: 1000, othersPerType: 1000 };
const deps = (): DrillJobDeps => ({
  db: f.db,
  openRepository: () => f.reopen(),
  schema: loadAppAdminSchema,
  finished: (shop, drillId, result) => recordAudit(f.db, { shop, actor: "snapshelf", action: "drill.completed", details: { drillId, outcome: result.outcome, records: result.problems.flatMap((p) => (p.gid ? [p.gid] : [])) } }),
});
const drill = async (options: Partial<DrillInput> = {}) =>
  runDrill({ repository: await f.reopen(), snapshotId: f.snapshotId, source: catalogSampleSource(f.db, f.sim.shopDomain), schema: loadAppAdminSchema, ...options });

beforeAll(async () => {
  f = await drillFixture();
}, 120_000);
afterAll(async () => {
  await f?.close();
});

describe("restore drill", () => {
  it("passes on a healthy repository, and is logged with an audit entry", async () => {
    const shop = f.sim.shopDomain;
    const { id, result } = await drillShop(deps(), shop, "manual", null);
    expect(result.problems).toEqual([]);
    expect(result.outcome).toBe("ok");
    expect(result.snapshotId).toBe(f.snapshotId);
    const counts = (await f.repository.getSnapshot(f.snapshotId)).countsPerType;
    expect(result.sampled.Product).toBe(Math.min(25, counts.Product));
    for (const type of ["Collection", "Customer", "InventoryLevel"]) expect(result.sampled[type]).toBe(Math.min(3, counts[type]));
    expect(result.sampleSize).toBe(Object.values(result.sampled).reduce((a, b) => a + b, 0));
    expect(result.steps.map((s) => [s.step, s.status])).toEqual([["integrity", "ok"], ["inputs", "ok"], ["schema", "ok"]]);
    expect(result.steps[2].count).toBe(result.sampled.Product);

    const row = await f.db.restoreDrill.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ shop, trigger: "manual", outcome: "ok", snapshotId: f.snapshotId, sampleSize: result.sampleSize, problems: [] });
    expect(row.finishedAt).toBeInstanceOf(Date);
    const audit = await f.db.auditLog.findMany({ where: { shop, action: "drill.completed" } });
    expect(audit.map((a) => (a.details as JsonObject).drillId)).toEqual([id]);
  });

  it("builds exactly the productSet input the planner sends to re-create a deleted product", async () => {
    const { inputs } = await drill(everything);
    const withCollections = inputs.find((i) => Array.isArray(i.variables.input.collections) && (i.variables.input.files as unknown[] | undefined)?.length);
    expect(withCollections).toBeDefined();
    const gid = withCollections!.gid;
    await f.client.request(`mutation($id: ID!) { productDelete(input: { id: $id }) { deletedProductId } }`, { id: gid });
    const plan = await planRestore({ repository: f.repository, fetch: { client: f.client }, shop: f.sim.shopDomain, selection: { kind: "records", snapshotId: f.snapshotId, type: "Product", gids: [gid] }, lookupGid: async () => undefined });
    const step = plan.steps.find((s) => s.kind === "productSet")!;
    const planned = step.input as { identifier: JsonObject; input: JsonObject };
    // The executor resolves each file's source at run time; the drill stands in a URL there.
    const files = (input: JsonObject) => ((input.files ?? []) as JsonObject[]).map((file) => ({ ...file, originalSource: "resolved at run time" }));
    expect(withCollections!.variables.identifier).toEqual(planned.identifier);
    expect({ ...withCollections!.variables.input, files: files(withCollections!.variables.input) }).toEqual({ ...planned.input, files: files(planned.input) });
    for (const file of withCollections!.variables.input.files as JsonObject[]) expect(typeof file.originalSource).toBe("string");
  });

  it("reports schema validation as unavailable (not failed) without the Admin schema package", async () => {
    const result = await drill({ schema: () => ({ unavailable: "the Admin schema package @shopify/dev-mcp is not installed" }) });
    expect(result.outcome).toBe("ok");
    expect(result.steps.find((s) => s.step === "schema")).toMatchObject({ status: "unavailable", message: expect.stringMatching(/^Schema validation unavailable: /) });
  });

  it("reports an input the Admin schema rejects, naming the product", async () => {
    const repository = await f.reopen();
    const [victim] = (await drill({ products: 1, othersPerType: 0, random: () => 0 })).inputs;
    const record = (await repository.getRecord(f.snapshotId, "Product", victim.gid))!.record;
    const info = await repository.writeSnapshot({ kind: "incremental", records: [{ type: "Product", gid: victim.gid, record: { ...record, status: "RETIRED" } }] });
    await catalogSnapshot(f.db, repository, info);
    f.snapshotId = info.id;

    const { result } = await drillShop({ ...deps(), options: everything }, f.sim.shopDomain, "schedule", null);
    expect(result.snapshotId).toBe(info.id);
    expect(result.outcome).toBe("problems");
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ kind: "schema", type: "Product", gid: victim.gid, title: victim.title });
    expect(result.problems[0].message).toMatch(/RETIRED/);
    expect(result.steps.map((s) => [s.step, s.status])).toEqual([["integrity", "ok"], ["inputs", "ok"], ["schema", "problems"]]);
  });

  it("reports a flipped byte in a pack, naming exactly the damaged records", async () => {
    const shop = f.sim.shopDomain;
    // The records the snapshot holds (catalog), and which of them sit in a block `repo check --read-data` finds corrupt (by record id).
    const held = await f.db.recordVersion.findMany({ where: spanningSnapshot(shop, f.snapshotId) });
    const flip = async (key: string) => {
      const original = await f.store.get(key);
      const damaged = Uint8Array.from(original);
      damaged[40] ^= 0x01; // inside the pack's first block
      await f.store.put(key, damaged);
      const report = await (await f.reopen()).check({ readDataPercent: 100 });
      const prefixes = report.problems.filter((p) => p.kind === "corrupt-block").flatMap((p) => p.recordIds ?? []);
      return { original, affected: held.filter((r) => prefixes.some((prefix) => r.recordId.startsWith(prefix))) };
    };
    // Prefer a pack whose first block holds products; else the first that damages anything the snapshot holds.
    let affected: { type: string; gid: string }[] = [];
    let fallback: string | undefined;
    for await (const pack of f.store.list(`shops/${shop}/packs/`)) {
      const tried = await flip(pack.key);
      if (tried.affected.some((a) => a.type === "Product")) {
        affected = tried.affected;
        break;
      }
      if (!fallback && tried.affected.length) fallback = pack.key;
      await f.store.put(pack.key, tried.original);
    }
    if (affected.length === 0 && fallback) affected = (await flip(fallback)).affected;
    expect(affected.length).toBeGreaterThan(0);

    const { id, result } = await drillShop({ ...deps(), options: everything }, shop, "manual", null);
    expect(result.outcome).toBe("problems");
    const integrity = result.problems.filter((p) => p.kind === "integrity");
    const named = (list: { type?: string; gid?: string }[]) => [...new Set(list.map((a) => `${a.type} ${a.gid}`))].sort();
    // Every record the check finds damaged is named (the sample is the whole snapshot), and nothing intact is.
    expect(named(integrity)).toEqual(named(affected));
    for (const p of integrity) expect(p.message).toContain(p.gid);
    const row = await f.db.restoreDrill.findUniqueOrThrow({ where: { id } });
    expect(row.outcome).toBe("problems");
    expect(named(row.problems as { type: string; gid: string }[])).toEqual(expect.arrayContaining(named(integrity)));
    const audit = await f.db.auditLog.findFirst({ where: { shop, action: "drill.completed" }, orderBy: { at: "desc" } });
    expect((audit?.details as { records: string[] }).records).toEqual(expect.arrayContaining(integrity.map((p) => p.gid)));
  });
});
