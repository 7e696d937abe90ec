/**
 * Seeded orders: order j is a pure function of (seed, j), generated on demand
 * so the `large` preset's 500k orders are never materialised together.
 * Order j is "#(1001 + j)", was placed at orderCreatedMs(j), and belongs to
 * seeded customer j mod customerCount unless it was a guest checkout.
 */
import type { StoreCore } from "../core";
import { seededAddress, type AddressRecord } from "../customers/addresses";
import { FIRST_NAMES, LAST_NAMES } from "../customers/data";
import type { MetafieldRecord } from "../customers/metafields";
import { DAY, iso, orderCreatedMs, unitHash } from "../customers/timeline";
import type { SeededProducts } from "./products";

export const ORDER_ID_BASE = 5_600_000_000_000;
export const LINE_ITEM_ID_BASE = 14_000_000_000_000;
export const FULFILLMENT_ID_BASE = 4_900_000_000_000;
export const REFUND_ID_BASE = 900_000_000_000;
export const TRANSACTION_ID_BASE = 6_400_000_000_000;
export const ORDER_ADDRESS_ID_BASE = 9_200_000_000_000;
export const ORDER_METAFIELD_ID_BASE = 27_000_000_000_000;
/** Id slots per seeded order for its line items / transactions / fulfillments. */
export const LINE_SLOTS = 8;
export const TRANSACTION_SLOTS = 4;
export const FULFILLMENT_SLOTS = 2;
export const FIRST_ORDER_NUMBER = 1001;
export const SHOP_CURRENCY = "USD";

export interface LineItemRecord {
  id: number;
  productId: number | null;
  variantId: number | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  quantity: number;
  unitCents: number;
  requiresShipping: boolean;
  taxable: boolean;
}

export interface FulfillmentRecord {
  id: number;
  status: "SUCCESS" | "CANCELLED" | "PENDING" | "OPEN";
  createdAt: string;
  updatedAt: string;
  trackingCompany: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  lines: { lineItemId: number; quantity: number }[];
}

export interface RefundRecord {
  id: number;
  createdAt: string;
  note: string | null;
  cents: number;
  lines: { lineItemId: number; quantity: number }[];
}

export interface TransactionRecord {
  id: number;
  kind: "SALE" | "CAPTURE" | "AUTHORIZATION" | "VOID" | "REFUND";
  status: "SUCCESS" | "PENDING" | "FAILURE";
  cents: number;
  gateway: string;
  createdAt: string;
  parentId: number | null;
}

export interface OrderRecord {
  id: number;
  /** Seeded index, or null for orders created through the API. */
  index: number | null;
  number: number;
  name: string;
  email: string | null;
  phone: string | null;
  customerId: number | null;
  createdAt: string;
  processedAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  closedAt: string | null;
  financialStatus: string;
  fulfillmentStatus: string;
  currency: string;
  lineItems: LineItemRecord[];
  shippingCents: number;
  shippingTitle: string | null;
  taxCents: number;
  taxRate: number;
  discountCents: number;
  discountCode: string | null;
  billingAddress: AddressRecord | null;
  shippingAddress: AddressRecord | null;
  fulfillments: FulfillmentRecord[];
  refunds: RefundRecord[];
  transactions: TransactionRecord[];
  tags: string[];
  note: string | null;
  sourceName: string;
  test: boolean;
  buyerAcceptsMarketing: boolean;
  poNumber: string | null;
  customAttributes: { key: string; value: string }[];
  metafields: MetafieldRecord[];
}

/** Sum of line items (quantity × unit price), in cents. */
export function subtotalCents(order: OrderRecord): number {
  return order.lineItems.reduce((sum, line) => sum + line.quantity * line.unitCents, 0) - order.discountCents;
}

/** What the customer was charged, in cents. */
export function totalCents(order: OrderRecord): number {
  return subtotalCents(order) + order.shippingCents + order.taxCents;
}

/** Refunded so far, in cents. */
export function refundedCents(order: OrderRecord): number {
  return order.refunds.reduce((sum, refund) => sum + refund.cents, 0);
}

/** Whether seeded order j was a guest checkout (no customer account). */
export function isGuestOrder(seed: number, j: number): boolean {
  return unitHash(seed, "guest-checkout", j) < 0.08;
}

/** Seeded orders are last touched at most this long after they were placed. */
export const SEEDED_TOUCH_MS = 40 * DAY;

/** Cheap timestamps of seeded order j (no full generation): used by filters and sorting. */
export function seededOrderTimes(core: StoreCore, j: number): { createdMs: number; updatedMs: number } {
  const seededAt = core.seededAt().getTime();
  const createdMs = orderCreatedMs(core.seed, j, core.preset.orders, seededAt);
  // Later events (fulfilment, refund, closing) happen within at most 40 days, never after seeding.
  const span = Math.min(seededAt - 60_000 - createdMs, SEEDED_TOUCH_MS - 60_000);
  const updatedMs = createdMs + Math.max(60_000, Math.floor((unitHash(core.seed, "order-touch", j) * span) / 1000) * 1000);
  return { createdMs, updatedMs: Math.min(updatedMs, seededAt - 60_000) };
}

