import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../index";
import { createFakeStore } from "../server/fake-store";
import { API_KEY, API_SECRET, gql, ManualClock, startReceiver, waitFor } from "../server/test-helpers";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const PRODUCTS_WITH_VARIANTS = `{ products { edges { node { id title variants { edges { node { id sku } } } } } } }`;
const RUN = `mutation run($q: String!, $g: Boolean) { bulkOperationRunQuery(query: $q, groupObjects: $g) {
  bulkOperation { id status } userErrors { field message code } } }`;
const FIELDS = "id status errorCode objectCount rootObjectCount fileSize url partialDataUrl completedAt";

interface Op {
  id: string;
  status: string;
  errorCode: string | null;
  objectCount: string;
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null;
  partialDataUrl: string | null;
}

async function start(options: { products?: number; variantsPerProduct?: number; nestedWindow?: number; gate?: () => Promise<void>; webhookUrl?: string; clock?: ManualClock } = {}) {
  const sim = await startSimulator({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    store: createFakeStore({ products: options.products ?? 250, variantsPerProduct: options.variantsPerProduct ?? 2, gate: options.gate }),
    bulkNestedWindow: options.nestedWindow,
    clock: options.clock,
    webhookUrl: options.webhookUrl,
    bulkPageSize: 100,
  });
  cleanups.push(() => sim.close());
  return sim;
}

async function run(sim: RunningSimulator, query: string, version = "2026-01", groupObjects?: boolean) {
  const { json } = await gql(sim, RUN, { q: query, g: groupObjects ?? null }, { version });
  return (json.data as { bulkOperationRunQuery: { bulkOperation: { id: string; status: string } | null; userErrors: { field: string[] | null; message: string; code: string }[] } }).bulkOperationRunQuery;
}

async function byId(sim: RunningSimulator, id: string): Promise<Op> {
  const { json } = await gql(sim, `query($id: ID!) { bulkOperation(id: $id) { ${FIELDS} } }`, { id });
  return (json.data as { bulkOperation: Op }).bulkOperation;
}

async function finished(sim: RunningSimulator, id: string): Promise<Op> {
  return waitFor(async () => {
    const op = await byId(sim, id);
    return ["COMPLETED", "FAILED", "CANCELED"].includes(op.status) ? op : undefined;
  });
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { wait: () => opened, open };
}

