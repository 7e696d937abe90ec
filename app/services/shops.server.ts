/** Shop lifecycle and settings, as the routes and auth hooks need them. */
import type { Db } from "~/db.server";
import { recordAudit } from "./audit.server";
import { settingsFromJson, type BackupSettings } from "./settings";

/** Records an install (or re-install) after Shopify authenticated the shop. */
export async function recordInstall(db: Db, shop: string): Promise<void> {
  const existing = await db.shop.findUnique({ where: { domain: shop } });
  if (existing && !existing.uninstalledAt) return;
  await db.shop.upsert({
    where: { domain: shop },
    create: { domain: shop, settings: {} },
    update: { installedAt: new Date(), uninstalledAt: null },
  });
  await recordAudit(db, {
    shop,
    actor: "shopify",
    action: existing ? "app.reinstalled" : "app.installed",
  });
}

/** Handles app/uninstalled: the offline token is dead, so drop every session. */
export async function markUninstalled(db: Db, shop: string): Promise<void> {
  await db.session.deleteMany({ where: { shop } });
  // Keep the row: shop/redact arrives ~48 h later and must find what to erase.
  await db.shop.updateMany({ where: { domain: shop }, data: { uninstalledAt: new Date() } });
  await recordAudit(db, { shop, actor: "shopify", action: "app.uninstalled" });
}

/** The shop's backup settings (defaults until the merchant saves some). */
export async function loadSettings(db: Db, shop: string): Promise<BackupSettings> {
  const row = await db.shop.findUnique({ where: { domain: shop }, select: { settings: true } });
  return settingsFromJson(row?.settings);
}

/** Saves validated settings and records who changed them. */
export async function saveSettings(
  db: Db,
  shop: string,
  settings: BackupSettings,
  actor: string,
): Promise<void> {
  const data = { settings: { ...settings, retention: { ...settings.retention } } };
  await db.shop.upsert({
    where: { domain: shop },
    create: { domain: shop, ...data },
    update: data,
  });
  await recordAudit(db, { shop, actor, action: "settings.updated", details: data.settings });
}

/** How many snapshots the catalog knows for the shop. */
export async function countSnapshots(db: Db, shop: string): Promise<number> {
  return db.snapshotCatalog.count({ where: { shop } });
}
