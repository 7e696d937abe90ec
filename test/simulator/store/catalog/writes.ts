/** productDelete, inventorySetQuantities, metafieldsSet and stagedUploadsCreate. */
import { gid, hashString, parseGid, type SimContext } from "../core";
import { numericId, variantIdOfItem } from "./ids";
import { metafieldValueError } from "./metafields";
import type { CatalogRuntime } from "./runtime";
import type { MetafieldRecord } from "./types";
import { APP_NAMESPACE, compareDigest, onHand, quantityOf, type Gql } from "./views";
import { productDeletePayload, productPayload } from "./webhooks";

export function productDelete(rt: CatalogRuntime, args: Record<string, unknown>): Gql {
  const input = args.input as { id: string };
  const product = rt.state.product(numericId(input.id, "Product") ?? -1);
  const shop = { __typename: "Shop", id: gid("Shop", 1), myshopifyDomain: rt.core.shopDomain };
  if (!product) return { deletedProductId: null, productDeleteOperation: null, shop, userErrors: [{ field: ["id"], message: "Product does not exist" }] };
  rt.state.deleteProduct(product.id);
  rt.now();
  rt.core.emit("products/delete", productDeletePayload(product.id));
  return { deletedProductId: gid("Product", product.id), productDeleteOperation: null, shop, userErrors: [] };
}

interface QuantityInput {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  compareQuantity?: number | null;
}

/**
 * inventorySetQuantities (2025-01 semantics): absolute set of `available` or
 * `on_hand`; unless ignoreCompareQuantity is true every entry must carry
 * compareQuantity equal to the persisted value (compare-and-set).
 */
export function inventorySetQuantities(rt: CatalogRuntime, args: Record<string, unknown>, ctx: SimContext): Gql {
  const input = args.input as { name: string; reason: string; referenceDocumentUri?: string | null; quantities: QuantityInput[]; ignoreCompareQuantity?: boolean | null };
  const errors: { field: string[]; message: string; code: string }[] = [];
  if (input.name !== "available" && input.name !== "on_hand") errors.push({ field: ["input", "name"], message: "The quantity name must be either 'available' or 'on_hand'.", code: "INVALID_NAME" });
  const reasons = ["correction", "cycle_count_available", "damaged", "movement_created", "movement_updated", "movement_received", "movement_canceled", "other", "promotion", "quality_control", "received", "reservation_created", "reservation_deleted", "reservation_updated", "restock", "safety_stock", "shrinkage"];
  if (!reasons.includes(input.reason)) errors.push({ field: ["input", "reason"], message: "The specified reason is invalid.", code: "INVALID_REASON" });
  const seen = new Set<string>();
  const writes: { itemId: number; locationIndex: number; quantity: number }[] = [];
  input.quantities.forEach((q, index) => {
    const field = ["input", "quantities", String(index)];
    const itemId = numericId(q.inventoryItemId, "InventoryItem") ?? -1;
    const found = rt.state.variant(variantIdOfItem(itemId));
    const location = rt.state.location(numericId(q.locationId, "Location") ?? -1);
    if (!found) return errors.push({ field: [...field, "inventoryItemId"], message: "The specified inventory item could not be found.", code: "INVALID_INVENTORY_ITEM" });
    if (!location) return errors.push({ field: [...field, "locationId"], message: "The specified location could not be found.", code: "INVALID_LOCATION" });
    if (q.quantity < 0 && input.name === "on_hand") return errors.push({ field: [...field, "quantity"], message: "The quantity can't be negative.", code: "INVALID_QUANTITY_NEGATIVE" });
    if (q.quantity > 1_000_000_000) return errors.push({ field: [...field, "quantity"], message: "The quantity can't be higher than 1,000,000,000.", code: "INVALID_QUANTITY_TOO_HIGH" });
    const key = `${itemId}:${location.index}`;
    if (seen.has(key)) return errors.push({ field: [...field], message: "The combination of inventoryItemId and locationId must be unique.", code: "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR" });
    seen.add(key);
    const level = rt.model.levelsOfItem(itemId).find((l) => l.locationIndex === location.index);
    if (!level) return errors.push({ field: [...field, "locationId"], message: "The specified inventory item is not stocked at the location.", code: "ITEM_NOT_STOCKED_AT_LOCATION" });
    const current = quantityOf(rt.model.quantities(level), input.name);
    if (!input.ignoreCompareQuantity) {
      if (q.compareQuantity == null) return errors.push({ field: [...field, "compareQuantity"], message: "The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.", code: "COMPARE_QUANTITY_REQUIRED" });
      if (q.compareQuantity !== current) return errors.push({ field: [...field, "compareQuantity"], message: "The compareQuantity value does not match persisted value.", code: "COMPARE_QUANTITY_STALE" });
    }
    writes.push({ itemId, locationIndex: location.index, quantity: q.quantity });
  });
  if (errors.length) return { inventoryAdjustmentGroup: null, userErrors: errors };
  const now = rt.now();
  const changes: Gql[] = [];
  for (const w of writes) {
    const before = rt.model.quantities({ itemId: w.itemId, locationIndex: w.locationIndex });
    const beforeValue = quantityOf(before, input.name);
    const delta = w.quantity - beforeValue;
    // Setting on_hand moves the difference into available; setting available moves on_hand with it.
    const after = { ...before, available: before.available + delta, updatedAt: now };
    rt.writeLevel(w.itemId, w.locationIndex, after);
    const found = rt.state.variant(variantIdOfItem(w.itemId));
    changes.push({
      name: input.name,
      delta,
      quantityAfterChange: input.name === "on_hand" ? onHand(after) : after.available,
      ledgerDocumentUri: null,
      item: found ? rt.views.inventoryItem(found.product, found.variant, ctx) : null,
      location: rt.views.location(rt.state.locations()[w.locationIndex], ctx),
    });
    if (input.name === "on_hand") changes.push({ ...changes[changes.length - 1], name: "available" });
  }
  const groupId = rt.core.allocateId("InventoryAdjustmentGroup", 1);
  return {
    inventoryAdjustmentGroup: {
      __typename: "InventoryAdjustmentGroup",
      id: gid("InventoryAdjustmentGroup", groupId),
      createdAt: now,
      reason: input.reason,
      referenceDocumentUri: input.referenceDocumentUri ?? null,
      app: null,
      staffMember: null,
      changes: (a: Record<string, unknown>) =>
        changes.filter((c) => !a.quantityNames || (a.quantityNames as string[]).includes(c.name as string)),
    },
    userErrors: [],
  };
}

