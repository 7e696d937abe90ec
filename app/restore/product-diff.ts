/**
 * Field-level diff between a live product and its snapshot version, and the
 * merge that takes exactly the chosen paths from the snapshot and the rest
 * from the live store. Paths are what the preview shows and what the
 * merchant ticks: `title`, `seo.title`, `options`, `variants.order`,
 * `variants["Red / S"]` (presence), `variants["Red / S"].price`,
 * `variants["Red / S"].metafields`, `metafields["custom.material"]`,
 * `collections["gid://…"]`, `media`, `inventory["Red / S"]["gid://…/Location/1"]`.
 */
import { mapObject, optionShape, same, SCALAR_FIELDS, VARIANT_FIELDS, type MediaView, type ProductView, type VariantView } from "./product-view";
import type { FieldDiff } from "./types";

const q = (s: string) => JSON.stringify(s);
export const variantPath = (key: string) => `variants[${q(key)}]`;
export const inventoryPath = (key: string, location: string) => `inventory[${q(key)}][${q(location)}]`;

function variantSummary(v: VariantView | undefined): unknown {
  return v ? { options: v.options, ...v.fields } : null;
}

/** Every path where live and snapshot differ (live undefined: the product is gone). */
export function diffProduct(live: ProductView | undefined, target: ProductView): FieldDiff[] {
  const out: FieldDiff[] = [];
  const push = (path: string, a: unknown, b: unknown) => {
    if (!same(a, b)) out.push({ path, live: a ?? null, target: b ?? null });
  };
  for (const field of SCALAR_FIELDS) push(field, live?.scalars[field], target.scalars[field]);
  push("options", live ? optionShape(live) : null, optionShape(target));
  const liveKeys = [...(live?.variants.keys() ?? [])];
  const targetKeys = [...target.variants.keys()];
  const common = targetKeys.filter((k) => live?.variants.has(k));
  push("variants.order", liveKeys.filter((k) => target.variants.has(k)), common);
  for (const key of new Set([...liveKeys, ...targetKeys])) {
    const a = live?.variants.get(key);
    const b = target.variants.get(key);
    if (!a || !b) {
      push(variantPath(key), variantSummary(a), variantSummary(b));
      continue;
    }
    for (const field of VARIANT_FIELDS) push(`${variantPath(key)}.${field}`, a.fields[field], b.fields[field]);
    push(`${variantPath(key)}.metafields`, mapObject(live?.variantMetafields.get(key) ?? new Map()), mapObject(target.variantMetafields.get(key) ?? new Map()));
  }
  for (const key of new Set([...(live?.metafields.keys() ?? []), ...target.metafields.keys()])) {
    push(`metafields[${q(key)}]`, live?.metafields.get(key), target.metafields.get(key));
  }
  for (const id of new Set([...(live?.collections ?? []), ...target.collections])) {
    push(`collections[${q(id)}]`, live?.collections.has(id) ?? false, target.collections.has(id));
  }
  const signatures = (media: MediaView[] | undefined) => (media ?? []).map((m) => m.signature);
  push("media", live ? signatures(live.media) : null, signatures(target.media));
  for (const [key, quantity] of target.inventory) {
    const [variant, location] = key.split("\u0000");
    // Only levels the snapshot knows are restored; a level stocked since is left alone.
    push(inventoryPath(variant, location), live?.inventory.get(key) ?? null, quantity);
  }
  return out;
}

/** Which diff paths the merchant took (all of them when `chosen` is "all"). */
export function chosenSet(diff: FieldDiff[], chosen: "all" | string[]): Set<string> {
  return new Set(chosen === "all" ? diff.map((d) => d.path) : chosen);
}

/**
 * The product as it should be after the restore: each chosen path from the
 * snapshot, everything else as it is live. A gone product takes everything
 * from the snapshot (there is nothing live to keep).
 */
export function mergeProduct(live: ProductView | undefined, target: ProductView, chosen: Set<string>): ProductView {
  if (!live) return target;
  const take = (path: string) => chosen.has(path);
  const scalars = { ...live.scalars };
  for (const field of SCALAR_FIELDS) if (take(field)) scalars[field] = target.scalars[field];

  const variants = new Map<string, VariantView>();
  const keep = (key: string): VariantView | undefined => {
    const a = live.variants.get(key);
    const b = target.variants.get(key);
    if (!a || !b) return take(variantPath(key)) ? b : a;
    const fields = { ...a.fields };
    for (const field of VARIANT_FIELDS) if (take(`${variantPath(key)}.${field}`)) fields[field] = b.fields[field];
    return { ...a, fields };
  };
  const order = take("variants.order")
    ? [...target.variants.keys(), ...live.variants.keys()]
    : [...live.variants.keys(), ...target.variants.keys()];
  for (const key of order) {
    if (variants.has(key)) continue;
    const v = keep(key);
    if (v) variants.set(key, v);
  }

  const options = take("options") ? target.options.map((o) => ({ ...o, values: [...o.values] })) : live.options.map((o) => ({ ...o, values: [...o.values] }));
  // Values used by a variant taken from the snapshot must exist on its option.
  for (const v of variants.values()) {
    for (const selected of v.options) {
      const option = options.find((o) => o.name === selected.name);
      if (option && !option.values.some((x) => x.name === selected.value)) option.values.push({ id: null, name: selected.value });
    }
  }

  const metafields = new Map(live.metafields);
  for (const key of new Set([...live.metafields.keys(), ...target.metafields.keys()])) {
    if (!take(`metafields[${q(key)}]`)) continue;
    const value = target.metafields.get(key);
    if (value) metafields.set(key, value);
    else metafields.delete(key);
  }
  const collections = new Set(live.collections);
  for (const id of new Set([...live.collections, ...target.collections])) {
    if (!take(`collections[${q(id)}]`)) continue;
    if (target.collections.has(id)) collections.add(id);
    else collections.delete(id);
  }
  const inventory = new Map(live.inventory);
  for (const [key, quantity] of target.inventory) {
    const [variant, location] = key.split("\u0000");
    if (take(inventoryPath(variant, location))) inventory.set(key, quantity);
  }
  const variantMetafields = new Map(live.variantMetafields);
  for (const key of variants.keys()) {
    if (!live.variants.has(key) || take(`${variantPath(key)}.metafields`)) variantMetafields.set(key, target.variantMetafields.get(key) ?? new Map());
  }
  return {
    gid: live.gid,
    scalars,
    options,
    variants,
    metafields,
    collections,
    media: take("media") ? target.media : live.media,
    inventory,
    variantMetafields,
  };
}
