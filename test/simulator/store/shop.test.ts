import { describe, expect, it } from "vitest";
import { executeAdmin } from "../graphql/execute";
import { createSimStore } from ".";

const context = { shop: "demo-shop.myshopify.com", apiVersion: "2026-10", cdnBaseUrl: "http://sim/cdn", bulk: false };
const SHOP_QUERY = `query { shop { id name myshopifyDomain currencyCode plan { displayName shopifyPlus }
  shopPolicies { type title body url } } }`;

describe("shop domain", () => {
  it("answers QueryRoot.shop with the store's own domain and policies", async () => {
    const store = createSimStore({ seed: 3, size: "tiny", shopDomain: "acme.myshopify.com" });
    const result = await executeAdmin(store, SHOP_QUERY, {}, context);
    expect(result.errors).toBeUndefined();
    const shop = (result.data as { shop: Record<string, unknown> }).shop;
    expect(shop.myshopifyDomain).toBe("acme.myshopify.com");
    expect(shop.currencyCode).toBe("USD");
    expect((shop.shopPolicies as unknown[]).length).toBe(4);
    const node = await executeAdmin(store, `query { node(id: "${shop.id}") { ... on Shop { name } } }`, {}, context);
    expect((node.data as { node: { name: string } }).node.name).toBe(shop.name);
  });

  it("is deterministic per seed", async () => {
    const a = await executeAdmin(createSimStore({ seed: 7 }), SHOP_QUERY, {}, context);
    const b = await executeAdmin(createSimStore({ seed: 7 }), SHOP_QUERY, {}, context);
    expect(a).toEqual(b);
  });
});
