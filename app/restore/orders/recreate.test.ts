/**
 * Re-creating backed-up orders with orderCreate against the simulator (tiny
 * store): the new order is read back and compared with the snapshot's record
 * field by field — line items, totals, customer, addresses, status, tags,
 * note; deleted variants become custom line items (or follow the GID map);
 * a customer gone under its GID is found again by email; userErrors come
 * back as data with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderCreateVariables, ORIGINAL_ORDER_ATTRIBUTE, RECREATE_OPTIONS, RESTORED_DISCOUNT_CODE } from "./order-create-input";
import { readSnapshotOrders } from "./read-orders";
import { readSnapshotOrder, recreateOrder } from "./recreate";
import { ordersFixture, type OrdersFixture } from "./test-support";
import type { BackedUpOrder, MoneyBag, OrderAddress, SnapshotOrder } from "./types";

const ADDRESS = "firstName lastName company address1 address2 city provinceCode countryCodeV2 zip phone";
const MONEY = "shopMoney { amount currencyCode }";
const READ_ORDER = `query($id: ID!) { order(id: $id) {
  id name email phone note tags test processedAt displayFinancialStatus currencyCode
  customer { id } customAttributes { key value }
  subtotalPriceSet { ${MONEY} } totalPriceSet { ${MONEY} } totalTaxSet { ${MONEY} } totalDiscountsSet { ${MONEY} } totalShippingPriceSet { ${MONEY} }
  shippingAddress { ${ADDRESS} } billingAddress { ${ADDRESS} }
  lineItems(first: 20) { nodes { title variantTitle sku quantity vendor requiresShipping taxable variant { id } originalUnitPriceSet { ${MONEY} } } } } }`;

interface ReadOrder {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  test: boolean;
  processedAt: string;
  displayFinancialStatus: string;
  currencyCode: string;
  customer: { id: string } | null;
  customAttributes: { key: string; value: string }[];
  subtotalPriceSet: MoneyBag;
  totalPriceSet: MoneyBag;
  totalTaxSet: MoneyBag;
  totalDiscountsSet: MoneyBag;
  totalShippingPriceSet: MoneyBag;
  shippingAddress: Partial<OrderAddress> | null;
  billingAddress: Partial<OrderAddress> | null;
  lineItems: { nodes: { title: string; variantTitle: string | null; sku: string | null; quantity: number; vendor: string | null; requiresShipping: boolean; taxable: boolean; variant: { id: string } | null; originalUnitPriceSet: MoneyBag }[] };
}

let f: OrdersFixture;
let orders: SnapshotOrder[];

beforeAll(async () => {
  f = await ordersFixture();
  orders = [];
  for await (const item of readSnapshotOrders(f.repository, f.snapshotId)) orders.push(item);
}, 120_000);
afterAll(() => f?.close());

const ctx = () => ({ client: f.client });
const shop = (bag: MoneyBag | null) => bag?.shopMoney.amount;
const pick = (a: OrderAddress | null) => a && { firstName: a.firstName, lastName: a.lastName, company: a.company, address1: a.address1, address2: a.address2, city: a.city, provinceCode: a.provinceCode, countryCodeV2: a.countryCodeV2, zip: a.zip, phone: a.phone };
const ordersCount = async () => (await f.gql<{ ordersCount: { count: number } }>(`{ ordersCount { count } }`)).ordersCount.count;

async function readBack(gid: string): Promise<ReadOrder> {
  return (await f.gql<{ order: ReadOrder }>(READ_ORDER, { id: gid })).order;
}

/** The order-level facts a re-created order must carry over unchanged. */
function expectSameOrder(created: ReadOrder, { order, personal }: SnapshotOrder) {
  expect(created).toMatchObject({
    email: personal?.email ?? null,
    phone: personal?.phone ?? null,
    note: personal?.note ?? null,
    tags: order.tags,
    test: order.test,
    processedAt: order.processedAt,
    displayFinancialStatus: order.displayFinancialStatus,
    currencyCode: order.currencyCode,
  });
  for (const total of ["subtotalPriceSet", "totalPriceSet", "totalTaxSet", "totalDiscountsSet", "totalShippingPriceSet"] as const) {
    expect([total, shop(created[total])]).toEqual([total, shop(order[total])]);
  }
  expect(created.shippingAddress).toEqual(pick(personal?.shippingAddress ?? null));
  expect(created.billingAddress).toEqual(pick(personal?.billingAddress ?? null));
  expect(created.customAttributes).toEqual([{ key: ORIGINAL_ORDER_ATTRIBUTE, value: `${order.name} (${order.id})` }]);
}

