/**
 * Orders (line items, fulfillments, refunds, transactions summary). The
 * personal fields (email, phone, note, addresses, customer name) go to a
 * separate OrderPersonal record under the customer's subject key, so
 * customers/redact makes them unreadable while the order's commercial facts
 * stay in the backup.
 */
import * as Q from "~/shopify/queries/backup-customers";
import { omit, plain, refId, sortById, sortMetafields, type JsonObject } from "../normalise";
import { METAFIELD_PAGES, type ChildPages } from "./child-pages";
import type { CanonicalRecord, RecordTypeModule } from "./module";
import { bulkRecords, byIdRecords, pagedRecords } from "./sources";

const PERSONAL = ["email", "phone", "note", "shippingAddress", "billingAddress"] as const;

/** The subject of an order's personal data: its customer, or the order itself for guest checkouts. */
export function orderSubject(order: JsonObject): string {
  return refId(order.customer) ?? String(order.id);
}

/** Order (commercial facts) + OrderPersonal (subject-keyed). */
export function normaliseOrder(raw: JsonObject): CanonicalRecord[] {
  const o = plain(raw) as JsonObject;
  const gid = String(o.id);
  const customer = o.customer as JsonObject | null;
  const order: JsonObject = {
    ...omit(o, [...PERSONAL, "customer"]),
    customer: customer ? { id: customer.id } : null,
    lineItems: sortById(o.lineItems),
    fulfillments: sortById(o.fulfillments),
    refunds: sortById(o.refunds),
    transactions: sortById(o.transactions),
    metafields: sortMetafields(o.metafields),
  };
  const personal: JsonObject = { order: gid, customerName: customer ? { firstName: customer.firstName ?? null, lastName: customer.lastName ?? null } : null };
  for (const field of PERSONAL) personal[field] = o[field] ?? null;
  return [
    { type: "Order", gid, record: order },
    { type: "OrderPersonal", gid, record: personal, subject: orderSubject(o) },
  ];
}

const ORDER_PAGES: ChildPages = { lineItems: Q.BACKUP_ORDER_MORE_LINE_ITEMS, ...METAFIELD_PAGES };

export const orders: RecordTypeModule = {
  name: "orders",
  dataType: "orders",
  types: ["Order", "OrderPersonal"],
  bulk: true,
  countField: "ordersCount",
  normalise: normaliseOrder,
  full: (ctx) => bulkRecords(ctx, "orders", Q.BACKUP_ORDERS_BULK, normaliseOrder),
  paged: (ctx) => pagedRecords(ctx, Q.BACKUP_ORDERS_PAGE, "orders", 1, normaliseOrder, {}, ORDER_PAGES),
  byIds: (ctx, ids) => byIdRecords(ctx, Q.BACKUP_ORDERS_BY_ID, ids, 1, normaliseOrder, ORDER_PAGES),
};
