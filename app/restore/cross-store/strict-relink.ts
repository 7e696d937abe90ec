/**
 * Relinking for a restore into another shop. There, a GID from the source
 * shop means nothing (or, worse, something else: GIDs of two stores can
 * collide in a simulator, and a wrong match would write into an unrelated
 * record). So every GID is either mapped to its counterpart in the target
 * shop or removed: dropped from lists, nulled as a value, dropped from
 * JSON-encoded reference lists (list.*_reference metafields).
 */
const EXACT = /^gid:\/\/shopify\/[A-Za-z]+\/[^\s"]+$/;
// Records a record can point at. GIDs of parts a record owns (its addresses, menu items, metafields, media)
// are not references: they stay as they are and the restorers never send them.
const REFERENCED = new Set(["Product", "ProductVariant", "Collection", "Page", "Blog", "Article", "Metaobject", "MetaobjectDefinition", "Customer", "Location", "Order", "Menu", "UrlRedirect", "Video", "GenericFile", "MediaImage"]);
const isReference = (v: string) => EXACT.test(v) && REFERENCED.has(/^gid:\/\/shopify\/([A-Za-z]+)\//.exec(v)?.[1] ?? "");

export function relinkStrict<T>(value: T, map: Map<string, string>): T {
  const unmappedRef = (x: unknown): boolean => {
    const id = typeof x === "string" ? x : x && typeof x === "object" && !Array.isArray(x) ? (x as Record<string, unknown>).id : undefined;
    return typeof id === "string" && isReference(id) && !map.has(id);
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      if (isReference(v)) return map.get(v) ?? null;
      if (v.startsWith("[") && v.includes("gid://shopify/")) {
        try {
          const list = JSON.parse(v) as unknown;
          if (Array.isArray(list)) return JSON.stringify(list.map(walk).filter((x) => x !== null));
        } catch {
          return v;
        }
      }
      return v;
    }
    // In a list, an unmapped reference (a GID, or an object that is one by its `id`) is dropped, not left as a hole.
    if (Array.isArray(v)) return v.filter((x) => !unmappedRef(x)).map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
