/**
 * Orders export against the simulator (tiny store, memory repository): the
 * snapshot's orders exported as JSONL and CSV, parsed back and compared
 * field by field with the live store's orders; streaming; the HTTP response;
 * and a redacted customer's orders exported without personal data.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sortById } from "~/backup/normalise";
import { orders as ordersModule } from "~/backup/types/orders";
import { createRepository, type Repository, type SnapshotEntry } from "~/repo";
import { createTestKeyProvider } from "~/repo/test-support";
import { createMemoryBlobStore } from "~/storage/memory-blob-store";
import { CSV_HEADERS, csvCell } from "./csv";
import { exportOrders, orderJson } from "./export";
import { readSnapshotOrder } from "./recreate";
import { ordersExportResponse } from "./response";
import { collect, csvRecords, ordersFixture, type OrdersFixture } from "./test-support";
import type { BackedUpOrder, OrderPersonal } from "./types";

interface LiveOrder {
  id: string;
  name: string;
  createdAt: string;
  email: string | null;
  displayFinancialStatus: string;
  displayFulfillmentStatus: string;
  currencyCode: string;
  tags: string[];
  note: string | null;
  totalPriceSet: { shopMoney: { amount: string } };
  customer: { id: string; firstName: string | null; lastName: string | null } | null;
  shippingAddress: { company: string | null; address1: string | null; address2: string | null; city: string | null; zip: string | null; countryCodeV2: string | null; provinceCode: string | null } | null;
  billingAddress: { address1: string | null; city: string | null } | null;
  lineItems: { nodes: { id: string; title: string; variantTitle: string | null; sku: string | null; quantity: number; originalUnitPriceSet: { shopMoney: { amount: string } } }[] };
}

const LIVE_ORDERS = `query($after: String) { orders(first: 10, after: $after) {
  nodes { id name createdAt email displayFinancialStatus displayFulfillmentStatus currencyCode tags note
    totalPriceSet { shopMoney { amount } } customer { id firstName lastName }
    shippingAddress { company address1 address2 city zip countryCodeV2 provinceCode } billingAddress { address1 city }
    lineItems(first: 20) { nodes { id title variantTitle sku quantity originalUnitPriceSet { shopMoney { amount } } } } }
  pageInfo { hasNextPage endCursor } } }`;

// Text that needs quoting (comma, quote, line break) and a formula guard, written into the store before the snapshot.
const NOTE = 'Leave at door, ring "twice"\nthen wait';
const COMPANY = 'Smith, Jones & "Co"';
const TAGS = ["=HYPERLINK(1)", 'a "quoted" tag'];

let f: OrdersFixture;
let live: LiveOrder[];

beforeAll(async () => {
  f = await ordersFixture({
    prepare: async (gql) => {
      const first = await gql<{ orders: { nodes: { id: string; shippingAddress: Record<string, unknown> } [] } }>(`{ orders(first: 1) { nodes { id shippingAddress { address1 city zip countryCodeV2 } } } }`);
      const { id, shippingAddress: a } = first.orders.nodes[0];
      const shippingAddress = { address1: a.address1, city: a.city, zip: a.zip, countryCode: a.countryCodeV2, company: COMPANY };
      const data = await gql<{ orderUpdate: { userErrors: unknown[] } }>(`mutation($input: OrderInput!) { orderUpdate(input: $input) { userErrors { message } } }`, { input: { id, note: NOTE, tags: TAGS, shippingAddress } });
      expect(data.orderUpdate.userErrors).toEqual([]);
    },
  });
  live = [];
  let after: string | null = null;
  do {
    const page: { orders: { nodes: LiveOrder[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } = await f.gql(LIVE_ORDERS, { after });
    live.push(...page.orders.nodes);
    after = page.orders.pageInfo.hasNextPage ? page.orders.pageInfo.endCursor : null;
  } while (after);
}, 120_000);
afterAll(() => f?.close());

/** The live store's orders in the export's shape: canonical records (the backup's normaliser), personal fields merged back. */
async function liveAsJsonl(): Promise<Record<string, unknown>[]> {
  const byGid = new Map<string, { order?: BackedUpOrder; personal?: OrderPersonal }>();
  for await (const r of ordersModule.paged({ client: f.client })) {
    const entry = byGid.get(r.gid) ?? {};
    if (r.type === "Order") entry.order = r.record as unknown as BackedUpOrder;
    else entry.personal = r.record as unknown as OrderPersonal;
    byGid.set(r.gid, entry);
  }
  return [...byGid.keys()].sort().map((gid) => {
    const { order, personal } = byGid.get(gid)!;
    return orderJson({ order: order!, personal: personal ?? null, personalData: "included" });
  });
}

const parseJsonl = (text: string) => text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);

