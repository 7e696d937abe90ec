/**
 * A canonical Product record (plus its inventory levels and variant
 * metafields) seen as what a restore can write: ids, URLs and timestamps
 * aside, variants keyed by their option values (the identity that survives
 * a re-create), metafields by namespace.key, collections by GID.
 */
import { canonicalJson } from "~/repo";
import type { JsonObject } from "./types";

export interface VariantView {
  /** Live (or snapshot) GID; ids are never compared. */
  id: string | null;
  itemId: string | null;
  options: { name: string; value: string }[];
  fields: Record<string, unknown>;
}

export interface MediaView {
  id: string;
  alt: string | null;
  contentType: string;
  url: string | null;
  /** What is compared: everything but ids and URLs. */
  signature: JsonObject;
}

export interface ProductView {
  gid: string;
  scalars: Record<string, unknown>;
  options: { id: string | null; name: string; values: { id: string | null; name: string }[] }[];
  variants: Map<string, VariantView>;
  metafields: Map<string, { type: string; value: string }>;
  collections: Set<string>;
  media: MediaView[];
  /** `${variantKey}\u0000${locationGid}` → available. */
  inventory: Map<string, number>;
  variantMetafields: Map<string, Map<string, { type: string; value: string }>>;
}

/** Product fields productSet writes as plain values. */
export const SCALAR_FIELDS = ["title", "handle", "descriptionHtml", "vendor", "productType", "tags", "status", "templateSuffix", "seo.title", "seo.description"] as const;

/** Variant fields productSet writes. */
export const VARIANT_FIELDS = ["price", "compareAtPrice", "sku", "barcode", "taxable", "inventoryPolicy", "tracked", "requiresShipping", "cost", "weight"] as const;

/** Level as stored (InventoryLevel canonical record). */
export interface LevelRecord {
  itemId: string;
  locationId: string;
  available: number;
}

/** Variant identity across versions and re-creates: its option values in option order. */
export function variantKey(options: { value: string }[]): string {
  return options.map((o) => o.value).join(" / ");
}

function get(object: unknown, path: string): unknown {
  let value: unknown = object;
  for (const part of path.split(".")) value = value && typeof value === "object" ? (value as JsonObject)[part] : undefined;
  return value ?? null;
}

function metafieldMap(list: unknown): Map<string, { type: string; value: string }> {
  const out = new Map<string, { type: string; value: string }>();
  for (const m of (Array.isArray(list) ? list : []) as JsonObject[]) out.set(`${String(m.namespace)}.${String(m.key)}`, { type: String(m.type), value: String(m.value) });
  return out;
}

function variantFields(v: JsonObject): Record<string, unknown> {
  const item = (v.inventoryItem ?? {}) as JsonObject;
  const cost = item.unitCost as JsonObject | null | undefined;
  const weight = get(item, "measurement.weight") as JsonObject | null;
  return {
    price: v.price ?? null,
    compareAtPrice: v.compareAtPrice ?? null,
    sku: v.sku || null,
    barcode: v.barcode ?? null,
    taxable: v.taxable ?? null,
    inventoryPolicy: v.inventoryPolicy ?? null,
    tracked: item.tracked ?? null,
    requiresShipping: item.requiresShipping ?? null,
    cost: cost?.amount != null ? Number(cost.amount).toFixed(2) : null,
    weight: weight ? { unit: weight.unit, value: weight.value } : null,
  };
}

/** The restorable view of a canonical Product (levels: that product's items; variantMetafields: by variant GID). */
export function productView(record: JsonObject, levels: LevelRecord[] = [], variantMetafields: Map<string, unknown> = new Map()): ProductView {
  const scalars: Record<string, unknown> = {};
  for (const field of SCALAR_FIELDS) scalars[field] = get(record, field);
  const variants = new Map<string, VariantView>();
  const keyOfItem = new Map<string, string>();
  const vmf = new Map<string, Map<string, { type: string; value: string }>>();
  for (const v of (record.variants ?? []) as JsonObject[]) {
    const options = ((v.selectedOptions ?? []) as JsonObject[]).map((o) => ({ name: String(o.name), value: String(o.value) }));
    const key = variantKey(options);
    const itemId = ((v.inventoryItem ?? {}) as JsonObject).id as string | undefined;
    variants.set(key, { id: (v.id as string) ?? null, itemId: itemId ?? null, options, fields: variantFields(v) });
    if (itemId) keyOfItem.set(itemId, key);
    vmf.set(key, metafieldMap(variantMetafields.get(String(v.id))));
  }
  const inventory = new Map<string, number>();
  for (const level of levels) {
    const key = keyOfItem.get(level.itemId);
    if (key !== undefined) inventory.set(`${key}\u0000${level.locationId}`, level.available);
  }
  const media = ((record.media ?? []) as JsonObject[]).map((m): MediaView => {
    const image = (m.image ?? null) as JsonObject | null;
    const source = (m.originalSource ?? null) as JsonObject | null;
    return {
      id: String(m.id),
      alt: (m.alt as string | null) ?? null,
      contentType: String(m.mediaContentType),
      url: (source?.url as string | undefined) ?? (image?.url as string | undefined) ?? null,
      signature: {
        alt: m.alt ?? null,
        mediaContentType: m.mediaContentType ?? null,
        mimeType: m.mimeType ?? null,
        width: image?.width ?? null,
        height: image?.height ?? null,
        fileSize: source?.fileSize ?? null,
      },
    };
  });
  return {
    gid: String(record.id),
    scalars,
    options: ((record.options ?? []) as JsonObject[]).map((o) => ({
      id: (o.id as string) ?? null,
      name: String(o.name),
      values: (Array.isArray(o.optionValues) ? (o.optionValues as JsonObject[]) : ((o.values ?? []) as string[]).map((name) => ({ id: null, name })))
        .map((v) => ({ id: (v.id as string) ?? null, name: String(v.name) })),
    })),
    variants,
    metafields: metafieldMap(record.metafields),
    collections: new Set(((record.collections ?? []) as JsonObject[]).map((c) => String(c.id))),
    media,
    inventory,
    variantMetafields: vmf,
  };
}

/** Order-sensitive deep equality through canonical JSON. */
export function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

/** Options without ids (what is compared). */
export function optionShape(view: ProductView): { name: string; values: string[] }[] {
  return view.options.map((o) => ({ name: o.name, values: o.values.map((v) => v.name) }));
}

export function mapObject<V>(map: Map<string, V>): Record<string, V> {
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
