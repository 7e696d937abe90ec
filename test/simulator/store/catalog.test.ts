import { describe, expect, it } from "vitest";
import { executeAdmin } from "../graphql/execute";
import type { ChangeEvent, SimContext } from "./core";
import { createSimStore, type SimStore } from "./index";

const ctx: SimContext = { shop: "demo-shop.myshopify.com", apiVersion: "2025-01", cdnBaseUrl: "http://127.0.0.1:4001/cdn", bulk: false };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function run(store: SimStore, source: string, variables: Record<string, unknown> = {}, context = ctx): Promise<Json> {
  const response = await executeAdmin(store, source, variables, context);
  expect(response.errors).toBeUndefined();
  return response.data as Json;
}

function recordEvents(store: SimStore): ChangeEvent[] {
  const events: ChangeEvent[] = [];
  store.core.onChange((event) => events.push(event));
  return events;
}

const PRODUCT_FIELDS = `id title handle status tags vendor productType descriptionHtml updatedAt
  seo { title description }
  options { id name values }
  variants(first: 20) { nodes { id title price compareAtPrice sku barcode selectedOptions { name value } inventoryItem { id sku tracked } } }
  media(first: 10) { nodes { ... on MediaImage { id status image { url width height altText } } } }
  metafields(first: 20) { nodes { namespace key type value } }
  collections(first: 20) { nodes { id } }`;

const PRODUCT_SET = `mutation($input: ProductSetInput!) { productSet(input: $input, synchronous: true) {
  product { ${PRODUCT_FIELDS} } userErrors { field message code } } }`;

