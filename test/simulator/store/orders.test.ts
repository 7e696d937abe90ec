import { describe, expect, it } from "vitest";
import { executeAdmin } from "../graphql/execute";
import { createSimStore, type SimStore } from "./index";
import type { ChangeEvent, SimContext } from "./core";
import type { OrderDomain } from "./orders";

const ctx: SimContext = { shop: "demo-shop.myshopify.com", apiVersion: "2025-01", cdnBaseUrl: "http://127.0.0.1:4001/cdn", bulk: false };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test-only access to response JSON

async function run(store: SimStore, source: string, variables?: Record<string, unknown>): Promise<Json> {
  const response = await executeAdmin(store, source, variables, ctx);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data as Json;
}

function recordEvents(store: SimStore): ChangeEvent[] {
  const events: ChangeEvent[] = [];
  store.core.onChange((event) => events.push(event));
  return events;
}

const cents = (amount: string) => Math.round(Number(amount) * 100);

const ORDER_FIELDS = `id legacyResourceId name email createdAt processedAt updatedAt cancelledAt closedAt tags note
  displayFinancialStatus displayFulfillmentStatus currencyCode
  totalPriceSet { shopMoney { amount currencyCode } } subtotalPriceSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } }
  totalShippingPriceSet { shopMoney { amount } } totalDiscountsSet { shopMoney { amount } }
  customer { id email } billingAddress { city countryCodeV2 } shippingAddress { address1 city zip }
  lineItems(first: 10) { nodes { id title sku quantity variant { id sku } originalUnitPriceSet { shopMoney { amount } } } }
  fulfillments { status trackingInfo { company number url } }
  refunds { totalRefundedSet { shopMoney { amount } } note }
  transactions { kind status amountSet { shopMoney { amount } } }`;

const CREATE = `mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order) { order { id name email lineItems(first: 5) { nodes { title sku quantity variant { id } } } totalPriceSet { shopMoney { amount } } displayFinancialStatus customer { id } } userErrors { field message code } } }`;

async function allOrders(store: SimStore, pageSize: number, fields = "id"): Promise<Json[]> {
  const out: Json[] = [];
  let after: string | null = null;
  for (;;) {
    const data = await run(store, `query($after: String) { orders(first: ${pageSize}, after: $after) { nodes { ${fields} } pageInfo { hasNextPage endCursor } } }`, { after });
    out.push(...data.orders.nodes);
    if (!data.orders.pageInfo.hasNextPage) return out;
    after = data.orders.pageInfo.endCursor;
  }
}

