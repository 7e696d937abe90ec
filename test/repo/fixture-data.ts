/**
 * What the format-version-1 fixture repository contains: three snapshots of a
 * small shop (full; incremental with changes, additions and a tombstone; a
 * later full after one customer was crypto-shredded). Used only by
 * make-fixture.ts; the fixture test reads expected.json, never this file, so
 * editing this cannot hide a format break.
 */
import { FORMAT_VERSION, type RecordInput } from "~/repo";

/** The shop the fixture of the current format version is written for. */
export const FIXTURE_SHOP = `fixture-v${FORMAT_VERSION}.myshopify.com`;
/** The customer whose subject key is deleted before the third snapshot. */
export const FORGOTTEN_CUSTOMER = "gid://shopify/Customer/7003";

const product = (n: number, rev = 0): RecordInput => {
  const gid = `gid://shopify/Product/${8000 + n}`;
  return {
    type: "Product",
    gid,
    record: {
      id: gid,
      title: `Fixture product ${n}${rev ? ` (rev ${rev})` : ""}`,
      handle: `fixture-product-${n}`,
      status: n % 9 === 0 ? "DRAFT" : "ACTIVE",
      tags: [`t${n % 4}`, "fixture"],
      descriptionHtml: `<p>Product ${n} — naïve café ☕ “quotes”</p>`,
      seo: { title: null, description: `About ${n}` },
      price: { amount: `${(n * 3.5).toFixed(2)}`, currencyCode: "USD" },
    },
  };
};

const variant = (n: number, v: number, rev = 0): RecordInput => {
  const gid = `gid://shopify/ProductVariant/${90_000 + n * 10 + v}`;
  return {
    type: "ProductVariant",
    gid,
    record: {
      id: gid,
      __parentId: `gid://shopify/Product/${8000 + n}`,
      sku: `FX-${n}-${v}`,
      price: `${n + v + rev}.00`,
      position: v,
    },
  };
};

const customer = (n: number, rev = 0): RecordInput => {
  const gid = `gid://shopify/Customer/${7000 + n}`;
  return {
    type: "Customer",
    gid,
    subject: gid,
    record: {
      id: gid,
      email: `fixture${n}@example.com`,
      firstName: `First${n}`,
      note: rev ? `note rev ${rev}` : null,
      tags: [],
    },
  };
};

/** Snapshot 1 (full): 60 products, 120 variants, 12 customers = 192 records. */
export function fullRecords(): RecordInput[] {
  const out: RecordInput[] = [];
  for (let n = 1; n <= 60; n++) out.push(product(n), variant(n, 1), variant(n, 2));
  for (let c = 1; c <= 12; c++) out.push(customer(c));
  return out;
}

/** Snapshot 2 (incremental): 5 products changed, product 7 deleted with its variants, 1 added, 1 customer changed. */
export function incrementalRecords(): RecordInput[] {
  const out: RecordInput[] = [];
  for (const n of [2, 11, 23, 40, 59]) out.push(product(n, 2));
  out.push(variant(11, 1, 2));
  out.push({ type: "Product", gid: "gid://shopify/Product/8007", record: null });
  out.push({ type: "ProductVariant", gid: "gid://shopify/ProductVariant/90071", record: null });
  out.push({ type: "ProductVariant", gid: "gid://shopify/ProductVariant/90072", record: null });
  out.push(product(61), variant(61, 1));
  out.push(customer(5, 2));
  return out;
}

/** Snapshot 3 (full): snapshot 2's state, product 30 changed, and the forgotten customer gone from the shop. */
export function laterFullRecords(): RecordInput[] {
  const state = new Map(fullRecords().map((r) => [r.gid, r]));
  for (const r of incrementalRecords()) {
    if (r.record === null) state.delete(r.gid);
    else state.set(r.gid, r);
  }
  state.delete(FORGOTTEN_CUSTOMER);
  state.set("gid://shopify/Product/8030", product(30, 3));
  return [...state.values()];
}
