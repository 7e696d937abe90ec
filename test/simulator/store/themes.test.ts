import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeAdmin, type AdminResponse } from "../graphql/execute";
import { createSimStore, type SimStore } from ".";
import { StoreCore, type ChangeEvent, type SimContext } from "./core";
import { buildThemeZip, createThemeDomain, type ThemeDomain } from "./themes";
import { readZip } from "./themes/zip";

const ctx: SimContext = { shop: "demo-shop.myshopify.com", apiVersion: "2025-01", cdnBaseUrl: "http://127.0.0.1:4001/cdn", bulk: false };
const md5 = (bytes: Uint8Array) => createHash("md5").update(bytes).digest("hex");

async function run(store: SimStore, source: string, variables?: Record<string, unknown>) {
  const response = await executeAdmin(store, source, variables, ctx);
  expect(response.errors).toBeUndefined();
  // Test documents are checked field by field below, so the JSON is read loosely here.
  return response.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const themesOf = (store: SimStore) => store.domains.find((d) => d.name === "themes") as ThemeDomain;

const FILES = `query($id: ID!, $first: Int, $after: String, $filenames: [String!]) {
  theme(id: $id) {
    files(first: $first, after: $after, filenames: $filenames) {
      nodes { filename size checksumMd5 contentType createdAt updatedAt
        body { __typename ... on OnlineStoreThemeFileBodyText { content } ... on OnlineStoreThemeFileBodyBase64 { contentBase64 } ... on OnlineStoreThemeFileBodyUrl { url } } }
      pageInfo { hasNextPage endCursor }
      userErrors { code filename }
    }
  }
}`;

interface FileNode {
  filename: string;
  size: string;
  checksumMd5: string;
  contentType: string;
  body: { __typename: string; content?: string; contentBase64?: string; url?: string };
}

/** Reads every file of a theme page by page and returns name → bytes (following body URLs through the CDN). */
async function readAllFiles(store: SimStore, id: string, first = 5): Promise<{ pages: number; files: Map<string, Uint8Array>; nodes: FileNode[] }> {
  const files = new Map<string, Uint8Array>();
  const nodes: FileNode[] = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const data = await run(store, FILES, { id, first, after });
    pages++;
    for (const node of data.theme.files.nodes as FileNode[]) {
      let bytes: Uint8Array;
      if (node.body.__typename === "OnlineStoreThemeFileBodyText") bytes = Buffer.from(String(node.body.content), "utf8");
      else if (node.body.__typename === "OnlineStoreThemeFileBodyBase64") bytes = Buffer.from(String(node.body.contentBase64), "base64");
      else {
        const served = store.cdn(String(node.body.url).slice(ctx.cdnBaseUrl.length + 1));
        expect(served).toBeDefined();
        bytes = served!.body;
      }
      files.set(node.filename, bytes);
      nodes.push(node);
    }
    after = data.theme.files.pageInfo.hasNextPage ? data.theme.files.pageInfo.endCursor : null;
  } while (after);
  return { pages, files, nodes };
}

