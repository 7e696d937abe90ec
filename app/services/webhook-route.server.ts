/** Glue between a webhook route and the handlers: verify with the library, then dispatch. */
import { getDb } from "~/db/shared.server";
import { authenticate } from "~/shopify.server";
import { handleWebhook } from "./webhooks.server";

/** Verifies the request (the library throws 401 on a bad HMAC) and handles it for `path`. */
export async function receiveWebhook(request: Request, path: string): Promise<Response> {
  const { topic, shop, webhookId, payload } = await authenticate.webhook(request);
  return handleWebhook(getDb(), path, { topic: String(topic), shop, webhookId, payload });
}
