/**
 * Durable intake of change webhooks: one WebhookEvent row per (shop, event
 * id, topic), duplicates dropped by the unique index, then one coalescing
 * "incremental" job per shop and window. Nothing slow happens here, so the
 * route answers well inside Shopify's 5 s deadline.
 */
import type { Db } from "~/db.server";
import { isUniqueViolation } from "~/jobs/db-job-claim";
import type { JobQueue } from "~/jobs/job-queue";
import { INCREMENTAL_JOB } from "./job-kinds";
import { canonicalTopic, payloadGid, topicTarget } from "./topics";

/** Bursts inside one window share a job; the job starts when its window closes. */
export const DEFAULT_COALESCE_MS = 250;

export interface ChangeWebhook {
  shop: string;
  topic: string;
  payload: unknown;
  /** X-Shopify-Event-Id (falls back to the webhook id: the same for redeliveries of one webhook). */
  eventId?: string | null;
  webhookId?: string | null;
  /** X-Shopify-Triggered-At (ISO time). */
  triggeredAt?: string | null;
}

export interface IntakeResult {
  /** False when the event was already recorded (duplicate delivery) or is not a change topic. */
  recorded: boolean;
  jobId?: string;
  /** Milliseconds from the durable insert to the enqueue's return. */
  enqueueMs?: number;
}

export interface IntakeOptions {
  coalesceMs?: number;
  now?: () => number;
}

/** True for topics the incremental pipeline takes. */
export function isChangeTopic(topic: string): boolean {
  return topicTarget(topic) !== undefined;
}

/** Records one verified change webhook and makes sure a job will pick it up. */
export async function recordChangeWebhook(db: Db, queue: JobQueue, hook: ChangeWebhook, options: IntakeOptions = {}): Promise<IntakeResult> {
  const topic = canonicalTopic(hook.topic);
  if (!topicTarget(topic)) return { recorded: false };
  const eventId = hook.eventId || hook.webhookId;
  if (!eventId) return { recorded: false };
  const triggered = hook.triggeredAt ? new Date(hook.triggeredAt) : null;
  try {
    await db.webhookEvent.create({
      data: {
        shop: hook.shop,
        topic,
        gid: payloadGid(topic, hook.payload),
        eventId,
        webhookId: hook.webhookId ?? null,
        triggeredAt: triggered && !Number.isNaN(triggered.getTime()) ? triggered : null,
      },
    });
  } catch (error) {
    // Shopify redelivers the same event: the first copy is already durable.
    if (isUniqueViolation(error)) return { recorded: false };
    throw error;
  }
  const inserted = Date.now();
  const jobId = await enqueueIncremental(queue, hook.shop, options);
  return { recorded: true, jobId, enqueueMs: Date.now() - inserted };
}

/** Enqueues (or joins) the shop's incremental job for the current window. */
export async function enqueueIncremental(queue: JobQueue, shop: string, options: IntakeOptions = {}): Promise<string> {
  const window = options.coalesceMs ?? DEFAULT_COALESCE_MS;
  const now = options.now?.() ?? Date.now();
  // A key per window (not one per shop): an event arriving while the previous
  // window's job runs gets a new job instead of joining one that already took its batch.
  const slot = Math.floor(now / window);
  return queue.enqueue({
    shop,
    kind: INCREMENTAL_JOB,
    payload: { window: slot },
    dedupeKey: `${INCREMENTAL_JOB}:${slot}`,
    runAfter: new Date((slot + 1) * window),
  });
}
