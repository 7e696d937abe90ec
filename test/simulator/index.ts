/**
 * The Shopify Admin API simulator: a seeded store behind Shopify's HTTP
 * surface (GraphQL with cost throttling, token exchange, bulk operations,
 * signed webhooks). Tests, the demo and benchmarks start it with
 * `startSimulator()`; `npm run simulator` runs it standalone.
 */
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { BulkOperations, type BulkFailureKind } from "./bulk/operations";
import { withBulkOperations } from "./bulk/resolvers";
import { BulkMutations, type BulkMutationFailure } from "./bulk/mutation";
import { withBulkMutations } from "./bulk/mutation-resolvers";
import { LeakyBucket, PLAN_LIMITS, systemClock, type Clock, type Plan } from "./cost/bucket";
import { SIMULATED_API_VERSION } from "./schema/admin-schema";
import { createSimulatorServer } from "./server/http";
import { TokenRegistry } from "./server/tokens";
import { createSimStore, type SimStore } from "./store";
import { APP_UNDER_TEST, type SimApp, type StoreSize } from "./store/core";
import { WebhookDeliverer, type DeliveryRecord, type WebhookFaults } from "./webhooks/deliverer";

export type { BulkFailureKind } from "./bulk/operations";
export type { Clock } from "./cost/bucket";
export type { DeliveryRecord, WebhookFaults } from "./webhooks/deliverer";

export interface SimulatorOptions {
  /** 0 = ephemeral */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  seed?: number;
  size?: StoreSize;
  /** default "demo-shop.myshopify.com" */
  shopDomain?: string;
  plan?: Plan;
  apiKey: string;
  apiSecret: string;
  /** Where to POST webhooks, e.g. http://127.0.0.1:3000/webhooks */
  webhookUrl?: string;
  webhookFaults?: WebhookFaults;
  /** Granted scopes, comma-separated as Shopify reports them (default: what Snapshelf asks for). */
  scopes?: string;
  /** A prebuilt store (tests inject small fake domains); default createSimStore({seed,size,shopDomain}). */
  store?: SimStore;
  /** Time source for the leaky bucket, token expiry and result-URL expiry (default: real time). */
  clock?: Clock;
  /** X-Shopify-API-Version sent with webhooks (default: the newest simulated version). */
  webhookApiVersion?: string;
  /** Root objects per bulk page between event-loop turns (default 100). */
  bulkPageSize?: number;
  /** Nodes per nested connection per pass of a bulk page (tests use small windows). */
  bulkNestedWindow?: number;
}

export type ComplianceTopic = "customers/data_request" | "customers/redact" | "shop/redact";

export interface RunningSimulator {
  /** http://127.0.0.1:PORT */
  url: string;
  store: SimStore;
  shopDomain: string;
  /** A valid offline token for the app. */
  accessToken(): string;
  /** A valid offline token of another app on the store: its own rate-limit bucket (Shopify limits per app and store). */
  otherAppToken(): string;
  setWebhookUrl(url: string | undefined): void;
  /** The next bulk operation fails this way. */
  injectBulkFailure(kind: BulkFailureKind): void;
  /** The next bulk mutation (bulkOperationRunMutation) fails this way. */
  injectBulkMutationFailure(kind: BulkMutationFailure): void;
  /** POSTs a mandatory compliance webhook now (with retries); resolves with the final HTTP status. */
  deliverCompliance(topic: ComplianceTopic, payload: Record<string, unknown>): Promise<number>;
  /** Resolves when no webhook is queued, in flight or waiting for a retry. */
  webhooksIdle(): Promise<void>;
  /** Every webhook attempt so far, oldest first. */
  webhookLog(): readonly DeliveryRecord[];
  close(): Promise<void>;
}

/** Snapshelf's access scopes (shopify.app.toml); what token exchange reports as granted. */
export const DEFAULT_SCOPES = [
  "read_products",
  "write_products",
  "read_inventory",
  "write_inventory",
  "read_locations",
  "read_customers",
  "write_customers",
  "read_orders",
  "read_all_orders",
  "write_orders",
  "read_content",
  "write_content",
  "read_online_store_navigation",
  "write_online_store_navigation",
  "read_metaobjects",
  "write_metaobjects",
  "read_metaobject_definitions",
  "write_metaobject_definitions",
  "read_themes",
  "write_themes",
  "read_files",
  "write_files",
].join(",");

