/**
 * Claiming a batch of pending webhook events on real SQLite: a burst larger
 * than the 999 values Prisma binds per SQLite statement (a 1% edit of a large
 * store delivered ~3,000 webhooks at once) is claimed whole, not refused; and
 * each lane claims its own topics only.
 */
import { expect, it } from "vitest";
import { claimBatch } from "./incremental-job";
import { useMigratedSqlite } from "../../../test/support/sqlite";

const sqlite = useMigratedSqlite("claim");

it("claims 1,500 pending events as one batch, oldest first, and finds the same batch again after a crash", async () => {
  const shop = "burst.myshopify.com";
  const start = Date.parse("2026-11-27T09:00:00Z");
  const events = Array.from({ length: 1600 }, (_, i) => ({
    shop,
    topic: "products/update",
    gid: `gid://shopify/Product/${i}`,
    eventId: `event-${i}`,
    receivedAt: new Date(start + i * 1000),
  }));
  for (let at = 0; at < events.length; at += 100) await sqlite.db.webhookEvent.createMany({ data: events.slice(at, at + 100) });

  const batch = await claimBatch(sqlite.db, shop, 1500, "catalog");
  expect(batch?.events).toHaveLength(1500);
  expect(new Set(batch!.events.map((e) => e.gid))).toEqual(new Set(events.slice(0, 1500).map((e) => e.gid)));
  expect(await sqlite.db.webhookEvent.count({ where: { shop, batchId: batch!.id } })).toBe(1500);
  expect(await sqlite.db.webhookEvent.count({ where: { shop, batchId: null } })).toBe(100);

  // The run died before marking them done: the next claim resumes the same batch.
  const again = await claimBatch(sqlite.db, shop, 1500, "catalog");
  expect(again?.id).toBe(batch!.id);
  expect(again?.events).toHaveLength(1500);
});

it("gives each lane its own topics, and splits a batch left from before lanes between them", async () => {
  const shop = "lanes.myshopify.com";
  const at = (i: number) => new Date(Date.parse("2026-11-27T10:00:00Z") + i * 1000);
  const topics = ["products/update", "customers/update", "inventory_levels/update", "orders/updated", "collections/update", "themes/publish"];
  await sqlite.db.webhookEvent.createMany({
    data: topics.map((topic, i) => ({ shop, topic, gid: `gid://shopify/X/${i}`, eventId: `lane-${i}`, receivedAt: at(i) })),
  });
  const catalog = await claimBatch(sqlite.db, shop, 100, "catalog");
  expect(catalog?.events.map((e) => e.topic).sort()).toEqual(["collections/update", "inventory_levels/update", "products/update"]);
  const other = await claimBatch(sqlite.db, shop, 100, "other");
  expect(other?.events.map((e) => e.topic).sort()).toEqual(["customers/update", "orders/updated", "themes/publish"]);
  expect(other?.id).not.toBe(catalog?.id);

  // A batch claimed before lanes holds both kinds: each lane resumes its part of it.
  await sqlite.db.webhookEvent.updateMany({ where: { shop }, data: { batchId: "old-batch" } });
  const catalogPart = await claimBatch(sqlite.db, shop, 100, "catalog");
  const otherPart = await claimBatch(sqlite.db, shop, 100, "other");
  expect([catalogPart?.id, otherPart?.id]).toEqual(["old-batch", "old-batch"]);
  expect(catalogPart?.events).toHaveLength(3);
  expect(otherPart?.events).toHaveLength(3);
});
