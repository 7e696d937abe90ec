import { describe, expect, it } from "vitest";
import { executeAdmin } from "../graphql/execute";
import { createSimStore, type SimStore } from ".";
import { StoreCore, type ChangeEvent, type SimContext } from "./core";
import { createMetaobjectDomain } from "./metaobjects";

const ctx: SimContext = { shop: "demo-shop.myshopify.com", apiVersion: "2025-01", cdnBaseUrl: "http://127.0.0.1:4001/cdn", bulk: false };

async function run(store: SimStore, source: string, variables?: Record<string, unknown>) {
  const response = await executeAdmin(store, source, variables, ctx);
  expect(response.errors).toBeUndefined();
  // Test documents are checked field by field below, so the JSON is read loosely here.
  return response.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function recordEvents(store: SimStore): ChangeEvent[] {
  const events: ChangeEvent[] = [];
  store.core.onChange((event) => events.push(event));
  return events;
}

const UPSERT = `mutation($handle: MetaobjectHandleInput!, $metaobject: MetaobjectUpsertInput!) {
  metaobjectUpsert(handle: $handle, metaobject: $metaobject) {
    metaobject { id handle type displayName updatedAt fields { key value type } capabilities { publishable { status } } }
    userErrors { field message code elementKey elementIndex }
  }
}`;

describe("metaobjects domain: reads", () => {
  it("serves seeded definitions and paginates their metaobjects", async () => {
    const store = createSimStore({ seed: 2, size: "small" });
    const defs = await run(store, `{ metaobjectDefinitions(first: 10) { nodes { id type name displayNameKey metaobjectsCount access { admin storefront } capabilities { publishable { enabled } } fieldDefinitions { key name required type { name category } validations { name value } } } } }`);
    expect(defs.metaobjectDefinitions.nodes.map((d: { type: string }) => d.type)).toEqual(["designer", "faq", "store_location"]);
    const designer = defs.metaobjectDefinitions.nodes[0];
    expect(designer.metaobjectsCount).toBe(20);
    expect(designer.fieldDefinitions[0]).toEqual({ key: "name", name: "Name", required: true, type: { name: "single_line_text_field", category: "TEXT" }, validations: [] });

    const ids: string[] = [];
    let after: string | null = null;
    do {
      const page: Record<string, any> = await run(store, `query($after: String) { metaobjects(type: "designer", first: 7, after: $after) { nodes { id handle type displayName fields { key value type } } pageInfo { hasNextPage endCursor } } }`, { after }); // eslint-disable-line @typescript-eslint/no-explicit-any
      for (const node of page.metaobjects.nodes) {
        expect(node.type).toBe("designer");
        expect(node.displayName).toBe(node.fields.find((f: { key: string }) => f.key === "name").value);
        ids.push(node.id);
      }
      after = page.metaobjects.pageInfo.hasNextPage ? page.metaobjects.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(ids).size).toBe(20);

    const first = await run(store, `query($id: ID!) { metaobject(id: $id) { handle } }`, { id: ids[3] });
    const byHandle = await run(store, `query($h: MetaobjectHandleInput!) { metaobjectByHandle(handle: $h) { id } }`, { h: { type: "designer", handle: first.metaobject.handle } });
    expect(byHandle.metaobjectByHandle.id).toBe(ids[3]);
    const byType = await run(store, `{ metaobjectDefinitionByType(type: "faq") { name } }`);
    expect(byType.metaobjectDefinitionByType.name).toBe("FAQ");
  });

  it("lists metafield definitions per owner type", async () => {
    const store = createSimStore({ seed: 2 });
    const data = await run(store, `{ product: metafieldDefinitions(ownerType: PRODUCT, first: 20) { nodes { namespace key name ownerType type { name } validations { name value } pinnedPosition } }
      customer: metafieldDefinitions(ownerType: CUSTOMER, first: 20, namespace: "custom", key: "loyalty_tier") { nodes { key validations { name value } } } }`);
    expect(data.product.nodes.map((d: { namespace: string; key: string }) => `${d.namespace}.${d.key}`)).toEqual(["custom.care_instructions", "custom.material", "custom.designer", "specs.weight_grams"]);
    expect(data.product.nodes.every((d: { ownerType: string }) => d.ownerType === "PRODUCT")).toBe(true);
    expect(data.product.nodes[2].validations[0]).toEqual({ name: "metaobject_definition_id", value: "gid://shopify/MetaobjectDefinition/7000000" });
    expect(data.customer.nodes).toEqual([{ key: "loyalty_tier", validations: [{ name: "choices", value: '["Bronze","Silver","Gold"]' }] }]);
  });
});

describe("metaobjects domain: writes", () => {
  it("upserts by type and handle: creates, then updates, and emits the real topics", async () => {
    const store = createSimStore({ seed: 2 });
    const events = recordEvents(store);
    const created = await run(store, UPSERT, { handle: { type: "designer", handle: "ines-dubois" }, metaobject: { fields: [{ key: "name", value: "Inès Dubois" }, { key: "founded", value: "2011" }] } });
    expect(created.metaobjectUpsert.userErrors).toEqual([]);
    const mo = created.metaobjectUpsert.metaobject;
    expect(mo).toMatchObject({ handle: "ines-dubois", type: "designer", displayName: "Inès Dubois", capabilities: { publishable: { status: "DRAFT" } } });
    expect(mo.fields.find((f: { key: string }) => f.key === "website")).toEqual({ key: "website", value: null, type: "url" });

    const updated = await run(store, UPSERT, { handle: { type: "designer", handle: "ines-dubois" }, metaobject: { fields: [{ key: "country", value: "France" }], capabilities: { publishable: { status: "ACTIVE" } } } });
    expect(updated.metaobjectUpsert.metaobject.id).toBe(mo.id);
    expect(updated.metaobjectUpsert.metaobject.fields.filter((f: { value: string | null }) => f.value).map((f: { key: string }) => f.key)).toEqual(["name", "founded", "country"]);
    expect(updated.metaobjectUpsert.metaobject.updatedAt > mo.updatedAt).toBe(true);

    expect(events.map((e) => e.topic)).toEqual(["metaobjects/create", "metaobjects/update"]);
    expect(events[1].payload).toMatchObject({ id: mo.id, admin_graphql_api_id: mo.id, type: "designer", handle: "ines-dubois", fields: { name: "Inès Dubois", founded: "2011", country: "France" }, capabilities: { publishable: { status: "active" } } });

    const deleted = await run(store, `mutation($id: ID!) { metaobjectDelete(id: $id) { deletedId userErrors { code } } }`, { id: mo.id });
    expect(deleted.metaobjectDelete.deletedId).toBe(mo.id);
    expect((await run(store, `query($id: ID!) { metaobject(id: $id) { id } }`, { id: mo.id })).metaobject).toBeNull();
    expect(events.map((e) => e.topic)).toEqual(["metaobjects/create", "metaobjects/update", "metaobjects/delete"]);
  });

  it("validates fields against the definition and writes nothing on error", async () => {
    const store = createSimStore({ seed: 2 });
    const events = recordEvents(store);
    const bad = await run(store, UPSERT, {
      handle: { type: "designer", handle: "bad" },
      metaobject: { fields: [{ key: "name", value: "X" }, { key: "shoe_size", value: "42" }, { key: "founded", value: "nineteen" }, { key: "country", value: "Atlantis" }] },
    });
    expect(bad.metaobjectUpsert.metaobject).toBeNull();
    expect(bad.metaobjectUpsert.userErrors).toEqual([
      { field: ["metaobject", "fields", "1"], message: 'Field definition "shoe_size" does not exist', code: "UNDEFINED_OBJECT_FIELD", elementKey: "shoe_size", elementIndex: 1 },
      { field: ["metaobject", "fields", "2"], message: "Value must be an integer.", code: "INVALID_VALUE", elementKey: "founded", elementIndex: 2 },
      { field: ["metaobject", "fields", "3"], message: "Value does not exist in provided choices.", code: "INVALID_VALUE", elementKey: "country", elementIndex: 3 },
    ]);
    const missing = await run(store, UPSERT, { handle: { type: "designer", handle: "nameless" }, metaobject: { fields: [{ key: "bio", value: "Hi" }] } });
    expect(missing.metaobjectUpsert.userErrors.map((e: { code: string; elementKey: string }) => [e.code, e.elementKey])).toEqual([["OBJECT_FIELD_REQUIRED", "name"]]);
    const unknownType = await run(store, UPSERT, { handle: { type: "spaceship", handle: "x" }, metaobject: { fields: [] } });
    expect(unknownType.metaobjectUpsert.userErrors[0].code).toBe("UNDEFINED_OBJECT_TYPE");
    const count = await run(store, `{ metaobjectDefinitionByType(type: "designer") { metaobjectsCount } }`);
    expect(count.metaobjectDefinitionByType.metaobjectsCount).toBe(3);
    expect(events).toEqual([]);
  });

  it("creates definitions (definitions first, then values) and metafield definitions with Shopify's errors", async () => {
    const store = createSimStore({ seed: 2 });
    const createDef = `mutation($d: MetaobjectDefinitionCreateInput!) { metaobjectDefinitionCreate(definition: $d) { metaobjectDefinition { id type name displayNameKey fieldDefinitions { key required type { name } } } userErrors { field code } } }`;
    const def = { type: "lookbook", name: "Lookbook", displayNameKey: "title", fieldDefinitions: [{ key: "title", type: "single_line_text_field", required: true }, { key: "season", type: "single_line_text_field" }, { key: "designer", type: "metaobject_reference" }] };
    const ok = await run(store, createDef, { d: def });
    expect(ok.metaobjectDefinitionCreate.metaobjectDefinition).toMatchObject({ type: "lookbook", displayNameKey: "title" });
    const dup = await run(store, createDef, { d: def });
    expect(dup.metaobjectDefinitionCreate.userErrors).toEqual([{ field: ["definition", "type"], code: "TAKEN" }]);
    const badType = await run(store, createDef, { d: { type: "thing", fieldDefinitions: [{ key: "a", type: "not_a_type" }, { key: "a", type: "boolean" }] } });
    expect(badType.metaobjectDefinitionCreate.userErrors.map((e: { code: string }) => e.code)).toEqual(["FIELD_TYPE_INVALID", "DUPLICATE_FIELD_INPUT"]);

    const designerId = (await run(store, `{ metaobjects(type: "designer", first: 1) { nodes { id } } }`)).metaobjects.nodes[0].id;
    const created = await run(store, `mutation($m: MetaobjectCreateInput!) { metaobjectCreate(metaobject: $m) { metaobject { handle displayName field(key: "designer") { value reference { ... on Metaobject { id } } } } userErrors { code elementKey } } }`, {
      m: { type: "lookbook", fields: [{ key: "title", value: "Spring 2026" }, { key: "designer", value: designerId }] },
    });
    expect(created.metaobjectCreate.metaobject).toEqual({ handle: "spring-2026", displayName: "Spring 2026", field: { value: designerId, reference: { id: designerId } } });
    const dangling = await run(store, `mutation($m: MetaobjectCreateInput!) { metaobjectCreate(metaobject: $m) { userErrors { code elementKey } } }`, { m: { type: "lookbook", fields: [{ key: "title", value: "Fall" }, { key: "designer", value: "gid://shopify/Metaobject/1" }] } });
    expect(dangling.metaobjectCreate.userErrors).toEqual([{ code: "INVALID_VALUE", elementKey: "designer" }]);

    const createMfd = `mutation($d: MetafieldDefinitionInput!) { metafieldDefinitionCreate(definition: $d) { createdDefinition { id namespace key ownerType type { name } pinnedPosition } userErrors { field code } } }`;
    const mfd = await run(store, createMfd, { d: { namespace: "custom", key: "fit", name: "Fit", ownerType: "PRODUCT", type: "single_line_text_field", pin: true } });
    expect(mfd.metafieldDefinitionCreate.createdDefinition).toMatchObject({ namespace: "custom", key: "fit", ownerType: "PRODUCT", type: { name: "single_line_text_field" }, pinnedPosition: 4 });
    const mfdTaken = await run(store, createMfd, { d: { namespace: "custom", key: "material", name: "Material", ownerType: "PRODUCT", type: "single_line_text_field" } });
    expect(mfdTaken.metafieldDefinitionCreate.userErrors).toEqual([{ field: ["definition", "key"], code: "TAKEN" }]);
    const mfdType = await run(store, createMfd, { d: { namespace: "custom", key: "x1", name: "X", ownerType: "ORDER", type: "banana" } });
    expect(mfdType.metafieldDefinitionCreate.userErrors).toEqual([{ field: ["definition", "type"], code: "INCLUSION" }]);
    const listed = await run(store, `{ metafieldDefinitions(ownerType: PRODUCT, first: 10, query: "key:fit") { nodes { key } } }`);
    expect(listed.metafieldDefinitions.nodes).toEqual([{ key: "fit" }]);
  });
});

describe("metaobjects domain: determinism and scale", () => {
  const everything = `{ metaobjectDefinitions(first: 10) { nodes { type metaobjects(first: 250) { nodes { id handle displayName updatedAt fields { key value } } } } } }`;

  it("same seed gives identical data; another seed differs", async () => {
    const a = JSON.stringify(await run(createSimStore({ seed: 8, size: "small" }), everything));
    const b = JSON.stringify(await run(createSimStore({ seed: 8, size: "small" }), everything));
    const c = JSON.stringify(await run(createSimStore({ seed: 9, size: "small" }), everything));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it("generates the large preset lazily and reads the last metaobject directly", () => {
    const core = new StoreCore(4, "large", "big.myshopify.com");
    const domain = createMetaobjectDomain(core);
    const total = core.preset.metaobjectDefinitions * core.preset.metaobjectsPerDefinition;
    const last = domain.nodeTypes.Metaobject(String(90_000_000 + total - 1), ctx) as { type: string; handle: string };
    expect(last.type).toBe("ingredient");
    expect(last.handle).toMatch(/-500$/);
    expect(domain.nodeTypes.Metaobject(String(90_000_000 + total), ctx)).toBeUndefined();
  });
});