describe("themes domain: seeded themes and files", () => {
  it("has one MAIN theme and serves every file with a checksum that matches its bytes", async () => {
    const store = createSimStore({ seed: 1 });
    const themes = await run(store, `{ themes(first: 10) { nodes { id name role processing prefix } } main: themes(first: 5, roles: [MAIN]) { nodes { id } } }`);
    expect(themes.themes.nodes.map((t: { role: string }) => t.role)).toEqual(["MAIN", "UNPUBLISHED"]);
    expect(themes.main.nodes).toEqual([{ id: themes.themes.nodes[0].id }]);

    const { files, nodes, pages } = await readAllFiles(store, themes.themes.nodes[0].id);
    expect(pages).toBe(3);
    expect(files.size).toBe(12);
    for (const node of nodes) {
      const bytes = files.get(node.filename)!;
      expect(node.checksumMd5).toBe(md5(bytes));
      expect(Number(node.size)).toBe(bytes.byteLength);
    }
    const byName = new Map(nodes.map((n) => [n.filename, n]));
    expect(byName.get("layout/theme.liquid")?.body.content).toContain("{{ content_for_layout }}");
    expect(byName.get("layout/theme.liquid")?.contentType).toBe("text/x-liquid");
    expect(byName.get("assets/body-font.woff2")?.body.__typename).toBe("OnlineStoreThemeFileBodyBase64");
    const hero = byName.get("assets/hero-banner.png")!;
    expect(hero.body.__typename).toBe("OnlineStoreThemeFileBodyUrl");
    expect(Number(hero.size)).toBeGreaterThan(150_000);
    expect(Number(hero.size)).toBeLessThan(320_000);
    expect(Buffer.from(files.get("assets/hero-banner.png")!.subarray(1, 4)).toString()).toBe("PNG");
    expect(JSON.parse(Buffer.from(files.get("config/settings_data.json")!).toString())).toHaveProperty("current");
  });

  it("filters by filename patterns, reports missing names, enforces the documented limits", async () => {
    const store = createSimStore({ seed: 1 });
    const id = (await run(store, `{ themes(first: 1) { nodes { id } } }`)).themes.nodes[0].id;
    const data = await run(store, FILES, { id, first: 50, filenames: ["assets/*.css", "layout/theme.liquid", "templates/nope.json"] });
    expect(data.theme.files.nodes.map((n: FileNode) => n.filename)).toEqual(["assets/base.css", "layout/theme.liquid"]);
    expect(data.theme.files.userErrors).toEqual([{ code: "NOT_FOUND", filename: "templates/nope.json" }]);

    const tooMany = await executeAdmin(store, FILES, { id, first: 2501 }, ctx);
    expect(tooMany.errors?.[0].message).toMatch(/2500/);
    const patterns = await executeAdmin(store, FILES, { id, first: 1, filenames: Array.from({ length: 51 }, (_, i) => `a${i}`) }, ctx);
    expect(patterns.errors?.[0].message).toMatch(/50 filenames/);

    // A page is cut short when the bodies would exceed the payload limit.
    themesOf(store).setFilesPayloadLimit(100_000);
    const limited = await run(store, FILES, { id, first: 50 });
    expect(limited.theme.files.nodes.length).toBeLessThan(12);
    expect(limited.theme.files.pageInfo.hasNextPage).toBe(true);
    const all = await readAllFiles(store, id, 50);
    expect(all.files.size).toBe(12);
  });

  it("same seed gives identical themes; another seed differs; the copy theme shares most files", async () => {
    const digest = async (seed: number) => {
      const store = createSimStore({ seed });
      const ids = (await run(store, `{ themes(first: 5) { nodes { id } } }`)).themes.nodes.map((n: { id: string }) => n.id);
      return Promise.all(ids.map(async (id: string) => (await readAllFiles(store, id, 50)).nodes.map((n) => `${n.filename}:${n.checksumMd5}`)));
    };
    const a = await digest(5);
    expect(await digest(5)).toEqual(a);
    expect(await digest(6)).not.toEqual(a);
    const shared = a[0].filter((entry: string) => a[1].includes(entry)).length;
    expect(shared).toBeGreaterThan(4);
  });

  it("generates the large preset's theme lazily and reads its last file", () => {
    const core = new StoreCore(3, "large", "big.myshopify.com");
    const domain = createThemeDomain(core);
    const theme = domain.nodeTypes.OnlineStoreTheme("136000000001", ctx) as { files: (a: object, c: SimContext) => { nodes: FileNode[]; pageInfo: { hasNextPage: boolean } } };
    const page = theme.files({ first: 1, filenames: ["snippets/custom-*"] }, ctx);
    expect(page.nodes[0].filename).toMatch(/^snippets\/custom-\d+\.liquid$/);
    const everything = theme.files({ first: 2500 }, { ...ctx, bulk: true });
    expect(everything.nodes).toHaveLength(core.preset.filesPerTheme);
  });
});

