/**
 * Collection restore against the simulator: damage (title, SEO, rules,
 * members, metafields) and delete collections after a snapshot, restore,
 * and the live store equals the snapshot field by field; per-field choice
 * takes only the chosen field; undo puts the damage back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonObject } from "../types";
import { recordHarness, type RecordHarness } from "./test-harness";
import { undoSelection } from "../restore-products";

let h: RecordHarness;
let custom: { gid: string; record: JsonObject }[];
let smart: { gid: string; record: JsonObject }[];

const UPDATE = `mutation($input: CollectionInput!) { collectionUpdate(input: $input) { collection { id } userErrors { message } } }`;
const DELETE = `mutation($id: ID!) { collectionDelete(input: { id: $id }) { deletedCollectionId userErrors { message } } }`;
const REMOVE = `mutation($id: ID!, $p: [ID!]!) { collectionRemoveProducts(id: $id, productIds: $p) { userErrors { message } } }`;
const SET_MF = `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }`;

beforeAll(async () => {
  h = await recordHarness(["products", "collections", "inventory"]);
  const all = await h.records("Collection");
  custom = all.filter((c) => !c.record.ruleSet && ((c.record.products ?? []) as unknown[]).length > 1);
  smart = all.filter((c) => c.record.ruleSet);
}, 60_000);
afterAll(() => h?.close());

async function damage(gid: string, record: JsonObject) {
  await h.f.gql(UPDATE, { input: { id: gid, title: "Damaged", seo: { title: "bad seo", description: null }, descriptionHtml: "<p>gone</p>" } });
  await h.f.gql(SET_MF, { m: [{ ownerId: gid, namespace: "custom", key: "added_later", type: "single_line_text_field", value: "new" }] });
  const members = (record.products ?? []) as JsonObject[];
  if (!record.ruleSet && members.length) await h.f.gql(REMOVE, { id: gid, p: [String(members[0].id)] });
}

describe("collection restore", () => {
  it("has custom and smart collections to work with", () => {
    expect(custom.length).toBeGreaterThanOrEqual(2);
    expect(smart.length).toBeGreaterThanOrEqual(1);
  });

  it("restores damaged and deleted collections field by field, members included", async () => {
    const [a, b] = custom;
    const s = smart[0];
    await damage(a.gid, a.record);
    await damage(s.gid, s.record);
    await h.f.gql(DELETE, { id: b.gid });
    const gids = [a.gid, b.gid, s.gid];
    expect((await h.mismatches("Collection", gids)).length).toBe(3);

    const { run, plan } = await h.restore("Collection", gids);
    expect(plan.previews.map((p) => p.action).sort()).toEqual(["create", "update", "update"]);
    expect(plan.previews.find((p) => p.gid === a.gid)?.diff.map((d) => d.path)).toEqual(
      expect.arrayContaining(["title", "seo.title", "descriptionHtml", "products", 'metafields["custom.added_later"]']),
    );
    const report = await h.execute(run.id);
    expect(report.failed).toBe(0);
    expect(report.restored).toBe(3);
    expect(await h.mismatches("Collection", gids)).toEqual([]);
    // The re-created collection got a new GID, recorded in the map.
    const newGid = await h.journal.lookupGid(h.shop, b.gid);
    expect(newGid).toMatch(/^gid:\/\/shopify\/Collection\//);
    expect(newGid).not.toBe(b.gid);
    expect(report.records.find((r) => r.gid === b.gid)?.newGid).toBe(newGid);

    // Undo puts the damage back (and deletes the re-created collection).
    const undo = undoSelection((await h.journal.getRun(run.id))!);
    const { run: undoRun } = await h.restore("Collection", undo.selection.kind === "records" ? undo.selection.gids : [], { snapshotId: undo.selection.kind === "records" ? undo.selection.snapshotId : "", deleteAbsent: true });
    const undone = await h.execute(undoRun.id);
    expect(undone.failed).toBe(0);
    const live = await h.f.gql<{ collection: { title: string } | null }>(`query($id: ID!) { collection(id: $id) { title } }`, { id: a.gid });
    expect(live.collection?.title).toBe("Damaged");
    const recreated = await h.f.gql<{ collection: { id: string } | null }>(`query($id: ID!) { collection(id: $id) { id } }`, { id: newGid });
    expect(recreated.collection).toBeNull();
  });

  it("takes only the chosen fields", async () => {
    const c = custom[2] ?? custom[0];
    await h.f.gql(UPDATE, { input: { id: c.gid, title: "Wrong title", descriptionHtml: "<p>keep me</p>" } });
    const { run } = await h.restore("Collection", [c.gid], { choices: { [c.gid]: ["title"] } });
    expect((await h.execute(run.id)).failed).toBe(0);
    const live = await h.f.gql<{ collection: { title: string; descriptionHtml: string } }>(`query($id: ID!) { collection(id: $id) { title descriptionHtml } }`, { id: c.gid });
    expect(live.collection.title).toBe(c.record.title);
    expect(live.collection.descriptionHtml).toBe("<p>keep me</p>");
  });
});
