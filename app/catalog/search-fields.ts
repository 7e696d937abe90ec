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

function clip(value: string | null): string | null {
  return value && value.length > 255 ? value.slice(0, 255) : value;
}
