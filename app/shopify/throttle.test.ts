/**
 * The bucket estimate against Shopify's bucket as documented: the requested
 * cost is taken when a request arrives, the difference to the actual cost is
 * refunded with the answer, and an answer's status counts every request that
 * had arrived before it was written.
 */
import { describe, expect, it } from "vitest";
import { BucketEstimate, type ThrottleStatus } from "./throttle";

const status = (currentlyAvailable: number): ThrottleStatus => ({ maximumAvailable: 2000, currentlyAvailable, restoreRate: 100 });

/** A bucket estimate on a clock that does not move (no refill between steps), synced at `level`. */
function syncedAt(level: number): BucketEstimate {
  const bucket = new BucketEstimate(() => 0);
  bucket.release(bucket.reserve(10), status(level), 10);
  return bucket;
}

describe("bucket estimate", () => {
  it("does not count a request twice once an answer's status holds its debit", () => {
    const bucket = syncedAt(1800);
    const a = bucket.reserve(400);
    const b = bucket.reserve(400);
    const c = bucket.reserve(400);
    expect(bucket.available()).toBe(1800 - 1200);
    // A cost 200. B and C had reached Shopify: 400 each taken on arrival.
    bucket.release(a, status(1800 - 200 - 800), 200);
    expect(bucket.available()).toBe(800);
    expect(bucket.snapshot()).toMatchObject({ reserved: 0, inFlight: 2 });
    // B's and C's answers bring their refunds (400 requested, 150 actual); nothing is taken twice.
    bucket.release(b, status(800 + 250), 150);
    expect(bucket.available()).toBe(1050);
    bucket.release(c, status(1050 + 250), 150);
    expect(bucket.available()).toBe(1300);
    expect(bucket.snapshot()).toMatchObject({ reserved: 0, inFlight: 0 });
  });

  it("keeps the reservation of a request the answer does not show as taken", () => {
    const bucket = syncedAt(1500);
    const a = bucket.reserve(400);
    const b = bucket.reserve(400);
    // A cost 200 and nothing else was taken: B has not reached Shopify yet.
    bucket.release(a, status(1300), 200);
    expect(bucket.available()).toBe(1300 - 400);
    expect(bucket.waitFor(1000)).toBe(1000); // 100 points short at 100 points/s
    // B's answer: taken on arrival, refunded down to its 50 actual.
    bucket.release(b, status(1250), 50);
    expect(bucket.available()).toBe(1250);
  });

  it("settles the oldest reservations first, and only as many points as were taken", () => {
    const bucket = syncedAt(2000);
    const a = bucket.reserve(100);
    bucket.reserve(300);
    const c = bucket.reserve(300);
    // A cost 100; 300 more were taken: one request's worth (the older, B), not C's too.
    bucket.release(a, status(2000 - 100 - 300), 100);
    expect(bucket.available()).toBe(1600 - 300);
    // C's answer: C cost 300, and nothing else was taken since.
    bucket.release(c, status(1600 - 300), 300);
    expect(bucket.available()).toBe(1300);
  });

  it("takes nothing for a THROTTLED answer, and settles what others took meanwhile", () => {
    const bucket = syncedAt(500);
    const a = bucket.reserve(400);
    const b = bucket.reserve(400);
    // B arrived first and took 400; A was refused and charged nothing.
    bucket.release(a, status(100), 0);
    expect(bucket.available()).toBe(100);
    bucket.release(b, status(100 + 300), 100);
    expect(bucket.available()).toBe(400);
  });

  it("assumes a request without a status was charged in full (the safe side)", () => {
    const bucket = syncedAt(1000);
    const a = bucket.reserve(300);
    const b = bucket.reserve(300);
    bucket.release(a, undefined);
    expect(bucket.available()).toBe(1000 - 300 - 300);
    bucket.release(b, undefined);
    expect(bucket.available()).toBe(400);
  });
});
