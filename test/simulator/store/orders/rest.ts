/**
 * The REST order shape that orders/* webhooks carry (snake_case, numeric
 * ids, admin_graphql_api_id, money as decimal strings).
 */
import { gid } from "../core";
import { restAddress } from "../customers/addresses";
import { formatCents } from "../customers/node";
import { subtotalCents, totalCents, type OrderRecord } from "./data";

/** The REST-shaped order, as orders/create and orders/updated webhooks carry it. */
export function orderRestPayload(order: OrderRecord, customer: Record<string, unknown> | null): Record<string, unknown> {
  const money = (cents: number) => formatCents(cents);
  const financial = order.financialStatus.toLowerCase();
  const fulfillment =
    order.fulfillmentStatus === "FULFILLED" ? "fulfilled" : order.fulfillmentStatus === "PARTIALLY_FULFILLED" ? "partial" : null;
  return {
    id: order.id,
    admin_graphql_api_id: gid("Order", order.id),
    name: order.name,
    order_number: order.number,
    number: order.number - 1000,
    email: order.email,
    contact_email: order.email,
    phone: order.phone,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    processed_at: order.processedAt,
    cancelled_at: order.cancelledAt,
    cancel_reason: order.cancelReason?.toLowerCase() ?? null,
    closed_at: order.closedAt,
    financial_status: financial,
    fulfillment_status: fulfillment,
    currency: order.currency,
    presentment_currency: order.currency,
    subtotal_price: money(subtotalCents(order)),
    total_tax: money(order.taxCents),
    total_discounts: money(order.discountCents),
    total_price: money(totalCents(order)),
    tags: order.tags.join(", "),
    note: order.note,
    test: order.test,
    source_name: order.sourceName,
    buyer_accepts_marketing: order.buyerAcceptsMarketing,
    customer,
    billing_address: order.billingAddress ? restAddress(order.billingAddress) : null,
    shipping_address: order.shippingAddress ? restAddress(order.shippingAddress) : null,
    line_items: order.lineItems.map((line) => ({
      id: line.id,
      admin_graphql_api_id: gid("LineItem", line.id),
      title: line.title,
      variant_title: line.variantTitle,
      name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
      quantity: line.quantity,
      sku: line.sku,
      vendor: line.vendor,
      price: money(line.unitCents),
      product_id: line.productId,
      variant_id: line.variantId,
      requires_shipping: line.requiresShipping,
      taxable: line.taxable,
    })),
    fulfillments: order.fulfillments.map((f) => ({
      id: f.id,
      admin_graphql_api_id: gid("Fulfillment", f.id),
      status: f.status.toLowerCase(),
      created_at: f.createdAt,
      tracking_company: f.trackingCompany,
      tracking_number: f.trackingNumber,
      tracking_url: f.trackingUrl,
    })),
    refunds: order.refunds.map((r) => ({
      id: r.id,
      admin_graphql_api_id: gid("Refund", r.id),
      created_at: r.createdAt,
      note: r.note,
    })),
  };
}
