/**
 * Catalog behaviours the product restore relies on: variant weights set
 * through productSet, deleted products' media leaving the CDN, and
 * productByIdentifier (the replacement for productByHandle).
 */
import { describe, expect, it } from "vitest";
import { executeAdmin } from "../graphql/execute";
import { weightInGrams } from "./catalog/weight";
import type { SimContext } from "./core";
import { createSimStore, type SimStore } from "./index";

const ctx: SimContext = { shop: "demo-shop.myshopify.com", apiVersion: "2025-01", cdnBaseUrl: "http://127.0.0.1:4001/cdn", bulk: false };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function run(store: SimStore, source: string, variables: Record<string, unknown> = {}): Promise<Json> {
  const response = await executeAdmin(store, source, variables, ctx);
  expect(response.errors).toBeUndefined();
  return response.data as Json;
}

const cdnPath = (url: string) => url.slice(`${ctx.cdnBaseUrl}/`.length);

const PRODUCT_SET = `mutation($identifier: ProductSetIdentifiers, $input: ProductSetInput!) { productSet(identifier: $identifier, input: $input, synchronous: true) {
  product { id handle
    variants(first: 10) { nodes { id title inventoryItem { measurement { weight { value unit } } } } }
    media(first: 5) { nodes { ... on MediaImage { id status image { url } } } } }
  userErrors { field message code } } }`;

const DELETE = `mutation($id: ID!) { productDelete(input: { id: $id }) { deletedProductId userErrors { message } } }`;

const sizes = (weights: (Json | null)[]) => ({
  productOptions: [{ name: "Size", values: weights.map((_, i) => ({ name: `S${i}` })) }],
  variants: weights.map((weight, i) => ({
    optionValues: [{ optionName: "Size", name: `S${i}` }],
    price: "10.00",
    ...(weight ? { inventoryItem: { measurement: { weight } } } : {}),
  })),
});

const weightsOf = (product: Json) => product.variants.nodes.map((v: Json) => v.inventoryItem.measurement.weight);

describe("productSet variant weight (InventoryItemInput.measurement)", () => {
  it("stores the weight and reads it back in the unit it was set in", async () => {
    const store = createSimStore({ seed: 1, size: "tiny" });
    const set = [{ value: 1.5, unit: "POUNDS" }, { value: 250, unit: "GRAMS" }, { value: 0.75, unit: "KILOGRAMS" }, { value: 3, unit: "OUNCES" }];
    const created = await run(store, PRODUCT_SET, { input: { title: "Weighed", ...sizes(set) } });
    expect(created.productSet.userErrors).toEqual([]);
    expect(weightsOf(created.productSet.product)).toEqual(set);
    const again = await run(store, `query($id: ID!) { product(id: $id) { variants(first: 10) { nodes { inventoryItem { measurement { weight { value unit } } } } } } }`, {
      id: created.productSet.product.id,
    });
    expect(weightsOf(again.product)).toEqual(set);
  });

  it("keeps the weight when an update omits it, and rejects a negative weight without writing", async () => {
    const store = createSimStore({ seed: 1, size: "tiny" });
    const created = (await run(store, PRODUCT_SET, { input: { title: "Kept", ...sizes([{ value: 2, unit: "KILOGRAMS" }]) } })).productSet.product;
    const variantId = created.variants.nodes[0].id;
    const update = (weight: Json | null) => ({
      productOptions: [{ name: "Size", values: [{ name: "S0" }] }],
      variants: [{ id: variantId, optionValues: [{ optionName: "Size", name: "S0" }], price: "12.00", ...(weight ? { inventoryItem: { measurement: { weight } } } : {}) }],
    });
    const kept = await run(store, PRODUCT_SET, { identifier: { id: created.id }, input: update(null) });
    expect(weightsOf(kept.productSet.product)).toEqual([{ value: 2, unit: "KILOGRAMS" }]);
    const bad = await run(store, PRODUCT_SET, { identifier: { id: created.id }, input: update({ value: -1, unit: "GRAMS" }) });
    expect(bad.productSet.product).toBeNull();
    expect(bad.productSet.userErrors[0].field).toEqual(["input", "variants", "0", "inventoryItem", "measurement", "weight", "value"]);
    const after = await run(store, `query($id: ID!) { product(id: $id) { variants(first: 1) { nodes { price inventoryItem { measurement { weight { value unit } } } } } } }`, { id: created.id });
    expect(after.product.variants.nodes[0].price).toBe("12.00");
    expect(weightsOf(after.product)).toEqual([{ value: 2, unit: "KILOGRAMS" }]);
  });

  it("converts each unit to grams", () => {
    expect(weightInGrams({ value: 1.5, unit: "POUNDS" })).toBe(680.388555);
    expect(weightInGrams({ value: 16, unit: "OUNCES" })).toBe(453.59237);
    expect(weightInGrams({ value: 0.75, unit: "KILOGRAMS" })).toBe(750);
    expect(weightInGrams({ value: 250, unit: "GRAMS" })).toBe(250);
    expect(weightInGrams({ value: -0.1, unit: "GRAMS" })).toBeUndefined();
  });
});

