/**
 * Turns a set of changed root GIDs into the records of one incremental
 * snapshot: every root is re-fetched NOW through its module's `byIds` (the
 * store's current state, whatever order the webhooks came in), absent roots
 * and children that went with them become tombstones, and records that hang
 * off a root without a webhook of their own (variant metafields, inventory
 * levels, image bytes, collection membership on the other side) are
 * re-fetched with it.
 */
import type { RecordInput } from "~/repo";
import { BACKUP_INVENTORY_LEVELS_BY_ITEM, BACKUP_ITEM_MORE_LEVELS } from "~/shopify/queries/backup-incremental";
import { inConcurrentChunks, READS_IN_FLIGHT } from "~/shopify/concurrent-chunks";
import { completeChildPages } from "../types/child-pages";
import { imageKey, productImages, withMediaBlobs, type MediaStats } from "../media-blobs";
import { plain, refId, type JsonObject } from "../normalise";
import { normaliseLevel } from "../types/inventory";
import type { CanonicalRecord, FetchContext, RecordTypeModule } from "../types/module";
import type { ParentView } from "./parent";

export interface ChangeInput {
  fetch: FetchContext;
  parent: ParentView;
  /** Enabled modules by name. */
  modules: ReadonlyMap<string, RecordTypeModule>;
}

/** Work per module name: root GIDs to re-fetch. */
export type ChangeWork = Map<string, Set<string>>;

const key = (type: string, gid: string) => `${type}\u0000${gid}`;
const ids = (list: unknown): string[] => (Array.isArray(list) ? list.map((item) => refId(item)).filter((id): id is string => Boolean(id)) : []);
const itemIds = (variants: unknown): string[] =>
  Array.isArray(variants) ? variants.map((v) => refId((v as JsonObject).inventoryItem)).filter((id): id is string => Boolean(id)) : [];
const numericTail = (gid: string) => /\/(\d+)(\?.*)?$/.exec(gid)?.[1] ?? gid;

/** The records (and tombstones) of one incremental snapshot for `work`; one entry per type+GID. */
export async function collectChanges(input: ChangeInput, work: ChangeWork): Promise<Map<string, RecordInput>> {
  const out = new Map<string, RecordInput>();
  const put = (record: CanonicalRecord) => out.set(key(record.type, record.gid), { type: record.type, gid: record.gid, record: record.record, subject: record.subject });
  // A tombstone for something the parent never held is no change: the repository's writeChanges drops it without a lookup here.
  const tomb = (type: string, gid: string) => {
    if (!out.has(key(type, gid))) out.set(key(type, gid), { type, gid, record: null });
  };
  const fetchAllWith = (fetch: FetchContext) => async (module: RecordTypeModule, gids: string[]) => {
    const got: CanonicalRecord[] = [];
    // A GID that is gone answers null in nodes(ids:) and yields no record: the callers tomb it.
    if (gids.length > 0 && module.byIds) for await (const r of module.byIds(fetch, gids)) got.push(r);
    return got;
  };
  const fetchAll = fetchAllWith(input.fetch);
  const enabled = (name: string) => input.modules.get(name);
  const done = new Map<string, Set<string>>();
  const take = (name: string): string[] => {
    const seen = done.get(name) ?? new Set<string>();
    done.set(name, seen);
    const fresh = [...(work.get(name) ?? [])].filter((gid) => !seen.has(gid));
    for (const gid of fresh) seen.add(gid);
    work.delete(name);
    return fresh;
  };
  const add = (name: string, gids: Iterable<string>) => {
    if (!enabled(name)) return;
    const set = work.get(name) ?? new Set<string>();
    for (const gid of gids) if (!done.get(name)?.has(gid)) set.add(gid);
    if (set.size > 0) work.set(name, set);
  };

  // Every other module is independent of products and collections, so its reads run beside
  // theirs: a batch's customers no longer wait for its rate-limited product re-fetches. Orders
  // that a product deletion adds come after, in a second pass.
  const independent: ChangeWork = new Map([...work].filter(([name]) => !LINKED.has(name)));
  for (const name of independent.keys()) work.delete(name);
  // If the product side fails the batch fails: stop these reads too rather than spend rate limit on them.
  const stop = new AbortController();
  const signal = input.fetch.signal ? AbortSignal.any([input.fetch.signal, stop.signal]) : stop.signal;
  const besidesInput: ChangeInput = { ...input, fetch: { ...input.fetch, signal } };
  const besides = otherChanges(besidesInput, independent, put, tomb, fetchAllWith(besidesInput.fetch));
  besides.catch(() => undefined);
  try {
    await linkedChanges();
  } catch (error) {
    stop.abort(error);
    throw error;
  }
  await besides;
  await otherChanges(input, work, put, tomb, fetchAll);
  return out;

  async function linkedChanges(): Promise<void> {
    // Products and collections feed each other (membership is stored on both sides): run to a fixed
    // point. It is reached: each round takes both names out of work and reads only GIDs no round read
    // before. (A cap of 10 rounds used to leave the rest to otherChanges, which skips both.)
    while (work.has("products") || work.has("collections")) {
      const productGids = take("products");
      if (productGids.length > 0 && enabled("products")) {
        const { collections, deleted } = await productChanges(input, productGids, put, tomb, fetchAll);
        add("collections", collections);
        // Shopify unlinks a deleted product from order line items without an orders/updated webhook.
        if (deleted.size > 0 && enabled("orders")) add("orders", await ordersReferencing(input, deleted));
      }
      const collectionGids = take("collections");
      if (collectionGids.length > 0 && enabled("collections")) add("products", await collectionChanges(input, collectionGids, put, tomb, fetchAll));
    }
  }
}

