/**
 * Delivers webhooks the way Shopify does (shopify.dev "About webhooks",
 * "Troubleshooting webhooks"): a JSON POST signed with
 * X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the raw body with the app's
 * secret), the X-Shopify-* headers, a 5 s answer deadline, and retries on
 * failure (Shopify: 8 retries over 4 hours; here the schedule is
 * compressible). Fault switches reproduce what Shopify documents as
 * possible: duplicate deliveries, no ordering guarantee, and delays.
 */
import { createHmac, randomUUID } from "node:crypto";
import { Rng } from "../store/core";

export interface WebhookFaults {
  /** Probability (0..1) that a delivery is sent twice with the same webhook id. */
  duplicates?: number;
  /** Shuffle deliveries within a short window (Shopify does not guarantee order). */
  reorder?: boolean;
  /** Delay before each retry; its length is the number of retries (Shopify: 8 over 4 h). */
  retryDelaysMs?: number[];
  /** Extra random delay (0..delayMs) before each first attempt. */
  delayMs?: number;
}

export interface DeliveryRecord {
  topic: string;
  webhookId: string;
  eventId: string;
  attempts: number;
  /** Last HTTP status, or 0 when the request failed or timed out. */
  status: number;
}

export interface WebhookDelivererOptions {
  apiSecret: string;
  shopDomain: string;
  apiVersion: string;
  url?: string;
  faults?: WebhookFaults;
  seed?: number;
}

/** Compressed version of Shopify's 8-retry, 4-hour schedule (same shape, milliseconds instead of minutes). */
export const DEFAULT_RETRY_DELAYS_MS = [50, 100, 200, 400, 800, 1600, 3200, 6400];
/** Shopify expects an answer within 5 seconds, else counts the attempt as failed. */
const RESPONSE_DEADLINE_MS = 5000;
const REORDER_WINDOW_MS = 25;

interface Delivery {
  topic: string;
  body: string;
  webhookId: string;
  eventId: string;
  triggeredAt: Date;
  url: string;
}

export class WebhookDeliverer {
  private url: string | undefined;
  private readonly rng: Rng;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private reorderBuffer: Delivery[] = [];
  private closed = false;
  /** Every attempt's outcome, newest last (for tests and debugging). */
  readonly log: DeliveryRecord[] = [];

  constructor(private readonly options: WebhookDelivererOptions) {
    this.url = options.url;
    this.rng = new Rng(options.seed ?? 1);
  }

  setUrl(url: string | undefined): void {
    this.url = url;
  }

  /** Queues a topic's payload for delivery; dropped when no URL is subscribed (no subscription, no webhook). */
  enqueue(topic: string, payload: Record<string, unknown>, triggeredAt = new Date()): void {
    if (!this.url || this.closed) return;
    const delivery: Delivery = {
      topic,
      body: JSON.stringify(payload),
      webhookId: randomUUID(),
      eventId: randomUUID(),
      triggeredAt,
      url: this.url,
    };
    if (this.options.faults?.reorder) {
      this.reorderBuffer.push(delivery);
      if (this.reorderBuffer.length === 1) this.later(REORDER_WINDOW_MS, () => this.flushReordered());
      return;
    }
    this.dispatch(delivery);
  }

  /** Sends once (with retries) and resolves with the final status: for compliance topics and direct use. */
  async deliverNow(topic: string, payload: Record<string, unknown>, url = this.url): Promise<number> {
    if (!url) throw new Error("No webhook URL configured");
    const delivery: Delivery = {
      topic,
      body: JSON.stringify(payload),
      webhookId: randomUUID(),
      eventId: randomUUID(),
      triggeredAt: new Date(),
      url,
    };
    return this.attemptWithRetries(delivery);
  }

  /** Resolves when nothing is queued or in flight (retries included). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.timers.size > 0) {
      await Promise.allSettled([...this.inFlight]);
      if (this.timers.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private flushReordered(): void {
    const batch = this.rng.sample(this.reorderBuffer, this.reorderBuffer.length);
    this.reorderBuffer = [];
    for (const delivery of batch) this.dispatch(delivery);
  }

  private dispatch(delivery: Delivery): void {
    const faults = this.options.faults ?? {};
    const send = () => {
      this.track(this.attemptWithRetries(delivery));
      // Shopify may deliver the same webhook more than once: receivers dedupe on the webhook id.
      if (faults.duplicates && this.rng.next() < faults.duplicates) this.track(this.attemptWithRetries(delivery));
    };
    const delay = faults.delayMs ? Math.floor(this.rng.next() * faults.delayMs) : 0;
    if (delay > 0) this.later(delay, send);
    else send();
  }

  private async attemptWithRetries(delivery: Delivery): Promise<number> {
    const delays = this.options.faults?.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    let status = 0;
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (this.closed) return status;
      status = await this.post(delivery);
      const record = { topic: delivery.topic, webhookId: delivery.webhookId, eventId: delivery.eventId, attempts: attempt + 1, status };
      this.log.push(record);
      if (status >= 200 && status < 300) return status;
      if (attempt < delays.length) await new Promise<void>((resolve) => this.later(delays[attempt], resolve));
    }
    return status;
  }

  private async post(delivery: Delivery): Promise<number> {
    const hmac = createHmac("sha256", this.options.apiSecret).update(delivery.body, "utf8").digest("base64");
    try {
      const response = await fetch(delivery.url, {
        method: "POST",
        body: delivery.body,
        headers: {
          "Content-Type": "application/json",
          "X-Shopify-Topic": delivery.topic,
          "X-Shopify-Hmac-Sha256": hmac,
          "X-Shopify-Shop-Domain": this.options.shopDomain,
          "X-Shopify-API-Version": this.options.apiVersion,
          "X-Shopify-Webhook-Id": delivery.webhookId,
          "X-Shopify-Event-Id": delivery.eventId,
          "X-Shopify-Triggered-At": delivery.triggeredAt.toISOString(),
        },
        signal: AbortSignal.timeout(RESPONSE_DEADLINE_MS),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.status;
    } catch {
      return 0;
    }
  }

  private later(ms: number, callback: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      callback();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private track(promise: Promise<unknown>): void {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
  }
}
