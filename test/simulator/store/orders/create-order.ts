/**
 * orderCreate: restoring an order means re-creating it as a NEW order (new
 * id and number). Input is validated in full first (no partial writes);
 * success emits orders/create. No payment is run: the given transactions
 * are recorded, as Shopify's orderCreate does. Messages marked
 * "approximate" follow Shopify's style where its wording is not documented.
 */
import type { SimContext, UserError } from "../core";
import { addressFromInput, type AddressInput } from "../customers/addresses";
import { applyMetafieldInputs, type MetafieldInput } from "../customers/metafields";
import { iso } from "../customers/timeline";
import {
  FULFILLMENT_ID_BASE,
  FULFILLMENT_SLOTS,
  LINE_ITEM_ID_BASE,
  LINE_SLOTS,
  ORDER_ADDRESS_ID_BASE,
  ORDER_ID_BASE,
  ORDER_METAFIELD_ID_BASE,
  SHOP_CURRENCY,
  totalCents,
  TRANSACTION_ID_BASE,
  TRANSACTION_SLOTS,
  type LineItemRecord,
  type OrderRecord,
  type TransactionRecord,
} from "./data";
import { cents, EMAIL, numericGid, resolved, type OrderWriteDeps } from "./mutations";
import type { OrderStore } from "./store";

export interface MoneyBagInput {
  shopMoney: { amount: string; currencyCode: string };
}

export interface OrderCreateInput {
  lineItems?: {
    variantId?: string | null;
    productId?: string | null;
    title?: string | null;
    variantTitle?: string | null;
    sku?: string | null;
    vendor?: string | null;
    quantity: number;
    priceSet?: MoneyBagInput | null;
    requiresShipping?: boolean | null;
    taxable?: boolean | null;
    taxLines?: { rate: number; title: string; priceSet?: MoneyBagInput | null }[] | null;
  }[] | null;
  email?: string | null;
  phone?: string | null;
  name?: string | null;
  note?: string | null;
  tags?: string[] | null;
  poNumber?: string | null;
  currency?: string | null;
  processedAt?: string | null;
  closedAt?: string | null;
  financialStatus?: string | null;
  fulfillmentStatus?: string | null;
  fulfillment?: { trackingNumber?: string | null; trackingCompany?: string | null } | null;
  transactions?: { amountSet: MoneyBagInput; kind?: string | null; status?: string | null; gateway?: string | null; processedAt?: string | null }[] | null;
  billingAddress?: AddressInput | null;
  shippingAddress?: AddressInput | null;
  shippingLines?: { title: string; priceSet: MoneyBagInput }[] | null;
  taxLines?: { rate: number; title: string; priceSet?: MoneyBagInput | null }[] | null;
  discountCode?: {
    itemFixedDiscountCode?: { code: string; amountSet?: MoneyBagInput | null } | null;
    itemPercentageDiscountCode?: { code: string; percentage?: number | null } | null;
    freeShippingDiscountCode?: { code: string } | null;
  } | null;
  customer?: {
    toAssociate?: { id?: string | null; email?: string | null } | null;
    toUpsert?: { id?: string | null; email?: string | null; firstName?: string | null; lastName?: string | null; phone?: string | null; note?: string | null; tags?: string[] | null } | null;
  } | null;
  buyerAcceptsMarketing?: boolean | null;
  sourceName?: string | null;
  test?: boolean | null;
  metafields?: MetafieldInput[] | null;
  customAttributes?: { key: string; value: string }[] | null;
}