describe("CDN files of deleted products", () => {
  it("stops serving a deleted seeded product's images while live products' images still serve", async () => {
    const store = createSimStore({ seed: 1, size: "tiny" });
    const products = (await run(store, `{ products(first: 12) { nodes { id media(first: 5) { nodes { ... on MediaImage { image { url } } } } } } }`)).products.nodes as Json[];
    const [doomed, live] = products.filter((p) => p.media.nodes.length > 0);
    const doomedPath = cdnPath(doomed.media.nodes[0].image.url);
    const livePath = cdnPath(live.media.nodes[0].image.url);
    expect(store.cdn(doomedPath)?.contentType).toBe("image/png");
    expect((await run(store, DELETE, { id: doomed.id })).productDelete.deletedProductId).toBe(doomed.id);
    expect(store.cdn(doomedPath)).toBeUndefined();
    expect(store.cdn(livePath)?.contentType).toBe("image/png");
    // Shopify cannot download a source that is gone, so re-using the old URL yields FAILED media.
    const reuse = await run(store, PRODUCT_SET, { input: { title: "Re-used", files: [{ originalSource: doomed.media.nodes[0].image.url, contentType: "IMAGE" }] } });
    expect(reuse.productSet.product.media.nodes[0].status).toBe("FAILED");
  });

  it("stops serving a created product's uploaded images once it is deleted", async () => {
    const store = createSimStore({ seed: 1, size: "tiny" });
    const seededUrl = (await run(store, `{ products(first: 12) { nodes { media(first: 1) { nodes { ... on MediaImage { image { url } } } } } } }`)).products.nodes
      .flatMap((p: Json) => p.media.nodes)[0].image.url as string;
    const make = async (title: string) =>
      (await run(store, PRODUCT_SET, { input: { title, files: [{ originalSource: seededUrl, contentType: "IMAGE" }] } })).productSet.product;
    const [gone, kept] = [await make("Gone"), await make("Kept")];
    const gonePath = cdnPath(gone.media.nodes[0].image.url);
    const keptPath = cdnPath(kept.media.nodes[0].image.url);
    expect(gonePath.startsWith("catalog/uploads/")).toBe(true);
    expect(store.cdn(gonePath)?.body.length).toBeGreaterThan(0);
    await run(store, DELETE, { id: gone.id });
    expect(store.cdn(gonePath)).toBeUndefined();
    expect(store.cdn(keptPath)?.body.length).toBeGreaterThan(0);
    expect(store.cdn(cdnPath(seededUrl))?.contentType).toBe("image/png");
  });
});

describe("productByIdentifier", () => {
  const QUERY = `query($identifier: ProductIdentifierInput!) { productByIdentifier(identifier: $identifier) { id handle title } }`;

  it("finds a product by id and by handle, and answers null for unknown, deleted or customId identifiers", async () => {
    const store = createSimStore({ seed: 1, size: "tiny" });
    const [first, second] = (await run(store, `{ products(first: 2) { nodes { id handle title } } }`)).products.nodes as Json[];
    expect((await run(store, QUERY, { identifier: { id: first.id } })).productByIdentifier).toEqual(first);
    expect((await run(store, QUERY, { identifier: { handle: second.handle } })).productByIdentifier).toEqual(second);
    expect((await run(store, QUERY, { identifier: { handle: "no-such-handle" } })).productByIdentifier).toBeNull();
    expect((await run(store, QUERY, { identifier: { customId: { key: "sku", value: "x" } } })).productByIdentifier).toBeNull();
    await run(store, DELETE, { id: first.id });
    expect((await run(store, QUERY, { identifier: { id: first.id } })).productByIdentifier).toBeNull();
    expect((await run(store, QUERY, { identifier: { handle: first.handle } })).productByIdentifier).toBeNull();
  });
});
