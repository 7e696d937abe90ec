/**
 * Collection mutations (shopify.dev collectionCreate / collectionUpdate /
 * collectionDelete / collectionAddProductsV2 / collectionRemoveProducts).
 */
import { gid, hashString, type SimContext } from "../core";
import { COLLECTION_BASE, numericId } from "./ids";
import { replaceMetafields, type MetafieldInputLike } from "./metafields";
import type { CatalogRuntime } from "./runtime";
import type { CollectionRecord } from "./types";
import { APP_NAMESPACE, type Gql } from "./views";
import { collectionDeletePayload, collectionPayload } from "./webhooks";
import { slugify } from "./words";

interface CollectionInput {
  id?: string | null;
  title?: string | null;
  handle?: string | null;
  descriptionHtml?: string | null;
  sortOrder?: string | null;
  templateSuffix?: string | null;
  seo?: { title?: string | null; description?: string | null } | null;
  ruleSet?: { appliedDisjunctively: boolean; rules?: { column: string; relation: string; condition: string }[] | null } | null;
  products?: string[] | null;
  metafields?: MetafieldInputLike[] | null;
  image?: { src?: string | null; altText?: string | null } | null;
}

type Err = { field: string[]; message: string };

/** Jobs finish synchronously here; ids are kept so `job(id:)` can report them done. */
const issuedJobs = new WeakMap<CatalogRuntime, Set<string>>();

function newJob(rt: CatalogRuntime): Gql {
  const n = rt.core.allocateId("Job", 1);
  const id = gid("Job", `${hashString(`${rt.core.seed}:job:${n}`).toString(16).padStart(8, "0")}-${n.toString(16).padStart(4, "0")}`);
  const set = issuedJobs.get(rt) ?? new Set<string>();
  set.add(id);
  issuedJobs.set(rt, set);
  // Shopify answers these mutations with done: false and finishes in the background.
  return { id, done: false, query: null };
}

/** Query.job: every job the simulator issued has already finished. */
export function job(rt: CatalogRuntime, id: string): Gql | null {
  return issuedJobs.get(rt)?.has(id) ? { id, done: true, query: null } : null;
}

