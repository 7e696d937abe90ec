/** Generic field maps: GID relinking, diff and per-path merge. */
import { same } from "../product-view";
import type { FieldDiff, JsonObject } from "../types";
import type { Fields } from "./restorer";

const GID = /^gid:\/\/shopify\/[A-Za-z]+\/[^\s"]+$/;

/** Every Shopify GID a value mentions (strings, arrays, objects, and GIDs inside JSON-encoded metafield values). */
export function gidsIn(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === "string") {
    if (GID.test(value)) out.add(value);
    else if (value.includes("gid://shopify/")) for (const m of value.matchAll(/gid:\/\/shopify\/[A-Za-z]+\/[0-9A-Za-z_-]+/g)) out.add(m[0]);
  } else if (Array.isArray(value)) for (const v of value) gidsIn(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) gidsIn(v, out);
  return out;
}

/** The value with each GID the map knows replaced by its live GID (a re-created record lives on under a new one). */
export function relink<T>(value: T, map: Map<string, string>): T {
  if (map.size === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      const direct = map.get(v);
      if (direct) return direct;
      return v.includes("gid://shopify/") ? v.replace(/gid:\/\/shopify\/[A-Za-z]+\/[0-9A-Za-z_-]+/g, (g) => map.get(g) ?? g) : v;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** Every path where live and snapshot differ (live null: the record is gone, every field differs). */
export function diffFields(live: Fields | null, target: Fields): FieldDiff[] {
  const out: FieldDiff[] = [];
  for (const path of new Set([...Object.keys(target), ...Object.keys(live ?? {})])) {
    const a = live ? live[path] : undefined;
    const b = target[path];
    if (!same(a ?? null, b ?? null)) out.push({ path, live: a ?? null, target: b ?? null });
  }
  return out;
}

/** The fields after the restore: chosen paths from the snapshot (absent there: removed), the rest as live. */
export function mergeFields(live: Fields | null, target: Fields, chosen: Set<string>): Fields {
  if (!live) return { ...target };
  const out: Fields = { ...live };
  for (const path of chosen) {
    if (path in target) out[path] = target[path];
    else delete out[path];
  }
  return out;
}

/** Metafields of a canonical record as `metafields["ns.key"]` → {type, value} paths. */
export function metafieldFields(record: JsonObject): Fields {
  const out: Fields = {};
  // A reference whose target could not be mapped into another shop was nulled (cross-store/strict-relink.ts): nothing to write.
  for (const m of (record.metafields ?? []) as JsonObject[]) if (m.value !== null) out[metafieldPath(String(m.namespace), String(m.key))] = { type: m.type, value: m.value };
  return out;
}

export const metafieldPath = (namespace: string, key: string) => `metafields[${JSON.stringify(`${namespace}.${key}`)}]`;

/** The metafields of a merged field map as MetafieldInput (owner-embedded form). */
export function metafieldInputs(fields: Fields): JsonObject[] {
  const out: JsonObject[] = [];
  for (const [path, value] of Object.entries(fields)) {
    const m = /^metafields\["(.+)\.([^.]+)"\]$/.exec(path);
    if (!m || !value) continue;
    const { type, value: v } = value as { type: string; value: string };
    out.push({ namespace: m[1], key: m[2], type, value: v });
  }
  return out;
}

/** Metafields live now but gone from the merged fields (to delete), as namespace/key pairs. */
export function removedMetafields(before: Fields | null, fields: Fields): { namespace: string; key: string }[] {
  if (!before) return [];
  const out: { namespace: string; key: string }[] = [];
  for (const path of Object.keys(before)) {
    const m = /^metafields\["(.+)\.([^.]+)"\]$/.exec(path);
    if (m && !(path in fields)) out.push({ namespace: m[1], key: m[2] });
  }
  return out;
}

/** Plain field values: nulls and absent keys compare equal, so copy only defined keys. */
export function pick(record: JsonObject, keys: readonly string[]): Fields {
  const out: Fields = {};
  for (const key of keys) {
    const path = key.split(".");
    let v: unknown = record;
    for (const p of path) v = v && typeof v === "object" ? (v as JsonObject)[p] : undefined;
    out[key] = v ?? null;
  }
  return out;
}