describe("themes domain: file writes", () => {
  it("upserts text and base64 files, validates all-or-nothing, caps at 50 files, and emits themes/update", async () => {
    const store = createSimStore({ seed: 1 });
    const events: ChangeEvent[] = [];
    store.core.onChange((e) => events.push(e));
    const id = (await run(store, `{ themes(first: 1, roles: [UNPUBLISHED]) { nodes { id } } }`)).themes.nodes[0].id;
    const upsert = `mutation($id: ID!, $files: [OnlineStoreThemeFilesUpsertFileInput!]!) { themeFilesUpsert(themeId: $id, files: $files) { upsertedThemeFiles { filename } job { done } userErrors { field filename code message } } }`;
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const ok = await run(store, upsert, { id, files: [{ filename: "snippets/restored.liquid", body: { type: "TEXT", value: "{{ 'restored' }}" } }, { filename: "assets/dot.png", body: { type: "BASE64", value: png.toString("base64") } }] });
    expect(ok.themeFilesUpsert.userErrors).toEqual([]);
    expect(ok.themeFilesUpsert.upsertedThemeFiles).toEqual([{ filename: "snippets/restored.liquid" }, { filename: "assets/dot.png" }]);
    const read = await run(store, FILES, { id, first: 5, filenames: ["snippets/restored.liquid", "assets/dot.png"] });
    expect(read.theme.files.nodes.map((n: FileNode) => [n.filename, n.checksumMd5])).toEqual([["assets/dot.png", md5(png)], ["snippets/restored.liquid", md5(Buffer.from("{{ 'restored' }}"))]]);
    expect(events.map((e) => e.topic)).toEqual(["themes/update"]);
    expect(events[0].payload).toMatchObject({ id: Number(id.split("/").pop()), admin_graphql_api_id: id, role: "unpublished" });

    const bad = await run(store, upsert, { id, files: [{ filename: "snippets/other.liquid", body: { type: "TEXT", value: "x" } }, { filename: "templates/index.json", body: { type: "TEXT", value: "{ not json" } }] });
    expect(bad.themeFilesUpsert.userErrors.map((e: { code: string; filename: string }) => [e.code, e.filename])).toEqual([["FILE_VALIDATION_ERROR", "templates/index.json"]]);
    expect((await run(store, FILES, { id, first: 1, filenames: ["snippets/other.liquid"] })).theme.files.nodes).toEqual([]);

    const fiftyOne = Array.from({ length: 51 }, (_, i) => ({ filename: `snippets/s${i}.liquid`, body: { type: "TEXT", value: "x" } }));
    const tooMany = await run(store, upsert, { id, files: fiftyOne });
    expect(tooMany.themeFilesUpsert.userErrors).toEqual([{ field: ["files"], filename: null, code: "LESS_THAN_OR_EQUAL_TO", message: "Files must be less than or equal to 50" }]);
    expect(events).toHaveLength(1);

    const deleted = await run(store, `mutation($id: ID!) { themeFilesDelete(themeId: $id, files: ["snippets/restored.liquid"]) { deletedThemeFiles { filename } userErrors { code } } }`, { id });
    expect(deleted.themeFilesDelete.deletedThemeFiles).toEqual([{ filename: "snippets/restored.liquid" }]);
    const required = await run(store, `mutation($id: ID!) { themeFilesDelete(themeId: $id, files: ["layout/theme.liquid"]) { deletedThemeFiles { filename } userErrors { code filename } } }`, { id });
    expect(required.themeFilesDelete).toEqual({ deletedThemeFiles: null, userErrors: [{ code: "FILE_VALIDATION_ERROR", filename: "layout/theme.liquid" }] });
  });

  it("answers ACCESS_DENIED without the write_themes exemption", async () => {
    const store = createSimStore({ seed: 1 });
    themesOf(store).setThemeWriteExemption(false);
    const id = (await run(store, `{ themes(first: 1) { nodes { id } } }`)).themes.nodes[0].id;
    const response: AdminResponse = await executeAdmin(store, `mutation($id: ID!) { themeFilesUpsert(themeId: $id, files: [{ filename: "snippets/a.liquid", body: { type: TEXT, value: "a" } }]) { userErrors { code } } }`, { id }, ctx);
    expect(response.data).toEqual({ themeFilesUpsert: null });
    expect(response.errors?.[0].extensions).toEqual({ code: "ACCESS_DENIED" });
    expect((await run(store, FILES, { id, first: 1, filenames: ["snippets/a.liquid"] })).theme.files.nodes).toEqual([]);
  });
});

