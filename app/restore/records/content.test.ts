/**
 * Content restore against the simulator, one round trip per type: after a
 * snapshot, one record is damaged and one deleted; the restore makes the
 * live store equal the snapshot field by field (re-created records through
 * the GID map, an article of a re-created blog relinked to the new blog).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonObject } from "../types";
import { recordHarness, type RecordHarness } from "./test-harness";

let h: RecordHarness;
let snap: string;
beforeAll(async () => {
  h = await recordHarness(["content"]);
  // The seeded store has only default menus (which cannot be deleted): add a custom, nested one and snapshot again.
  const page = (await h.records("Page"))[0];
  const items = [
    { title: "About", type: "PAGE", resourceId: page.gid },
    { title: "More", type: "HTTP", url: "https://example.com/more", items: [{ title: "Deeper", type: "SEARCH", url: "/search", tags: ["x"] }] },
  ];
  await ok(`mutation($items: [MenuItemCreateInput!]!) { menuCreate(title: "Side menu", handle: "side-menu", items: $items) { userErrors { message } } }`, { items }, "menuCreate");
  snap = await h.snapshot(["content"]);
}, 60_000);
afterAll(() => h?.close());

const SET_MF = `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }`;

interface Case {
  type: string;
  pick(records: { gid: string; record: JsonObject }[]): { gid: string; record: JsonObject }[];
  damage(gid: string, record: JsonObject): Promise<void>;
  remove(gid: string): Promise<void>;
}

async function ok(document: string, variables: JsonObject, root: string) {
  const data = await h.f.gql<Record<string, { userErrors: { message: string }[] }>>(document, variables);
  expect(data[root].userErrors).toEqual([]);
}

const cases: Case[] = [
  {
    type: "Page",
    pick: (r) => r.slice(0, 2),
    async damage(gid) {
      await ok(`mutation($id: ID!) { pageUpdate(id: $id, page: { title: "Broken", body: "<p>lost</p>", isPublished: false }) { userErrors { message } } }`, { id: gid }, "pageUpdate");
      await ok(SET_MF, { m: [{ ownerId: gid, namespace: "custom", key: "added_later", type: "single_line_text_field", value: "x" }] }, "metafieldsSet");
    },
    remove: (id) => ok(`mutation($id: ID!) { pageDelete(id: $id) { userErrors { message } } }`, { id }, "pageDelete"),
  },
  {
    type: "Article",
    pick: (r) => r.slice(0, 2),
    damage: (gid) => ok(`mutation($id: ID!) { articleUpdate(id: $id, article: { title: "Broken", tags: ["zzz"], summary: null }) { userErrors { message } } }`, { id: gid }, "articleUpdate"),
    remove: (id) => ok(`mutation($id: ID!) { articleDelete(id: $id) { userErrors { message } } }`, { id }, "articleDelete"),
  },
  {
    type: "UrlRedirect",
    pick: (r) => r.slice(0, 2),
    damage: (gid) => ok(`mutation($id: ID!) { urlRedirectUpdate(id: $id, urlRedirect: { target: "/somewhere-else" }) { userErrors { message } } }`, { id: gid }, "urlRedirectUpdate"),
    remove: (id) => ok(`mutation($id: ID!) { urlRedirectDelete(id: $id) { userErrors { message } } }`, { id }, "urlRedirectDelete"),
  },
  {
    type: "Menu",
    // Default menus (main-menu, footer) cannot be deleted: damage one, delete a custom one.
    pick: (r) => [r.find((m) => m.record.isDefault), r.find((m) => !m.record.isDefault)].filter((m): m is { gid: string; record: JsonObject } => m !== undefined),
    damage: (gid, record) =>
      ok(`mutation($id: ID!, $t: String!) { menuUpdate(id: $id, title: $t, items: [{ title: "Only", type: HTTP, url: "https://example.com" }]) { userErrors { message } } }`, { id: gid, t: String(record.title) }, "menuUpdate"),
    remove: (id) => ok(`mutation($id: ID!) { menuDelete(id: $id) { userErrors { message } } }`, { id }, "menuDelete"),
  },
];

describe("content restore", () => {
  it.each(cases)("$type: damaged and deleted records come back field by field", async (c) => {
    const chosen = c.pick(await h.records(c.type, snap));
    expect(chosen.length).toBe(2);
    const [damaged, deleted] = chosen;
    await c.damage(damaged.gid, damaged.record);
    await c.remove(deleted.gid);
    const gids = chosen.map((x) => x.gid);
    expect((await h.mismatches(c.type, gids, snap)).length).toBe(2);
    const { run, plan } = await h.restore(c.type, gids, { snapshotId: snap });
    expect(plan.previews.map((p) => p.action).sort()).toEqual(["create", "update"]);
    const report = await h.execute(run.id);
    expect(report.records.filter((r) => r.outcome !== "restored")).toEqual([]);
    expect(await h.mismatches(c.type, gids, snap)).toEqual([]);
  });

  it("Blog deleted with its articles: the blog is re-created first, then its articles relinked to it", async () => {
    const blogs = await h.records("Blog");
    const articles = await h.records("Article");
    const blog = blogs.find((b) => articles.filter((a) => (a.record.blog as JsonObject).id === b.gid).length >= 2) as (typeof blogs)[number];
    const mine = articles.filter((a) => (a.record.blog as JsonObject).id === blog.gid);
    await ok(`mutation($id: ID!) { blogDelete(id: $id) { userErrors { message } } }`, { id: blog.gid }, "blogDelete");
    const blogRun = await h.restore("Blog", [blog.gid]);
    expect((await h.execute(blogRun.run.id)).failed).toBe(0);
    const articleRun = await h.restore("Article", mine.map((a) => a.gid));
    expect(articleRun.plan.previews.every((p) => p.action === "create")).toBe(true);
    expect((await h.execute(articleRun.run.id)).failed).toBe(0);
    expect(await h.mismatches("Blog", [blog.gid])).toEqual([]);
    expect(await h.mismatches("Article", mine.map((a) => a.gid))).toEqual([]);
    const newBlog = await h.journal.lookupGid(h.shop, blog.gid);
    const live = await h.f.gql<{ article: { blog: { id: string } } }>(`query($id: ID!) { article(id: $id) { blog { id } } }`, { id: await h.journal.lookupGid(h.shop, mine[0].gid) });
    expect(live.article.blog.id).toBe(newBlog);
  });
});
