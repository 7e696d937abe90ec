import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "~/services/webhook-route.server";

/** Shopify webhooks for /webhooks/compliance: HMAC-verified by the library (401 when it fails). */
export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, "/webhooks/compliance");