describe("orders domain", () => {
  it("paginates all seeded orders in processedAt order and counts them", async () => {
    const store = createSimStore({ seed: 4 });
    const orders = await allOrders(store, 4, "id name processedAt");
    expect(orders).toHaveLength(15);
    expect(orders.map((o) => o.name)).toEqual(Array.from({ length: 15 }, (_, i) => `#${1001 + i}`));
    const times = orders.map((o) => Date.parse(o.processedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const counts = await run(store, `{ all: ordersCount { count precision } capped: ordersCount(limit: 5) { count precision } }`);
    expect(counts.all).toEqual({ count: 15, precision: "EXACT" });
    expect(counts.capped).toEqual({ count: 5, precision: "AT_LEAST" });
  });

  it("links orders to real customers and real catalog variants, with consistent money", async () => {
    const store = createSimStore({ seed: 4 });
    const orders = await allOrders(store, 15, ORDER_FIELDS);
    const linked = orders.filter((o) => o.customer);
    expect(linked.length).toBeGreaterThan(5);
    for (const order of linked) {
      const c = await run(store, `query($id: ID!) { customer(id: $id) { email } }`, { id: order.customer.id });
      expect(c.customer.email).toBe(order.email);
    }
    for (const order of orders) {
      const lines = order.lineItems.nodes as Json[];
      expect(lines.length).toBeGreaterThan(0);
      const gross = lines.reduce((s, l) => s + l.quantity * cents(l.originalUnitPriceSet.shopMoney.amount), 0);
      expect(cents(order.subtotalPriceSet.shopMoney.amount)).toBe(gross - cents(order.totalDiscountsSet.shopMoney.amount));
      expect(cents(order.totalPriceSet.shopMoney.amount)).toBe(
        cents(order.subtotalPriceSet.shopMoney.amount) + cents(order.totalShippingPriceSet.shopMoney.amount) + cents(order.totalTaxSet.shopMoney.amount),
      );
      for (const line of lines) {
        expect(line.variant).not.toBeNull();
        expect(line.variant.sku).toBe(line.sku);
      }
      if (order.displayFulfillmentStatus === "FULFILLED") expect(order.fulfillments[0].trackingInfo[0].number).toMatch(/\d/);
      if (order.displayFinancialStatus === "REFUNDED") expect(order.refunds).toHaveLength(1);
      expect(order.transactions.length).toBeGreaterThan(0);
    }
  });

  it("customer numberOfOrders and amountSpent agree with the orders", async () => {
    const store = createSimStore({ seed: 4 });
    const orders = await allOrders(store, 15, "customer { id } totalPriceSet { shopMoney { amount } }");
    const target = orders.find((o) => o.customer)!.customer.id as string;
    const mine = orders.filter((o) => o.customer?.id === target);
    const data = await run(store, `query($id: ID!) { customer(id: $id) { numberOfOrders amountSpent { amount } orders(first: 10) { nodes { customer { id } } } lastOrder { id } } }`, { id: target });
    expect(data.customer.numberOfOrders).toBe(String(mine.length));
    expect(cents(data.customer.amountSpent.amount)).toBe(mine.reduce((s, o) => s + cents(o.totalPriceSet.shopMoney.amount), 0));
    expect(data.customer.orders.nodes).toHaveLength(mine.length);
  });

  it("filters by updated_at, created_at and name", async () => {
    const store = createSimStore({ seed: 4 });
    const orders = await allOrders(store, 15, "id name createdAt updatedAt");
    const pivot = orders[9].createdAt;
    const later = await run(store, `query($q: String) { orders(first: 20, query: $q) { nodes { id } } ordersCount(query: $q) { count } }`, { q: `created_at:>'${pivot}'` });
    expect(later.orders.nodes.map((n: Json) => n.id)).toEqual(orders.slice(10).map((o) => o.id));
    expect(later.ordersCount.count).toBe(5);
    const seeded = store.core.seededAt().toISOString();
    expect((await run(store, `query($q: String) { orders(first: 5, query: $q) { nodes { id } } }`, { q: `updated_at:>'${seeded}'` })).orders.nodes).toEqual([]);
    const cutoff = orders.map((o) => o.updatedAt).sort()[7];
    const recent = await run(store, `query($q: String) { orders(first: 20, query: $q, sortKey: UPDATED_AT) { nodes { updatedAt } } }`, { q: `updated_at:>='${cutoff}'` });
    expect(recent.orders.nodes.length).toBe(orders.filter((o) => o.updatedAt >= cutoff).length);
    expect(recent.orders.nodes.every((n: Json) => n.updatedAt >= cutoff)).toBe(true);
    const byName = await run(store, `{ orders(first: 2, query: "name:#1003") { nodes { name } } }`);
    expect(byName.orders.nodes).toEqual([{ name: "#1003" }]);
    await expect(executeAdmin(store, `{ orders(first: 2, query: "risk_level:high") { nodes { id } } }`, undefined, ctx)).resolves.toMatchObject({ errors: [{ extensions: { code: "BAD_REQUEST" } }] });
  });

  it("orderCreate makes a new order from a real variant and emits orders/create", async () => {
    const store = createSimStore({ seed: 4 });
    const events = recordEvents(store);
    const variant = (await run(store, `{ productVariants(first: 1) { nodes { id sku price product { title } } } }`)).productVariants.nodes[0];
    const customer = (await run(store, `{ customers(first: 1) { nodes { id } } }`)).customers.nodes[0];
    const data = await run(store, CREATE, {
      order: {
        email: "buyer@example.com",
        lineItems: [{ variantId: variant.id, quantity: 2 }, { title: "Engraving", quantity: 1, priceSet: { shopMoney: { amount: "5.00", currencyCode: "USD" } } }],
        customer: { toAssociate: { id: customer.id } },
        transactions: [{ kind: "SALE", status: "SUCCESS", amountSet: { shopMoney: { amount: String(Number(variant.price) * 2 + 5), currencyCode: "USD" } } }],
        tags: ["restored"],
      },
    });
    expect(data.orderCreate.userErrors).toEqual([]);
    const order = data.orderCreate.order;
    expect(order.name).toBe("#1016");
    expect(order.lineItems.nodes[0]).toEqual({ title: variant.product.title, sku: variant.sku, quantity: 2, variant: { id: variant.id } });
    expect(order.lineItems.nodes[1]).toMatchObject({ title: "Engraving", variant: null });
    expect(cents(order.totalPriceSet.shopMoney.amount)).toBe(cents(variant.price) * 2 + 500);
    expect(order.displayFinancialStatus).toBe("PAID");
    expect(order.customer).toEqual({ id: customer.id });
    const read = await run(store, `query($id: ID!) { order(id: $id) { tags } ordersCount { count } }`, { id: order.id });
    expect(read).toEqual({ order: { tags: ["restored"] }, ordersCount: { count: 16 } });
    expect(events.map((e) => e.topic)).toEqual(["orders/create"]);
    expect(events[0].payload).toMatchObject({ name: "#1016", email: "buyer@example.com", financial_status: "paid", admin_graphql_api_id: order.id });
    expect((events[0].payload.line_items as Json[])[0]).toMatchObject({ sku: variant.sku, quantity: 2 });
  });

  it("orderCreate rejects bad input without writing", async () => {
    const store = createSimStore({ seed: 4 });
    const events = recordEvents(store);
    const empty = await run(store, CREATE, { order: { lineItems: [] } });
    expect(empty.orderCreate.order).toBeNull();
    expect(empty.orderCreate.userErrors[0]).toMatchObject({ field: ["order", "lineItems"], code: "INVALID" });
    const badVariant = await run(store, CREATE, { order: { lineItems: [{ variantId: "gid://shopify/ProductVariant/1", quantity: 1 }] } });
    expect(badVariant.orderCreate.userErrors[0].field).toEqual(["order", "lineItems", "0", "variantId"]);
    const noTitle = await run(store, CREATE, { order: { lineItems: [{ quantity: 1, priceSet: { shopMoney: { amount: "1.00", currencyCode: "USD" } } }] } });
    expect(noTitle.orderCreate.userErrors).toEqual([{ field: ["order", "lineItems", "0", "title"], message: "Title can't be blank", code: "INVALID" }]);
    const redundant = await run(store, CREATE, { order: { lineItems: [{ title: "A", quantity: 1, priceSet: { shopMoney: { amount: "1.00", currencyCode: "USD" } } }], customer: { toAssociate: { email: "a@example.com" }, toUpsert: { email: "a@example.com" } } } });
    expect(redundant.orderCreate.userErrors[0].code).toBe("REDUNDANT_CUSTOMER_FIELDS");
    expect((await run(store, `{ ordersCount { count } }`)).ordersCount.count).toBe(15);
    expect(events).toEqual([]);
  });

  it("orderUpdate and orderDelete change later reads and emit orders/updated and orders/delete", async () => {
    const store = createSimStore({ seed: 4 });
    const events = recordEvents(store);
    const [first, second] = (await run(store, `{ orders(first: 2) { nodes { id updatedAt } } }`)).orders.nodes;
    const updated = await run(store, `mutation($input: OrderInput!) { orderUpdate(input: $input) { order { note tags email updatedAt } userErrors { field message } } }`, {
      input: { id: first.id, note: "Backed up", tags: ["audit"], email: "changed@example.com" },
    });
    expect(updated.orderUpdate.userErrors).toEqual([]);
    expect(updated.orderUpdate.order).toMatchObject({ note: "Backed up", tags: ["audit"], email: "changed@example.com" });
    expect(Date.parse(updated.orderUpdate.order.updatedAt)).toBeGreaterThan(Date.parse(first.updatedAt));
    const unknown = await run(store, `mutation { orderUpdate(input: { id: "gid://shopify/Order/1", note: "x" }) { order { id } userErrors { field message } } }`);
    expect(unknown.orderUpdate.userErrors).toEqual([{ field: ["id"], message: "Order does not exist" }]);
    const deleted = await run(store, `mutation($id: ID!) { orderDelete(orderId: $id) { deletedId userErrors { code } } }`, { id: second.id });
    expect(deleted.orderDelete).toEqual({ deletedId: second.id, userErrors: [] });
    const after = await run(store, `query($id: ID!) { order(id: $id) { id } ordersCount { count } }`, { id: second.id });
    expect(after).toEqual({ order: null, ordersCount: { count: 14 } });
    const again = await run(store, `mutation($id: ID!) { orderDelete(orderId: $id) { deletedId userErrors { code } } }`, { id: second.id });
    expect(again.orderDelete).toEqual({ deletedId: null, userErrors: [{ code: "NOT_FOUND" }] });
    expect(events.map((e) => e.topic)).toEqual(["orders/updated", "orders/delete"]);
    expect(events[1].payload).toEqual({ id: Number(second.id.split("/").pop()) });
  });

  it("hides orders older than 60 days without read_all_orders", async () => {
    const store = createSimStore({ seed: 4 });
    const orders = store.domains.find((d) => d.name === "orders") as OrderDomain;
    const all = await allOrders(store, 15, "id createdAt");
    const cutoff = store.core.seededAt().getTime() - 60 * 86_400_000;
    const recent = all.filter((o) => Date.parse(o.createdAt) >= cutoff);
    const old = all.find((o) => Date.parse(o.createdAt) < cutoff)!;
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.length).toBeLessThan(all.length);
    orders.setReadAllOrders(false);
    expect((await allOrders(store, 15, "id")).map((o) => o.id)).toEqual(recent.map((o) => o.id));
    const hidden = await run(store, `query($id: ID!) { order(id: $id) { id } node(id: $id) { id } ordersCount { count } }`, { id: old.id });
    expect(hidden).toEqual({ order: null, node: null, ordersCount: { count: recent.length } });
    orders.setReadAllOrders(true);
    expect((await run(store, `query($id: ID!) { order(id: $id) { id } }`, { id: old.id })).order).toEqual({ id: old.id });
  });

  it("answers node lookups for Order and LineItem", async () => {
    const store = createSimStore({ seed: 4 });
    const order = (await run(store, `{ orders(first: 1) { nodes { id name lineItems(first: 1) { nodes { id title } } } } }`)).orders.nodes[0];
    const line = order.lineItems.nodes[0];
    const data = await run(store, `query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on Order { name } ... on LineItem { title } } }`, { ids: [order.id, line.id] });
    expect(data.nodes).toEqual([{ __typename: "Order", name: order.name }, { __typename: "LineItem", title: line.title }]);
  });

  it("is deterministic per seed", async () => {
    const page = async (seed: number) => JSON.stringify(await allOrders(createSimStore({ seed }), 15, ORDER_FIELDS));
    expect(await page(21)).toBe(await page(21));
    expect(await page(21)).not.toBe(await page(22));
  });

  it("serves the large preset's 500k orders lazily", async () => {
    const store = createSimStore({ seed: 5, size: "large" });
    const data = await run(store, `{
      byName: orders(first: 1, query: "name:#499999") { nodes { id name customer { id } lineItems(first: 5) { nodes { sku } } } }
      last: orders(last: 1, sortKey: ID) { nodes { name } }
      ordersCount(limit: null) { count precision }
      capped: ordersCount { count precision }
    }`);
    expect(data.byName.nodes[0].name).toBe("#499999");
    expect(data.last.nodes[0].name).toBe("#501000");
    expect(data.ordersCount).toEqual({ count: 500_000, precision: "EXACT" });
    expect(data.capped).toEqual({ count: 10_000, precision: "AT_LEAST" });
    const direct = await run(store, `query($id: ID!) { order(id: $id) { name } }`, { id: data.byName.nodes[0].id });
    expect(direct.order.name).toBe("#499999");
  });
});
