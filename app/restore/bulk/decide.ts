/**
 * When a run's productSet steps go through one bulk mutation instead of one
 * request each. Through the bucket, N steps take (points − available) ÷
 * restore rate seconds (productSet priced by its documented dynamic cost,
 * estimate.ts); a bulk mutation spends no bucket points but pays a fixed
 * overhead: the upload, the start, polling until Shopify finishes, and the
 * result download. Bulk wins once the bucket time exceeds that overhead.
 */
import type { AdminClient } from "~/shopify/admin-client";
import { productSetCost, shapeOfProductSetInput } from "../estimate";
import type { JsonObject, StepState } from "../types";

export type BulkMode = "auto" | "always" | "never";

/**
 * Seconds a bulk mutation is allowed to cost (guard lookups, media, upload,
 * start, polling, download, Shopify running the lines). The benchmark
 * measured 12.7 s for 1,000 products on the simulator (docs/restore.md);
 * Shopify's queueing and per-line time are not documented, so the rule
 * switches only when the bucket would take longer than 15 s.
 */
export const BULK_OVERHEAD_SECONDS = 15;
/** Never bulk a handful of products: one failure mode less for small runs. */
export const BULK_MIN_STEPS = 50;

/** Documented points of a productSet step's input. */
export function stepPoints(step: StepState): number {
  return productSetCost(shapeOfProductSetInput((step.input.input ?? {}) as JsonObject));
}

/** Seconds the bucket needs for `points` from what it holds now (a fresh client assumes Standard, full). */
export function bucketSeconds(points: number, client: AdminClient): number {
  const state = client.throttleState();
  const available = state.known ? state.estimatedAvailable : 2000;
  const rate = state.known ? state.restoreRate : 100;
  return Math.max(0, points - available) / rate;
}

/** True when these pending productSet steps should run as one bulk mutation. */
export function shouldUseBulk(steps: StepState[], client: AdminClient, mode: BulkMode = "auto", overheadSeconds = BULK_OVERHEAD_SECONDS): boolean {
  if (mode === "never" || steps.length === 0) return false;
  if (mode === "always") return true;
  if (steps.length < BULK_MIN_STEPS) return false;
  return bucketSeconds(steps.reduce((sum, s) => sum + stepPoints(s), 0), client) > overheadSeconds;
}