/** Modules whose changes feed each other (collection membership is stored on both sides). */
const LINKED = new Set(["products", "collections"]);

/** Re-fetches the roots of every module in `work` but products and collections. */
async function otherChanges(input: ChangeInput, work: ChangeWork, put: Put, tomb: Tomb, fetchAll: FetchAll): Promise<void> {
  for (const [name, gids] of work) {
    const module = input.modules.get(name);
    if (!module || gids.size === 0 || LINKED.has(name)) continue;
    const list = [...gids];
    if (name === "inventory") await inventoryChanges(input, module, list, put, tomb, fetchAll);
    else if (name === "themes") await themeChanges(input, module, list, put, tomb, fetchAll);
    else if (name === "shop") for (const r of await fetchAll(module, list)) put(r);
    else {
      const got = await fetchAll(module, list);
      for (const r of got) put(r);
      const present = new Set(got.map((r) => r.gid));
      // Every record type the module emits under the root's GID goes with it (Order + OrderPersonal).
      for (const gid of list) if (!present.has(gid)) for (const type of module.types) tomb(type, gid);
    }
  }
}

type Put = (record: CanonicalRecord) => void;
type Tomb = (type: string, gid: string) => void;
type FetchAll = (module: RecordTypeModule, gids: string[]) => Promise<CanonicalRecord[]>;

/** Products + their variant metafields, inventory levels and image bytes; returns collections whose membership changed. */
async function productChanges(input: ChangeInput, gids: string[], put: Put, tomb: Tomb, fetchAll: FetchAll): Promise<{ collections: Set<string>; deleted: Set<string> }> {
  const products = input.modules.get("products") as RecordTypeModule;
  // The parent's products are read while the store answers: the re-fetch waits mostly on the
  // rate limit, the reads on this process's CPU (a block decode each on a large store).
  const parentsRead = (async () => {
    const out = new Map<string, JsonObject | null | undefined>();
    for (const gid of [...gids].sort()) out.set(gid, await input.parent.record("Product", gid));
    return out;
  })();
  parentsRead.catch(() => undefined);
  const fetched = new Map((await fetchAll(products, gids)).filter((r) => r.type === "Product").map((r) => [r.gid, r]));
  const parents = await parentsRead;
  const touchedCollections = new Set<string>();
  const variants = new Set<string>();
  const goneVariants = new Set<string>();
  const items = new Set<string>();
  const goneItems = new Set<string>();
  const deleted = new Set<string>();
  const unchangedImages = new Set<string>();
  for (const gid of gids) {
    const before = parents.get(gid);
    const now = fetched.get(gid);
    if (!now) {
      tomb("Product", gid);
      if (before !== undefined) deleted.add(gid);
    }
    const oldVariants = ids(before?.variants);
    const newVariants = ids(now?.record.variants);
    for (const v of newVariants) variants.add(v);
    for (const v of oldVariants) if (!newVariants.includes(v)) goneVariants.add(v);
    // Levels are re-read only for inventory items the parent did not have (a new variant is stocked
    // without a webhook of its own here); an existing item's levels change through
    // inventory_levels/* webhooks, and reading them for every edited product cost more than a
    // third of the rate limit an edited product uses.
    const newItems = itemIds(now?.record.variants);
    const oldItems = new Set(itemIds(before?.variants));
    for (const i of newItems) if (!oldItems.has(i)) items.add(i);
    for (const i of oldItems) if (!newItems.includes(i)) goneItems.add(i);
    if (before) for (const image of productImages(before)) unchangedImages.add(imageKey(image.mediaId, image.url));
    const newMedia = new Set(ids(now?.record.media));
    for (const m of ids(before?.media)) if (!newMedia.has(m)) tomb("MediaSource", m);
    const oldCollections = new Set(ids(before?.collections));
    const newCollections = new Set(ids(now?.record.collections));
    for (const c of oldCollections) if (!newCollections.has(c)) touchedCollections.add(c);
    for (const c of newCollections) if (!oldCollections.has(c)) touchedCollections.add(c);
  }
  const media: MediaStats = { images: 0, downloaded: 0, reused: 0, downloadedBytes: 0 };
  const lookup = async (type: string, gid: string) => (await input.parent.record(type, gid)) ?? undefined;
  for await (const record of withMediaBlobs(iterate([...fetched.values()]), input.fetch, lookup, media, { unchangedImages })) put(record);

  const variantModule = input.modules.get("variant-metafields");
  if (variantModule) {
    const got = await fetchAll(variantModule, [...variants]);
    for (const r of got) put(r);
    const present = new Set(got.map((r) => r.gid));
    for (const v of [...variants, ...goneVariants]) if (!present.has(v)) tomb("ProductVariantMetafields", v);
  }
  if (input.modules.get("inventory")) await levelsOfItems(input, [...items], [...goneItems], put, tomb);
  // Removed from / added to a collection: that collection's member list changed too.
  return { collections: touchedCollections, deleted };
}

