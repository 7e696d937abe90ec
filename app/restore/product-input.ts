/**
 * Builds the exact productSet input (and the inventory compare-and-set) that
 * turns the live product into the merged one. Lists are sent whole because
 * productSet replaces them (entries left out are deleted), so every list is
 * built from the merged view: live entries kept, chosen snapshot entries in.
 */
import { mapObject, optionShape, same, type ProductView, type VariantView } from "./product-view";
import type { JsonObject, PendingMedia } from "./types";

/** What the plan knows about a collection the product belongs to. */
export interface CollectionInfo {
  /** Live GID (a restored collection may have been re-created under a new GID). */
  liveGid: string | null;
  smart: boolean;
}

export interface MediaSourceInfo {
  sha256: string;
  size: number | null;
  contentType: string | null;
}

export interface ProductWrites {
  productSet?: {
    identifier: JsonObject;
    input: JsonObject;
    media: PendingMedia[];
    create: boolean;
    /** Aligned with input.variants: the snapshot's variant and item GIDs of variants productSet creates (null for kept ones). */
    newVariants: ({ variant: string | null; item: string | null } | null)[];
  };
  inventory?: { quantities: JsonObject[] };
  notes: string[];
}

export interface InputContext {
  collections: Map<string, CollectionInfo>;
  mediaSources: Map<string, MediaSourceInfo>;
  /** Locations that still exist live. */
  locations: Set<string>;
}

function metafieldList(map: Map<string, { type: string; value: string }>): JsonObject[] {
  return [...map.entries()].map(([key, m]) => {
    const dot = key.indexOf(".");
    return { namespace: key.slice(0, dot), key: key.slice(dot + 1), type: m.type, value: m.value };
  });
}

function variantInput(key: string, v: VariantView, live: VariantView | undefined, merged: ProductView, liveView: ProductView | undefined, ctx: InputContext, notes: string[]): JsonObject {
  const f = v.fields;
  const item: JsonObject = { tracked: f.tracked, requiresShipping: f.requiresShipping };
  if (f.cost != null) item.cost = f.cost;
  if (f.weight) item.measurement = { weight: f.weight };
  const input: JsonObject = {
    optionValues: v.options.map((o) => ({ optionName: o.name, name: o.value })),
    price: f.price,
    compareAtPrice: f.compareAtPrice,
    sku: f.sku ?? "",
    barcode: f.barcode,
    taxable: f.taxable,
    inventoryPolicy: f.inventoryPolicy,
    inventoryItem: item,
  };
  if (live?.id) input.id = live.id;
  const mergedMf = merged.variantMetafields.get(key) ?? new Map();
  if (!live || !same(mapObject(mergedMf), mapObject(liveView?.variantMetafields.get(key) ?? new Map()))) input.metafields = metafieldList(mergedMf);
  if (!live) {
    // A new variant is stocked where the snapshot had it, at the snapshot's quantities (nothing live to compare with).
    const quantities: JsonObject[] = [];
    for (const [levelKey, quantity] of merged.inventory) {
      const [variant, location] = levelKey.split("\u0000");
      if (variant !== key) continue;
      if (ctx.locations.has(location)) quantities.push({ locationId: location, name: "available", quantity });
      else notes.push(`Location ${location} no longer exists: stock of ${key} there is not restored`);
    }
    if (quantities.length) input.inventoryQuantities = quantities;
  }
  return input;
}

function collectionList(merged: ProductView, live: ProductView | undefined, ctx: InputContext, notes: string[]): { list: string[]; changed: boolean } {
  const list: string[] = [];
  for (const id of merged.collections) {
    const info = ctx.collections.get(id);
    if (!info?.liveGid) {
      if (!live?.collections.has(id)) notes.push(`Collection ${id} no longer exists: restore it first to relink this product`);
      continue;
    }
    // Smart collections follow their rules; productSet cannot (and need not) write them.
    if (!info.smart) list.push(info.liveGid);
  }
  const liveCustom = [...(live?.collections ?? [])].filter((id) => !ctx.collections.get(id)?.smart).sort();
  return { list, changed: !same([...list].sort(), liveCustom) };
}

