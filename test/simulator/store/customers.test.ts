import { describe, expect, it } from "vitest";
import { executeAdmin } from "../graphql/execute";
import { createSimStore, type SimStore } from "./index";
import type { ChangeEvent, SimContext } from "./core";
import type { CustomerDomain } from "./customers";

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

const CUSTOMER_FIELDS = `id legacyResourceId firstName lastName displayName email phone tags note state verifiedEmail taxExempt locale
  createdAt updatedAt numberOfOrders canDelete amountSpent { amount currencyCode }
  defaultAddress { id address1 city province provinceCode country countryCodeV2 zip formatted(withName: true) }
  addresses { id address1 } addressesV2(first: 5) { nodes { id } }
  emailMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt }
  smsMarketingConsent { marketingState marketingOptInLevel }
  metafields(first: 5) { nodes { id namespace key type value } }`;

const CREATE = `mutation($input: CustomerInput!) { customerCreate(input: $input) { customer { id email firstName tags phone addresses { city countryCodeV2 } } userErrors { field message } } }`;
const UPDATE = `mutation($input: CustomerInput!) { customerUpdate(input: $input) { customer { id email note tags updatedAt } userErrors { field message } } }`;
const SET = `mutation($identifier: CustomerSetIdentifiers, $input: CustomerSetInput!) {
  customerSet(identifier: $identifier, input: $input) { customer { id email firstName addresses { city } tags } userErrors { field message code } } }`;

async function allCustomerIds(store: SimStore, pageSize: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const data = await run(store, `query($after: String) { customers(first: ${pageSize}, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`, { after });
    ids.push(...data.customers.nodes.map((n: Json) => n.id));
    if (!data.customers.pageInfo.hasNextPage) return ids;
    after = data.customers.pageInfo.endCursor;
  }
}

