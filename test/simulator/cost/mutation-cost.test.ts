import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../index";
import { API_KEY, API_SECRET, gql, ManualClock } from "../server/test-helpers";
import { mutationFieldCost, productSetComplexity } from "./mutation-cost";

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const PRODUCT_SET = `mutation($input: ProductSetInput!) {
  productSet(input: $input, synchronous: true) { product { id variants(first: 10) { nodes { id } } } userErrors { field message } }
}`;

/** 3 variants (one with a file), 1 metafield on each variant, 2 product metafields, 2 product files. */
function input(handle: string) {
  const image = (n: number) => ({ originalSource: `https://example.com/${handle}-${n}.png`, contentType: "IMAGE", alt: `image ${n}` });
  const variant = (size: string, file: boolean) => ({
    optionValues: [{ optionName: "Size", name: size }],
    price: "10.00",
    metafields: [{ namespace: "custom", key: "note", type: "single_line_text_field", value: size }],
    ...(file ? { file: image(9) } : {}),
  });
  return {
    title: `Cost probe ${handle}`,
    handle,
    productOptions: [{ name: "Size", values: [{ name: "S" }, { name: "M" }, { name: "L" }] }],
    variants: [variant("S", true), variant("M", false), variant("L", false)],
    metafields: [
      { namespace: "custom", key: "a", type: "single_line_text_field", value: "a" },
      { namespace: "custom", key: "b", type: "single_line_text_field", value: "b" },
    ],
    files: [image(1), image(2)],
  };
}

describe("mutation cost", () => {
  it("prices productSet by the documented 2025-10 formula and every other mutation at 10", () => {
    // 10 + 3 × 0.2 + 1 × 0.6 + 3 × 0.4 + 2 × 0.4 + 2 × 1.9 = 17
    expect(productSetComplexity(input("x"))).toBeCloseTo(17, 10);
    // The changelog's own examples: 1 variant, nothing else → 10.2 (reported as 11); 20 variants + 5 metafields → 16.
    expect(productSetComplexity({ variants: [{}] })).toBeCloseTo(10.2, 10);
    expect(productSetComplexity({ variants: Array.from({ length: 20 }, () => ({})), metafields: Array.from({ length: 5 }, () => ({})) })).toBeCloseTo(16, 10);
    expect(mutationFieldCost("productSet", () => ({ variants: [{}] }))).toBe(11);
    expect(mutationFieldCost("productSet", () => ({ variants: Array.from({ length: 20 }, () => ({})), metafields: Array.from({ length: 5 }, () => ({})) }))).toBe(16);
    expect(mutationFieldCost("productDelete", () => ({ id: "gid://shopify/Product/1" }))).toBe(10);
  });

  it("charges a real productSet its input's cost, requested = actual, taken from the bucket", async () => {
    const clock = new ManualClock();
    sim = await startSimulator({ apiKey: API_KEY, apiSecret: API_SECRET, seed: 7, size: "tiny", clock });
    const { json } = await gql(sim, PRODUCT_SET, { input: input("cost-probe") });
    expect((json.data?.productSet as { userErrors: unknown[] }).userErrors).toEqual([]);
    expect(json.extensions?.cost.requestedQueryCost).toBe(17);
    expect(json.extensions?.cost.actualQueryCost).toBe(17);
    expect(json.extensions?.cost.throttleStatus.currentlyAvailable).toBe(2000 - 17);
    // Inline arguments are priced the same way as variables.
    const inline = await gql(sim, `mutation { productSet(input: {title: "Inline", variants: [{optionValues: [{optionName: "Title", name: "Default Title"}], price: "1.00"}], productOptions: [{name: "Title", values: [{name: "Default Title"}]}]}) { product { id } userErrors { message } } }`);
    expect(inline.json.extensions?.cost.requestedQueryCost).toBe(11);
    // Two mutation fields in one document are each priced.
    const two = await gql(sim, `mutation($input: ProductSetInput!) { a: productSet(input: $input) { userErrors { message } } b: productDelete(input: {id: "gid://shopify/Product/1"}) { userErrors { message } } }`, { input: input("cost-probe") });
    expect(two.json.extensions?.cost.requestedQueryCost).toBe(27);
  });
});
