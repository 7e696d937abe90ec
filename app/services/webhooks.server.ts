/**
 * Which webhook topics each route accepts, and what each topic does today.
 * shopify.app.toml subscribes topics to these paths; a test holds the two
 * together. The demo's simulator posts every topic to `/webhooks`, which
 * Shopify also allows, so that path accepts them all.
 */
import type { Db } from "~/db.server";
import { recordAudit } from "./audit.server";
import { markUninstalled } from "./shops.server";

export const CHANGE_TOPICS = [
  "products/create",
  "products/update",
  "products/delete",
  "collections/create",
  "collections/update",
  "collections/delete",
  "inventory_levels/update",
  "inventory_levels/connect",
  "inventory_levels/disconnect",
  "customers/create",
  "customers/update",
  "customers/delete",
  "orders/create",
  "orders/updated",
  "orders/delete",
  "metaobjects/create",
  "metaobjects/update",
  "metaobjects/delete",
  "themes/create",
  "themes/update",
  "themes/publish",
  "themes/delete",
  "shop/update",
] as const;
export const COMPLIANCE_TOPICS = [
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;

export const WEBHOOK_ROUTES: Record<string, readonly string[]> = {
  "/webhooks": [
    ...CHANGE_TOPICS,
    "bulk_operations/finish",
    "app/uninstalled",
    ...COMPLIANCE_TOPICS,
  ],
  "/webhooks/app/uninstalled": ["app/uninstalled"],
  "/webhooks/compliance": [...COMPLIANCE_TOPICS],
};

/** The library reports topics as e.g. "APP_UNINSTALLED"; this maps "app/uninstalled" to that. */
export function topicKey(topic: string): string {
  return topic.toUpperCase().replace(/[/.]/g, "_");
}

export interface WebhookEvent {
  topic: string;
  shop: string;
  webhookId: string;
  payload: unknown;
}

/** Handles one verified webhook for `path`; 404 response for topics the path does not take. */
export async function handleWebhook(db: Db, path: string, event: WebhookEvent): Promise<Response> {
  const accepted = (WEBHOOK_ROUTES[path] ?? []).map(topicKey);
  if (!accepted.includes(event.topic)) return new Response("Unhandled topic", { status: 404 });

  if (event.topic === "APP_UNINSTALLED") {
    await markUninstalled(db, event.shop);
  } else if ((COMPLIANCE_TOPICS as readonly string[]).map(topicKey).includes(event.topic)) {
    // Acknowledged and recorded now; the redaction work (crypto-shredding)
    // is queued by the backup engine once it exists. Shopify allows 30 days.
    await recordAudit(db, {
      shop: event.shop,
      actor: "shopify",
      action: `compliance.${event.topic.toLowerCase()}`,
      details: { webhookId: event.webhookId, ...complianceIds(event.payload) },
    });
  }
  // Change and bulk_operations/finish topics: accepted; the incremental
  // pipeline subscribes to them when it lands.
  return new Response(null, { status: 200 });
}

/** The ids a compliance request names, without the personal data around them. */
function complianceIds(payload: unknown): { customerId?: number; ordersRequested?: number[] } {
  if (!payload || typeof payload !== "object") return {};
  const body = payload as {
    customer?: { id?: number };
    orders_requested?: number[];
    orders_to_redact?: number[];
  };
  return {
    customerId: body.customer?.id,
    ordersRequested: body.orders_requested ?? body.orders_to_redact,
  };
}