describe("themes domain: themeCreate from a zip URL, publish and delete", () => {
  const served = new Map<string, Uint8Array>();
  let server: Server;
  let base = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      const body = served.get(String(req.url));
      if (!body) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/zip", "content-length": body.byteLength }).end(Buffer.from(body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const binary = Buffer.from(Array.from({ length: 90_000 }, (_, i) => (i * 7919) % 251));
  const zipFiles = [
    { filename: "my-theme/layout/theme.liquid", body: Buffer.from("<html>{{ content_for_layout }}</html>") },
    { filename: "my-theme/templates/index.json", body: Buffer.from('{"sections":{},"order":[]}') },
    { filename: "my-theme/assets/big.png", body: binary },
    { filename: "my-theme/README.md", body: Buffer.from("not a theme file") },
  ];

  it("round-trips the zip writer through the reader", () => {
    const entries = readZip(buildThemeZip(zipFiles));
    expect(entries.map((e) => [e.filename, md5(e.body)])).toEqual(zipFiles.map((f) => [f.filename, md5(f.body)]));
  });

  it("downloads the zip, creates a processing theme, then exposes exactly its files; publish and delete follow Shopify's rules", async () => {
    const store = createSimStore({ seed: 1 });
    const domain = themesOf(store);
    domain.setProcessingDelay(30);
    const events: ChangeEvent[] = [];
    store.core.onChange((e) => events.push(e));
    served.set("/restore.zip", buildThemeZip(zipFiles));
    served.set("/broken.zip", Buffer.from("this is not a zip"));
    const create = `mutation($source: URL!, $name: String) { themeCreate(source: $source, name: $name) { theme { id name role processing } userErrors { field code message } } }`;

    const missing = await run(store, create, { source: `${base}/missing.zip` });
    expect(missing.themeCreate.userErrors[0].code).toBe("INVALID_ZIP");
    const broken = await run(store, create, { source: `${base}/broken.zip` });
    expect(broken.themeCreate.userErrors[0]).toMatchObject({ field: ["source"], code: "INVALID_ZIP" });

    const created = await run(store, create, { source: `${base}/restore.zip`, name: "Restored 2026-10-01" });
    expect(created.themeCreate.userErrors).toEqual([]);
    expect(created.themeCreate.theme).toMatchObject({ name: "Restored 2026-10-01", role: "UNPUBLISHED", processing: true });
    const id = created.themeCreate.theme.id;
    expect((await run(store, FILES, { id, first: 10 })).theme.files.nodes).toEqual([]);
    const early = await run(store, `mutation($id: ID!) { themePublish(id: $id) { theme { id } userErrors { code } } }`, { id });
    expect(early.themePublish.userErrors).toEqual([{ code: "CANNOT_PUBLISH_THEME_DURING_INSTALL" }]);

    await domain.settled();
    expect((await run(store, `query($id: ID!) { theme(id: $id) { processing } }`, { id })).theme.processing).toBe(false);
    const { files } = await readAllFiles(store, id, 10);
    expect([...files.keys()].sort()).toEqual(["assets/big.png", "layout/theme.liquid", "templates/index.json"]);
    expect(md5(files.get("assets/big.png")!)).toBe(md5(binary));

    const published = await run(store, `mutation($id: ID!) { themePublish(id: $id) { theme { role } userErrors { code } } }`, { id });
    expect(published.themePublish.theme.role).toBe("MAIN");
    const roles = await run(store, `{ themes(first: 10) { nodes { id role } } }`);
    expect(roles.themes.nodes.filter((t: { role: string }) => t.role === "MAIN")).toEqual([{ id, role: "MAIN" }]);
    const refuse = await run(store, `mutation($id: ID!) { themeDelete(id: $id) { deletedThemeId userErrors { code message } } }`, { id });
    expect(refuse.themeDelete.deletedThemeId).toBeNull();
    const old = roles.themes.nodes[0].id;
    const removed = await run(store, `mutation($id: ID!) { themeDelete(id: $id) { deletedThemeId } }`, { id: old });
    expect(removed.themeDelete.deletedThemeId).toBe(old);
    expect(events.map((e) => e.topic)).toEqual(["themes/create", "themes/publish", "themes/delete"]);
  });
});