describe("bulk operations", () => {
  it("produces ungrouped JSONL in Shopify's shape from 2026-01 and notifies bulk_operations/finish", async () => {
    const receiver = await startReceiver();
    cleanups.push(receiver.close);
    const sim = await start({ webhookUrl: receiver.url });
    const started = await run(sim, PRODUCTS_WITH_VARIANTS);
    expect(started.userErrors).toEqual([]);
    expect(started.bulkOperation?.status).toBe("CREATED");
    const op = await finished(sim, started.bulkOperation!.id);
    expect(op).toMatchObject({ status: "COMPLETED", errorCode: null, objectCount: "750", rootObjectCount: "250" });

    const response = await fetch(op.url!);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(op.fileSize).toBe(String(Buffer.byteLength(text)));
    const lines = text.trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(750);
    expect(lines[0]).toEqual({ id: "gid://shopify/Product/1000", title: "Product 0" });
    const variant = lines.find((line) => line.id === "gid://shopify/ProductVariant/2000");
    expect(variant).toEqual({ id: "gid://shopify/ProductVariant/2000", sku: "SKU-0-0", __parentId: "gid://shopify/Product/1000" });
    // Ungrouped: the first product's variants are not right after it, and products follow variants later on.
    expect(lines[1].__parentId).toBeUndefined();
    const firstVariantIndex = lines.findIndex((line) => line.__parentId !== undefined);
    expect(lines.slice(firstVariantIndex).some((line) => line.__parentId === undefined)).toBe(true);
    // Every child's parent is in the file.
    const ids = new Set(lines.map((line) => line.id));
    expect(lines.filter((line) => line.__parentId).every((line) => ids.has(line.__parentId))).toBe(true);

    await sim.webhooksIdle();
    const hook = await waitFor(() => receiver.received.find((h) => h.headers["x-shopify-topic"] === "bulk_operations/finish"));
    const payload = JSON.parse(hook.body) as Record<string, unknown>;
    expect(Object.keys(payload).sort()).toEqual(["admin_graphql_api_id", "completed_at", "created_at", "error_code", "status", "type"]);
    expect(payload).toMatchObject({ admin_graphql_api_id: op.id, status: "completed", type: "query", error_code: null });
    const hmac = createHmac("sha256", API_SECRET).update(hook.body).digest("base64");
    expect(hook.headers["x-shopify-hmac-sha256"]).toBe(hmac);
  });

  it("writes long nested connections in windows: every child once, under its parent, every root once", async () => {
    // 7 variants a product, windows of 3: each page of roots runs in three passes.
    const sim = await start({ products: 120, variantsPerProduct: 7, nestedWindow: 3 });
    const started = await run(sim, PRODUCTS_WITH_VARIANTS);
    const op = await finished(sim, started.bulkOperation!.id);
    expect(op).toMatchObject({ status: "COMPLETED", objectCount: String(120 * 8), rootObjectCount: "120" });
    const lines = (await (await fetch(op.url!)).text()).trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    const roots = lines.filter((l) => l.__parentId === undefined).map((l) => l.id);
    expect(roots).toEqual(Array.from({ length: 120 }, (_, p) => `gid://shopify/Product/${1000 + p}`));
    const children = lines.filter((l) => l.__parentId !== undefined).map((l) => `${String(l.__parentId)} ${String(l.id)}`).sort();
    const expected = Array.from({ length: 120 }, (_, p) =>
      Array.from({ length: 7 }, (_, v) => `gid://shopify/Product/${1000 + p} gid://shopify/ProductVariant/${2000 + p * 10 + v}`),
    ).flat().sort();
    expect(children).toEqual(expected);
  });

  it("groups children under their parent before 2026-01 (or when groupObjects is true)", async () => {
    const sim = await start({ products: 3 });
    const started = await run(sim, PRODUCTS_WITH_VARIANTS, "2025-10");
    const op = await finished(sim, started.bulkOperation!.id);
    const lines = (await (await fetch(op.url!)).text()).trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual([
      "gid://shopify/Product/1000",
      "gid://shopify/ProductVariant/2000",
      "gid://shopify/ProductVariant/2001",
      "gid://shopify/Product/1001",
      "gid://shopify/ProductVariant/2010",
      "gid://shopify/ProductVariant/2011",
      "gid://shopify/Product/1002",
      "gid://shopify/ProductVariant/2020",
      "gid://shopify/ProductVariant/2021",
    ]);
    const explicit = await run(sim, PRODUCTS_WITH_VARIANTS, "2026-01", true);
    const grouped = await finished(sim, explicit.bulkOperation!.id);
    expect((await (await fetch(grouped.url!)).text()).split("\n")[1]).toContain("__parentId");
  });

  it("rejects queries outside Shopify's bulk restrictions with userErrors", async () => {
    const sim = await start({ products: 1 });
    const cases: [string, RegExp][] = [
      ["{ shop { name } }", /at least one connection/],
      ['{ node(id: "gid://shopify/Product/1") { id } products { edges { node { id } } } }', /top level `node`/],
      [
        "{ products { edges { node { id variants { edges { node { id } } } collections { edges { node { id } } } metafields { edges { node { id } } } media { edges { node { id } } } images { edges { node { id } } } } } } }",
        /more than 5 connections/,
      ],
      [
        "{ products { edges { node { id collections { edges { node { id products { edges { node { id } } } } } } } } } }",
        /nesting depth greater than 2/,
      ],
      ["{ products { edges { node { title variants { edges { node { id } } } } } } }", /must select the 'id' field/],
      ["{ products { edges { node { idx } } } }", /Invalid bulk query/],
      ["mutation { bulkOperationCancel(id: \"x\") { userErrors { message } } }", /query operation/],
    ];
    for (const [query, message] of cases) {
      const result = await run(sim, query);
      expect(result.bulkOperation).toBeNull();
      expect(result.userErrors).toHaveLength(1);
      expect(result.userErrors[0]).toMatchObject({ field: ["query"], code: "INVALID" });
      expect(result.userErrors[0].message).toMatch(message);
    }
  });

  it("allows one running bulk query before 2026-01 and five from 2026-01", async () => {
    const hold = gate();
    const sim = await start({ products: 2, gate: hold.wait });
    const first = await run(sim, PRODUCTS_WITH_VARIANTS, "2025-10");
    const second = await run(sim, PRODUCTS_WITH_VARIANTS, "2025-10");
    expect(second.bulkOperation).toBeNull();
    expect(second.userErrors[0]).toMatchObject({ code: "OPERATION_IN_PROGRESS" });
    expect(second.userErrors[0].message).toContain(first.bulkOperation!.id);
    for (let i = 0; i < 4; i++) expect((await run(sim, PRODUCTS_WITH_VARIANTS, "2026-01")).userErrors).toEqual([]);
    const sixth = await run(sim, PRODUCTS_WITH_VARIANTS, "2026-01");
    expect(sixth.userErrors[0]).toMatchObject({ code: "LIMIT_REACHED" });
    expect((await byId(sim, first.bulkOperation!.id)).status).toBe("RUNNING");
    hold.open();
    expect((await finished(sim, first.bulkOperation!.id)).status).toBe("COMPLETED");
  });

  it("keeps another app's bulk queries apart: not visible, not counted, no finish webhook to this app", async () => {
    const receiver = await startReceiver();
    cleanups.push(receiver.close);
    const hold = gate();
    const sim = await start({ products: 2, gate: hold.wait, webhookUrl: receiver.url });
    const other = { version: "2025-10", token: sim.otherAppToken() };
    const theirs = ((await gql(sim, RUN, { q: PRODUCTS_WITH_VARIANTS, g: null }, other)).json.data as { bulkOperationRunQuery: { bulkOperation: { id: string } } }).bulkOperationRunQuery.bulkOperation;
    // Before 2026-01 one bulk query runs per app and shop: the other app's running one does not block ours.
    const ours = await run(sim, PRODUCTS_WITH_VARIANTS, "2025-10");
    expect(ours.userErrors).toEqual([]);
    const { json } = await gql(sim, `query($id: ID!) { bulkOperation(id: $id) { id } currentBulkOperation { id } }`, { id: theirs.id });
    expect(json.data).toEqual({ bulkOperation: null, currentBulkOperation: { id: ours.bulkOperation!.id } });
    hold.open();
    expect((await finished(sim, ours.bulkOperation!.id)).status).toBe("COMPLETED");
    // The other app sees its own operation finish.
    const theirStatus = async () => ((await gql(sim, `query($id: ID!) { bulkOperation(id: $id) { status } }`, { id: theirs.id }, other)).json.data as { bulkOperation: { status: string } | null }).bulkOperation?.status;
    await waitFor(async () => ((await theirStatus()) === "COMPLETED" ? true : undefined));
    await sim.webhooksIdle();
    const finishes = receiver.received.filter((h) => h.headers["x-shopify-topic"] === "bulk_operations/finish").map((h) => (JSON.parse(h.body) as { admin_graphql_api_id: string }).admin_graphql_api_id);
    expect(finishes).toEqual([ours.bulkOperation!.id]);
  });

  it("cancels a running operation", async () => {
    const hold = gate();
    const sim = await start({ products: 2, gate: hold.wait });
    const started = await run(sim, PRODUCTS_WITH_VARIANTS);
    await waitFor(async () => ((await byId(sim, started.bulkOperation!.id)).status === "RUNNING" ? true : undefined));
    const { json } = await gql(sim, `mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { status } userErrors { message } } }`, {
      id: started.bulkOperation!.id,
    });
    expect(json.data).toEqual({ bulkOperationCancel: { bulkOperation: { status: "CANCELING" }, userErrors: [] } });
    hold.open();
    const op = await finished(sim, started.bulkOperation!.id);
    expect(op).toMatchObject({ status: "CANCELED", url: null });
  });

  it("fails injected operations the way Shopify reports them", async () => {
    const sim = await start({ products: 4 });
    sim.injectBulkFailure("FAILED_PARTIAL");
    const partial = await finished(sim, (await run(sim, PRODUCTS_WITH_VARIANTS)).bulkOperation!.id);
    expect(partial).toMatchObject({ status: "FAILED", errorCode: "INTERNAL_SERVER_ERROR", url: null });
    const partialLines = (await (await fetch(partial.partialDataUrl!)).text()).trimEnd().split("\n");
    expect(partialLines.length).toBe(6); // half of 12 lines
    expect(partial.objectCount).toBe("6");

    sim.injectBulkFailure("TIMEOUT");
    const timeout = await finished(sim, (await run(sim, PRODUCTS_WITH_VARIANTS)).bulkOperation!.id);
    expect(timeout).toMatchObject({ status: "FAILED", errorCode: "TIMEOUT" });
    expect(timeout.partialDataUrl).toMatch(/-partial\.jsonl/);

    sim.injectBulkFailure("ACCESS_DENIED");
    const denied = await finished(sim, (await run(sim, PRODUCTS_WITH_VARIANTS)).bulkOperation!.id);
    expect(denied).toMatchObject({ status: "FAILED", errorCode: "ACCESS_DENIED", partialDataUrl: null, url: null });

    sim.injectBulkFailure("INTERNAL_SERVER_ERROR");
    const internal = await finished(sim, (await run(sim, PRODUCTS_WITH_VARIANTS)).bulkOperation!.id);
    expect(internal).toMatchObject({ status: "FAILED", errorCode: "INTERNAL_SERVER_ERROR", partialDataUrl: null });

    const healthy = await finished(sim, (await run(sim, PRODUCTS_WITH_VARIANTS)).bulkOperation!.id);
    expect(healthy.status).toBe("COMPLETED");
  });

  it("expires result URLs after seven days and refuses tampered ones", async () => {
    const clock = new ManualClock(Date.now());
    const sim = await start({ products: 2, clock });
    const op = await finished(sim, (await run(sim, PRODUCTS_WITH_VARIANTS)).bulkOperation!.id);
    expect((await fetch(op.url!)).status).toBe(200);
    expect((await fetch(op.url!.replace(/signature=[0-9a-f]+/, "signature=" + "0".repeat(64)))).status).toBe(403);
    const current = await gql(sim, "{ currentBulkOperation { id status } }");
    expect(current.json.data).toEqual({ currentBulkOperation: { id: op.id, status: "COMPLETED" } });
    clock.advance(7 * 24 * 3600 * 1000 + 1000);
    expect((await fetch(op.url!)).status).toBe(403);
    expect((await byId(sim, op.id)).status).toBe("EXPIRED");
    const viaNode = await gql(sim, `query($id: ID!) { node(id: $id) { ... on BulkOperation { id status } } }`, { id: op.id });
    expect(viaNode.json.data).toEqual({ node: { id: op.id, status: "EXPIRED" } });
  });
});
