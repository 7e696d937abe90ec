/** The scheduler enqueues each shop's due work once per period, keeps shops independent, and retention forgets + prunes. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogSnapshot } from "~/catalog/catalog";
import { recordHistory } from "~/catalog/queries";
import { createDb, type Db } from "~/db.server";
import { migrateDatabase } from "~/db/migrate.server";
import { createDbJobQueue } from "~/jobs/db-job-queue";
import type { JobQueue } from "~/jobs/job-queue";
import { createRepository } from "~/repo";
import { createTestKeyProvider } from "~/repo/test-support";
import { DEFAULT_SETTINGS, type BackupSettings } from "~/services/settings";
import { createMemoryBlobStore } from "~/storage/memory-blob-store";
import { periodKey } from "./periods";
import { runRetention } from "./retention-job";
import { schedulerTick } from "./scheduler";

const tmp = mkdtempSync(join(tmpdir(), "snapshelf-scheduler-"));
let db: Db;
let queue: JobQueue;

beforeAll(async () => {
  const target = { provider: "sqlite" as const, url: `file:${join(tmp, "scheduler.sqlite")}` };
  await migrateDatabase(target, fileURLToPath(new URL("../../../prisma/migrations", import.meta.url)));
  db = createDb(target);
  queue = createDbJobQueue({ db, pollMs: 20 });
});
afterAll(async () => {
  await queue?.close();
  await db?.$disconnect();
  rmSync(tmp, { recursive: true, force: true });
});

const settings: Record<string, BackupSettings> = {
  "hourly.myshopify.com": { ...DEFAULT_SETTINGS, frequency: "hourly" },
  "weekly.myshopify.com": { ...DEFAULT_SETTINGS, frequency: "weekly" },
};

describe("schedulerTick", () => {
  it("enqueues each kind once per period and again in the next period", async () => {
    let now = new Date("2026-11-25T10:05:00Z");
    const deps = {
      db,
      queue,
      shops: async () => ["hourly.myshopify.com", "broken.myshopify.com", "weekly.myshopify.com"],
      settings: async (shop: string) => {
        if (!settings[shop]) throw new Error("settings row unreadable");
        return settings[shop];
      },
      now: () => now,
    };
    const first = await schedulerTick(deps);
    expect(first.map((s) => `${s.shop}:${s.kind}`).sort()).toEqual([
      "hourly.myshopify.com:poll-content",
      "hourly.myshopify.com:reconcile",
      "hourly.myshopify.com:retention",
      "hourly.myshopify.com:scheduled-full",
      "weekly.myshopify.com:poll-content",
      "weekly.myshopify.com:retention",
      "weekly.myshopify.com:scheduled-full",
    ]);
    // A second tick in the same period (or a second machine) enqueues nothing, even after the jobs ended.
    await db.job.updateMany({ data: { status: "succeeded", dedupeKey: null, activeShop: null } });
    expect(await schedulerTick(deps)).toEqual([]);
    now = new Date("2026-11-25T11:01:00Z");
    const next = await schedulerTick(deps);
    expect(next.map((s) => `${s.shop}:${s.kind}`).sort()).toEqual(["hourly.myshopify.com:poll-content", "hourly.myshopify.com:scheduled-full", "weekly.myshopify.com:poll-content"]);
    const jobs = await queue.list({ shop: "hourly.myshopify.com" });
    expect(jobs.find((j) => j.payload.trigger === "schedule")?.payload.period).toBe("2026-11-25T11");
  });

  it("sweeps change events that no job took", async () => {
    const shop = "hourly.myshopify.com";
    await db.webhookEvent.create({ data: { shop, topic: "products/update", gid: "gid://shopify/Product/1", eventId: "e-1", receivedAt: new Date("2026-11-25T11:00:00Z") } });
    const deps = { db, queue, shops: async () => [shop], settings: async () => settings[shop], now: () => new Date("2026-11-25T11:05:00Z") };
    const swept = await schedulerTick(deps);
    expect(swept.map((s) => s.kind)).toEqual(["incremental-sweep"]);
    expect((await queue.list({ shop })).some((j) => j.kind === "incremental")).toBe(true);
  });

  it("enqueues one restore drill per shop per week, once the shop has a snapshot", async () => {
    const shops = ["drill-a.myshopify.com", "drill-b.myshopify.com"];
    let now = new Date("2026-11-23T00:10:00Z"); // Monday of 2026-W48
    const deps = { db, queue, shops: async () => shops, settings: async () => ({ ...DEFAULT_SETTINGS, frequency: "weekly" as const }), now: () => now };
    const drills = (scheduled: Awaited<ReturnType<typeof schedulerTick>>) => scheduled.filter((s) => s.kind === "restore-drill").map((s) => `${s.shop}@${s.period}`);
    // Nothing to sample yet: no drill, and the week stays open for when the first snapshot lands.
    expect(drills(await schedulerTick(deps))).toEqual([]);
    for (const [i, shop] of shops.entries()) {
      await db.snapshotCatalog.create({ data: { id: `0000drill${i}`, shop, takenAt: now, kind: "full", summary: {}, cataloguedAt: now } });
    }
    now = new Date("2026-11-25T09:00:00Z");
    expect(drills(await schedulerTick(deps)).sort()).toEqual(["drill-a.myshopify.com@2026-W48", "drill-b.myshopify.com@2026-W48"]);
    await db.job.updateMany({ data: { status: "succeeded", dedupeKey: null, activeShop: null } });
    now = new Date("2026-11-29T23:59:00Z"); // Sunday, same ISO week
    expect(drills(await schedulerTick(deps))).toEqual([]);
    now = new Date("2026-11-30T00:01:00Z");
    expect(drills(await schedulerTick(deps)).sort()).toEqual(["drill-a.myshopify.com@2026-W49", "drill-b.myshopify.com@2026-W49"]);
    const jobs = (await queue.list({ shop: shops[0] })).filter((j) => j.kind === "restore-drill");
    expect(jobs.map((j) => [j.payload.trigger, j.payload.period]).sort()).toEqual([["schedule", "2026-W48"], ["schedule", "2026-W49"]]);
  });

  it("names periods the way schedules need them", () => {
    const at = new Date("2026-01-01T00:30:00Z");
    expect(periodKey("hourly", at)).toBe("2026-01-01T00");
    expect(periodKey("daily", at)).toBe("2026-01-01");
    expect(periodKey("weekly", at)).toBe("2026-W01");
    expect(periodKey("weekly", new Date("2026-12-31T12:00:00Z"))).toBe("2026-W53");
  });
});

describe("runRetention", () => {
  it("forgets snapshots beyond the retention counts and prunes", async () => {
    const shop = "retention.myshopify.com";
    const repository = createRepository({ store: createMemoryBlobStore(), keys: createTestKeyProvider(), shop });
    await repository.init();
    for (let i = 0; i < 3; i++) {
      const info = await repository.writeSnapshot({ kind: "full", records: [{ type: "Product", gid: `gid://shopify/Product/${i}`, record: { title: `v${i}` } }] });
      await catalogSnapshot(db, repository, info);
    }
    const result = await runRetention(
      { db, openRepository: async () => repository, settings: async () => ({ ...DEFAULT_SETTINGS, retention: { daily: 1, weekly: 0, monthly: 0 } }), minUnreferencedAgeMs: 0 },
      shop,
    );
    expect(result.forget.remove).toHaveLength(2);
    const left = await repository.listSnapshots();
    expect(left).toHaveLength(1);
    expect((await repository.getRecord(left[0].id, "Product", "gid://shopify/Product/2"))?.record.title).toBe("v2");
    expect(result.prune?.packsBefore).toBeGreaterThan(0);
    expect((await repository.check({ readDataPercent: 100 })).problems).toEqual([]);
    // The catalog names only the kept snapshot: the forgotten products' versions went with theirs.
    expect((await db.snapshotCatalog.findMany({ where: { shop } })).map((r) => r.id)).toEqual([left[0].id]);
    expect(await recordHistory(db, shop, "Product", "gid://shopify/Product/0")).toEqual([]);
    expect((await recordHistory(db, shop, "Product", "gid://shopify/Product/2")).map((h) => h.firstSeenSnapshot)).toEqual([left[0].id]);
  });
});
