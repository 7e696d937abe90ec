/**
 * The seeded shop's history, shared by customers and orders so their dates
 * agree: orders are spread over two years before seeding (order j is older
 * than order j+1, as order numbers are), and seeded customer c signs up just
 * before order c, which is its first order (order j belongs to customer
 * j mod customerCount unless it is a guest checkout).
 */
import { hashString } from "../core";

const DAY = 86_400_000;
/** How far back the seeded order history reaches. */
export const HISTORY_MS = 730 * DAY;

/** A fraction in [0, 1) fixed by (seed, label, index), cheaper than building an Rng. */
export function unitHash(seed: number, label: string, index: number): number {
  return hashString(`${seed}:${label}:${index}`) / 4294967296;
}

/** createdAt (ms) of seeded order j: strictly increasing in j, all before `seededAt`. */
export function orderCreatedMs(seed: number, j: number, orderCount: number, seededAt: number): number {
  const start = seededAt - HISTORY_MS;
  const slot = (HISTORY_MS - DAY) / Math.max(orderCount, 1);
  // Whole seconds, as Shopify timestamps are.
  return Math.floor((start + slot * (j + 0.1 + 0.8 * unitHash(seed, "order-time", j))) / 1000) * 1000;
}

/** createdAt (ms) of seeded customer c. */
export function customerCreatedMs(
  seed: number,
  c: number,
  customerCount: number,
  orderCount: number,
  seededAt: number,
): number {
  if (c < orderCount) {
    // Signs up a little before placing order c (their first order).
    const lead = 600_000 + Math.floor(unitHash(seed, "signup-lead", c) * 3 * 3_600_000);
    return Math.floor((orderCreatedMs(seed, c, orderCount, seededAt) - lead) / 1000) * 1000;
  }
  // Customers without seeded orders (only when there are more customers than orders).
  const first = orderCount > 0 ? orderCreatedMs(seed, orderCount - 1, orderCount, seededAt) : seededAt - HISTORY_MS;
  const span = seededAt - DAY - first;
  const k = c - orderCount;
  const extra = Math.max(customerCount - orderCount, 1);
  return Math.floor((first + (span * (k + 0.5)) / extra) / 1000) * 1000;
}

/** updatedAt (ms) of seeded customer c: after its last seeded order, never after seeding. */
export function customerUpdatedMs(
  seed: number,
  c: number,
  customerCount: number,
  orderCount: number,
  seededAt: number,
): number {
  let last = customerCreatedMs(seed, c, customerCount, orderCount, seededAt);
  if (c < orderCount && customerCount > 0) {
    const lastOrder = c + Math.floor((orderCount - 1 - c) / customerCount) * customerCount;
    last = orderCreatedMs(seed, lastOrder, orderCount, seededAt);
  }
  const drift = Math.floor(unitHash(seed, "customer-touch", c) * 2 * DAY);
  return Math.min(Math.floor((last + drift) / 1000) * 1000, seededAt - 60_000);
}

export { DAY };

/** Shopify renders DateTime without milliseconds ("2026-10-01T12:00:00Z"). */
export function iso(value: number | Date): string {
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, "Z");
}