describe("catalog reads", () => {
  it("paginates products forward and backward with stable cursors", async () => {
    const store = createSimStore({ seed: 7, size: "tiny" });
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data: Json = await run(store, `query($after: String) { products(first: 5, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`, { after });
      ids.push(...data.products.nodes.map((n: Json) => n.id));
      if (!data.products.pageInfo.hasNextPage) break;
      after = data.products.pageInfo.endCursor;
    }
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    const last = await run(store, `{ products(last: 3) { nodes { id } pageInfo { hasPreviousPage } } productsCount { count precision } }`);
    expect(last.products.nodes.map((n: Json) => n.id)).toEqual(ids.slice(-3));
    expect(last.products.pageInfo.hasPreviousPage).toBe(true);
    expect(last.productsCount).toEqual({ count: 12, precision: "EXACT" });
  });

  it("is deterministic per seed and differs across seeds", async () => {
    const query = `{ products(first: 12) { nodes { ${PRODUCT_FIELDS} } } collections(first: 10) { nodes { title handle ruleSet { appliedDisjunctively rules { column relation condition } } productsCount { count } } } }`;
    const a = await run(createSimStore({ seed: 3, size: "tiny" }), query);
    const b = await run(createSimStore({ seed: 3, size: "tiny" }), query);
    const c = await run(createSimStore({ seed: 4, size: "tiny" }), query);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it("serves nested variants, inventory levels, media bytes and node lookups", async () => {
    const store = createSimStore({ seed: 1, size: "tiny" });
    const data = await run(store, `{ products(first: 12) { nodes { id media(first: 5) { nodes { ... on MediaImage { id image { url width height } } } }
      variants(first: 10) { nodes { id inventoryItem { id inventoryLevels(first: 5) { nodes { id location { id } quantities(names: ["available", "on_hand", "committed"]) { name quantity } } } } } } } } }`);
    const products = data.products.nodes as Json[];
    const withMedia = products.find((p) => p.media.nodes.length > 0) as Json;
    const image = withMedia.media.nodes[0].image;
    const bytes = store.cdn(image.url.slice(`${ctx.cdnBaseUrl}/`.length));
    expect(bytes?.contentType).toBe("image/png");
    expect(Buffer.from(bytes!.body.subarray(1, 4)).toString("ascii")).toBe("PNG");
    expect(Buffer.from(bytes!.body).readUInt32BE(16)).toBe(image.width);
    expect(bytes!.body.length).toBeGreaterThan(500);
    const level = products[0].variants.nodes[0].inventoryItem.inventoryLevels.nodes[0];
    const [available, onHand, committed] = level.quantities.map((q: Json) => q.quantity);
    expect(onHand).toBeGreaterThanOrEqual(available + committed);
    const nodes = await run(store, `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, {
      ids: [products[0].id, products[0].variants.nodes[0].id, products[0].variants.nodes[0].inventoryItem.id, level.id, level.location.id, withMedia.media.nodes[0].id],
    });
    expect(nodes.nodes.map((n: Json) => n.__typename)).toEqual(["Product", "ProductVariant", "InventoryItem", "InventoryLevel", "Location", "MediaImage"]);
  });

  it("filters products with the supported search syntax", async () => {
    const store = createSimStore({ seed: 1, size: "tiny" });
    const all = await run(store, `{ products(first: 50) { nodes { id status vendor } } }`);
    const active = await run(store, `{ products(first: 50, query: "status:active") { nodes { id } } }`);
    expect(active.products.nodes.length).toBe(all.products.nodes.filter((p: Json) => p.status === "ACTIVE").length);
    const thirdId = Number(all.products.nodes[2].id.split("/").pop());
    const above = await run(store, `{ products(first: 50, query: "id:>${thirdId}") { nodes { id } } }`);
    expect(above.products.nodes.length).toBe(9);
    const recent = await run(store, `{ products(first: 50, query: "updated_at:>'2026-10-01T12:00:00Z'") { nodes { id } } }`);
    expect(recent.products.nodes).toEqual([]);
    const bad = await executeAdmin(store, `{ products(first: 5, query: "title:a OR title:b") { nodes { id } } }`, {}, ctx);
    expect(bad.errors?.[0].message).toMatch(/not supported/);
  });

  it("computes smart collection members from their rules", async () => {
    const store = createSimStore({ seed: 1, size: "small" });
    const data = await run(store, `{ collections(first: 50, query: "collection_type:smart") { nodes { id title ruleSet { rules { column relation condition } } products(first: 250) { nodes { productType tags variants(first: 10) { nodes { price } } } } } } }`);
    const shirts = data.collections.nodes.find((c: Json) => c.title === "All Shirts");
    expect(shirts.products.nodes.length).toBeGreaterThan(0);
    expect(shirts.products.nodes.every((p: Json) => p.productType === "Shirts")).toBe(true);
    const cheap = data.collections.nodes.find((c: Json) => c.title === "Under $50");
    expect(cheap.products.nodes.every((p: Json) => p.variants.nodes.some((v: Json) => Number(v.price) < 50))).toBe(true);
  });

  it("generates the large preset lazily and reads a record near the end", async () => {
    const store = createSimStore({ seed: 1, size: "large" });
    expect(store.catalog.productCount()).toBe(100_000);
    const summary = store.catalog.getProductSummary(99_998);
    expect(summary?.variants.length).toBeGreaterThan(0);
    const data = await run(store, `query($id: ID!) { product(id: $id) { title variants(first: 10) { nodes { id sku price } } } productsCount { count precision } all: productsCount(limit: null) { count } }`, {
      id: `gid://shopify/Product/${summary!.id}`,
    });
    expect(data.product.title).toBe(summary!.title);
    expect(data.product.variants.nodes.map((v: Json) => v.sku ?? "")).toEqual(summary!.variants.map((v) => v.sku));
    expect(data.productsCount).toEqual({ count: 10_000, precision: "AT_LEAST" });
    expect(data.all.count).toBe(100_000);
  });
});