/** Orders of the parent whose line items point at one of `products`. */
async function ordersReferencing(input: ChangeInput, products: Set<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const { gid, record } of input.parent.scan("Order")) {
    const lines = (record.lineItems as JsonObject[] | undefined) ?? [];
    if (lines.some((line) => products.has(refId(line.product) ?? ""))) out.push(gid);
  }
  return out;
}

/** Collections; returns products whose membership changed (their `collections` field). */
async function collectionChanges(input: ChangeInput, gids: string[], put: Put, tomb: Tomb, fetchAll: FetchAll): Promise<Set<string>> {
  const collections = input.modules.get("collections") as RecordTypeModule;
  const fetched = new Map((await fetchAll(collections, gids)).map((r) => [r.gid, r]));
  const touched = new Set<string>();
  for (const gid of gids) {
    const before = await input.parent.record("Collection", gid);
    const now = fetched.get(gid);
    if (now) put(now);
    else tomb("Collection", gid);
    const oldMembers = new Set(ids(before?.products));
    const newMembers = new Set(ids(now?.record.products));
    for (const p of oldMembers) if (!newMembers.has(p)) touched.add(p);
    for (const p of newMembers) if (!oldMembers.has(p)) touched.add(p);
  }
  return touched;
}

/** Inventory levels named by their own GID, or by their inventory item (payloads without a level GID). */
async function inventoryChanges(input: ChangeInput, module: RecordTypeModule, gids: string[], put: Put, tomb: Tomb, fetchAll: FetchAll): Promise<void> {
  const levels = gids.filter((g) => g.startsWith("gid://shopify/InventoryLevel/"));
  const items = gids.filter((g) => g.startsWith("gid://shopify/InventoryItem/"));
  const got = await fetchAll(module, levels);
  for (const r of got) put(r);
  const present = new Set(got.map((r) => r.gid));
  for (const gid of levels) if (!present.has(gid)) tomb("InventoryLevel", gid);
  if (items.length > 0) await levelsOfItems(input, items, [], put, tomb);
}

/** Current levels of `items` (put) and tombstones for parent levels of `items` + `goneItems` no longer there. */
async function levelsOfItems(input: ChangeInput, items: string[], goneItems: string[], put: Put, tomb: Tomb): Promise<void> {
  const present = new Set<string>();
  const levels = inConcurrentChunks(items, 25, READS_IN_FLIGHT, async (chunk) => {
    const { data } = await input.fetch.client.request<{ nodes: (JsonObject | null)[] }>(BACKUP_INVENTORY_LEVELS_BY_ITEM, { ids: chunk }, { signal: input.fetch.signal });
    const out: CanonicalRecord[] = [];
    for (const raw of data.nodes) {
      if (!raw || typeof raw.id !== "string") continue;
      // Levels past the first page are read too: a level left unread would be tombstoned below as if it were gone.
      const node = await completeChildPages(input.fetch, raw, { inventoryLevels: BACKUP_ITEM_MORE_LEVELS });
      const levelPages = node.inventoryLevels as { pageInfo?: { hasNextPage?: boolean } } | undefined;
      if (levelPages?.pageInfo?.hasNextPage) throw new Error(`The inventory levels of ${String(node.id)} could not be read to the end; not recording a partial list`);
      const item = plain(node) as JsonObject;
      for (const level of (item.inventoryLevels as JsonObject[] | undefined) ?? []) out.push(normaliseLevel(level));
    }
    return out;
  });
  for await (const record of levels) {
    present.add(record.gid);
    put(record);
  }
  const owners = [...items, ...goneItems].map((item) => `gid://shopify/InventoryItem/${numericTail(item)}`);
  for (const gid of await input.parent.ownedBy("InventoryLevel", owners)) if (!present.has(gid)) tomb("InventoryLevel", gid);
}

/** A theme and every file of it; files the parent held that are gone become tombstones. */
async function themeChanges(input: ChangeInput, module: RecordTypeModule, gids: string[], put: Put, tomb: Tomb, fetchAll: FetchAll): Promise<void> {
  const got = await fetchAll(module, gids);
  for (const r of got) put(r);
  const present = new Set(got.map((r) => `${r.type}\u0000${r.gid}`));
  for (const theme of gids) {
    if (!present.has(`Theme\u0000${theme}`)) tomb("Theme", theme);
    for (const file of await input.parent.ownedBy("ThemeFile", [theme])) {
      if (!present.has(`ThemeFile\u0000${file}`)) tomb("ThemeFile", file);
    }
  }
}

/** Modules whose byIds does not use nodes(ids:) (themes page through themes; shop reads `shop`). */
async function* iterate<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}