describe("customers domain", () => {
  it("paginates every seeded customer exactly once and counts them", async () => {
    const store = createSimStore({ seed: 3 });
    const ids = await allCustomerIds(store, 4);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
    const data = await run(store, `{ customersCount { count precision } last: customers(last: 3) { nodes { id } pageInfo { hasPreviousPage } } }`);
    expect(data.customersCount).toEqual({ count: 10, precision: "EXACT" });
    expect(data.last.nodes.map((n: Json) => n.id)).toEqual(ids.slice(7));
    expect(data.last.pageInfo.hasPreviousPage).toBe(true);
  });

  it("serves realistic, Shopify-shaped customers", async () => {
    const store = createSimStore({ seed: 3 });
    const data = await run(store, `{ customers(first: 10) { nodes { ${CUSTOMER_FIELDS} } } }`);
    const customers: Json[] = data.customers.nodes;
    for (const c of customers) {
      expect(c.id).toMatch(/^gid:\/\/shopify\/Customer\/\d+$/);
      expect(c.email).toMatch(/^[a-z]+\.[a-z]+\d+@[a-z.]+$/);
      expect(c.numberOfOrders).toMatch(/^\d+$/); // UnsignedInt64 arrives as a string
      expect(c.amountSpent.amount).toMatch(/^\d+\.\d{2}$/);
      expect(c.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(Date.parse(c.updatedAt)).toBeGreaterThanOrEqual(Date.parse(c.createdAt));
    }
    expect(customers.some((c) => c.defaultAddress?.id.includes("?model_name=CustomerAddress"))).toBe(true);
    expect(customers.some((c) => c.tags.length > 0)).toBe(true);
  });

  it("filters by email, updated_at and tag", async () => {
    const store = createSimStore({ seed: 3 });
    const first = (await run(store, `{ customers(first: 10) { nodes { id email tags } } }`)).customers.nodes as Json[];
    const target = first[5];
    const byEmail = await run(store, `query($q: String) { customers(first: 5, query: $q) { nodes { id } } }`, { q: `email:${target.email}` });
    expect(byEmail.customers.nodes).toEqual([{ id: target.id }]);
    const after = `updated_at:>'${store.core.seededAt().toISOString()}'`;
    const none = await run(store, `query($q: String) { customers(first: 5, query: $q) { nodes { id } } customersCount(query: $q) { count } }`, { q: after });
    expect(none.customers.nodes).toEqual([]);
    await run(store, UPDATE, { input: { id: target.id, note: "changed" } });
    const changed = await run(store, `query($q: String) { customers(first: 5, query: $q) { nodes { id } } customersCount(query: $q) { count } }`, { q: after });
    expect(changed.customers.nodes).toEqual([{ id: target.id }]);
    expect(changed.customersCount.count).toBe(1);
    const tagged = first.find((c) => c.tags.length > 0)!;
    const byTag = await run(store, `query($q: String) { customers(first: 10, query: $q) { nodes { id tags } } }`, { q: `tag:${tagged.tags[0]}` });
    expect(byTag.customers.nodes.map((n: Json) => n.id)).toContain(tagged.id);
    expect(byTag.customers.nodes.every((n: Json) => n.tags.includes(tagged.tags[0]))).toBe(true);
  });

  it("customerCreate writes, is readable, and emits customers/create", async () => {
    const store = createSimStore({ seed: 3 });
    const events = recordEvents(store);
    const data = await run(store, CREATE, {
      input: { email: "new.person@example.com", firstName: "New", lastName: "Person", phone: "(503) 555-0142", tags: ["vip", "VIP", " b2b "], addresses: [{ address1: "1 Main St", city: "Berlin", countryCode: "DE", zip: "10115" }] },
    });
    expect(data.customerCreate.userErrors).toEqual([]);
    const created = data.customerCreate.customer;
    expect(created.phone).toBe("+15035550142");
    expect(created.tags).toEqual(["vip", "b2b"]);
    expect(created.addresses).toEqual([{ city: "Berlin", countryCodeV2: "DE" }]);
    const read = await run(store, `query($id: ID!) { customer(id: $id) { email defaultAddress { country } } customersCount { count } }`, { id: created.id });
    expect(read.customer).toEqual({ email: "new.person@example.com", defaultAddress: { country: "Germany" } });
    expect(read.customersCount.count).toBe(11);
    expect(events).toHaveLength(1);
    expect(events[0].topic).toBe("customers/create");
    expect(events[0].payload).toMatchObject({ email: "new.person@example.com", first_name: "New", tags: "vip, b2b", admin_graphql_api_id: created.id });
    expect(typeof events[0].payload.id).toBe("number");
  });

  it("rejects bad input with userErrors and writes nothing", async () => {
    const store = createSimStore({ seed: 3 });
    const events = recordEvents(store);
    const existing = (await run(store, `{ customers(first: 1) { nodes { id email } } }`)).customers.nodes[0];
    const bad = await run(store, CREATE, { input: { email: "not-an-email", firstName: "X" } });
    expect(bad.customerCreate).toEqual({ customer: null, userErrors: [{ field: ["email"], message: "Email is invalid" }] });
    const taken = await run(store, CREATE, { input: { email: existing.email.toUpperCase() } });
    expect(taken.customerCreate.userErrors).toEqual([{ field: ["email"], message: "Email has already been taken" }]);
    const phone = await run(store, CREATE, { input: { email: "ok@example.com", phone: "12" } });
    expect(phone.customerCreate.userErrors).toEqual([{ field: ["phone"], message: "Phone is invalid" }]);
    const unknown = await run(store, UPDATE, { input: { id: "gid://shopify/Customer/1", note: "x" } });
    expect(unknown.customerUpdate.userErrors).toEqual([{ field: ["id"], message: "Customer does not exist" }]);
    expect((await run(store, `{ customersCount { count } }`)).customersCount.count).toBe(10);
    expect(events).toEqual([]);
  });

  it("customerUpdate changes later reads and emits customers/update", async () => {
    const store = createSimStore({ seed: 3 });
    const events = recordEvents(store);
    const before = (await run(store, `{ customers(first: 1) { nodes { id updatedAt email } } }`)).customers.nodes[0];
    const data = await run(store, UPDATE, { input: { id: before.id, note: "Call before delivery", tags: ["wholesale"], email: "renamed@example.com" } });
    expect(data.customerUpdate.userErrors).toEqual([]);
    const after = await run(store, `query($id: ID!) { customer(id: $id) { note tags email updatedAt } }`, { id: before.id });
    expect(after.customer).toMatchObject({ note: "Call before delivery", tags: ["wholesale"], email: "renamed@example.com" });
    expect(Date.parse(after.customer.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
    // The old seeded email is free again; the new one is taken.
    expect((await run(store, CREATE, { input: { email: before.email } })).customerCreate.userErrors).toEqual([]);
    expect((await run(store, CREATE, { input: { email: "renamed@example.com" } })).customerCreate.userErrors[0].message).toBe("Email has already been taken");
    expect(events.map((e) => e.topic)).toEqual(["customers/update", "customers/create"]);
    expect(events[0].payload).toMatchObject({ note: "Call before delivery", tags: "wholesale" });
  });

  it("customerDelete refuses customers with orders and deletes others", async () => {
    const store = createSimStore({ seed: 3 });
    const events = recordEvents(store);
    const withOrders = (await run(store, `{ customers(first: 1) { nodes { id numberOfOrders canDelete } } }`)).customers.nodes[0];
    expect(Number(withOrders.numberOfOrders)).toBeGreaterThan(0);
    expect(withOrders.canDelete).toBe(false);
    const refused = await run(store, `mutation($id: ID!) { customerDelete(input: { id: $id }) { deletedCustomerId userErrors { field message } } }`, { id: withOrders.id });
    expect(refused.customerDelete.deletedCustomerId).toBeNull();
    expect(refused.customerDelete.userErrors).toHaveLength(1);
    const created = (await run(store, CREATE, { input: { email: "temp@example.com" } })).customerCreate.customer;
    const deleted = await run(store, `mutation($id: ID!) { customerDelete(input: { id: $id }) { deletedCustomerId userErrors { message } } }`, { id: created.id });
    expect(deleted.customerDelete).toEqual({ deletedCustomerId: created.id, userErrors: [] });
    expect((await run(store, `query($id: ID!) { customer(id: $id) { id } customersCount { count } }`, { id: created.id })).customer).toBeNull();
    const missing = await run(store, `mutation($id: ID!) { customerDelete(input: { id: $id }) { userErrors { field message } } }`, { id: created.id });
    expect(missing.customerDelete.userErrors).toEqual([{ field: ["id"], message: "Customer can't be found" }]);
    expect(events.map((e) => e.topic)).toEqual(["customers/create", "customers/delete"]);
    expect(events[1].payload).toMatchObject({ id: Number(created.id.split("/").pop()), admin_graphql_api_id: created.id });
  });

  it("customerSet creates, updates by id, and upserts by email", async () => {
    const store = createSimStore({ seed: 3 });
    const events = recordEvents(store);
    const created = (await run(store, SET, { input: { email: "set@example.com", firstName: "Set", addresses: [{ city: "Denver", countryCode: "US", provinceCode: "CO" }] } })).customerSet;
    expect(created.userErrors).toEqual([]);
    const upserted = (await run(store, SET, { identifier: { email: "SET@example.com" }, input: { email: "set@example.com", firstName: "Again", addresses: [{ city: "Austin", countryCode: "US" }, { city: "Oakland", countryCode: "US" }] } })).customerSet;
    expect(upserted.userErrors).toEqual([]);
    expect(upserted.customer.id).toBe(created.customer.id);
    // List fields are replaced by customerSet.
    expect(upserted.customer.addresses).toEqual([{ city: "Austin" }, { city: "Oakland" }]);
    const byId = (await run(store, SET, { identifier: { id: created.customer.id }, input: { tags: ["restored"] } })).customerSet;
    expect(byId.customer).toMatchObject({ id: created.customer.id, firstName: "Again", tags: ["restored"] });
    const fresh = (await run(store, SET, { identifier: { email: "other@example.com" }, input: { email: "other@example.com" } })).customerSet;
    expect(fresh.customer.id).not.toBe(created.customer.id);
    expect(events.map((e) => e.topic)).toEqual(["customers/create", "customers/update", "customers/update", "customers/create"]);

    const notFound = (await run(store, SET, { identifier: { id: "gid://shopify/Customer/42" }, input: { note: "x" } })).customerSet;
    expect(notFound.userErrors).toEqual([{ field: ["identifier", "id"], message: expect.any(String), code: "NOT_FOUND" }]);
    const mismatch = (await run(store, SET, { identifier: { email: "a@example.com" }, input: { email: "b@example.com" } })).customerSet;
    expect(mismatch.userErrors[0].code).toBe("INPUT_MISMATCH");
    const missing = (await run(store, SET, { identifier: { email: "a@example.com" }, input: { firstName: "A" } })).customerSet;
    expect(missing.userErrors[0].code).toBe("MISSING_FIELD_REQUIRED");
    const taken = (await run(store, SET, { input: { email: "other@example.com" } })).customerSet;
    expect(taken.userErrors).toEqual([{ field: ["input", "email"], message: "Email has already been taken", code: "TAKEN" }]);
    expect(events).toHaveLength(4);
  });

  it("answers node, nodes and customerByIdentifier", async () => {
    const store = createSimStore({ seed: 3 });
    const c = (await run(store, `{ customers(first: 1) { nodes { id email } } }`)).customers.nodes[0];
    const data = await run(store, `query($id: ID!, $email: String!) { node(id: $id) { __typename ... on Customer { email } } nodes(ids: [$id, "gid://shopify/Customer/9"]) { id } customerByIdentifier(identifier: { emailAddress: $email }) { id } }`, { id: c.id, email: c.email });
    expect(data.node).toEqual({ __typename: "Customer", email: c.email });
    expect(data.nodes).toEqual([{ id: c.id }, null]);
    expect(data.customerByIdentifier).toEqual({ id: c.id });
  });

  it("takes part in metafieldsSet (served by the catalog) and emits customers/update", async () => {
    const store = createSimStore({ seed: 3 });
    const events = recordEvents(store);
    const c = (await run(store, `{ customers(first: 1) { nodes { id } } }`)).customers.nodes[0];
    const set = await run(store, `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { key value } userErrors { message } } }`, {
      m: [{ ownerId: c.id, namespace: "custom", key: "shoe_size", type: "single_line_text_field", value: "42" }],
    });
    expect(set.metafieldsSet.userErrors).toEqual([]);
    const read = await run(store, `query($id: ID!) { customer(id: $id) { metafield(namespace: "custom", key: "shoe_size") { value } } }`, { id: c.id });
    expect(read.customer.metafield).toEqual({ value: "42" });
    expect(events.map((e) => e.topic)).toEqual(["customers/update"]);
  });

  it("is deterministic per seed", async () => {
    const page = async (seed: number) => JSON.stringify(await run(createSimStore({ seed }), `{ customers(first: 10) { nodes { ${CUSTOMER_FIELDS} } } }`));
    expect(await page(11)).toBe(await page(11));
    expect(await page(11)).not.toBe(await page(12));
  });

  it("serves the large preset's 200k customers lazily", async () => {
    const store = createSimStore({ seed: 5, size: "large" });
    const customers = store.domains.find((d) => d.name === "customers") as CustomerDomain;
    expect(customers.customerCount()).toBe(200_000);
    const summary = customers.getCustomerSummary(199_998);
    expect(summary?.email).toMatch(/199998@/);
    const data = await run(store, `query($id: ID!) { customer(id: $id) { email } customersCount { count } customers(last: 1) { nodes { legacyResourceId } } }`, {
      id: `gid://shopify/Customer/${summary!.id}`,
    });
    expect(data.customer.email).toBe(summary!.email);
    expect(data.customersCount.count).toBe(200_000);
    expect(Number(data.customers.nodes[0].legacyResourceId)).toBe(summary!.id + 1);
  });
});
