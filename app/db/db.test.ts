/**
 * The committed migrations build a working database on both providers, and
 * Shopify's Prisma session storage round-trips sessions through it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/db.server";
import { postgresTestSchema } from "../../test/support/postgres";
import { migrateDatabase, type DatabaseTarget } from "./migrate.server";

const root = fileURLToPath(new URL("../../", import.meta.url));
const migrationsRoot = join(root, "prisma/migrations");
const pgSchema = postgresTestSchema("t");
const tmp = mkdtempSync(join(tmpdir(), "snapshelf-db-"));

const targets: DatabaseTarget[] = [
  { provider: "sqlite", url: `file:${join(tmp, "app.sqlite")}` },
  { provider: "postgresql", url: pgSchema.url },
];

afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await pgSchema.drop();
});

describe("committed migrations", () => {
  it("snapshot the current models (run prisma/new-migration.mjs after editing models)", () => {
    const models = readFileSync(join(root, "prisma/models.prisma"), "utf8");
    for (const provider of ["sqlite", "postgresql"]) {
      const dirs = readdirSync(join(migrationsRoot, provider)).sort();
      const last = readFileSync(
        join(migrationsRoot, provider, dirs.at(-1)!, "models.prisma"),
        "utf8",
      );
      expect(last).toBe(models);
    }
  });
});

describe("SQLite journal", () => {
  it("is write-ahead logging on a migrated file, so a webhook's commit is one log append", async () => {
    const target: DatabaseTarget = { provider: "sqlite", url: `file:${join(tmp, "journal.sqlite")}` };
    await migrateDatabase(target, migrationsRoot);
    // A connection opened afterwards (as the app's) finds the mode in the file.
    const db = createDb(target);
    try {
      const rows = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
      expect(rows[0]?.journal_mode).toBe("wal");
    } finally {
      await db.$disconnect();
    }
  });
});

describe.each(targets)("$provider database", (target) => {
  let db: Db;
  afterAll(async () => db?.$disconnect());

  it("applies every migration on a fresh database, then nothing on a second run", async () => {
    const first = await migrateDatabase(target, migrationsRoot);
    expect(first).toContain("001_init");
    expect(await migrateDatabase(target, migrationsRoot)).toEqual([]);
  });

  it("stores, loads, finds and deletes Shopify sessions", async () => {
    db = createDb(target);
    const storage = new PrismaSessionStorage(db, {
      connectionRetries: 1,
      connectionRetryIntervalMs: 10,
    });
    expect(await storage.isReady()).toBe(true);
    const session = new Session({
      id: "offline_demo-shop.myshopify.com",
      shop: "demo-shop.myshopify.com",
      state: "",
      isOnline: false,
      scope: "read_products,write_products",
      accessToken: "shpat_test_token",
      expires: new Date(Date.now() + 3_600_000),
    });
    expect(await storage.storeSession(session)).toBe(true);
    const loaded = await storage.loadSession(session.id);
    expect(loaded?.accessToken).toBe("shpat_test_token");
    expect(loaded?.scope).toBe("read_products,write_products");
    expect(loaded?.expires?.getTime()).toBe(session.expires?.getTime());
    expect((await storage.findSessionsByShop("demo-shop.myshopify.com")).map((s) => s.id)).toEqual([
      session.id,
    ]);
    await storage.deleteSession(session.id);
    expect(await storage.loadSession(session.id)).toBeUndefined();
  });

  it("keeps JSON settings and audit entries", async () => {
    await db.shop.create({
      data: { domain: "demo-shop.myshopify.com", settings: { frequency: "daily" } },
    });
    await db.auditLog.create({
      data: {
        shop: "demo-shop.myshopify.com",
        actor: "test",
        action: "settings.updated",
        details: { retention: 30 },
      },
    });
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: "demo-shop.myshopify.com" } });
    expect(shop.settings).toEqual({ frequency: "daily" });
    const entries = await db.auditLog.findMany({ where: { shop: "demo-shop.myshopify.com" } });
    expect(entries.map((e) => e.details)).toEqual([{ retention: 30 }]);
  });
});