describe("re-create an order as a new order", () => {
  it("makes a new order equal to the backed-up one: line items by variant, totals, customer, addresses, status", async () => {
    // An order with a discount, shipping and tax exercises every money input (several lines: the next test).
    const item = orders.find((o) => [o.order.totalDiscountsSet, o.order.totalShippingPriceSet, o.order.totalTaxSet].every((bag) => Number(shop(bag)) > 0))!;
    expect(item).toBeDefined();
    const before = await ordersCount();
    const result = await recreateOrder(ctx(), { order: item.order, personal: item.personal });
    if (!result.ok) throw new Error(JSON.stringify(result.userErrors));
    expect(result.newGid).not.toBe(item.order.id);
    expect(result.name).not.toBe(item.order.name);
    expect(result.variables.options).toEqual({ inventoryBehaviour: "BYPASS", sendReceipt: false, sendFulfillmentReceipt: false });
    expect(await ordersCount()).toBe(before + 1);

    const created = await readBack(result.newGid);
    expectSameOrder(created, item);
    expect(created.customer).toEqual(item.order.customer);
    expect(created.lineItems.nodes).toEqual(
      item.order.lineItems.map((l) => ({
        title: l.title,
        variantTitle: l.variantTitle,
        sku: l.sku,
        quantity: l.quantity,
        vendor: l.vendor,
        requiresShipping: l.requiresShipping,
        taxable: l.taxable,
        variant: l.variant,
        originalUnitPriceSet: { shopMoney: l.originalUnitPriceSet!.shopMoney },
      })),
    );
  });

  it("a deleted variant becomes a custom line item with the recorded title, SKU and price; the GID map wins when it names a live variant", async () => {
    const item = orders.find((o) => o.order.lineItems.length > 1 && o.order.lineItems.every((l) => l.variant))!;
    const [gone, kept] = item.order.lineItems;
    const deleted = await f.gql<{ productDelete: { deletedProductId: string | null } }>(`mutation($id: ID!) { productDelete(input: { id: $id }) { deletedProductId } }`, { id: gone.product!.id });
    expect(deleted.productDelete.deletedProductId).toBe(gone.product!.id);

    const custom = await recreateOrder(ctx(), item);
    if (!custom.ok) throw new Error(JSON.stringify(custom.userErrors));
    const created = await readBack(custom.newGid);
    expectSameOrder(created, item);
    const lines = created.lineItems.nodes;
    // Every line of the deleted product (an order may hold several of its variants) is custom now.
    item.order.lineItems.forEach((l, i) => {
      if (l.product!.id !== gone.product!.id) return expect(lines[i].variant).toEqual(l.variant);
      expect(lines[i]).toMatchObject({ variant: null, title: l.title, variantTitle: l.variantTitle, sku: l.sku, quantity: l.quantity, originalUnitPriceSet: { shopMoney: l.originalUnitPriceSet!.shopMoney } });
    });

    // A re-created product: the restore's GID map sends the old variant to its new GID.
    const mapped = await recreateOrder(ctx(), { ...item, mapGid: (gid) => (gid === gone.variant!.id ? kept.variant!.id : undefined) });
    if (!mapped.ok) throw new Error(JSON.stringify(mapped.userErrors));
    const relinked = (await readBack(mapped.newGid)).lineItems.nodes;
    expect(relinked[0].variant).toEqual(kept.variant);
    expect(relinked[0].originalUnitPriceSet.shopMoney).toEqual(gone.originalUnitPriceSet!.shopMoney);
  });

  it("a customer no longer under its GID is found again by the recorded email; without personal data the order has no contact", async () => {
    const item = orders.find((o) => o.order.customer && o.personal?.email)!;
    const moved: BackedUpOrder = { ...item.order, customer: { id: "gid://shopify/Customer/1" } };
    const byEmail = await recreateOrder(ctx(), { order: moved, personal: item.personal });
    if (!byEmail.ok) throw new Error(JSON.stringify(byEmail.userErrors));
    expect(byEmail.variables.order.customer).toEqual({ toUpsert: { email: item.personal!.email, firstName: item.personal!.customerName!.firstName, lastName: item.personal!.customerName!.lastName } });
    expect((await readBack(byEmail.newGid)).customer).toEqual(item.order.customer);

    // Redacted: the snapshot has no personal part, and the customer GID is gone too.
    const redacted = await recreateOrder(ctx(), { order: moved, personal: null });
    if (!redacted.ok) throw new Error(JSON.stringify(redacted.userErrors));
    const created = await readBack(redacted.newGid);
    expect(created).toMatchObject({ customer: null, email: null, shippingAddress: null, billingAddress: null });
    expect(shop(created.totalPriceSet)).toBe(shop(item.order.totalPriceSet));
  });

  it("returns Shopify's userErrors as data and writes nothing", async () => {
    const item = orders[0];
    const before = await ordersCount();
    const bad: BackedUpOrder = { ...item.order, lineItems: item.order.lineItems.map((l) => ({ ...l, quantity: 0 })) };
    const result = await recreateOrder(ctx(), { order: bad, personal: item.personal });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.userErrors[0]).toMatchObject({ field: ["order", "lineItems", "0", "quantity"] });
    expect(await ordersCount()).toBe(before);
  });

  it("orderCreateVariables: options, discount code, order-level tax line, and one snapshot order read by GID", async () => {
    const item = (await readSnapshotOrder(f.repository, f.snapshotId, orders[1].order.id))!;
    expect(item).toEqual(orders[1]);
    const discounted: BackedUpOrder = { ...item.order, totalDiscountsSet: { shopMoney: { amount: "5.00", currencyCode: "USD" } } };
    const none = { variant: () => null, customer: () => null };
    const { order, options } = orderCreateVariables(discounted, item.personal, none);
    expect(options).toBe(RECREATE_OPTIONS);
    expect(order.discountCode).toEqual({ itemFixedDiscountCode: { code: RESTORED_DISCOUNT_CODE, amountSet: { shopMoney: { amount: "5.00", currencyCode: "USD" } } } });
    expect(order.taxLines).toEqual([{ title: "Tax", rate: expect.any(Number), priceSet: item.order.totalTaxSet }]);
    expect((order.lineItems as Record<string, unknown>[]).every((l) => !("variantId" in l) && typeof l.title === "string")).toBe(true);
    expect(await readSnapshotOrder(f.repository, f.snapshotId, "gid://shopify/Order/1")).toBeUndefined();
  });
});
