/**
 * Long nested child lists through the paged and by-GID paths (real simulator
 * over HTTP): a tiny store is pushed past every first-page size (product
 * variants, media, metafields and collections; collection members; location
 * inventory levels; order line items; collection and customer metafields), and the records read
 * with follow-up pages equal the bulk path's records field by field.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TruncatedConnectionError } from "../normalise";
import { createAdminClient, type AdminClient } from "~/shopify/admin-client";
import { completeChildPages } from "./child-pages";
import { startSimulator, type RunningSimulator } from "../../../test/simulator";
import { collections, normaliseCollection } from "./collections";
import { customers } from "./customers";
import { inventory } from "./inventory";
import type { CanonicalRecord, FetchContext, RecordTypeModule } from "./module";
import { orders } from "./orders";
import { products } from "./products";

let sim: RunningSimulator;
let client: AdminClient;
const ids: { product: string; collection: string; order: string; customer: string; location: string } = { product: "", collection: "", order: "", customer: "", location: "" };
const ctx = (): FetchContext => ({ client, bulk: { pollIntervalMs: 10 } });

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const { data } = await client.request<T>(query, variables);
  return data;
}

async function must<T extends Record<string, { userErrors: unknown[] }>>(query: string, variables: Record<string, unknown>): Promise<T> {
  const data = await gql<T>(query, variables);
  for (const payload of Object.values(data)) expect(payload.userErrors).toEqual([]);
  return data;
}

const PRODUCT_SET = `mutation($input: ProductSetInput!) { productSet(input: $input, synchronous: true) { product { id } userErrors { message } } }`;
const COLLECTION_CREATE = `mutation($input: CollectionInput!) { collectionCreate(input: $input) { collection { id } userErrors { message } } }`;
const METAFIELDS_SET = `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { id } userErrors { message } } }`;

async function thirtyMetafields(ownerId: string): Promise<void> {
  const all = Array.from({ length: 30 }, (_, i) => ({ ownerId, namespace: "custom", key: `k${String(i).padStart(2, "0")}`, type: "single_line_text_field", value: `v${i}` }));
  // metafieldsSet takes at most 25 per call.
  await must(METAFIELDS_SET, { m: all.slice(0, 15) });
  await must(METAFIELDS_SET, { m: all.slice(15) });
}

async function collect(records: AsyncIterable<CanonicalRecord>): Promise<Map<string, CanonicalRecord>> {
  const out = new Map<string, CanonicalRecord>();
  for await (const record of records) out.set(`${record.type}|${record.gid}`, record);
  return out;
}

/** The bulk path's records, and the paged path's, for one module. */
async function bothPaths(module: RecordTypeModule): Promise<{ bulk: Map<string, CanonicalRecord>; paged: Map<string, CanonicalRecord> }> {
  return { bulk: await collect(module.full(ctx())), paged: await collect(module.paged(ctx())) };
}

function listOf(record: CanonicalRecord | undefined, field: string): unknown[] {
  const list = record?.record[field];
  return Array.isArray(list) ? list : [];
}

beforeAll(async () => {
  sim = await startSimulator({ size: "tiny", seed: 5, apiKey: "key", apiSecret: "secret", plan: "plus" });
  client = createAdminClient({ shop: sim.shopDomain, accessToken: sim.accessToken(), apiVersion: "2026-10", baseUrl: sim.url });
  const refs = await gql<{ locations: { nodes: { id: string }[] } }>(`{ locations(first: 1) { nodes { id } } }`);
  ids.location = refs.locations.nodes[0].id;

  // 26 custom collections: the big product belongs to more than 25.
  const memberOf: string[] = [];
  for (let i = 0; i < 26; i++) {
    const made = await must<{ collectionCreate: { collection: { id: string }; userErrors: unknown[] } }>(COLLECTION_CREATE, { input: { title: `Shelf ${i}` } });
    memberOf.push(made.collectionCreate.collection.id);
  }
  ids.collection = memberOf[0];

  // One product past every page: 110 variants (each stocked at one location → > 100 levels there), 22 media, 26 collections, 30 metafields.
  const sizes = Array.from({ length: 110 }, (_, i) => `S${String(i).padStart(3, "0")}`);
  const big = await must<{ productSet: { product: { id: string }; userErrors: unknown[] } }>(PRODUCT_SET, {
    input: {
      title: "Everything in many sizes",
      productOptions: [{ name: "Size", values: sizes.map((name) => ({ name })) }],
      variants: sizes.map((name, i) => ({
        optionValues: [{ optionName: "Size", name }],
        price: String(10 + i),
        sku: `BIG-${name}`,
        inventoryQuantities: [{ locationId: ids.location, name: "available", quantity: i }],
      })),
      files: Array.from({ length: 22 }, (_, i) => ({ originalSource: `https://example.com/gallery-${i}.png`, alt: `Picture ${i}`, contentType: "IMAGE" })),
      collections: memberOf,
    },
  });
  ids.product = big.productSet.product.id;
  await thirtyMetafields(ids.product);

  // 110 more products, all added to the first new collection at once (> 100 members).
  const members: string[] = [];
  for (let i = 0; i < 110; i++) {
    const made = await must<{ productSet: { product: { id: string }; userErrors: unknown[] } }>(PRODUCT_SET, {
      input: { title: `Member ${i}`, productOptions: [{ name: "Title", values: [{ name: "Default" }] }], variants: [{ optionValues: [{ optionName: "Title", name: "Default" }], price: "5" }] },
    });
    members.push(made.productSet.product.id);
  }
  await must(`mutation($id: ID!, $p: [ID!]!) { collectionAddProductsV2(id: $id, productIds: $p) { job { id } userErrors { message } } }`, { id: ids.collection, p: members });

  // An order with 60 custom line items (> 50).
  const order = await must<{ orderCreate: { order: { id: string }; userErrors: unknown[] } }>(
    `mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order) { order { id } userErrors { message } } }`,
    { order: { lineItems: Array.from({ length: 60 }, (_, i) => ({ title: `Line ${i}`, quantity: 1 + (i % 3), priceSet: { shopMoney: { amount: `${i + 1}.00`, currencyCode: "USD" } } })) } },
  );
  ids.order = order.orderCreate.order.id;

  await thirtyMetafields(ids.collection);
  const customerList = await gql<{ customers: { nodes: { id: string }[] } }>(`{ customers(first: 1) { nodes { id } } }`);
  ids.customer = customerList.customers.nodes[0].id;
  await thirtyMetafields(ids.customer);
}, 60_000);
afterAll(async () => sim?.close());

