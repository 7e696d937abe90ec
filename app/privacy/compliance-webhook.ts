/**
 * The compliance webhooks' fast path: record the request (ids only) and
 * durably enqueue its job, then answer 200. The work itself (shredding keys,
 * exporting, erasing the shop) runs in the jobs, well within Shopify's 30 days
 * and never inside the webhook's 5 s answer window.
 */
import type { Db } from "~/db.server";
import type { JobQueue } from "~/jobs/job-queue";
import { recordAudit } from "~/services/audit.server";
import {
  complianceTopic,
  CUSTOMER_DATA_REQUEST_JOB,
  customerJobPayload,
  parseCustomerRequest,
  REDACT_CUSTOMER_JOB,
  REDACT_SHOP_JOB,
} from "./requests";

export interface ComplianceEvent {
  /** As the library reports it ("CUSTOMERS_REDACT") or as Shopify names it ("customers/redact"). */
  topic: string;
  shop: string;
  webhookId: string;
  payload: unknown;
}

/** Records and enqueues one verified compliance webhook; 200 once the job is durable. */
export async function handleComplianceWebhook(db: Db, queue: JobQueue, event: ComplianceEvent): Promise<Response> {
  const topic = complianceTopic(event.topic);
  if (!topic) return new Response("Unhandled topic", { status: 404 });
  const action = `compliance.${topic.replace("/", "_")}`;
  if (topic === "shop/redact") {
    // One erase per shop: re-deliveries while it is queued join the same job.
    const jobId = await queue.enqueue({ shop: event.shop, kind: REDACT_SHOP_JOB, payload: { webhookId: event.webhookId }, dedupeKey: REDACT_SHOP_JOB });
    await recordAudit(db, { shop: event.shop, actor: "shopify", action, details: { webhookId: event.webhookId, jobId } });
    return new Response(null, { status: 200 });
  }
  const request = parseCustomerRequest(event.payload);
  if (!request) {
    // Nothing to act on; answering 200 stops Shopify's retries of a payload that will never parse.
    await recordAudit(db, { shop: event.shop, actor: "shopify", action, details: { webhookId: event.webhookId, ignored: "no customer id" } });
    return new Response(null, { status: 200 });
  }
  const kind = topic === "customers/redact" ? REDACT_CUSTOMER_JOB : CUSTOMER_DATA_REQUEST_JOB;
  const jobId = await queue.enqueue({
    shop: event.shop,
    kind,
    payload: customerJobPayload(request, event.webhookId),
    dedupeKey: `${kind}:${request.customerId}:${request.requestId ?? ""}`,
  });
  await recordAudit(db, {
    shop: event.shop,
    actor: "shopify",
    action,
    // Numeric ids only (the payload's email and phone are never kept).
    details: {
      webhookId: event.webhookId,
      jobId,
      customerId: Number(request.customerId),
      ordersRequested: request.orderGids.map((gid) => Number(gid.slice(gid.lastIndexOf("/") + 1))),
    },
  });
  return new Response(null, { status: 200 });
}