describe("productSet", () => {
  it("creates a product with options, variants, metafields, collections and quantities", async () => {
    const store = createSimStore({ seed: 1, size: "tiny" });
    const events = recordEvents(store);
    const collections = await run(store, `{ collections(first: 5, query: "collection_type:custom") { nodes { id } } locations(first: 2) { nodes { id } } }`);
    const collectionId = collections.collections.nodes[0].id;
    const locationId = collections.locations.nodes[0].id;
    const data = await run(store, PRODUCT_SET, {
      input: {
        title: "Restored Linen Shirt",
        status: "DRAFT",
        tags: ["sale", "linen"],
        seo: { title: "Linen", description: "A shirt" },
        productOptions: [{ name: "Size", values: [{ name: "S" }, { name: "M" }] }],
        variants: [
          { optionValues: [{ optionName: "Size", name: "S" }], price: "40", sku: "LIN-S", inventoryQuantities: [{ locationId, name: "available", quantity: 7 }] },
          { optionValues: [{ optionName: "Size", name: "M" }], price: "42.5", compareAtPrice: "50", sku: "LIN-M" },
        ],
        metafields: [{ namespace: "custom", key: "material", type: "single_line_text_field", value: "Linen" }],
        collections: [collectionId],
      },
    });
    expect(data.productSet.userErrors).toEqual([]);
    const product = data.productSet.product;
    expect(product.handle).toBe("restored-linen-shirt");
    expect(product.tags).toEqual(["linen", "sale"]);
    expect(product.variants.nodes.map((v: Json) => [v.title, v.price, v.compareAtPrice, v.sku])).toEqual([
      ["S", "40.00", null, "LIN-S"],
      ["M", "42.50", "50.00", "LIN-M"],
    ]);
    expect(product.collections.nodes.map((c: Json) => c.id)).toContain(collectionId);
    const level = await run(store, `query($id: ID!, $loc: ID!) { inventoryItem(id: $id) { inventoryLevel(locationId: $loc) { quantities(names: ["available"]) { quantity } } } }`, {
      id: product.variants.nodes[0].inventoryItem.id,
      loc: locationId,
    });
    expect(level.inventoryItem.inventoryLevel.quantities[0].quantity).toBe(7);
    expect(events.map((e) => e.topic)).toContain("products/create");
    const created = events.find((e) => e.topic === "products/create")!.payload;
    expect(created.admin_graphql_api_id).toBe(product.id);
    expect(created.tags).toBe("linen, sale");
    expect(store.catalog.productCount()).toBe(13);
  });

  it("replaces list fields on update: omitted variants and metafields are deleted", async () => {
    const store = createSimStore({ seed: 2, size: "tiny" });
    const events = recordEvents(store);
    const first = await run(store, PRODUCT_SET, {
      input: {
        title: "Mug",
        productOptions: [{ name: "Color", values: [{ name: "Black" }, { name: "White" }] }],
        variants: [
          { optionValues: [{ optionName: "Color", name: "Black" }], price: "12" },
          { optionValues: [{ optionName: "Color", name: "White" }], price: "12" },
        ],
        metafields: [
          { namespace: "custom", key: "a", type: "single_line_text_field", value: "1" },
          { namespace: "custom", key: "b", type: "number_integer", value: "2" },
        ],
      },
    });
    const product = first.productSet.product;
    const keep = product.variants.nodes[1];
    const second = await run(store, PRODUCT_SET, {
      input: {
        id: product.id,
        title: "Mug v2",
        productOptions: [{ name: "Color", values: [{ name: "White" }] }],
        variants: [{ id: keep.id, optionValues: [{ optionName: "Color", name: "White" }], price: "15" }],
        metafields: [{ namespace: "custom", key: "b", type: "number_integer", value: "3" }],
      },
    });
    const updated = second.productSet.product;
    expect(updated.id).toBe(product.id);
    expect(updated.title).toBe("Mug v2");
    expect(updated.handle).toBe(product.handle);
    expect(updated.variants.nodes.map((v: Json) => [v.id, v.price])).toEqual([[keep.id, "15.00"]]);
    expect(updated.metafields.nodes).toEqual([{ namespace: "custom", key: "b", type: "number_integer", value: "3" }]);
    expect(await run(store, `query($id: ID!) { productVariant(id: $id) { id } }`, { id: product.variants.nodes[0].id })).toEqual({ productVariant: null });
    expect(events.filter((e) => e.topic === "products/update")).toHaveLength(1);
  });

  it("returns userErrors and writes nothing for bad input", async () => {
    const store = createSimStore({ seed: 1, size: "tiny" });
    const events = recordEvents(store);
    const missing = await run(store, PRODUCT_SET, { input: { id: "gid://shopify/Product/1", title: "x" } });
    expect(missing.productSet.userErrors[0].code).toBe("PRODUCT_DOES_NOT_EXIST");
    const bad = await run(store, PRODUCT_SET, {
      input: {
        title: "Broken",
        productOptions: [{ name: "Size", values: [{ name: "S" }] }],
        variants: [{ optionValues: [{ optionName: "Size", name: "XL" }], price: "-3" }],
      },
    });
    expect(bad.productSet.product).toBeNull();
    expect(bad.productSet.userErrors.map((e: Json) => e.code)).toEqual(expect.arrayContaining(["OPTION_VALUE_DOES_NOT_EXIST", "INVALID_VARIANT"]));
    const noOptions = await run(store, PRODUCT_SET, { input: { title: "No options", variants: [{ optionValues: [], price: "1" }] } });
    expect(noOptions.productSet.userErrors[0].code).toBe("PRODUCT_OPTIONS_INPUT_MISSING");
    const existing = await run(store, `{ products(first: 1) { nodes { handle } } }`);
    const dup = await run(store, PRODUCT_SET, { input: { title: "Dup", handle: existing.products.nodes[0].handle } });
    expect(dup.productSet.userErrors[0].code).toBe("HANDLE_NOT_UNIQUE");
    expect(events).toEqual([]);
    expect(store.catalog.productCount()).toBe(12);
  });

  it("restores media from a staged upload with identical bytes", async () => {
    const store = createSimStore({ seed: 1, size: "tiny" });
    const original = store.cdn(
      (await run(store, `{ products(first: 12) { nodes { media(first: 1) { nodes { ... on MediaImage { image { url } } } } } } }`)).products.nodes
        .flatMap((p: Json) => p.media.nodes)[0]
        .image.url.slice(`${ctx.cdnBaseUrl}/`.length),
    )!;
    const staged = await run(store, `mutation($input: [StagedUploadInput!]!) { stagedUploadsCreate(input: $input) { stagedTargets { url resourceUrl parameters { name value } } userErrors { message } } }`, {
      input: [{ resource: "PRODUCT_IMAGE", filename: "shirt.png", mimeType: "image/png", httpMethod: "POST" }],
    });
    const target = staged.stagedUploadsCreate.stagedTargets[0];
    expect(target.url.startsWith(`${ctx.cdnBaseUrl}/catalog/staged/`)).toBe(true);
    expect(store.catalog.acceptStagedUpload("staged/not-a-target", original.body, "image/png")).toBe(false);
    expect(store.catalog.acceptStagedUpload(target.url.slice(`${ctx.cdnBaseUrl}/catalog/`.length), original.body, "image/png")).toBe(true);
    const data = await run(store, PRODUCT_SET, {
      input: {
        title: "With image",
        files: [
          { originalSource: target.resourceUrl, alt: "Front", contentType: "IMAGE" },
          { originalSource: "https://example.com/unreachable.png", contentType: "IMAGE" },
        ],
      },
    });
    const [restored, failed] = data.productSet.product.media.nodes;
    expect(restored.status).toBe("READY");
    expect(restored.image.altText).toBe("Front");
    const bytes = store.cdn(restored.image.url.slice(`${ctx.cdnBaseUrl}/`.length))!;
    expect(Buffer.from(bytes.body).equals(Buffer.from(original.body))).toBe(true);
    expect(restored.image.width).toBe(Buffer.from(original.body).readUInt32BE(16));
    expect(failed.status).toBe("FAILED");
  });
});

