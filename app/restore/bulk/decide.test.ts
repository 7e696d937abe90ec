import { describe, expect, it } from "vitest";
import type { AdminClient } from "~/shopify/admin-client";
import type { StepState } from "../types";
import { BULK_MIN_STEPS, bucketSeconds, shouldUseBulk, stepPoints } from "./decide";

/** A re-created product as the benchmark's: 3 variants, 1 variant metafield, 1 image → 12.9 documented points. */
function step(seq: number): StepState {
  const variants = [{ metafields: [{}] }, {}, {}];
  return { seq, kind: "productSet", recordGid: `gid://shopify/Product/${seq}`, input: { identifier: {}, input: { variants, files: [{}] }, media: [], create: true, newVariants: [] }, summary: "", status: "planned", result: null, userErrors: null, attempts: 0 };
}

function client(maximumAvailable: number, restoreRate: number, estimatedAvailable = maximumAvailable): AdminClient {
  return { throttleState: () => ({ known: true, maximumAvailable, restoreRate, estimatedAvailable, reserved: 0, inFlight: 0, requests: 0, throttledResponses: 0, retries: 0, waitedMs: 0 }) } as unknown as AdminClient;
}

const steps = (n: number) => Array.from({ length: n }, (_, i) => step(i));

describe("bulk or bucket", () => {
  it("prices a step by productSet's documented cost", () => {
    expect(stepPoints(step(1))).toBeCloseTo(12.9, 10);
    // 1,000 such products on Standard from a full bucket: (12,900 − 2,000) ÷ 100 = 109 s through the bucket.
    expect(bucketSeconds(12_900, client(2000, 100))).toBeCloseTo(109, 10);
  });

  it("switches to bulk once the bucket would take longer than the bulk overhead", () => {
    const standard = client(2000, 100);
    expect(shouldUseBulk(steps(1000), standard)).toBe(true);
    expect(shouldUseBulk(steps(200), standard)).toBe(false); // 2,580 points: 6 s
    expect(shouldUseBulk(steps(300), standard)).toBe(true); // 3,870 points: 19 s
    // An emptied bucket makes bulk pay off sooner.
    expect(shouldUseBulk(steps(200), client(2000, 100, 0))).toBe(true);
    // Plus: 1,000 products fit its 20,000-point bucket.
    expect(shouldUseBulk(steps(1000), client(20_000, 1000))).toBe(false);
    expect(shouldUseBulk(steps(BULK_MIN_STEPS - 1), client(2000, 100, 0))).toBe(false);
    expect(shouldUseBulk(steps(3), standard, "always")).toBe(true);
    expect(shouldUseBulk(steps(5000), standard, "never")).toBe(false);
  });
});
