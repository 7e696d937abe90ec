/**
 * The three mandatory compliance requests, reduced to the ids the jobs need.
 * Payloads carry personal data (email, phone); only ids go into job payloads
 * and the audit log, so neither ever holds what the customer asked us to erase.
 */
import { SnapshelfError } from "~/errors";
import type { JobPayload } from "~/jobs/job-queue";

export const REDACT_CUSTOMER_JOB = "redact-customer";
export const CUSTOMER_DATA_REQUEST_JOB = "customer-data-request";
export const REDACT_SHOP_JOB = "redact-shop";

export type ComplianceTopic = "customers/redact" | "customers/data_request" | "shop/redact";

/** What a customers/redact or customers/data_request job works on. */
export interface CustomerRequest {
  /** Shopify's numeric customer id as a string (ids exceed 2^53 in principle). */
  customerId: string;
  customerGid: string;
  orderGids: string[];
  /** data_request.id when Shopify sends one, for the export's file name. */
  requestId: string | null;
}

/** "CUSTOMERS_REDACT" (how the library reports topics) or "customers/redact" → the canonical topic. */
export function complianceTopic(topic: string): ComplianceTopic | undefined {
  const key = topic.toLowerCase().replace(/_/g, "/").replace("data/request", "data_request");
  return key === "customers/redact" || key === "customers/data_request" || key === "shop/redact" ? key : undefined;
}

const idPattern = /^[0-9]{1,20}$/;

function numericId(value: unknown): string | undefined {
  const text = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : typeof value === "string" ? value : undefined;
  if (text === undefined) return undefined;
  const tail = /\/([0-9]+)$/.exec(text)?.[1] ?? text;
  return idPattern.test(tail) ? tail : undefined;
}

/** The ids of a customers/* payload; undefined when it names no customer. */
export function parseCustomerRequest(payload: unknown): CustomerRequest | undefined {
  if (!payload || typeof payload !== "object") return undefined;
  const body = payload as { customer?: { id?: unknown }; orders_to_redact?: unknown; orders_requested?: unknown; data_request?: { id?: unknown } };
  const customerId = numericId(body.customer?.id);
  if (!customerId) return undefined;
  const listed = Array.isArray(body.orders_to_redact) ? body.orders_to_redact : Array.isArray(body.orders_requested) ? body.orders_requested : [];
  const orderIds = [...new Set(listed.map(numericId).filter((id): id is string => id !== undefined))];
  return {
    customerId,
    customerGid: `gid://shopify/Customer/${customerId}`,
    orderGids: orderIds.map((id) => `gid://shopify/Order/${id}`),
    requestId: numericId(body.data_request?.id) ?? null,
  };
}

/** A job payload from a parsed request (JSON only). */
export function customerJobPayload(request: CustomerRequest, webhookId: string | null): JobPayload {
  return { customerId: request.customerId, customerGid: request.customerGid, orderGids: request.orderGids, requestId: request.requestId, webhookId };
}

/** Reads a job payload back; throws on anything malformed (a programming error, not a retry). */
export function customerRequestFromJob(payload: JobPayload): CustomerRequest & { webhookId: string | null } {
  const { customerId, customerGid, orderGids, requestId, webhookId } = payload;
  if (typeof customerId !== "string" || typeof customerGid !== "string" || !Array.isArray(orderGids)) {
    throw new SnapshelfError("Malformed customer compliance job payload", { keys: Object.keys(payload) });
  }
  return {
    customerId,
    customerGid,
    orderGids: orderGids.filter((g): g is string => typeof g === "string"),
    requestId: typeof requestId === "string" ? requestId : null,
    webhookId: typeof webhookId === "string" ? webhookId : null,
  };
}