function filesInput(merged: ProductView, live: ProductView | undefined, ctx: InputContext, notes: string[]): { files: JsonObject[]; media: PendingMedia[] } {
  const files: JsonObject[] = [];
  const media: PendingMedia[] = [];
  for (const m of merged.media) {
    if (live?.media.some((x) => x.id === m.id)) {
      files.push({ id: m.id, alt: m.alt });
      continue;
    }
    if (m.contentType !== "IMAGE") {
      notes.push(`${m.contentType} media ${m.id} cannot be re-uploaded (only images are backed up as bytes)`);
      continue;
    }
    const source = ctx.mediaSources.get(m.id);
    media.push({ index: files.length, mediaGid: m.id, url: m.url, sha256: source?.sha256 ?? null, size: source?.size ?? null, contentType: source?.contentType ?? null, alt: m.alt });
    // Filled in at execution: the original URL while it is still served, else an upload of the backed-up bytes.
    files.push({ alt: m.alt, contentType: "IMAGE", originalSource: null });
  }
  return { files, media };
}

/** The writes that take `live` (undefined: deleted) to `merged`. */
export function productWrites(live: ProductView | undefined, merged: ProductView, ctx: InputContext): ProductWrites {
  const notes: string[] = [];
  const create = !live;
  const input: JsonObject = {};
  const s = merged.scalars;
  const scalarChanged = (field: string) => create || !same(live?.scalars[field], s[field]);
  for (const field of ["title", "handle", "descriptionHtml", "vendor", "productType", "tags", "status", "templateSuffix"]) {
    if (scalarChanged(field)) input[field] = s[field];
  }
  if (scalarChanged("seo.title") || scalarChanged("seo.description")) input.seo = { title: s["seo.title"], description: s["seo.description"] };

  const variantsChanged =
    create ||
    !same(optionShape(merged), optionShape(live)) ||
    !same([...merged.variants.keys()], [...live.variants.keys()]) ||
    [...merged.variants].some(([key, v]) => !same(v.fields, live.variants.get(key)?.fields)) ||
    [...merged.variants.keys()].some((key) => !same(mapObject(merged.variantMetafields.get(key) ?? new Map()), mapObject(live.variantMetafields.get(key) ?? new Map())));
  if (variantsChanged) {
    input.productOptions = merged.options.map((o) => {
      const liveOption = live?.options.find((x) => x.name === o.name);
      return {
        ...(liveOption?.id ? { id: liveOption.id } : {}),
        name: o.name,
        values: o.values.map((v) => {
          const liveValue = liveOption?.values.find((x) => x.name === v.name);
          return liveValue?.id ? { id: liveValue.id } : { name: v.name };
        }),
      };
    });
    input.variants = [...merged.variants].map(([key, v]) => variantInput(key, v, live?.variants.get(key), merged, live, ctx, notes));
  }
  if (create || !same(mapObject(merged.metafields), mapObject(live.metafields))) input.metafields = metafieldList(merged.metafields);
  const collections = collectionList(merged, live, ctx, notes);
  if (create ? collections.list.length > 0 : collections.changed) input.collections = collections.list;
  let media: PendingMedia[] = [];
  if (create || !same(merged.media.map((m) => m.signature), live.media.map((m) => m.signature))) {
    const files = filesInput(merged, live, ctx, notes);
    input.files = files.files;
    media = files.media;
  }

  const writes: ProductWrites = { notes };
  if (Object.keys(input).length > 0) {
    writes.productSet = {
      // Upsert by GID for a live product; by handle for a re-create, so a resent create finds the product it made.
      identifier: live ? { id: live.gid } : { handle: String(s.handle) },
      input,
      media,
      create,
      newVariants: input.variants ? [...merged.variants].map(([key, v]) => (live?.variants.has(key) ? null : { variant: v.id, item: v.itemId })) : [],
    };
  }
  if (live) {
    const quantities: JsonObject[] = [];
    for (const [levelKey, quantity] of merged.inventory) {
      const current = live.inventory.get(levelKey);
      const [variant, location] = levelKey.split("\u0000");
      const liveVariant = live.variants.get(variant);
      if (!liveVariant?.itemId || quantity === current) continue;
      if (current === undefined) {
        notes.push(`${variant} is not stocked at ${location} any more: activate it there to restore its stock`);
        continue;
      }
      quantities.push({ inventoryItemId: liveVariant.itemId, locationId: location, quantity, compareQuantity: current });
    }
    if (quantities.length) writes.inventory = { quantities };
  }
  return writes;
}
