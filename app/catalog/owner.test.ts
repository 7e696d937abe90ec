/**
 * RecordVersion.owner: the catalog writes ownerOf(type, GID) for new rows,
 * and migration 007 backfills rows written before it with the same values,
 * on SQLite and PostgreSQL; the parent view finds a parent's inventory
 * levels and theme files by owner.
 */
import { cpSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parentView } from "~/backup/incremental/parent";
import { createDb, type Db } from "~/db.server";
import { migrateDatabase } from "~/db/migrate.server";
import type { Repository } from "~/repo";
import { databaseTargets } from "../../test/support/database-targets";
import { ownerOf } from "./search-fields";

const migrations = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));
const { targets, dir: tmp, cleanup } = databaseTargets("owner");
const shop = "owner.myshopify.com";
const ROWS: [string, string][] = [
  ["InventoryLevel", "gid://shopify/InventoryLevel/901?inventory_item_id=77"],
  ["InventoryLevel", "gid://shopify/InventoryLevel/902?inventory_item_id=77"],
  ["InventoryLevel", "gid://shopify/InventoryLevel/903?inventory_item_id=78"],
  ["ThemeFile", "gid://shopify/OnlineStoreTheme/5/files/sections/files/header.liquid"],
  ["ThemeFile", "gid://shopify/OnlineStoreTheme/6/files/layout/theme.liquid"],
  ["Product", "gid://shopify/Product/1"],
];

afterAll(async () => {
  await cleanup();
});

describe.each(targets)("RecordVersion.owner on $provider", (target) => {
  let db: Db;
  afterAll(async () => db?.$disconnect());

  it("is backfilled by migration 007 exactly as the catalog computes it", async () => {
    // The migrations before 007 alone, then rows as a catalog of that time wrote them (no owner).
    const before = join(tmp, `before-${target.provider}`);
    cpSync(migrations, before, { recursive: true, filter: (path) => !/[/\\]0(0[7-9]|[1-9]\d)_/.test(path) });
    await migrateDatabase(target, before);
    db = createDb(target);
    const at = new Date("2026-11-01T00:00:00Z");
    for (const [type, gid] of ROWS) {
      await db.$executeRaw`INSERT INTO "RecordVersion" ("id", "shop", "type", "gid", "recordId", "firstSeenSnapshot", "lastSeenSnapshot", "firstSeenAt", "lastSeenAt", "current") VALUES (${`${type}-${gid}`}, ${shop}, ${type}, ${gid}, ${"r"}, ${"s1"}, ${"s1"}, ${at}, ${at}, ${true})`;
    }
    await db.$disconnect();
    expect(await migrateDatabase(target, migrations)).toContain("007_catalog_owner");
    db = createDb(target);
    const rows = await db.recordVersion.findMany({ where: { shop } });
    expect(rows.map((r) => [r.type, r.gid, r.owner]).sort()).toEqual(ROWS.map(([type, gid]) => [type, gid, ownerOf(type, gid)]).sort());
    expect(ownerOf("InventoryLevel", ROWS[0][1])).toBe("gid://shopify/InventoryItem/77");
    expect(ownerOf("ThemeFile", ROWS[3][1])).toBe("gid://shopify/OnlineStoreTheme/5");
  });

  it("lets the parent view find a parent's records of one owner", async () => {
    const view = parentView(db, { shop } as Repository, "s1");
    expect((await view.ownedBy("InventoryLevel", ["gid://shopify/InventoryItem/77"])).sort()).toEqual([ROWS[0][1], ROWS[1][1]]);
    expect(await view.ownedBy("ThemeFile", ["gid://shopify/OnlineStoreTheme/5"])).toEqual([ROWS[3][1]]);
    expect(await view.ownedBy("InventoryLevel", ["gid://shopify/InventoryItem/79"])).toEqual([]);
    expect((await view.gids("InventoryLevel")).length).toBe(3);
  });
});