describe("orders export", () => {
  it("JSONL: one line per order, equal to the live store's orders with the personal fields merged back", async () => {
    const exported = exportOrders(f.repository, f.snapshotId, "jsonl");
    const text = await collect(exported.chunks);
    expect(text.endsWith("\n")).toBe(true);
    const lines = parseJsonl(text);
    expect(lines).toEqual(await liveAsJsonl());
    expect(lines).toHaveLength(live.length);
    // Independently of the normaliser: the raw GraphQL answer for what a merchant reads first.
    const byId = new Map(lines.map((l) => [l.id, l]));
    for (const o of live) {
      const line = byId.get(o.id)!;
      expect(line).toMatchObject({ name: o.name, email: o.email, note: o.note, tags: o.tags, displayFinancialStatus: o.displayFinancialStatus, personalData: "included" });
      expect(line.customer).toEqual(o.customer);
      expect((line.shippingAddress as Record<string, unknown> | null)?.company ?? null).toBe(o.shippingAddress?.company ?? null);
      expect((line.lineItems as { title: string; quantity: number }[]).map((l) => [l.title, l.quantity])).toEqual(sortById<{ id: string; title: string; quantity: number }>(o.lineItems.nodes).map((l) => [l.title, l.quantity]));
    }
    expect(exported.stats).toMatchObject({ orders: live.length, rows: live.length, personalRedacted: 0, personalMissing: 0, done: true });
  });

  it("CSV: BOM, header, one row per line item, quoted text parsed back equal to the live orders", async () => {
    const exported = exportOrders(f.repository, f.snapshotId, "csv");
    const text = await collect(exported.chunks);
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(text.slice(1, text.indexOf("\r\n")).split(",")).toEqual(CSV_HEADERS);
    const rows = csvRecords(text.slice(1));
    const lineCount = live.reduce((n, o) => n + Math.max(1, o.lineItems.nodes.length), 0);
    expect(rows).toHaveLength(lineCount);
    expect(exported.stats.rows).toBe(lineCount);
    for (const o of live) {
      const mine = rows.filter((r) => r.Id === o.id);
      const items = sortById<LiveOrder["lineItems"]["nodes"][number]>(o.lineItems.nodes);
      expect(mine).toHaveLength(items.length);
      items.forEach((item, i) => {
        expect(mine[i]).toMatchObject({
          Name: o.name,
          "Created at": o.createdAt,
          "Financial Status": o.displayFinancialStatus,
          "Fulfillment Status": o.displayFulfillmentStatus,
          Currency: o.currencyCode,
          Total: o.totalPriceSet.shopMoney.amount,
          Email: o.email ?? "",
          Notes: o.note ?? "",
          Tags: csvCell(o.tags.join(", ")).replace(/^"|"$/g, "").replace(/""/g, '"'),
          "Customer Id": o.customer?.id ?? "",
          "Customer First Name": o.customer?.firstName ?? "",
          "Customer Last Name": o.customer?.lastName ?? "",
          "Personal Data": "included",
          "Lineitem position": String(i + 1),
          "Lineitem name": item.title,
          "Lineitem variant title": item.variantTitle ?? "",
          "Lineitem sku": item.sku ?? "",
          "Lineitem quantity": String(item.quantity),
          "Lineitem price": item.originalUnitPriceSet.shopMoney.amount,
          "Shipping Company": o.shippingAddress?.company ?? "",
          "Shipping Address1": o.shippingAddress?.address1 ?? "",
          "Shipping City": o.shippingAddress?.city ?? "",
          "Shipping Zip": o.shippingAddress?.zip ?? "",
          "Shipping Country Code": o.shippingAddress?.countryCodeV2 ?? "",
          "Billing Address1": o.billingAddress?.address1 ?? "",
          "Billing City": o.billingAddress?.city ?? "",
        });
      });
    }
    // The edited order: its note and company survived quoting; its formula-looking tag cell starts with an apostrophe.
    const edited = rows.find((r) => r.Notes === NOTE)!;
    expect(edited["Shipping Company"]).toBe(COMPANY);
    expect(edited.Tags).toBe(`'${TAGS.join(", ")}`);
  });

  it("csvCell quotes commas, quotes and line breaks, guards formulas, and leaves signed numbers alone", () => {
    expect(csvCell('a,"b"\r\nc')).toBe('"a,""b""\r\nc"');
    expect(csvCell("=1+2")).toBe("'=1+2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(csvCell("-4.50")).toBe("-4.50");
    expect(csvCell("+44 20 7946 0958")).toBe("+44 20 7946 0958");
    expect(csvCell(" padded")).toBe('" padded"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(false)).toBe("false");
  });

  it("streams: the first chunks arrive before the personal records of later orders are read", async () => {
    const counts = { OrderPersonal: 0 };
    const counting: Repository = {
      ...f.repository,
      readSnapshot: (id, options) =>
        (async function* (): AsyncGenerator<SnapshotEntry> {
          for await (const entry of f.repository.readSnapshot(id, options)) {
            if (entry.type === "OrderPersonal") counts.OrderPersonal++;
            yield entry;
          }
        })(),
    };
    const exported = exportOrders(counting, f.snapshotId, "jsonl", { chunkChars: 1 });
    const iterator = exported.chunks[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(JSON.parse(String(first.value)).id).toBe([...live].map((o) => o.id).sort()[0]);
    expect(counts.OrderPersonal).toBeLessThanOrEqual(1);
    await iterator.return?.(undefined);
    expect(exported.stats.done).toBe(false);
  });

  it("HTTP: attachment with the file, 400 for an unknown format, 404 for an unknown snapshot", async () => {
    const response = await ordersExportResponse(f.repository, f.snapshotId, "csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="orders-${f.snapshotId}.csv"`);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = new Uint8Array(await response.arrayBuffer());
    expect([...body.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(body)).toBe(await collect(exportOrders(f.repository, f.snapshotId, "csv").chunks));
    const jsonl = await ordersExportResponse(f.repository, f.snapshotId, "jsonl");
    expect(jsonl.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(parseJsonl(await jsonl.text())).toHaveLength(live.length);

    const status = async (snapshot: string, format: string) => {
      try {
        return (await ordersExportResponse(f.repository, snapshot, format)).status;
      } catch (thrown) {
        expect(thrown).toBeInstanceOf(Response);
        return (thrown as Response).status;
      }
    };
    expect(await status(f.snapshotId, "xml")).toBe(400);
    expect(await status("20990101T000000000Z-deadbeef", "csv")).toBe(404);
    expect(await status("../../config", "jsonl")).toBe(404);
  });

  it("pairs orders with their personal records whatever the GID lengths, and marks a missing one", async () => {
    const repository = createRepository({ store: createMemoryBlobStore(), keys: createTestKeyProvider(), shop: "pairs.myshopify.com" });
    await repository.init();
    const template = (await collect(exportOrders(f.repository, f.snapshotId, "jsonl").chunks)).split("\n")[0];
    const { order } = (await readSnapshotOrder(f.repository, f.snapshotId, (JSON.parse(template) as { id: string }).id))!;
    const gids = ["gid://shopify/Order/9", "gid://shopify/Order/10", "gid://shopify/Order/100", "gid://shopify/Order/11"];
    const records = gids.flatMap((gid, i) => [
      { type: "Order", gid, record: { ...order, id: gid, name: `#${i}` } },
      // Order/100 has no personal record.
      ...(gid.endsWith("/100") ? [] : [{ type: "OrderPersonal", gid, record: { order: gid, email: `p${i}@example.com` }, subject: gid }]),
    ]);
    const info = await repository.writeSnapshot({ kind: "full", records: [...records, { type: "Product", gid: "gid://shopify/Product/1", record: { id: 1 } }] });
    const lines = parseJsonl(await collect(exportOrders(repository, info.id, "jsonl").chunks));
    expect(lines.map((l) => [l.id, l.email ?? null, l.personalData])).toEqual(
      [...gids].sort().map((gid) => [gid, gid.endsWith("/100") ? null : `p${gids.indexOf(gid)}@example.com`, gid.endsWith("/100") ? "missing" : "included"]),
    );
  });

  // Last: it shreds a customer's key in the shared repository.
  it("a redacted customer's orders export without personal data and say so; other orders keep theirs", async () => {
    const customer = live.find((o) => o.customer && live.filter((x) => x.customer?.id === o.customer!.id).length > 1)!.customer!;
    const theirs = new Set(live.filter((o) => o.customer?.id === customer.id).map((o) => o.id));
    expect(await f.repository.forgetSubject(customer.id)).toBeGreaterThan(0);

    const exported = exportOrders(f.repository, f.snapshotId, "jsonl");
    const lines = parseJsonl(await collect(exported.chunks));
    expect(lines).toHaveLength(live.length);
    for (const line of lines) {
      if (theirs.has(line.id as string)) {
        expect(line.personalData).toBe("redacted");
        for (const field of ["email", "phone", "note", "shippingAddress", "billingAddress"]) expect(line).not.toHaveProperty(field);
        expect(line.customer).toEqual({ id: customer.id });
        expect(JSON.stringify(line)).not.toContain(live.find((o) => o.id === line.id)!.email);
        expect((line.lineItems as unknown[]).length).toBeGreaterThan(0);
      } else expect(line).toMatchObject({ personalData: "included", email: live.find((o) => o.id === line.id)!.email });
    }
    expect(exported.stats.personalRedacted).toBe(theirs.size);

    const rows = csvRecords(await collect(exportOrders(f.repository, f.snapshotId, "csv", { bom: false }).chunks));
    for (const row of rows.filter((r) => theirs.has(r.Id))) {
      expect(row).toMatchObject({ "Personal Data": "redacted", Email: "", "Customer First Name": "", "Shipping Address1": "", "Billing Name": "", "Customer Id": customer.id });
      expect(row["Lineitem name"]).not.toBe("");
    }
  });
});