/** Plugs metafield reads/writes of an owner type into metafieldsSet. */
export interface MetafieldOwnerAdapter {
  /** Current metafields of the owner, or undefined when it does not exist. */
  get(id: string): MetafieldRecord[] | undefined;
  /** Replaces the owner's metafields (and emits the owner's update webhook). */
  set(id: string, metafields: MetafieldRecord[], now: string): void;
  /** The owner's GraphQL object, for `metafield.owner`. */
  view(id: string, ctx: SimContext): Gql | null;
}

/** Adapters for the catalog's own owner types. */
export function catalogOwnerAdapters(rt: CatalogRuntime): Record<string, MetafieldOwnerAdapter> {
  const productEvent = (id: number) => {
    const product = rt.state.product(id);
    // Metafield writes bump the owner's updatedAt, so incremental syncs see them.
    if (product) rt.core.emit("products/update", productPayload(product, (v) => rt.model.variantAvailable(v)));
  };
  return {
    Product: {
      get: (id) => rt.state.product(Number(id))?.metafields,
      set: (id, metafields, now) => {
        const product = rt.state.product(Number(id));
        if (!product) return;
        rt.state.putProduct({ ...product, metafields, updatedAt: now });
        productEvent(product.id);
      },
      view: (id, ctx) => {
        const product = rt.state.product(Number(id));
        return product ? rt.views.product(product, ctx) : null;
      },
    },
    ProductVariant: {
      get: (id) => rt.state.variant(Number(id))?.variant.metafields,
      set: (id, metafields, now) => {
        const found = rt.state.variant(Number(id));
        if (!found) return;
        const variants = found.product.variants.map((v) => (v.id === found.variant.id ? { ...v, metafields, updatedAt: now } : v));
        rt.state.putProduct({ ...found.product, variants, updatedAt: now });
        productEvent(found.product.id);
      },
      view: (id, ctx) => {
        const found = rt.state.variant(Number(id));
        return found ? rt.views.variant(found.product, found.variant, ctx) : null;
      },
    },
    Collection: {
      get: (id) => rt.state.collection(Number(id))?.metafields,
      set: (id, metafields, now) => {
        const collection = rt.state.collection(Number(id));
        if (collection) rt.state.putCollection({ ...collection, metafields, updatedAt: now });
      },
      view: (id, ctx) => {
        const collection = rt.state.collection(Number(id));
        return collection ? rt.views.collection(collection, ctx) : null;
      },
    },
    Location: {
      get: (id) => rt.state.location(Number(id))?.metafields,
      set: (id, metafields, now) => {
        const location = rt.state.location(Number(id));
        if (location) rt.state.putLocation({ ...location, metafields, updatedAt: now });
      },
      view: (id, ctx) => {
        const location = rt.state.location(Number(id));
        return location ? rt.views.location(location, ctx) : null;
      },
    },
  };
}