describe("productSet identifier (2025-04)", () => {
  it("upserts by handle through the resolver", async () => {
    const store = createSimStore({ seed: 1, size: "tiny" });
    const existing = (await run(store, `{ products(first: 1) { nodes { id handle } } }`)).products.nodes[0];
    const call = (args: Record<string, unknown>) => store.rootMutation.productSet(args, ctx, {} as never) as Json;
    const updated = call({ identifier: { handle: existing.handle }, input: { title: "Renamed" } });
    expect(updated.userErrors).toEqual([]);
    expect(updated.product.id).toBe(existing.id);
    const created = call({ identifier: { handle: "brand-new-thing" }, input: { title: "Brand New" } });
    expect(created.product.handle).toBe("brand-new-thing");
    expect(store.catalog.productCount()).toBe(13);
  });
});

describe("other catalog mutations", () => {
  it("deletes products and emits products/delete", async () => {
    const store = createSimStore({ seed: 1, size: "tiny" });
    const events = recordEvents(store);
    const id = (await run(store, `{ products(first: 1) { nodes { id } } }`)).products.nodes[0].id;
    const data = await run(store, `mutation($id: ID!) { productDelete(input: { id: $id }) { deletedProductId userErrors { message } } }`, { id });
    expect(data.productDelete.deletedProductId).toBe(id);
    expect((await run(store, `query($id: ID!) { product(id: $id) { id } }`, { id })).product).toBeNull();
    expect(events.map((e) => [e.topic, e.payload.id])).toEqual([["products/delete", Number(id.split("/").pop())]]);
    const again = await run(store, `mutation($id: ID!) { productDelete(input: { id: $id }) { deletedProductId userErrors { message } } }`, { id });
    expect(again.productDelete.userErrors).toHaveLength(1);
  });

  it("views cached from one walk of the catalog follow every write", async () => {
    // A location's levels, all variants and smart collection members are cached per write revision.
    const store = createSimStore({ seed: 1, size: "tiny" });
    const read = async () =>
      run(store, `{ locations(first: 1) { nodes { id inventoryLevels(first: 250) { nodes { item { id } } } } }
        productVariantsCount { count }
        collections(first: 50, query: "collection_type:smart") { nodes { title productsCount { count } } } }`);
    const before = await read();
    const locationId = before.locations.nodes[0].id;
    const created = await run(store, PRODUCT_SET, {
      input: {
        title: "Cache Probe Shirt",
        productType: "Shirts",
        productOptions: [{ name: "Size", values: [{ name: "S" }, { name: "M" }] }],
        variants: [
          { optionValues: [{ optionName: "Size", name: "S" }], price: "10", inventoryQuantities: [{ locationId, name: "available", quantity: 3 }] },
          { optionValues: [{ optionName: "Size", name: "M" }], price: "10", inventoryQuantities: [{ locationId, name: "available", quantity: 1 }] },
        ],
      },
    });
    const newItems = created.productSet.product.variants.nodes.map((v: Json) => v.inventoryItem.id);
    const after = await read();
    const levelItems = (r: Json) => r.locations.nodes[0].inventoryLevels.nodes.map((l: Json) => l.item.id);
    expect(levelItems(after)).toEqual([...levelItems(before), ...newItems]);
    expect(after.productVariantsCount.count).toBe(before.productVariantsCount.count + 2);
    const shirts = (r: Json) => r.collections.nodes.find((c: Json) => c.title === "All Shirts")?.productsCount.count;
    if (shirts(before) !== undefined) expect(shirts(after)).toBe(shirts(before) + 1);
    await run(store, `mutation($id: ID!) { productDelete(input: { id: $id }) { deletedProductId } }`, { id: created.productSet.product.id });
    const deleted = await read();
    expect(levelItems(deleted)).toEqual(levelItems(before));
    expect(deleted.productVariantsCount.count).toBe(before.productVariantsCount.count);
  });

  it("creates, fills, empties and deletes collections", async () => {
    const store = createSimStore({ seed: 1, size: "tiny" });
    const events = recordEvents(store);
    const products = (await run(store, `{ products(first: 3) { nodes { id } } }`)).products.nodes.map((p: Json) => p.id);
    const created = await run(store, `mutation($input: CollectionInput!) { collectionCreate(input: $input) { collection { id handle productsCount { count } } userErrors { field message } } }`, {
      input: { title: "Restore Test", products: [products[0]] },
    });
    const collection = created.collectionCreate.collection;
    expect(collection.handle).toBe("restore-test");
    expect(collection.productsCount.count).toBe(1);
    const added = await run(store, `mutation($id: ID!, $ids: [ID!]!) { collectionAddProductsV2(id: $id, productIds: $ids) { job { id done } userErrors { code } } }`, { id: collection.id, ids: products.slice(1) });
    expect(added.collectionAddProductsV2.userErrors).toEqual([]);
    const job = await run(store, `query($id: ID!) { job(id: $id) { done } }`, { id: added.collectionAddProductsV2.job.id });
    expect(job.job.done).toBe(true);
    await run(store, `mutation($id: ID!, $ids: [ID!]!) { collectionRemoveProducts(id: $id, productIds: $ids) { userErrors { message } } }`, { id: collection.id, ids: [products[0]] });
    const members = await run(store, `query($id: ID!) { collection(id: $id) { products(first: 10) { nodes { id } } } }`, { id: collection.id });
    expect(members.collection.products.nodes.map((p: Json) => p.id)).toEqual(products.slice(1));
    const smart = await run(store, `{ collections(first: 10, query: "collection_type:smart") { nodes { id } } }`);
    const refused = await run(store, `mutation($id: ID!, $ids: [ID!]!) { collectionAddProductsV2(id: $id, productIds: $ids) { job { id } userErrors { code } } }`, { id: smart.collections.nodes[0].id, ids: products });
    expect(refused.collectionAddProductsV2.userErrors[0].code).toBe("CANT_ADD_TO_SMART_COLLECTION");
    const blank = await run(store, `mutation { collectionCreate(input: { title: "" }) { collection { id } userErrors { field } } }`);
    expect(blank.collectionCreate.userErrors[0].field).toEqual(["title"]);
    await run(store, `mutation($id: ID!) { collectionDelete(input: { id: $id }) { deletedCollectionId } }`, { id: collection.id });
    expect((await run(store, `query($id: ID!) { collection(id: $id) { id } }`, { id: collection.id })).collection).toBeNull();
    expect(events.map((e) => e.topic)).toEqual(["collections/create", "collections/update", "collections/update", "collections/delete"]);
  });

  it("sets inventory with compare-quantity safety", async () => {
    const store = createSimStore({ seed: 1, size: "tiny" });
    const events = recordEvents(store);
    const data = await run(store, `{ products(first: 1) { nodes { variants(first: 1) { nodes { inventoryItem { id inventoryLevels(first: 1) { nodes { location { id } quantities(names: ["available", "on_hand"]) { quantity } } } } } } } } }`);
    const item = data.products.nodes[0].variants.nodes[0].inventoryItem;
    const level = item.inventoryLevels.nodes[0];
    const [available, onHand] = level.quantities.map((q: Json) => q.quantity);
    const mutation = `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { inventoryAdjustmentGroup { changes { name delta } } userErrors { code field } } }`;
    const base = { name: "available", reason: "correction", quantities: [{ inventoryItemId: item.id, locationId: level.location.id, quantity: available + 5, compareQuantity: available + 1 }] };
    const stale = await run(store, mutation, { input: base });
    expect(stale.inventorySetQuantities.userErrors[0].code).toBe("COMPARE_QUANTITY_STALE");
    const required = await run(store, mutation, { input: { ...base, quantities: [{ ...base.quantities[0], compareQuantity: null }] } });
    expect(required.inventorySetQuantities.userErrors[0].code).toBe("COMPARE_QUANTITY_REQUIRED");
    expect(events).toEqual([]);
    const ok = await run(store, mutation, { input: { ...base, quantities: [{ ...base.quantities[0], compareQuantity: available }] } });
    expect(ok.inventorySetQuantities.inventoryAdjustmentGroup.changes[0].delta).toBe(5);
    const ignored = await run(store, mutation, { input: { ...base, name: "on_hand", ignoreCompareQuantity: true, quantities: [{ ...base.quantities[0], quantity: onHand }] } });
    expect(ignored.inventorySetQuantities.userErrors).toEqual([]);
    const after = await run(store, `query($id: ID!, $loc: ID!) { inventoryItem(id: $id) { inventoryLevel(locationId: $loc) { quantities(names: ["available", "on_hand"]) { quantity } } } }`, { id: item.id, loc: level.location.id });
    expect(after.inventoryItem.inventoryLevel.quantities.map((q: Json) => q.quantity)).toEqual([available, onHand]);
    expect(events.map((e) => e.topic)).toEqual(["inventory_levels/update", "inventory_levels/update"]);
    expect(events[0].payload.available).toBe(available + 5);
  });

  it("sets metafields atomically on products, variants and collections", async () => {
    const store = createSimStore({ seed: 1, size: "tiny" });
    const data = await run(store, `{ products(first: 1) { nodes { id variants(first: 1) { nodes { id } } } } collections(first: 1) { nodes { id } } }`);
    const productId = data.products.nodes[0].id;
    const variantId = data.products.nodes[0].variants.nodes[0].id;
    const collectionId = data.collections.nodes[0].id;
    const mutation = `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { id key value owner { ... on Product { id } } } userErrors { code field elementIndex } } }`;
    const bad = await run(store, mutation, { m: [
      { ownerId: productId, namespace: "custom", key: "ok", type: "single_line_text_field", value: "fine" },
      { ownerId: variantId, namespace: "custom", key: "count", type: "number_integer", value: "many" },
    ] });
    expect(bad.metafieldsSet.userErrors).toEqual([{ code: "INVALID_VALUE", field: ["metafields", "1", "value"], elementIndex: 1 }]);
    expect((await run(store, `query($id: ID!) { product(id: $id) { metafield(namespace: "custom", key: "ok") { value } } }`, { id: productId })).product.metafield).toBeNull();
    const good = await run(store, mutation, { m: [
      { ownerId: productId, namespace: "custom", key: "ok", type: "single_line_text_field", value: "fine" },
      { ownerId: variantId, namespace: "custom", key: "count", type: "number_integer", value: "4" },
      { ownerId: collectionId, namespace: "custom", key: "banner", type: "single_line_text_field", value: "Hi" },
    ] });
    expect(good.metafieldsSet.userErrors).toEqual([]);
    expect(good.metafieldsSet.metafields[0].owner.id).toBe(productId);
    const read = await run(store, `query($p: ID!, $v: ID!, $c: ID!) { product(id: $p) { metafield(namespace: "custom", key: "ok") { value } }
      productVariant(id: $v) { metafield(namespace: "custom", key: "count") { value jsonValue } } collection(id: $c) { metafield(namespace: "custom", key: "banner") { value } } }`, { p: productId, v: variantId, c: collectionId });
    expect([read.product.metafield.value, read.productVariant.metafield.jsonValue, read.collection.metafield.value]).toEqual(["fine", 4, "Hi"]);
    const tooMany = await run(store, mutation, { m: Array.from({ length: 26 }, (_, i) => ({ ownerId: productId, namespace: "custom", key: `k${i}`, type: "single_line_text_field", value: "v" })) });
    expect(tooMany.metafieldsSet.userErrors[0].code).toBe("LESS_THAN_OR_EQUAL_TO");
  });
});
