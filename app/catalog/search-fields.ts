/** What the catalog copies out of a record for search: title, handle, email. */

type Json = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === "string" && value.length > 0 ? value : null);

/** Search fields of a canonical record (null record = redacted: nothing). */
export function searchFields(type: string, record: Json | null): { title: string | null; handle: string | null; email: string | null } {
  if (!record) return { title: null, handle: null, email: null };
  const personName = [str(record.firstName), str(record.lastName)].filter(Boolean).join(" ") || null;
  const title =
    str(record.title) ??
    str(record.name) ??
    str(record.displayName) ??
    str(record.filename) ??
    str(record.path) ??
    (type === "Customer" ? personName : null) ??
    str(record.sku) ??
    str(record.sha256);
  const handle = str(record.handle) ?? str(record.filename) ?? str(record.type) ?? null;
  return { title: clip(title), handle: clip(handle), email: clip(str(record.email)) };
}

/**
 * The record a record belongs to, read off its GID alone (RecordVersion.owner;
 * migration 007 backfills it the same way in SQL): an InventoryLevel's
 * inventory item, a ThemeFile's theme.
 */
export function ownerOf(type: string, gid: string): string | null {
  if (type === "InventoryLevel") {
    const at = gid.indexOf(ITEM_PARAM);
    return at < 0 ? null : `gid://shopify/InventoryItem/${gid.slice(at + ITEM_PARAM.length)}`;
  }
  if (type === "ThemeFile") {
    const at = gid.indexOf("/files/");
    return at < 0 ? null : gid.slice(0, at);
  }
  return null;
}
const ITEM_PARAM = "?inventory_item_id=";

function clip(value: string | null): string | null {
  return value && value.length > 255 ? value.slice(0, 255) : value;
}