interface MetafieldsSetInput {
  ownerId: string;
  namespace?: string | null;
  key: string;
  value: string;
  type?: string | null;
  compareDigest?: string | null;
}

/** metafieldsSet: ≤ 25 upserts per call, atomic (all or nothing), optional compareDigest. */
export function metafieldsSet(rt: CatalogRuntime, owners: Record<string, MetafieldOwnerAdapter>, args: Record<string, unknown>, ctx: SimContext): Gql {
  const inputs = args.metafields as MetafieldsSetInput[];
  const errors: { field: string[]; message: string; code: string; elementIndex: number | null }[] = [];
  if (inputs.length > 25) {
    return { metafields: null, userErrors: [{ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25.", code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null }] };
  }
  const now = rt.now();
  const pending = new Map<string, { type: string; id: string; list: MetafieldRecord[] }>();
  const touched: { ownerKey: string; namespace: string; key: string }[] = [];
  inputs.forEach((input, index) => {
    const field = ["metafields", String(index)];
    const owner = parseGid(input.ownerId);
    const adapter = owner && owners[owner.type];
    const ownerKey = `${owner?.type}/${owner?.id}`;
    const current = pending.get(ownerKey)?.list ?? (adapter && owner ? adapter.get(owner.id) : undefined);
    if (!owner || !adapter || !current) return errors.push({ field: [...field, "ownerId"], message: "Owner does not exist.", code: "INVALID_VALUE", elementIndex: index });
    const namespace = input.namespace ?? APP_NAMESPACE;
    if (namespace.length < 3) return errors.push({ field: [...field, "namespace"], message: "Namespace is too short (minimum is 3 characters).", code: "TOO_SHORT", elementIndex: index });
    if (input.key.length < 2) return errors.push({ field: [...field, "key"], message: "Key is too short (minimum is 2 characters).", code: "TOO_SHORT", elementIndex: index });
    const previous = current.find((m) => m.namespace === namespace && m.key === input.key);
    const type = input.type ?? previous?.type;
    if (!type) return errors.push({ field: [...field, "type"], message: "Type can't be blank.", code: "BLANK", elementIndex: index });
    if (previous && input.type && previous.type !== input.type) return errors.push({ field: [...field, "type"], message: `Type must be '${previous.type}'.`, code: "INVALID_TYPE", elementIndex: index });
    const problem = metafieldValueError(type, input.value);
    if (problem) return errors.push({ field: [...field, "value"], message: problem, code: problem.startsWith("Type") ? "INVALID_TYPE" : "INVALID_VALUE", elementIndex: index });
    if (input.compareDigest != null && (!previous || compareDigest(previous) !== input.compareDigest)) {
      return errors.push({ field: [...field, "compareDigest"], message: "The resource has been updated since it was loaded.", code: "STALE_OBJECT", elementIndex: index });
    }
    const record: MetafieldRecord = {
      id: previous?.id ?? rt.allocateMetafieldId(),
      namespace,
      key: input.key,
      type,
      value: input.value,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    };
    const list = previous ? current.map((m) => (m === previous ? record : m)) : [...current, record];
    pending.set(ownerKey, { type: owner.type, id: owner.id, list });
    touched.push({ ownerKey, namespace, key: input.key });
  });
  if (errors.length) return { metafields: null, userErrors: errors };
  for (const entry of pending.values()) owners[entry.type].set(entry.id, entry.list, now);
  const metafields = touched.map(({ ownerKey, namespace, key }) => {
    const entry = pending.get(ownerKey) as { type: string; id: string; list: MetafieldRecord[] };
    const record = entry.list.find((m) => m.namespace === namespace && m.key === key) as MetafieldRecord;
    return rt.views.metafield(record, entry.type, () => owners[entry.type].view(entry.id, ctx) ?? {});
  });
  return { metafields, userErrors: [] };
}

interface StagedUploadInput {
  resource: string;
  filename: string;
  mimeType: string;
  httpMethod?: "POST" | "PUT" | null;
  fileSize?: string | number | null;
}

export interface StagedTarget {
  filename: string;
  mimeType: string;
  uploaded: boolean;
}

/**
 * stagedUploadsCreate: targets live on the simulator's CDN. POST targets
 * carry form parameters (Shopify's are a signed policy for Google Cloud
 * Storage); PUT targets carry headers-as-parameters. The same URL is the
 * `resourceUrl` to pass as `originalSource`.
 */
export function stagedUploadsCreate(rt: CatalogRuntime, staged: Map<string, StagedTarget>, args: Record<string, unknown>, ctx: SimContext): Gql {
  const inputs = args.input as StagedUploadInput[];
  const supported = ["IMAGE", "PRODUCT_IMAGE", "COLLECTION_IMAGE", "FILE", "SHOP_IMAGE"];
  const errors = inputs.flatMap((input, index) =>
    supported.includes(input.resource) ? [] : [{ field: ["input", String(index), "resource"], message: `${input.resource} staged uploads are not supported by the simulator` }],
  );
  if (errors.length) return { stagedTargets: null, userErrors: errors };
  const stagedTargets = inputs.map((input) => {
    const n = rt.core.allocateId("StagedUpload", 1);
    const h = hashString(`${rt.core.seed}:staged:${n}`).toString(16).padStart(8, "0");
    const uuid = `${h}-${h.slice(0, 4)}-4${h.slice(1, 4)}-8${h.slice(4, 7)}-${n.toString(16).padStart(12, "0")}`;
    staged.set(uuid, { filename: input.filename, mimeType: input.mimeType, uploaded: false });
    const url = `${ctx.cdnBaseUrl}/catalog/staged/${uuid}`;
    const parameters =
      input.httpMethod === "PUT"
        ? [{ name: "content_type", value: input.mimeType }, { name: "acl", value: "private" }]
        : [
            { name: "Content-Type", value: input.mimeType },
            { name: "success_action_status", value: "201" },
            { name: "acl", value: "private" },
            { name: "key", value: `staged/${uuid}/${input.filename}` },
          ];
    return { url, resourceUrl: url, parameters };
  });
  return { stagedTargets, userErrors: [] };
}


/**
 * metafieldsDelete (shopify.dev mutations/metafieldsDelete): deletes by
 * (ownerId, namespace, key); a metafield that does not exist still succeeds
 * and answers null in its position.
 */
export function metafieldsDelete(rt: CatalogRuntime, owners: Record<string, MetafieldOwnerAdapter>, args: Record<string, unknown>): Gql {
  const inputs = args.metafields as { ownerId: string; namespace: string; key: string }[];
  if (inputs.length === 0) return { deletedMetafields: null, userErrors: [{ field: ["metafields"], message: "At least one identifier must be specified." }] };
  const now = rt.now();
  const pending = new Map<string, { type: string; id: string; list: MetafieldRecord[] }>();
  const deleted = inputs.map((input) => {
    const owner = parseGid(input.ownerId);
    const adapter = owner && owners[owner.type];
    const ownerKey = `${owner?.type}/${owner?.id}`;
    const current = pending.get(ownerKey)?.list ?? (adapter && owner ? adapter.get(owner.id) : undefined);
    if (!owner || !current || !current.some((m) => m.namespace === input.namespace && m.key === input.key)) return null;
    pending.set(ownerKey, { type: owner.type, id: owner.id, list: current.filter((m) => !(m.namespace === input.namespace && m.key === input.key)) });
    return { ownerId: input.ownerId, namespace: input.namespace, key: input.key };
  });
  for (const entry of pending.values()) owners[entry.type].set(entry.id, entry.list, now);
  return { deletedMetafields: deleted, userErrors: [] };
}
