import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../index";
import type { WebhookFaults } from "./deliverer";
import { createFakeStore } from "../server/fake-store";
import { API_KEY, API_SECRET, gql, startReceiver, waitFor, type ReceivedWebhook } from "../server/test-helpers";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(faults?: WebhookFaults, respond?: (hook: ReceivedWebhook, index: number) => number) {
  const receiver = await startReceiver(respond);
  cleanups.push(receiver.close);
  const sim = await startSimulator({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    store: createFakeStore(),
    webhookUrl: receiver.url,
    webhookFaults: faults,
    seed: 7,
  });
  cleanups.push(() => sim.close());
  return { sim, receiver };
}

function emitUpdates(sim: RunningSimulator, count: number): void {
  for (let i = 0; i < count; i++) {
    sim.store.core.emit("products/update", { id: 1000 + i, admin_graphql_api_id: `gid://shopify/Product/${1000 + i}`, title: `P${i}` });
  }
}

describe("webhook delivery", () => {
  it("signs each store change with HMAC-SHA256 and sends Shopify's headers", async () => {
    const { sim, receiver } = await setup();
    emitUpdates(sim, 1);
    await sim.webhooksIdle();
    expect(receiver.received).toHaveLength(1);
    const [hook] = receiver.received;
    expect(hook.headers["x-shopify-hmac-sha256"]).toBe(createHmac("sha256", API_SECRET).update(hook.body).digest("base64"));
    expect(hook.headers["x-shopify-hmac-sha256"]).not.toBe(createHmac("sha256", "other").update(hook.body).digest("base64"));
    expect(hook.headers).toMatchObject({
      "x-shopify-topic": "products/update",
      "x-shopify-shop-domain": "demo-shop.myshopify.com",
      "x-shopify-api-version": "2026-10",
      "content-type": "application/json",
    });
    for (const header of ["x-shopify-webhook-id", "x-shopify-event-id", "x-shopify-triggered-at"]) {
      expect(hook.headers[header]).toBeTruthy();
    }
    expect(JSON.parse(hook.body)).toMatchObject({ id: 1000, admin_graphql_api_id: "gid://shopify/Product/1000" });
  });

  it("retries non-2xx answers with the same webhook id", async () => {
    const { sim, receiver } = await setup({ retryDelaysMs: [5, 5, 5] }, (_hook, index) => (index < 2 ? 500 : 200));
    emitUpdates(sim, 1);
    await sim.webhooksIdle();
    expect(receiver.received.map((h) => h.headers["x-shopify-webhook-id"])).toEqual(
      Array(3).fill(receiver.received[0].headers["x-shopify-webhook-id"]),
    );
    expect(sim.webhookLog().map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it("gives up after the retry schedule", async () => {
    const { sim, receiver } = await setup({ retryDelaysMs: [1, 1] }, () => 503);
    emitUpdates(sim, 1);
    await sim.webhooksIdle();
    expect(receiver.received).toHaveLength(3);
  });

  it("delivers duplicates with the same webhook id when asked", async () => {
    const { sim, receiver } = await setup({ duplicates: 1 });
    emitUpdates(sim, 3);
    await sim.webhooksIdle();
    expect(receiver.received).toHaveLength(6);
    const ids = receiver.received.map((h) => String(h.headers["x-shopify-webhook-id"]));
    expect(new Set(ids).size).toBe(3);
  });

  it("reorders deliveries within a window when asked", async () => {
    const { sim, receiver } = await setup({ reorder: true });
    emitUpdates(sim, 20);
    await waitFor(() => (receiver.received.length === 20 ? true : undefined));
    await sim.webhooksIdle();
    const order = receiver.received.map((h) => (JSON.parse(h.body) as { id: number }).id);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => 1000 + i));
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
  });

  it("keeps order and sends nothing when no URL is set", async () => {
    const { sim, receiver } = await setup();
    sim.setWebhookUrl(undefined);
    emitUpdates(sim, 2);
    await sim.webhooksIdle();
    expect(receiver.received).toHaveLength(0);
  });

  it("delivers mandatory compliance topics on demand", async () => {
    const { sim, receiver } = await setup();
    const status = await sim.deliverCompliance("customers/redact", {
      shop_id: 1,
      shop_domain: "demo-shop.myshopify.com",
      customer: { id: 5, email: "a@example.com", phone: null },
      orders_to_redact: [],
    });
    expect(status).toBe(200);
    expect(receiver.received[0].headers["x-shopify-topic"]).toBe("customers/redact");
  });

  it("runs on the default seeded store too", async () => {
    const sim = await startSimulator({ apiKey: API_KEY, apiSecret: API_SECRET, size: "tiny" });
    cleanups.push(() => sim.close());
    const { json } = await gql(sim, "{ currentBulkOperation { id } }");
    expect(json.data).toEqual({ currentBulkOperation: null });
  });
});