function uniqueCollectionHandle(rt: CatalogRuntime, base: string, selfId?: number): string {
  const taken = new Set(rt.state.collections().filter((c) => c.id !== selfId).map((c) => c.handle));
  let candidate = base || "collection";
  for (let n = 1; taken.has(candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}

function productIdsFrom(rt: CatalogRuntime, ids: string[], field: string[], errors: Err[]): number[] {
  const out: number[] = [];
  ids.forEach((value, index) => {
    const product = rt.state.product(numericId(value, "Product") ?? -1);
    if (!product) errors.push({ field: [...field, String(index)], message: "Product does not exist" });
    else out.push(product.id);
  });
  return out;
}

function applyInput(rt: CatalogRuntime, base: CollectionRecord, input: CollectionInput, now: string, errors: Err[]): CollectionRecord {
  const metafields = input.metafields != null
    ? replaceMetafields(base.metafields, [...base.metafields.filter((m) => !input.metafields?.some((i) => (i.namespace ?? APP_NAMESPACE) === m.namespace && i.key === m.key)).map(({ namespace, key, value, type }) => ({ namespace, key, value, type })), ...input.metafields], APP_NAMESPACE, now, () => rt.allocateMetafieldId())
    : { list: base.metafields, errors: [] };
  for (const e of metafields.errors) errors.push({ field: ["input", "metafields", String(e.index), e.field], message: e.message });
  const ruleSet = input.ruleSet
    ? { appliedDisjunctively: input.ruleSet.appliedDisjunctively, rules: (input.ruleSet.rules ?? []).map((r) => ({ column: r.column, relation: r.relation, condition: r.condition })) }
    : base.ruleSet;
  let image = base.image;
  if (input.image !== undefined) {
    const src = input.image?.src;
    image = src ? { url: src, altText: input.image?.altText ?? null, width: 0, height: 0 } : null;
  }
  return {
    ...base,
    title: input.title ?? base.title,
    descriptionHtml: input.descriptionHtml ?? base.descriptionHtml,
    sortOrder: input.sortOrder ?? base.sortOrder,
    templateSuffix: input.templateSuffix !== undefined ? input.templateSuffix : base.templateSuffix,
    seo: {
      title: input.seo?.title !== undefined ? input.seo.title : base.seo.title,
      description: input.seo?.description !== undefined ? input.seo.description : base.seo.description,
    },
    ruleSet,
    image,
    metafields: metafields.list,
    updatedAt: now,
  };
}

/** collectionCreate: `ruleSet` makes a smart collection, otherwise custom with optional `products`. */
export function collectionCreate(rt: CatalogRuntime, args: Record<string, unknown>, ctx: SimContext): Gql {
  const input = args.input as CollectionInput;
  const errors: Err[] = [];
  if (!input.title?.trim()) errors.push({ field: ["title"], message: "Title can't be blank" });
  if (input.ruleSet && input.products?.length) errors.push({ field: ["products"], message: "Can't add products to a smart collection" });
  const products = productIdsFrom(rt, input.products ?? [], ["products"], errors);
  const now = rt.now();
  const base: CollectionRecord = {
    id: 0,
    kind: input.ruleSet ? "smart" : "custom",
    title: "",
    handle: "",
    descriptionHtml: "",
    sortOrder: input.ruleSet ? "BEST_SELLING" : "MANUAL",
    templateSuffix: null,
    seo: { title: null, description: null },
    ruleSet: null,
    image: null,
    metafields: [],
    updatedAt: now,
    publishedAt: null,
  };
  const draft = applyInput(rt, base, input, now, errors);
  const handle = input.handle ? slugify(input.handle) : uniqueCollectionHandle(rt, slugify(input.title ?? ""));
  if (input.handle && rt.state.collections().some((c) => c.handle === handle)) errors.push({ field: ["handle"], message: `Handle '${handle}' has already been taken` });
  if (errors.length) return { collection: null, userErrors: errors };
  const record = { ...draft, id: rt.core.allocateId("Collection", COLLECTION_BASE + rt.state.collectionCount), handle };
  rt.state.putCollection(record);
  for (const productId of products) rt.state.setCustomMembership(productId, [...rt.state.customMembership(productId), record.id]);
  rt.core.emit("collections/create", collectionPayload(record));
  return { collection: rt.views.collection(record, ctx), userErrors: [] };
}

/** collectionUpdate: scalar fields merge; a custom collection cannot gain rules, and `products` is create-only. */
export function collectionUpdate(rt: CatalogRuntime, args: Record<string, unknown>, ctx: SimContext): Gql {
  const input = args.input as CollectionInput;
  const errors: Err[] = [];
  const existing = rt.state.collection(numericId(input.id, "Collection") ?? -1);
  if (!existing) return { collection: null, job: null, userErrors: [{ field: ["id"], message: "Collection does not exist" }] };
  if (input.ruleSet && existing.kind === "custom") errors.push({ field: ["ruleSet"], message: "Cannot update rule set of a custom collection" });
  if (input.products != null) errors.push({ field: ["products"], message: "Use collectionAddProductsV2 to add products to an existing collection" });
  if (input.title !== undefined && input.title !== null && !input.title.trim()) errors.push({ field: ["title"], message: "Title can't be blank" });
  const now = rt.now();
  const record = applyInput(rt, existing, input, now, errors);
  if (input.handle) {
    record.handle = slugify(input.handle);
    if (rt.state.collections().some((c) => c.handle === record.handle && c.id !== existing.id)) errors.push({ field: ["handle"], message: `Handle '${record.handle}' has already been taken` });
  }
  if (errors.length) return { collection: null, job: null, userErrors: errors };
  rt.state.putCollection(record);
  rt.core.emit("collections/update", collectionPayload(record));
  // Changing rules re-evaluates membership in a background job on Shopify.
  return { collection: rt.views.collection(record, ctx), job: input.ruleSet ? newJob(rt) : null, userErrors: [] };
}

export function collectionDelete(rt: CatalogRuntime, args: Record<string, unknown>): Gql {
  const input = args.input as { id: string };
  const existing = rt.state.collection(numericId(input.id, "Collection") ?? -1);
  const shop = { __typename: "Shop", id: gid("Shop", 1), myshopifyDomain: rt.core.shopDomain };
  if (!existing) return { deletedCollectionId: null, shop, userErrors: [{ field: ["id"], message: "Collection does not exist" }] };
  rt.state.deleteCollection(existing.id);
  rt.core.emit("collections/delete", collectionDeletePayload(existing.id, rt.now()));
  return { deletedCollectionId: gid("Collection", existing.id), shop, userErrors: [] };
}

/** collectionAddProductsV2: custom collections only; runs as a job on Shopify. */
export function collectionAddProductsV2(rt: CatalogRuntime, args: Record<string, unknown>): Gql {
  const collection = rt.state.collection(numericId(args.id, "Collection") ?? -1);
  if (!collection) return { job: null, userErrors: [{ field: ["id"], message: "Collection does not exist", code: "COLLECTION_DOES_NOT_EXIST" }] };
  if (collection.kind === "smart") return { job: null, userErrors: [{ field: ["id"], message: "Can't manually add products to a smart collection", code: "CANT_ADD_TO_SMART_COLLECTION" }] };
  const errors: Err[] = [];
  const products = productIdsFrom(rt, args.productIds as string[], ["productIds"], errors);
  if (errors.length) return { job: null, userErrors: errors.map((e) => ({ ...e, code: null })) };
  for (const productId of products) rt.state.setCustomMembership(productId, [...rt.state.customMembership(productId), collection.id]);
  const updated = { ...collection, updatedAt: rt.now() };
  rt.state.putCollection(updated);
  rt.core.emit("collections/update", collectionPayload(updated));
  return { job: newJob(rt), userErrors: [] };
}

export function collectionRemoveProducts(rt: CatalogRuntime, args: Record<string, unknown>): Gql {
  const collection = rt.state.collection(numericId(args.id, "Collection") ?? -1);
  if (!collection) return { job: null, userErrors: [{ field: ["id"], message: "Collection does not exist" }] };
  if (collection.kind === "smart") return { job: null, userErrors: [{ field: ["id"], message: "Can't manually remove products from a smart collection" }] };
  const errors: Err[] = [];
  const products = productIdsFrom(rt, args.productIds as string[], ["productIds"], errors);
  if (errors.length) return { job: null, userErrors: errors };
  for (const productId of products) rt.state.setCustomMembership(productId, rt.state.customMembership(productId).filter((id) => id !== collection.id));
  const updated = { ...collection, updatedAt: rt.now() };
  rt.state.putCollection(updated);
  rt.core.emit("collections/update", collectionPayload(updated));
  return { job: newJob(rt), userErrors: [] };
}