export interface SeededOrderDeps {
  core: StoreCore;
  products: SeededProducts;
  /** Seeded customer summary as seeded (edits after seeding do not rewrite old orders). */
  customer(index: number): { id: number; email: string; firstName: string; lastName: string } | undefined;
  customerCount: number;
}

const TAGS = ["gift", "wholesale", "priority", "subscription", "vip", "repeat-buyer", "local-delivery", "preorder"];
const NOTES = ["Please gift wrap.", "Leave at the back door.", "Customer called to confirm the address.", "Ships with order #—combined."];
const CARRIERS: { company: string; url: (n: string) => string; number: (u: number) => string }[] = [
  { company: "UPS", url: (n) => `https://www.ups.com/track?tracknum=${n}`, number: (u) => `1Z999AA1${String(Math.floor(u * 1e10)).padStart(10, "0")}` },
  { company: "USPS", url: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`, number: (u) => `9400${String(Math.floor(u * 1e18)).padStart(18, "0")}` },
  { company: "FedEx", url: (n) => `https://www.fedex.com/fedextrack/?trknbr=${n}`, number: (u) => String(Math.floor(u * 1e12)).padStart(12, "0") },
  { company: "DHL Express", url: (n) => `https://www.dhl.com/en/express/tracking.html?AWB=${n}`, number: (u) => String(Math.floor(u * 1e10)).padStart(10, "0") },
];
const REFUND_NOTES = ["Item arrived damaged", "Customer changed their mind", "Wrong size", null];
const CANCEL_REASONS = ["CUSTOMER", "DECLINED", "FRAUD", "INVENTORY", "OTHER"];

/** Seeded order j, built from its own random stream. */
export function seededOrder(deps: SeededOrderDeps, j: number): OrderRecord {
  const { core } = deps;
  const rng = core.rngFor("Order", j);
  const seededAt = core.seededAt().getTime();
  const { createdMs, updatedMs } = seededOrderTimes(core, j);
  const at = (fraction: number) => iso(Math.floor((createdMs + fraction * (updatedMs - createdMs)) / 1000) * 1000);
  const customerIndex = deps.customerCount > 0 && !isGuestOrder(core.seed, j) ? j % deps.customerCount : undefined;
  const customer = customerIndex === undefined ? undefined : deps.customer(customerIndex);
  const firstName = customer?.firstName ?? rng.pick(FIRST_NAMES);
  const lastName = customer?.lastName ?? rng.pick(LAST_NAMES);
  const email = customer?.email ?? `guest.${j}@example.net`;

  const lineCount = rng.bool(0.55) ? 1 : rng.int(2, 4);
  const lineItems: LineItemRecord[] = [];
  for (let k = 0; k < lineCount; k++) {
    const source = deps.products.pick(rng.next(), rng.next(), rng.next());
    const quantity = rng.bool(0.75) ? 1 : rng.int(2, 3);
    // Shopify merges repeated variants of one checkout into a single line.
    const same = source.variantId === null ? undefined : lineItems.find((l) => l.variantId === source.variantId);
    if (same) same.quantity += quantity;
    else lineItems.push({ id: LINE_ITEM_ID_BASE + j * LINE_SLOTS + lineItems.length, ...source, quantity });
  }
  const gross = lineItems.reduce((sum, l) => sum + l.quantity * l.unitCents, 0);
  const discounted = rng.bool(0.12);
  const discountCents = discounted ? Math.round(gross * 0.1) : 0;
  const shippingCents = gross >= 7500 ? 0 : rng.pick([499, 799, 1299]);
  const taxRate = rng.pick([0, 0.05, 0.0725, 0.08875, 0.13, 0.2]);
  const taxCents = Math.round((gross - discountCents) * taxRate);
  const total = gross - discountCents + shippingCents + taxCents;

  const ageDays = (seededAt - createdMs) / DAY;
  const roll = rng.next();
  const cancelled = roll < 0.03;
  let financialStatus: string;
  if (cancelled) financialStatus = rng.bool(0.5) ? "VOIDED" : "REFUNDED";
  else if (roll < 0.85) financialStatus = "PAID";
  else if (roll < 0.9) financialStatus = "PARTIALLY_REFUNDED";
  else if (roll < 0.93) financialStatus = "REFUNDED";
  else if (roll < 0.96) financialStatus = ageDays > 30 ? "PAID" : "PENDING";
  else if (roll < 0.99) financialStatus = ageDays > 7 ? "PAID" : "AUTHORIZED";
  else financialStatus = "PARTIALLY_PAID";

  let fulfillmentStatus = "UNFULFILLED";
  if (!cancelled && ["PAID", "PARTIALLY_REFUNDED", "REFUNDED", "PARTIALLY_PAID"].includes(financialStatus)) {
    const fulfilledRoll = rng.next();
    if (ageDays > 7 ? fulfilledRoll < 0.95 : fulfilledRoll < 0.5) fulfillmentStatus = "FULFILLED";
    else if (lineItems.length > 1 && fulfilledRoll < 0.97) fulfillmentStatus = "PARTIALLY_FULFILLED";
  }
  const fulfillments: FulfillmentRecord[] = [];
  if (fulfillmentStatus !== "UNFULFILLED") {
    const carrier = rng.pick(CARRIERS);
    const trackingNumber = carrier.number(rng.next());
    const lines = fulfillmentStatus === "FULFILLED" ? lineItems : lineItems.slice(0, 1);
    fulfillments.push({
      id: FULFILLMENT_ID_BASE + j * FULFILLMENT_SLOTS,
      status: "SUCCESS",
      createdAt: at(0.1 + 0.2 * rng.next()),
      updatedAt: at(0.35),
      trackingCompany: carrier.company,
      trackingNumber,
      trackingUrl: carrier.url(trackingNumber),
      lines: lines.map((l) => ({ lineItemId: l.id, quantity: l.quantity })),
    });
  }

  const gateway = rng.pick(["shopify_payments", "shopify_payments", "shopify_payments", "paypal", "manual"]);
  const transactions: TransactionRecord[] = [];
  const tx = (kind: TransactionRecord["kind"], status: TransactionRecord["status"], cents: number, when: string, parentId: number | null = null) => {
    const id = TRANSACTION_ID_BASE + j * TRANSACTION_SLOTS + transactions.length;
    transactions.push({ id, kind, status, cents, gateway, createdAt: when, parentId });
    return id;
  };
  const placed = iso(createdMs);
  if (financialStatus === "PENDING") tx("SALE", "PENDING", total, placed);
  else if (financialStatus === "AUTHORIZED") tx("AUTHORIZATION", "SUCCESS", total, placed);
  else if (financialStatus === "VOIDED") tx("VOID", "SUCCESS", total, at(0.2), tx("AUTHORIZATION", "SUCCESS", total, placed));
  else if (financialStatus === "PARTIALLY_PAID") tx("SALE", "SUCCESS", Math.round(total / 2), placed);
  else tx("SALE", "SUCCESS", total, placed);

  const refunds: RefundRecord[] = [];
  if (financialStatus === "REFUNDED" || financialStatus === "PARTIALLY_REFUNDED") {
    const full = financialStatus === "REFUNDED";
    const line = lineItems[0];
    const cents = full ? total : Math.min(total, line.unitCents);
    const when = at(0.5 + 0.4 * rng.next());
    refunds.push({
      id: REFUND_ID_BASE + j,
      createdAt: when,
      note: rng.pick(REFUND_NOTES),
      cents,
      lines: full ? lineItems.map((l) => ({ lineItemId: l.id, quantity: l.quantity })) : [{ lineItemId: line.id, quantity: 1 }],
    });
    tx("REFUND", "SUCCESS", cents, when, transactions[0].id);
  }

  const closed = cancelled || (fulfillmentStatus === "FULFILLED" && ageDays > 30);
  const shippingAddress = seededAddress(rng, ORDER_ADDRESS_ID_BASE + j * 2, firstName, lastName, null);
  const billingAddress = rng.bool(0.8)
    ? { ...shippingAddress, id: ORDER_ADDRESS_ID_BASE + j * 2 + 1 }
    : seededAddress(rng, ORDER_ADDRESS_ID_BASE + j * 2 + 1, firstName, lastName, null);
  const sourceRoll = rng.next();
  return {
    id: ORDER_ID_BASE + j,
    index: j,
    number: FIRST_ORDER_NUMBER + j,
    name: `#${FIRST_ORDER_NUMBER + j}`,
    email,
    phone: null,
    customerId: customer?.id ?? null,
    createdAt: placed,
    processedAt: placed,
    updatedAt: iso(updatedMs),
    cancelledAt: cancelled ? at(0.3) : null,
    cancelReason: cancelled ? rng.pick(CANCEL_REASONS) : null,
    closedAt: closed ? iso(updatedMs) : null,
    financialStatus,
    fulfillmentStatus,
    currency: SHOP_CURRENCY,
    lineItems,
    shippingCents,
    shippingTitle: shippingCents === 0 ? "Free Shipping" : "Standard Shipping",
    taxCents,
    taxRate,
    discountCents,
    discountCode: discounted ? "WELCOME10" : null,
    billingAddress,
    shippingAddress,
    fulfillments,
    refunds,
    transactions,
    tags: rng.bool(0.25) ? rng.sample(TAGS, rng.int(1, 2)).sort() : [],
    note: rng.bool(0.1) ? rng.pick(NOTES) : null,
    sourceName: sourceRoll < 0.85 ? "web" : sourceRoll < 0.95 ? "pos" : "shopify_draft_order",
    test: false,
    buyerAcceptsMarketing: rng.bool(0.4),
    poNumber: null,
    customAttributes: [],
    metafields: [],
  };
}