/** orderCreate: a new order (new id, new number); returns userErrors and writes nothing on bad input. */
export function createOrder(store: OrderStore, deps: OrderWriteDeps, input: OrderCreateInput, context: SimContext): { record?: OrderRecord; errors: UserError[] } {
  const errors: UserError[] = [];
  const err = (field: string[], message: string, code = "INVALID") => errors.push({ field: ["order", ...field], message, code });
  const currency = input.currency ?? SHOP_CURRENCY;
  const lines = input.lineItems ?? [];
  // Approximate wording: Shopify rejects orders without line items.
  if (lines.length === 0) err(["lineItems"], "Line items must have at least one line item");
  const drafts: Omit<LineItemRecord, "id">[] = [];
  lines.forEach((line, i) => {
    const path = ["lineItems", String(i)];
    if (line.quantity < 1) err([...path, "quantity"], "Quantity must be greater than or equal to 1");
    let title = line.title ?? null;
    let unit = line.priceSet ? cents(line.priceSet.shopMoney.amount) : undefined;
    let sku = line.sku ?? null;
    let variantTitle = line.variantTitle ?? null;
    let productId = numericGid(line.productId, "Product") ?? null;
    let vendor = line.vendor ?? null;
    let variantId: number | null = null;
    if (line.variantId) {
      const variant = deps.variant(line.variantId, context);
      if (!variant) {
        err([...path, "variantId"], "Variant does not exist"); // approximate
        return;
      }
      const product = resolved(variant.product);
      variantId = numericGid(String(variant.id), "ProductVariant") ?? null;
      productId = numericGid(String(product?.id ?? ""), "Product") ?? productId;
      title ??= (product?.title as string | undefined) ?? (variant.displayName as string | undefined) ?? null;
      unit ??= cents(String(variant.price ?? "0"));
      sku ??= (variant.sku as string | null | undefined) ?? null;
      vendor ??= (product?.vendor as string | undefined) ?? null;
      if (variantTitle === null && variant.title !== "Default Title") variantTitle = (variant.title as string | undefined) ?? null;
    } else {
      // Custom line items need a title and a price.
      if (!title) err([...path, "title"], "Title can't be blank");
      if (unit === undefined) err([...path, "priceSet"], "Price can't be blank"); // approximate
    }
    if (unit !== undefined && unit < 0) err([...path, "priceSet"], "Price must be greater than or equal to 0");
    drafts.push({ productId, variantId, title: title ?? "", variantTitle, sku, vendor, quantity: line.quantity, unitCents: unit ?? 0, requiresShipping: line.requiresShipping ?? true, taxable: line.taxable ?? true });
  });
  if (input.email && !EMAIL.test(input.email)) err(["email"], "Email is invalid");
  // The simulated clock starts at seededAt and advances a second per write; a day of slack covers that.
  const nowMs = store.core.seededAt().getTime();
  if (input.processedAt && Date.parse(input.processedAt) > nowMs + 86_400_000) {
    err(["processedAt"], "Processed at can't be in the future", "PROCESSED_AT_INVALID"); // approximate
  }
  let customerId: number | null = null;
  const toAssociate = input.customer?.toAssociate;
  const toUpsert = input.customer?.toUpsert;
  if (toAssociate && toUpsert) {
    err(["customer"], "Only one of toAssociate or toUpsert may be provided", "REDUNDANT_CUSTOMER_FIELDS");
  } else if (toAssociate) {
    const byId = numericGid(toAssociate.id, "Customer");
    customerId = byId !== undefined ? (deps.customerExists(byId) ? byId : null) : toAssociate.email ? (deps.findCustomerByEmail(toAssociate.email) ?? null) : null;
    if (customerId === null) err(["customer", "toAssociate"], "Customer does not exist"); // approximate
  } else if (toUpsert) {
    const byId = numericGid(toUpsert.id, "Customer");
    if (byId !== undefined) {
      if (deps.customerExists(byId)) customerId = byId;
      else err(["customer", "toUpsert", "id"], "Customer does not exist"); // approximate
    } else if (toUpsert.email) {
      customerId = deps.findCustomerByEmail(toUpsert.email) ?? null;
    }
  }
  if (errors.length) return { errors };

  if (toUpsert && customerId === null) {
    const created = deps.createCustomer(toUpsert);
    if (created.errors.length || created.id === undefined) {
      return { errors: created.errors.map((e) => ({ ...e, field: ["order", "customer", "toUpsert", ...(e.field ?? [])], code: "INVALID" })) };
    }
    customerId = created.id;
  }

  const now = iso(store.core.now());
  const id = store.allocate("Order", ORDER_ID_BASE, 1);
  const lineItems: LineItemRecord[] = drafts.map((d) => ({ ...d, id: store.allocate("LineItem", LINE_ITEM_ID_BASE, LINE_SLOTS) }));
  const gross = lineItems.reduce((sum, l) => sum + l.unitCents * l.quantity, 0);
  const discount = input.discountCode;
  const discountCents = discount?.itemFixedDiscountCode?.amountSet
    ? cents(discount.itemFixedDiscountCode.amountSet.shopMoney.amount)
    : discount?.itemPercentageDiscountCode?.percentage
      ? Math.round((gross * discount.itemPercentageDiscountCode.percentage) / 100)
      : 0;
  const discountCode = discount?.itemFixedDiscountCode?.code ?? discount?.itemPercentageDiscountCode?.code ?? discount?.freeShippingDiscountCode?.code ?? null;
  const shippingCents = discount?.freeShippingDiscountCode ? 0 : (input.shippingLines ?? []).reduce((sum, s) => sum + cents(s.priceSet.shopMoney.amount), 0);
  const taxInputs = [...(input.taxLines ?? []), ...lines.flatMap((l) => l.taxLines ?? [])];
  const taxCents = taxInputs.reduce((sum, t) => sum + (t.priceSet ? cents(t.priceSet.shopMoney.amount) : Math.round((gross - discountCents) * t.rate)), 0);
  const processedAt = input.processedAt ? iso(Date.parse(input.processedAt)) : now;
  const transactions: TransactionRecord[] = (input.transactions ?? []).map((t) => ({
    id: store.allocate("OrderTransaction", TRANSACTION_ID_BASE, TRANSACTION_SLOTS),
    kind: (t.kind ?? "SALE") as TransactionRecord["kind"],
    status: (t.status ?? "SUCCESS") as TransactionRecord["status"],
    cents: cents(t.amountSet.shopMoney.amount),
    gateway: t.gateway ?? "manual",
    createdAt: t.processedAt ? iso(Date.parse(t.processedAt)) : processedAt,
    parentId: null,
  }));
  const metafields = input.metafields?.length
    ? applyMetafieldInputs([], input.metafields, ["order", "metafields"], () => store.allocate("OrderMetafield", ORDER_METAFIELD_ID_BASE, 4), now)
    : { records: [], errors: [] };
  if (metafields.errors.length) return { errors: metafields.errors };
  const number = store.allocateOrderNumber();
  const record: OrderRecord = {
    id,
    index: null,
    number,
    name: input.name ?? `#${number}`,
    email: input.email ?? (customerId !== null ? ((deps.customerPayload(customerId)?.email as string | null) ?? null) : null),
    phone: input.phone ?? null,
    customerId,
    createdAt: now,
    processedAt,
    updatedAt: now,
    cancelledAt: null,
    cancelReason: null,
    closedAt: input.closedAt ? iso(Date.parse(input.closedAt)) : null,
    financialStatus: "PENDING",
    fulfillmentStatus: input.fulfillmentStatus === "FULFILLED" ? "FULFILLED" : input.fulfillmentStatus === "PARTIAL" ? "PARTIALLY_FULFILLED" : input.fulfillmentStatus === "RESTOCKED" ? "RESTOCKED" : "UNFULFILLED",
    currency,
    lineItems,
    shippingCents,
    shippingTitle: input.shippingLines?.[0]?.title ?? null,
    taxCents,
    taxRate: taxInputs[0]?.rate ?? 0,
    discountCents,
    discountCode,
    billingAddress: input.billingAddress ? addressFromInput(store.allocate("OrderAddress", ORDER_ADDRESS_ID_BASE, 2), input.billingAddress) : null,
    shippingAddress: input.shippingAddress ? addressFromInput(store.allocate("OrderAddress", ORDER_ADDRESS_ID_BASE, 2), input.shippingAddress) : null,
    fulfillments: [],
    refunds: [],
    transactions,
    tags: input.tags ?? [],
    note: input.note ?? null,
    sourceName: input.sourceName ?? "api",
    test: input.test ?? false,
    buyerAcceptsMarketing: input.buyerAcceptsMarketing ?? false,
    poNumber: input.poNumber ?? null,
    customAttributes: input.customAttributes ?? [],
    metafields: metafields.records,
  };
  // financialStatus is taken as given; otherwise derived from the recorded transactions (no payment is run).
  const received = transactions.filter((t) => t.status === "SUCCESS" && (t.kind === "SALE" || t.kind === "CAPTURE")).reduce((s, t) => s + t.cents, 0);
  const authorized = transactions.some((t) => t.status === "SUCCESS" && t.kind === "AUTHORIZATION");
  record.financialStatus =
    input.financialStatus ?? (received >= totalCents(record) && received > 0 ? "PAID" : received > 0 ? "PARTIALLY_PAID" : authorized ? "AUTHORIZED" : "PENDING");
  if (record.fulfillmentStatus === "FULFILLED" || record.fulfillmentStatus === "PARTIALLY_FULFILLED") {
    const tracking = input.fulfillment;
    record.fulfillments.push({
      id: store.allocate("Fulfillment", FULFILLMENT_ID_BASE, FULFILLMENT_SLOTS),
      status: "SUCCESS",
      createdAt: now,
      updatedAt: now,
      trackingCompany: tracking?.trackingCompany ?? null,
      trackingNumber: tracking?.trackingNumber ?? null,
      trackingUrl: null,
      lines: (record.fulfillmentStatus === "FULFILLED" ? lineItems : lineItems.slice(0, 1)).map((l) => ({ lineItemId: l.id, quantity: l.quantity })),
    });
  }
  store.put(record);
  deps.emitOrder("orders/create", record);
  return { record, errors: [] };
}