/** Starts the simulator and resolves once it listens. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const shopDomain = options.shopDomain ?? options.store?.core.shopDomain ?? "demo-shop.myshopify.com";
  const baseStore = options.store ?? createSimStore({ seed: options.seed, size: options.size, shopDomain });
  const clock = options.clock ?? systemClock;
  const limits = PLAN_LIMITS[options.plan ?? "standard"];
  let baseUrl = "";

  const webhooks = new WebhookDeliverer({
    apiSecret: options.apiSecret,
    shopDomain,
    apiVersion: options.webhookApiVersion ?? SIMULATED_API_VERSION,
    url: options.webhookUrl,
    faults: options.webhookFaults,
    seed: options.seed,
  });
  // Shopify notifies the app that ran the operation; only the app under test has a webhook URL here.
  const notifyFinished = (type: "query" | "mutation") => (operation: { app: SimApp } & Parameters<typeof bulkFinishPayload>[0]) => {
    if (operation.app === APP_UNDER_TEST) webhooks.enqueue("bulk_operations/finish", bulkFinishPayload(operation, type));
  };
  const bulk = new BulkOperations({
    store: baseStore,
    clock,
    baseUrl: () => baseUrl,
    signingSecret: randomBytes(32).toString("hex"),
    pageSize: options.bulkPageSize,
    nestedWindow: options.bulkNestedWindow,
    onFinish: notifyFinished("query"),
  });
  // Bulk mutations: their own operations, finishing with the same webhook (type "mutation").
  const bulkMutations = new BulkMutations({
    clock,
    baseUrl: () => baseUrl,
    signingSecret: randomBytes(32).toString("hex"),
    onFinish: notifyFinished("mutation"),
  });
  const store = withBulkMutations(withBulkOperations(baseStore, bulk), bulkMutations);
  const tokens = new TokenRegistry({
    apiKey: options.apiKey,
    apiSecret: options.apiSecret,
    shopDomain,
    scopes: options.scopes ?? DEFAULT_SCOPES,
    clock,
  });
  const buckets = { app: new LeakyBucket(limits.maximumAvailable, limits.restoreRate, clock), other: new LeakyBucket(limits.maximumAvailable, limits.restoreRate, clock) };
  const unsubscribe = baseStore.core.onChange((event) => webhooks.enqueue(event.topic, event.payload, event.triggeredAt));

  const server = createSimulatorServer({ store, bucketFor: (app) => buckets[app], tokens, bulk, shopDomain, baseUrl: () => baseUrl });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;

  return {
    url: baseUrl,
    store,
    shopDomain,
    accessToken: () => tokens.offlineToken,
    otherAppToken: () => tokens.otherAppToken,
    setWebhookUrl: (url) => webhooks.setUrl(url),
    injectBulkFailure: (kind) => bulk.injectFailure(kind),
    injectBulkMutationFailure: (kind) => bulkMutations.injectFailure(kind),
    deliverCompliance: (topic, payload) => webhooks.deliverNow(topic, payload),
    webhooksIdle: () => webhooks.idle(),
    webhookLog: () => webhooks.log,
    close: async () => {
      unsubscribe();
      webhooks.close();
      await bulk.close();
      await bulkMutations.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The bulk_operations/finish payload; it carries no URL: the app re-queries the operation by id. */
function bulkFinishPayload(
  operation: { gid: string; completedAt: Date | null; createdAt: Date; errorCode: string | null; status: string },
  type: "query" | "mutation",
): Record<string, unknown> {
  return {
    admin_graphql_api_id: operation.gid,
    completed_at: operation.completedAt?.toISOString() ?? null,
    created_at: operation.createdAt.toISOString(),
    error_code: operation.errorCode?.toLowerCase() ?? null,
    status: operation.status.toLowerCase(),
    type,
  };
}