describe("paged and by-GID records follow the extra pages of nested connections", () => {
  it("products: all variants, media, metafields and collections, equal to the bulk record", async () => {
    const { bulk, paged } = await bothPaths(products);
    const key = `Product|${ids.product}`;
    expect(listOf(bulk.get(key), "variants")).toHaveLength(110);
    expect(listOf(bulk.get(key), "media")).toHaveLength(22);
    expect(listOf(bulk.get(key), "metafields")).toHaveLength(30);
    expect(listOf(bulk.get(key), "collections")).toHaveLength(26);
    expect(paged.get(key)).toEqual(bulk.get(key));
    expect(paged).toEqual(bulk);
    const byId = await collect(products.byIds!(ctx(), [ids.product]));
    expect(byId.get(key)).toEqual(bulk.get(key));
  });

  it("collections: more than 100 members, equal to the bulk record", async () => {
    const { bulk, paged } = await bothPaths(collections);
    const key = `Collection|${ids.collection}`;
    expect(listOf(bulk.get(key), "products")).toHaveLength(111);
    expect(listOf(bulk.get(key), "metafields")).toHaveLength(30);
    expect(paged).toEqual(bulk);
    const byId = await collect(collections.byIds!(ctx(), [ids.collection]));
    expect(byId.get(key)).toEqual(bulk.get(key));
  });

  it("inventory: a location with more than 100 levels yields every level record, equal to bulk", async () => {
    const { bulk, paged } = await bothPaths(inventory);
    const atLocation = [...bulk.values()].filter((r) => r.type === "InventoryLevel" && (r.record.location as { id: string }).id === ids.location);
    expect(atLocation.length).toBeGreaterThan(100);
    expect(paged).toEqual(bulk);
  });

  it("orders: more than 50 line items, equal to the bulk records (Order and OrderPersonal)", async () => {
    const { bulk, paged } = await bothPaths(orders);
    const key = `Order|${ids.order}`;
    expect(listOf(bulk.get(key), "lineItems")).toHaveLength(60);
    expect(paged).toEqual(bulk);
    const byId = await collect(orders.byIds!(ctx(), [ids.order]));
    expect(byId.get(key)).toEqual(bulk.get(key));
    expect(byId.get(`OrderPersonal|${ids.order}`)).toEqual(bulk.get(`OrderPersonal|${ids.order}`));
  });

  it("customers: more than 25 metafields, equal to the bulk record", async () => {
    const { bulk, paged } = await bothPaths(customers);
    const key = `Customer|${ids.customer}`;
    expect(listOf(bulk.get(key), "metafields").length).toBeGreaterThanOrEqual(30);
    expect(paged).toEqual(bulk);
    const byId = await collect(customers.byIds!(ctx(), [ids.customer]));
    expect(byId.get(key)).toEqual(bulk.get(key));
  });
});

describe("completeChildPages", () => {
  /** A client answering each follow-up with the next page of `pages` (null parent when `pages` runs out early). */
  function pagedClient(pages: ({ edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } | null)[]): { client: AdminClient; cursors: unknown[] } {
    const cursors: unknown[] = [];
    const stub = {
      shop: "stub",
      apiVersion: "2026-10",
      costUsed: () => 0,
      throttleState: () => ({}),
      request: async (_document: string, variables?: Record<string, unknown>) => {
        cursors.push(variables?.after);
        const page = pages.shift();
        return { data: { node: page ? { products: page } : null }, cost: undefined };
      },
    };
    return { client: stub as unknown as AdminClient, cursors };
  }
  const edge = (id: string) => ({ node: { id } });

  it("follows several pages in order, from each page's end cursor", async () => {
    const { client: stub, cursors } = pagedClient([
      { edges: [edge("p2")], pageInfo: { hasNextPage: true, endCursor: "c2" } },
      { edges: [edge("p3")], pageInfo: { hasNextPage: false, endCursor: "c3" } },
    ]);
    const raw = { id: "gid://shopify/Collection/1", products: { edges: [edge("p1")], pageInfo: { hasNextPage: true, endCursor: "c1" } } };
    const done = await completeChildPages({ client: stub }, raw, { products: "query Stub { shop { id } }" });
    expect(cursors).toEqual(["c1", "c2"]);
    expect(normaliseCollection(done)[0].record.products).toEqual([{ id: "p1" }, { id: "p2" }, { id: "p3" }]);
    // The input node is left as it was.
    expect(raw.products.edges).toHaveLength(1);
  });

  it("leaves the list marked incomplete when the parent vanishes mid-way, so the normaliser refuses it", async () => {
    const { client: stub } = pagedClient([null]);
    const raw = { id: "gid://shopify/Collection/1", products: { edges: [edge("p1")], pageInfo: { hasNextPage: true, endCursor: "c1" } } };
    const done = await completeChildPages({ client: stub }, raw, { products: "query Stub { shop { id } }" });
    expect(() => normaliseCollection(done)).toThrow(TruncatedConnectionError);
  });
});
