/** The diff and the per-field merge on canonical records (no store): chosen paths come from the snapshot, everything else stays live. */
import { describe, expect, it } from "vitest";
import { chosenSet, diffProduct, mergeProduct } from "./product-diff";
import { productWrites } from "./product-input";
import { productView } from "./product-view";
import type { JsonObject } from "./types";

const variant = (id: number, size: string, price: string): JsonObject => ({
  id: `gid://shopify/ProductVariant/${id}`,
  price,
  sku: `SKU-${size}`,
  selectedOptions: [{ name: "Size", value: size }],
  inventoryItem: { id: `gid://shopify/InventoryItem/${id}`, tracked: true, requiresShipping: true },
});

const product = (over: JsonObject): JsonObject => ({
  id: "gid://shopify/Product/1",
  title: "Shirt",
  handle: "shirt",
  descriptionHtml: "<p>old</p>",
  status: "ACTIVE",
  tags: ["a"],
  seo: { title: null, description: null },
  options: [{ id: "gid://shopify/ProductOption/1", name: "Size", optionValues: [{ id: "v-s", name: "S" }, { id: "v-m", name: "M" }] }],
  variants: [variant(1, "S", "10.00"), variant(2, "M", "12.00")],
  metafields: [{ namespace: "custom", key: "fit", type: "single_line_text_field", value: "slim" }],
  collections: [{ id: "gid://shopify/Collection/1" }],
  media: [],
  ...over,
});

const ctx = { collections: new Map([["gid://shopify/Collection/1", { liveGid: "gid://shopify/Collection/1", smart: false }]]), mediaSources: new Map(), locations: new Set<string>() };

describe("diffProduct / mergeProduct", () => {
  const target = productView(product({}));
  const live = productView(
    product({
      title: "Shirt (new)",
      descriptionHtml: "<p>new</p>",
      variants: [variant(1, "S", "1.00")],
      options: [{ id: "gid://shopify/ProductOption/1", name: "Size", optionValues: [{ id: "v-s", name: "S" }] }],
      metafields: [],
    }),
  );

  it("names every differing field", () => {
    expect(diffProduct(live, target).map((d) => d.path)).toEqual([
      "title",
      "descriptionHtml",
      "options",
      `variants["S"].price`,
      `variants["M"]`,
      `metafields["custom.fit"]`,
    ]);
    expect(diffProduct(target, target)).toEqual([]);
  });

  it("takes only the chosen price: the input carries the live variant list with that one change", () => {
    const merged = mergeProduct(live, target, chosenSet(diffProduct(live, target), [`variants["S"].price`]));
    expect(diffProduct(merged, target).map((d) => d.path)).toEqual(["title", "descriptionHtml", "options", `variants["M"]`, `metafields["custom.fit"]`]);
    const writes = productWrites(live, merged, ctx);
    expect(Object.keys(writes.productSet!.input).sort()).toEqual(["productOptions", "variants"]);
    expect(writes.productSet!.identifier).toEqual({ id: "gid://shopify/Product/1" });
    expect(writes.productSet!.input.variants).toEqual([expect.objectContaining({ id: "gid://shopify/ProductVariant/1", price: "10.00" })]);
  });

  it("restores a deleted variant with its option value, keeping the live title", () => {
    const merged = mergeProduct(live, target, new Set([`variants["M"]`]));
    const input = productWrites(live, merged, ctx).productSet!.input;
    expect(input.title).toBeUndefined();
    expect(input.productOptions).toEqual([{ id: "gid://shopify/ProductOption/1", name: "Size", values: [{ id: "v-s" }, { name: "M" }] }]);
    expect((input.variants as JsonObject[]).map((v) => [v.id ?? null, v.price])).toEqual([["gid://shopify/ProductVariant/1", "1.00"], [null, "12.00"]]);
  });

  it("takes everything with \"all\", and re-creates a gone product by handle", () => {
    expect(diffProduct(mergeProduct(live, target, chosenSet(diffProduct(live, target), "all")), target)).toEqual([]);
    const writes = productWrites(undefined, target, ctx);
    expect(writes.productSet!.identifier).toEqual({ handle: "shirt" });
    expect(writes.productSet!.create).toBe(true);
    expect(writes.productSet!.input.collections).toEqual(["gid://shopify/Collection/1"]);
  });
});
