/**
 * A backed-up order as `orderCreate(order:, options:)` variables. Shopify
 * cannot restore an order in place: this makes a NEW order (new GID and
 * number) carrying the recorded line items, prices, shipping, tax, discount
 * total, customer, addresses, financial status, tags, note and metafields.
 * Nothing is charged and no payment is replayed; fulfillments, refunds and
 * cancellations are not replayed (docs/orders-export.md).
 */
import type { BackedUpOrder, MoneyBag, OrderAddress, OrderLineItem, OrderPersonal } from "./types";

/** Live GIDs the input may refer to; null when the backed-up object no longer exists. */
export interface LiveLookups {
  /** The live GID of a backed-up variant (itself, or its re-created copy), or null. */
  variant(backedUpGid: string): string | null;
  /** The live GID of the backed-up customer, or null. */
  customer(backedUpGid: string): string | null;
}

// Inventory was claimed by the original order; the re-created one must not claim it again, nor write to the customer.
export const RECREATE_OPTIONS = { inventoryBehaviour: "BYPASS", sendReceipt: false, sendFulfillmentReceipt: false } as const;

/** Custom attribute key naming the order a re-created order came from (shown under "Additional details"). */
export const ORIGINAL_ORDER_ATTRIBUTE = "Snapshelf original order";

/** Code recorded for the order's discount total: the original code is not part of the backup. */
export const RESTORED_DISCOUNT_CODE = "SNAPSHELF-RESTORED";

const FINANCIAL_STATUSES = new Set(["PENDING", "AUTHORIZED", "PARTIALLY_PAID", "PAID", "PARTIALLY_REFUNDED", "REFUNDED", "VOIDED", "EXPIRED"]);

type Json = Record<string, unknown>;

/** Drops null / undefined fields (optional input fields are left unset, not nulled). */
function compact(object: Json): Json {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== null && v !== undefined));
}

const cents = (bag: MoneyBag | null | undefined) => Math.round(Number(bag?.shopMoney?.amount ?? 0) * 100);

function moneyBag(bag: MoneyBag): Json {
  const out: Json = { shopMoney: { amount: bag.shopMoney.amount, currencyCode: bag.shopMoney.currencyCode } };
  if (bag.presentmentMoney) out.presentmentMoney = { amount: bag.presentmentMoney.amount, currencyCode: bag.presentmentMoney.currencyCode };
  return out;
}

function address(a: OrderAddress | null | undefined): Json | undefined {
  if (!a) return undefined;
  // MailingAddressInput takes codes; Shopify derives the country and province names from them.
  return compact({
    firstName: a.firstName,
    lastName: a.lastName,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    provinceCode: a.provinceCode,
    countryCode: a.countryCodeV2,
    zip: a.zip,
    phone: a.phone,
  });
}

function lineItem(line: OrderLineItem, lookups: LiveLookups, currency: string): Json {
  const price = line.originalUnitPriceSet ? moneyBag(line.originalUnitPriceSet) : undefined;
  const live = line.variant ? lookups.variant(line.variant.id) : null;
  // Title, SKU and vendor "only apply to custom line items" (OrderCreateLineItemInput): a live variant brings its own.
  if (live) return compact({ variantId: live, quantity: line.quantity, priceSet: price, requiresShipping: line.requiresShipping, taxable: line.taxable });
  return compact({
    title: line.title,
    variantTitle: line.variantTitle,
    sku: line.sku,
    vendor: line.vendor,
    quantity: line.quantity,
    priceSet: price ?? { shopMoney: { amount: "0.00", currencyCode: currency } },
    requiresShipping: line.requiresShipping,
    taxable: line.taxable,
  });
}

function customer(order: BackedUpOrder, personal: OrderPersonal | null, lookups: LiveLookups): Json | undefined {
  const live = order.customer ? lookups.customer(order.customer.id) : null;
  if (live) return { toAssociate: { id: live } };
  // The customer is gone (or was a guest): upsert by the recorded email, which links an existing customer with that email or creates one.
  if (order.customer && personal?.email) {
    return { toUpsert: compact({ email: personal.email, firstName: personal.customerName?.firstName, lastName: personal.customerName?.lastName }) };
  }
  return undefined;
}

/** `{order, options}` for orderCreate from a backed-up order and, when readable, its personal part. */
export function orderCreateVariables(order: BackedUpOrder, personal: OrderPersonal | null, lookups: LiveLookups): { order: Json; options: typeof RECREATE_OPTIONS } {
  const tax = cents(order.totalTaxSet);
  const taxBase = cents(order.subtotalPriceSet);
  const shipping = order.shippingLine?.originalPriceSet ?? order.totalShippingPriceSet;
  const input: Json = compact({
    currency: order.currencyCode,
    presentmentCurrency: order.presentmentCurrencyCode && order.presentmentCurrencyCode !== order.currencyCode ? order.presentmentCurrencyCode : undefined,
    // Recorded as placed at the original time (allowed for imported orders), so reports keep their dates.
    processedAt: order.processedAt ?? order.createdAt,
    financialStatus: order.displayFinancialStatus && FINANCIAL_STATUSES.has(order.displayFinancialStatus) ? order.displayFinancialStatus : undefined,
    test: order.test,
    tags: order.tags?.length ? order.tags : undefined,
    lineItems: (order.lineItems ?? []).map((line) => lineItem(line, lookups, order.currencyCode)),
    shippingLines:
      order.shippingLine || cents(shipping) > 0
        ? [compact({ title: order.shippingLine?.title ?? "Shipping", code: order.shippingLine?.code, priceSet: shipping ? moneyBag(shipping) : undefined })]
        : undefined,
    // Per-line tax lines are not in the backup: the recorded total goes on one order-level line (rate informative).
    taxLines: tax > 0 && order.totalTaxSet ? [{ title: "Tax", rate: taxBase > 0 ? Number((tax / taxBase).toFixed(4)) : 0, priceSet: moneyBag(order.totalTaxSet) }] : undefined,
    discountCode:
      cents(order.totalDiscountsSet) > 0 && order.totalDiscountsSet
        ? { itemFixedDiscountCode: { code: RESTORED_DISCOUNT_CODE, amountSet: moneyBag(order.totalDiscountsSet) } }
        : undefined,
    customer: customer(order, personal, lookups),
    email: personal?.email,
    phone: personal?.phone,
    note: personal?.note,
    shippingAddress: address(personal?.shippingAddress),
    billingAddress: address(personal?.billingAddress),
    metafields: order.metafields?.length ? order.metafields.map((m) => ({ namespace: m.namespace, key: m.key, type: m.type, value: m.value })) : undefined,
    customAttributes: [{ key: ORIGINAL_ORDER_ATTRIBUTE, value: `${order.name} (${order.id})` }],
  });
  return { order: input, options: RECREATE_OPTIONS };
}
