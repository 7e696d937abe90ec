import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../index";
import { createFakeStore } from "./fake-store";
import { API_KEY, API_SECRET, gql, ManualClock } from "./test-helpers";

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(products = 5, plan: "standard" | "plus" = "standard") {
  const clock = new ManualClock();
  sim = await startSimulator({ apiKey: API_KEY, apiSecret: API_SECRET, store: createFakeStore({ products }), clock, plan });
  return { sim, clock };
}

describe("Admin GraphQL endpoint", () => {
  it("answers a valid query with data and cost extensions", async () => {
    const { sim } = await start();
    const { status, json } = await gql(sim, "{ shop { name } products(first: 2) { nodes { id title } } }");
    expect(status).toBe(200);
    expect(json.data).toEqual({
      shop: { name: "Demo Shop" },
      products: { nodes: [{ id: "gid://shopify/Product/1000", title: "Product 0" }, { id: "gid://shopify/Product/1001", title: "Product 1" }] },
    });
    // shop 1 + products connection 2 + 2 × product 1 = 5 requested and actual.
    expect(json.extensions?.cost).toEqual({
      requestedQueryCost: 5,
      actualQueryCost: 5,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1995, restoreRate: 100 },
    });
  });

  it("rejects documents invalid against the Admin schema with Shopify's error shape", async () => {
    const { sim } = await start();
    const { status, json } = await gql(sim, "{ shop { nameTypo } }");
    expect(status).toBe(200);
    const errors = json.errors as { message: string; extensions: { code: string } }[];
    expect(errors[0].message).toContain("nameTypo");
    expect(errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(json.extensions?.cost.requestedQueryCost).toBe(0);
  });

  it("answers 401 with Shopify's body for a bad token and 404 for an unknown API version", async () => {
    const { sim } = await start();
    const bad = await gql(sim, "{ shop { name } }", undefined, { token: "shpat_nope" });
    expect(bad.status).toBe(401);
    expect(bad.json).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    const unknown = await gql(sim, "{ shop { name } }", undefined, { version: "2024-13" });
    expect(unknown.status).toBe(404);
  });

  it("answers null for an unknown id in nodes(ids:) with nested objects, as Shopify does", async () => {
    const { sim } = await start(2);
    const { status, json } = await gql(
      sim,
      `{ nodes(ids: ["gid://shopify/Product/1000", "gid://shopify/Product/999999"]) { id ... on Product { title variants(first: 2) { nodes { id } } } } }`,
    );
    expect(status).toBe(200);
    const nodes = (json.data as { nodes: ({ id: string } | null)[] }).nodes;
    expect(nodes[0]?.id).toBe("gid://shopify/Product/1000");
    expect(nodes[1]).toBeNull();
  });

  it("refunds the unused part of the requested cost", async () => {
    const { sim } = await start(3);
    const { json } = await gql(sim, "{ products(first: 100) { nodes { id } } }");
    // Requested 2 + 100 × 1; only 3 products came back: actual 2 + 3.
    expect(json.extensions?.cost.requestedQueryCost).toBe(102);
    expect(json.extensions?.cost.actualQueryCost).toBe(5);
    expect(json.extensions?.cost.throttleStatus.currentlyAvailable).toBe(1995);
  });

  it("charges nested connections multiplicatively and refuses queries over 1,000 points", async () => {
    const { sim } = await start();
    const { json } = await gql(sim, "{ products(first: 250) { nodes { id variants(first: 3) { nodes { sku } } } } }");
    // 2 + 250 × (1 + 2 + 3 × 1) = 1502
    const errors = json.errors as { extensions: Record<string, unknown> }[];
    expect(errors[0].extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", cost: 1502, maxCost: 1000 });
    expect(json.data).toBeUndefined();
    expect(json.extensions?.cost.throttleStatus.currentlyAvailable).toBe(2000);
  });

  it("drains the bucket, throttles when short, and refills with time", async () => {
    const { sim, clock } = await start(250);
    const query = "{ products(first: 250) { nodes { id } } }"; // 252 points, all used
    for (let i = 0; i < 7; i++) expect((await gql(sim, query)).json.data).toBeTruthy();
    const throttled = await gql(sim, query);
    expect(throttled.status).toBe(200);
    expect(throttled.json.errors).toEqual([
      { message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } },
    ]);
    expect(throttled.json.extensions?.cost).toMatchObject({
      requestedQueryCost: 252,
      actualQueryCost: null,
      throttleStatus: { currentlyAvailable: 2000 - 7 * 252 },
    });
    clock.advance(1000); // +100 points at the standard restore rate
    const after = await gql(sim, query);
    expect(after.json.data).toBeTruthy();
    expect(after.json.extensions?.cost.throttleStatus.currentlyAvailable).toBe(2000 - 8 * 252 + 100);
  });

  it("keeps one bucket per app: another app's calls neither drain nor wait on the app's", async () => {
    const { sim } = await start(250);
    const query = "{ products(first: 250) { nodes { id } } }"; // 252 points, all used
    for (let i = 0; i < 7; i++) expect((await gql(sim, query)).json.data).toBeTruthy();
    expect(JSON.stringify((await gql(sim, query)).json.errors)).toContain('"code":"THROTTLED"');
    const other = await gql(sim, query, undefined, { token: sim.otherAppToken() });
    expect(other.json.data).toBeTruthy();
    expect(other.json.extensions?.cost.throttleStatus.currentlyAvailable).toBe(2000 - 252);
    // Its next call is charged to its own bucket again.
    const next = await gql(sim, "{ shop { name } }", undefined, { token: sim.otherAppToken() });
    expect(next.json.extensions?.cost.throttleStatus.currentlyAvailable).toBe(2000 - 252 - 1);
  });

  it("reports the Plus plan's bucket", async () => {
    const { sim } = await start(1, "plus");
    const { json } = await gql(sim, "{ shop { name } }");
    expect(json.extensions?.cost.throttleStatus).toEqual({ maximumAvailable: 20000, currentlyAvailable: 19999, restoreRate: 1000 });
  });

  it("charges mutations 10 points", async () => {
    const { sim } = await start();
    const { json } = await gql(sim, 'mutation { bulkOperationCancel(id: "gid://shopify/BulkOperation/1") { userErrors { message } } }');
    expect(json.extensions?.cost.requestedQueryCost).toBe(10);
    expect(json.data).toEqual({ bulkOperationCancel: { userErrors: [{ message: "Bulk operation does not exist" }] } });
  });
});

describe("CDN and staged uploads", () => {
  it("accepts an upload to a staged target and serves the bytes back from the CDN", async () => {
    const { sim } = await start();
    const bytes = new Uint8Array([137, 80, 78, 71, 1, 2, 3]);
    const put = await fetch(`${sim.url}/cdn/catalog/staged/abc123`, { method: "PUT", body: bytes, headers: { "Content-Type": "image/png" } });
    expect(put.status).toBe(200);
    const get = await fetch(`${sim.url}/cdn/catalog/staged/abc123`);
    expect(get.status).toBe(200);
    expect(get.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await get.arrayBuffer())).toEqual(bytes);
    expect((await fetch(`${sim.url}/cdn/catalog/missing.png`)).status).toBe(404);
  });
});
