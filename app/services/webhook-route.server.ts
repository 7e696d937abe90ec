/** Glue between a webhook route and the handlers: verify with the library, then dispatch. */
import { isChangeTopic, recordChangeWebhook } from "~/backup/incremental/intake";
import { getDb } from "~/db/shared.server";
import { handleComplianceWebhook } from "~/privacy/compliance-webhook";
import { complianceTopic } from "~/privacy/requests";
import { authenticate } from "~/shopify.server";
import { handleWebhook, topicKey, WEBHOOK_ROUTES } from "./webhooks.server";
import { appQueue } from "./worker.server";

/** Verifies the request (the library throws 401 on a bad HMAC) and handles it for `path`. */
export async function receiveWebhook(request: Request, path: string): Promise<Response> {
  const { topic, shop, webhookId, payload, eventId, triggeredAt } = await authenticate.webhook(request);
  const accepted = (WEBHOOK_ROUTES[path] ?? []).map(topicKey).includes(String(topic));
  if (accepted && isChangeTopic(String(topic))) {
    // Durable insert + coalescing enqueue only: the re-fetch runs in the incremental job.
    await recordChangeWebhook(getDb(), appQueue(), { shop, topic: String(topic), payload, eventId, webhookId, triggeredAt });
    return new Response(null, { status: 200 });
  }
  if (accepted && complianceTopic(String(topic))) {
    // Privacy (app/privacy): record the request and durably enqueue its job; the work runs there.
    return handleComplianceWebhook(getDb(), appQueue(), { topic: String(topic), shop, webhookId, payload });
  }
  return handleWebhook(getDb(), path, { topic: String(topic), shop, webhookId, payload });
}
