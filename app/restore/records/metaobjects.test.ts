/**
 * Metaobject restore against the simulator: entries damaged and deleted;
 * a definition deleted with all its entries comes back (definition first,
 * then the entries); a deleted metafield definition is re-created; a live
 * definition that differs is reported, never rewritten.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonObject } from "../types";
import { recordHarness, type RecordHarness } from "./test-harness";

let h: RecordHarness;
beforeAll(async () => {
  h = await recordHarness(["metaobjects"]);
}, 60_000);
afterAll(() => h?.close());

async function ok(document: string, variables: JsonObject, root: string) {
  const data = await h.f.gql<Record<string, { userErrors: { message: string }[] }>>(document, variables);
  expect(data[root].userErrors).toEqual([]);
}

describe("metaobject restore", () => {
  it("restores damaged and deleted entries field by field", async () => {
    const entries = await h.records("Metaobject");
    const [damaged, deleted] = entries.filter((e) => e.record.type === entries[0].record.type);
    // Damage with the other entry's values: valid for the definition (choices, ranges), wrong for this entry.
    const fields = ((deleted.record.fields ?? []) as JsonObject[]).filter((f) => f.value !== null).map((f) => ({ key: f.key, value: f.value }));
    await ok(`mutation($id: ID!, $m: MetaobjectUpdateInput!) { metaobjectUpdate(id: $id, metaobject: $m) { userErrors { message } } }`, { id: damaged.gid, m: { handle: "renamed", fields } }, "metaobjectUpdate");
    await ok(`mutation($id: ID!) { metaobjectDelete(id: $id) { userErrors { message } } }`, { id: deleted.gid }, "metaobjectDelete");
    const gids = [damaged.gid, deleted.gid];
    expect((await h.mismatches("Metaobject", gids)).length).toBe(2);
    const { run } = await h.restore("Metaobject", gids);
    expect((await h.execute(run.id)).failed).toBe(0);
    expect(await h.mismatches("Metaobject", gids)).toEqual([]);
  });

  it("brings back a deleted definition and then its entries", async () => {
    const definitions = await h.records("MetaobjectDefinition");
    const entries = await h.records("Metaobject");
    const definition = definitions.filter((d) => entries.some((e) => e.record.type === d.record.type)).at(-1) as (typeof definitions)[number];
    const mine = entries.filter((e) => e.record.type === definition.record.type);
    await ok(`mutation($id: ID!) { metaobjectDefinitionDelete(id: $id) { userErrors { message } } }`, { id: definition.gid }, "metaobjectDefinitionDelete");
    const first = await h.restore("MetaobjectDefinition", [definition.gid]);
    expect((await h.execute(first.run.id)).failed).toBe(0);
    const second = await h.restore("Metaobject", mine.map((e) => e.gid));
    expect((await h.execute(second.run.id)).failed).toBe(0);
    expect(await h.mismatches("MetaobjectDefinition", [definition.gid])).toEqual([]);
    expect(await h.mismatches("Metaobject", mine.map((e) => e.gid))).toEqual([]);
  });

  it("re-creates a deleted metafield definition", async () => {
    const [definition] = await h.records("MetafieldDefinition");
    await ok(`mutation($id: ID!) { metafieldDefinitionDelete(id: $id) { userErrors { message } } }`, { id: definition.gid }, "metafieldDefinitionDelete");
    expect((await h.mismatches("MetafieldDefinition", [definition.gid])).length).toBe(1);
    const { run } = await h.restore("MetafieldDefinition", [definition.gid]);
    expect((await h.execute(run.id)).failed).toBe(0);
    expect(await h.mismatches("MetafieldDefinition", [definition.gid])).toEqual([]);
  });
});
