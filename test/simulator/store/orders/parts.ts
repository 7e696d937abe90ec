/**
 * GraphQL shapes of an order's fulfillments, refunds and transactions
 * (Fulfillment, Refund, OrderTransaction), built from the order record.
 */
import { connection, gid, type ConnectionArgs, type SimContext } from "../core";
import type { FulfillmentRecord, LineItemRecord, OrderRecord, RefundRecord, TransactionRecord } from "./data";

/** The owning order as its parts see it. */
export interface OrderParts {
  record: OrderRecord;
  /** The Order node (for `order` back-links). */
  owner: () => unknown;
  bag(cents: number): Record<string, unknown>;
  lineItemNode(line: LineItemRecord): Record<string, unknown>;
}

export function fulfillmentNode(o: OrderParts, f: FulfillmentRecord, position: number): Record<string, unknown> {
  const lines = new Map(o.record.lineItems.map((l) => [l.id, l]));
  return {
    __typename: "Fulfillment",
    id: gid("Fulfillment", f.id),
    legacyResourceId: String(f.id),
    // Shopify names fulfillments after the order: "#1001.1", "#1001.2", ….
    name: `${o.record.name}.${position + 1}`,
    status: f.status,
    displayStatus: f.status === "SUCCESS" ? "FULFILLED" : f.status === "CANCELLED" ? "CANCELED" : null,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
    deliveredAt: null,
    inTransitAt: null,
    estimatedDeliveryAt: null,
    requiresShipping: true,
    totalQuantity: f.lines.reduce((sum, l) => sum + l.quantity, 0),
    location: null,
    service: null,
    originAddress: null,
    order: o.owner,
    trackingInfo: (args: { first?: number | null }) =>
      f.trackingNumber && args.first !== 0 ? [{ company: f.trackingCompany, number: f.trackingNumber, url: f.trackingUrl }] : [],
    fulfillmentLineItems: (args: ConnectionArgs, context: SimContext) =>
      connection(
        f.lines.map((l, i) => {
          const line = lines.get(l.lineItemId);
          return {
            __typename: "FulfillmentLineItem",
            id: gid("FulfillmentLineItem", f.id * 10 + i),
            quantity: l.quantity,
            lineItem: line ? o.lineItemNode(line) : null,
            originalTotalSet: o.bag((line?.unitCents ?? 0) * l.quantity),
            discountedTotalSet: o.bag((line?.unitCents ?? 0) * l.quantity),
          };
        }),
        args,
        context,
        (node) => node.id,
      ),
  };
}

export function refundNode(o: OrderParts, r: RefundRecord): Record<string, unknown> {
  const lines = new Map(o.record.lineItems.map((l) => [l.id, l]));
  const refundTransactions = o.record.transactions.filter((t) => t.kind === "REFUND" && t.createdAt === r.createdAt);
  return {
    __typename: "Refund",
    id: gid("Refund", r.id),
    legacyResourceId: String(r.id),
    createdAt: r.createdAt,
    updatedAt: r.createdAt,
    note: r.note,
    totalRefundedSet: o.bag(r.cents),
    order: o.owner,
    duties: [],
    return: null,
    staffMember: null,
    refundLineItems: (args: ConnectionArgs, context: SimContext) =>
      connection(
        r.lines.map((l, i) => {
          const line = lines.get(l.lineItemId);
          const unit = line?.unitCents ?? 0;
          return {
            __typename: "RefundLineItem",
            id: gid("RefundLineItem", r.id * 10 + i),
            quantity: l.quantity,
            restockType: "NO_RESTOCK",
            restocked: false,
            lineItem: line ? o.lineItemNode(line) : null,
            location: null,
            priceSet: o.bag(unit),
            subtotalSet: o.bag(unit * l.quantity),
            totalTaxSet: o.bag(Math.round(unit * l.quantity * o.record.taxRate)),
          };
        }),
        args,
        context,
        (node) => node.id,
      ),
    transactions: (args: ConnectionArgs, context: SimContext) =>
      connection(refundTransactions.map((t) => transactionNode(o, t)), args, context, (node) => String(node.id)),
  };
}

export function transactionNode(o: OrderParts, t: TransactionRecord): Record<string, unknown> {
  const parent = t.parentId === null ? undefined : o.record.transactions.find((p) => p.id === t.parentId);
  return {
    __typename: "OrderTransaction",
    id: gid("OrderTransaction", t.id),
    kind: t.kind,
    status: t.status,
    gateway: t.gateway,
    formattedGateway: t.gateway === "shopify_payments" ? "Shopify Payments" : t.gateway === "paypal" ? "PayPal" : "Manual",
    amountSet: o.bag(t.cents),
    createdAt: t.createdAt,
    processedAt: t.createdAt,
    test: o.record.test,
    errorCode: null,
    authorizationCode: t.kind === "AUTHORIZATION" ? `AUTH${t.id % 1_000_000}` : null,
    manualPaymentGateway: t.gateway === "manual",
    manuallyCapturable: false,
    multiCapturable: false,
    fees: [],
    receiptJson: "{}",
    paymentId: `r${t.id.toString(36)}`,
    parentTransaction: parent ? transactionNode(o, parent) : null,
    order: o.owner,
  };
}
