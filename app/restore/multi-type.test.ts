/**
 * "Undo everything changed since…" across types: a product, a collection, a
 * page and a redirect changed after a moment come back in one run, planned
 * and executed type by type in dependency order, with one safety net that
 * undoes them all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { undoSelection } from "./restore-products";
import { recordHarness, type RecordHarness } from "./records/test-harness";
import { phaseOf, TYPE_ORDER } from "./multi-type";
import type { JsonObject } from "./types";

let h: RecordHarness;
beforeAll(async () => {
  h = await recordHarness(["products", "collections", "inventory", "content"]);
}, 60_000);
afterAll(() => h?.close());

const PRODUCT = `mutation($id: ProductSetIdentifiers, $input: ProductSetInput!) { productSet(identifier: $id, input: $input) { userErrors { message } } }`;
const COLLECTION = `mutation($input: CollectionInput!) { collectionUpdate(input: $input) { userErrors { message } } }`;
const PAGE = `mutation($id: ID!) { pageUpdate(id: $id, page: { title: "Changed page" }) { userErrors { message } } }`;
const REDIRECT = `mutation($id: ID!) { urlRedirectUpdate(id: $id, urlRedirect: { target: "/changed" }) { userErrors { message } } }`;
const TITLES = `query($p: ID!, $c: ID!, $g: ID!) { product(id: $p) { title } collection(id: $c) { title } page(id: $g) { title } }`;

describe("restore of every type changed since a moment", () => {
  it("plans in dependency order, restores all of them, and undoes all of them", async () => {
    expect(TYPE_ORDER.indexOf("MetaobjectDefinition")).toBeLessThan(TYPE_ORDER.indexOf("Product"));
    expect(TYPE_ORDER.indexOf("Product")).toBeLessThan(TYPE_ORDER.indexOf("Collection"));
    const [product] = await h.records("Product");
    const [collection] = await h.records("Collection");
    const [page] = await h.records("Page");
    const [redirect] = await h.records("UrlRedirect");
    await new Promise((r) => setTimeout(r, 20));
    const since = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await h.f.gql(PRODUCT, { id: { id: product.gid }, input: { title: "Changed product" } });
    await h.f.gql(COLLECTION, { input: { id: collection.gid, title: "Changed collection" } });
    await h.f.gql(PAGE, { id: page.gid });
    await h.f.gql(REDIRECT, { id: redirect.gid });
    await h.snapshot(["products", "collections", "inventory", "content"]);

    const { run, plan } = await h.prepare({ kind: "changedSince", type: "*", since });
    const gids = plan.steps.map((s) => s.recordGid);
    expect(new Set(gids)).toEqual(new Set([product.gid, collection.gid, page.gid, redirect.gid]));
    // Steps come in dependency order: product before collection before page.
    expect(gids.map(phaseOf)).toEqual([...gids.map(phaseOf)].sort((a, b) => a - b));
    const report = await h.execute(run.id);
    expect(report.failed).toBe(0);
    expect(report.restored).toBe(4);
    for (const [type, gid] of [["Collection", collection.gid], ["Page", page.gid], ["UrlRedirect", redirect.gid]] as const) expect(await h.mismatches(type, [gid])).toEqual([]);
    const after = await h.f.gql<{ product: JsonObject; collection: JsonObject; page: JsonObject }>(TITLES, { p: product.gid, c: collection.gid, g: page.gid });
    expect([after.product.title, after.collection.title, after.page.title]).toEqual([product.record.title, collection.record.title, page.record.title]);

    // One safety net holds all four types: the undo puts every change back.
    const undo = undoSelection((await h.journal.getRun(run.id))!);
    const undone = await h.prepare(undo.selection, { deleteAbsent: true });
    expect((await h.execute(undone.run.id)).failed).toBe(0);
    const back = await h.f.gql<{ product: JsonObject; collection: JsonObject; page: JsonObject }>(TITLES, { p: product.gid, c: collection.gid, g: page.gid });
    expect([back.product.title, back.collection.title, back.page.title]).toEqual(["Changed product", "Changed collection", "Changed page"]);
  });
});
