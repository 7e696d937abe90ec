/**
 * The JobQueue battery: every implementation runs it unchanged. Timings are
 * short (lease ~1 s, poll ~50 ms) and nothing asserts on durations, only on
 * order and outcomes.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RetryableError } from "~/errors";
import type {
  JobHandler,
  JobInfo,
  JobQueue,
  JobStatus,
  JobWorker,
  WorkerOptions,
} from "./job-queue";

/** A fresh, empty queue and how to dispose of it. */
export interface QueueUnderTest {
  queue: JobQueue;
  cleanup: () => Promise<void>;
}

/**
 * Timings the factory must give its queue so the battery runs in seconds:
 * maxAttempts 3, backoffMs 50, leaseMs 1000, pollMs 50.
 */
export const CONFORMANCE_TIMINGS = {
  maxAttempts: 3,
  backoffMs: 50,
  maxBackoffMs: 200,
  leaseMs: 1_000,
  pollMs: 50,
};

const FINAL: JobStatus[] = ["succeeded", "failed", "canceled"];

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Registers the JobQueue battery for one implementation. */
export function runJobQueueConformance(
  name: string,
  makeQueue: () => Promise<QueueUnderTest>,
): void {
  describe(`JobQueue conformance: ${name}`, () => {
    let current: QueueUnderTest;
    let queue: JobQueue;
    const workers: JobWorker[] = [];
    const start = (options: WorkerOptions) => {
      const worker = queue.startWorker({ shutdownGraceMs: 100, ...options });
      workers.push(worker);
      return worker;
    };
    const settled = (id: string) =>
      waitFor(`job ${id} to end`, async () => {
        const job = await queue.get(id);
        return job && FINAL.includes(job.status) ? job : undefined;
      });

    beforeEach(async () => {
      current = await makeQueue();
      queue = current.queue;
    });
    afterEach(async () => {
      await Promise.all(workers.splice(0).map((w) => w.stop()));
      await queue.close();
      await current.cleanup();
    });

    it("runs a job to success with its progress readable while it runs", async () => {
      const release = gate();
      const seen: JobInfo[] = [];
      const id = await queue.enqueue({
        shop: "a.myshopify.com",
        kind: "snapshot",
        payload: { full: true, types: ["products"] },
      });
      expect((await queue.get(id))?.status).toBe("queued");
      start({
        concurrency: 1,
        handlers: {
          snapshot: async (job, ctx) => {
            seen.push(job);
            await ctx.progress("products", 1, 3);
            await release.opened;
            await ctx.progress("products", 3);
          },
        },
      });
      const mid = await waitFor("progress mid-run", async () => {
        const job = await queue.get(id);
        return job?.phase === "products" ? job : undefined;
      });
      expect(mid).toMatchObject({
        status: "running",
        progress: { done: 1, expected: 3 },
        attempts: 1,
      });
      release.open();
      const done = await settled(id);
      expect(done).toMatchObject({
        status: "succeeded",
        shop: "a.myshopify.com",
        kind: "snapshot",
        payload: { full: true, types: ["products"] },
        phase: "products",
        progress: { done: 3, expected: 3 },
        attempts: 1,
        error: null,
      });
      expect(seen.map((j) => [j.id, j.payload])).toEqual([
        [id, { full: true, types: ["products"] }],
      ]);
      expect((await queue.list({ shop: "a.myshopify.com" })).map((j) => j.id)).toEqual([id]);
      expect(await queue.list({ shop: "other.myshopify.com" })).toEqual([]);
    });

    it("returns the live job for a repeated dedupeKey, and a new job once it ended", async () => {
      const shop = "a.myshopify.com";
      const first = await queue.enqueue({
        shop,
        kind: "sync",
        payload: { n: 1 },
        dedupeKey: "product/1",
      });
      expect(
        await queue.enqueue({ shop, kind: "sync", payload: { n: 2 }, dedupeKey: "product/1" }),
      ).toBe(first);
      const otherShop = await queue.enqueue({
        shop: "b.myshopify.com",
        kind: "sync",
        payload: {},
        dedupeKey: "product/1",
      });
      expect(otherShop).not.toBe(first);
      const runs: string[] = [];
      start({ concurrency: 2, handlers: { sync: async (job) => void runs.push(job.id) } });
      await settled(first);
      await settled(otherShop);
      const later = await queue.enqueue({
        shop,
        kind: "sync",
        payload: { n: 3 },
        dedupeKey: "product/1",
      });
      expect(later).not.toBe(first);
      await settled(later);
      expect(runs.filter((id) => id === first)).toHaveLength(1);
      expect((await queue.list({ shop })).map((j) => j.id)).toEqual([later, first]);
    });

    it("never runs two jobs of one shop at once, but runs different shops side by side", async () => {
      const spans: { shop: string; seq: number; start: number; end: number }[] = [];
      const running = new Set<string>();
      let bothShopsRan = false;
      const handler: JobHandler = async (job) => {
        running.add(job.shop);
        if (running.size === 2) bothShopsRan = true;
        const begin = performance.now();
        // Hold the first job of each shop until the other shop has started
        // too (bounded), so cross-shop overlap is observed, not hoped for.
        if (job.payload.seq === 0)
          await waitFor("the other shop", async () => bothShopsRan, 5_000).catch(() => undefined);
        await tick(20);
        spans.push({
          shop: job.shop,
          seq: job.payload.seq as number,
          start: begin,
          end: performance.now(),
        });
        running.delete(job.shop);
      };
      const ids: string[] = [];
      for (let seq = 0; seq < 4; seq++) {
        for (const shop of ["a.myshopify.com", "b.myshopify.com"]) {
          ids.push(await queue.enqueue({ shop, kind: "work", payload: { seq } }));
        }
      }
      start({ concurrency: 2, handlers: { work: handler } });
      for (const id of ids) expect((await settled(id)).status).toBe("succeeded");
      expect(bothShopsRan).toBe(true);
      for (const shop of ["a.myshopify.com", "b.myshopify.com"]) {
        const own = spans.filter((s) => s.shop === shop).sort((x, y) => x.start - y.start);
        expect(own.map((s) => s.seq)).toEqual([0, 1, 2, 3]);
        for (let i = 1; i < own.length; i++)
          expect(own[i].start).toBeGreaterThanOrEqual(own[i - 1].end);
      }
    });

    it("serves a shop with one job before another shop's backlog (fairness)", async () => {
      const finished: string[] = [];
      const aIds: string[] = [];
      for (let i = 0; i < 20; i++)
        aIds.push(await queue.enqueue({ shop: "a.myshopify.com", kind: "work", payload: { i } }));
      const bId = await queue.enqueue({ shop: "b.myshopify.com", kind: "work", payload: {} });
      start({
        concurrency: 1,
        handlers: {
          work: async (job) => {
            await tick(5);
            finished.push(job.id);
          },
        },
      });
      await settled(bId);
      await waitFor("A's fifth job", async () => finished.includes(aIds[4]));
      expect(finished.indexOf(bId)).toBeLessThan(finished.indexOf(aIds[4]));
    });

    it("retries a RetryableError with backoff, then succeeds", async () => {
      const attempts: number[] = [];
      const id = await queue.enqueue({ shop: "a.myshopify.com", kind: "flaky", payload: {} });
      start({
        concurrency: 1,
        handlers: {
          flaky: async (job) => {
            attempts.push(job.attempts);
            if (attempts.length < 3) throw new RetryableError(`throttled ${attempts.length}`);
          },
        },
      });
      expect(await settled(id)).toMatchObject({ status: "succeeded", attempts: 3, error: null });
      expect(attempts).toEqual([1, 2, 3]);
    });

    it("fails after maxAttempts retryable failures with the last error", async () => {
      let calls = 0;
      const id = await queue.enqueue({ shop: "a.myshopify.com", kind: "down", payload: {} });
      start({
        concurrency: 1,
        handlers: {
          down: async () => {
            calls++;
            throw new RetryableError(`503 #${calls}`);
          },
        },
      });
      expect(await settled(id)).toMatchObject({ status: "failed", attempts: 3, error: "503 #3" });
      expect(calls).toBe(3);
    });

    it("fails a non-retryable error at once with its message", async () => {
      let calls = 0;
      const id = await queue.enqueue({ shop: "a.myshopify.com", kind: "bad", payload: {} });
      start({
        concurrency: 1,
        handlers: {
          bad: async () => {
            calls++;
            throw new Error("payload names no resource type");
          },
        },
      });
      expect(await settled(id)).toMatchObject({
        status: "failed",
        attempts: 1,
        error: "payload names no resource type",
      });
      expect(calls).toBe(1);
    });

    it("cancels a running job through its signal, and a queued one before it runs", async () => {
      let sawAbort = false;
      const later = await queue.enqueue({
        shop: "b.myshopify.com",
        kind: "long",
        payload: {},
        runAfter: new Date(Date.now() + 60_000),
      });
      expect(await queue.cancel(later)).toBe(true);
      expect((await queue.get(later))?.status).toBe("canceled");
      const id = await queue.enqueue({ shop: "a.myshopify.com", kind: "long", payload: {} });
      start({
        concurrency: 2,
        handlers: {
          long: async (_job, ctx) => {
            await ctx.progress("waiting", 0);
            await new Promise<void>((resolve) =>
              ctx.signal.addEventListener("abort", () => resolve(), { once: true }),
            );
            sawAbort = ctx.signal.aborted;
            throw ctx.signal.reason;
          },
        },
      });
      await waitFor("job running", async () => (await queue.get(id))?.phase === "waiting");
      expect(await queue.cancel(id)).toBe(true);
      expect((await settled(id)).status).toBe("canceled");
      expect(sawAbort).toBe(true);
      expect(await queue.cancel(id)).toBe(false);
      expect((await queue.get(later))?.status).toBe("canceled");
      expect(await queue.get("no-such-job")).toBeUndefined();
    });

    it("resumes a job whose worker died, running it exactly once more", async () => {
      const calls: string[] = [];
      const id = await queue.enqueue({
        shop: "a.myshopify.com",
        kind: "snapshot",
        payload: { resume: "cursor-1" },
      });
      const dying = start({
        concurrency: 1,
        handlers: {
          snapshot: async (_job, ctx) => {
            calls.push("first");
            await ctx.progress("products", 5, 10);
            await new Promise(() => {}); // never settles, not even on abort: a hung or dead process
          },
        },
      });
      await waitFor("first run", async () => (await queue.get(id))?.phase === "products");
      await dying.stop();
      workers.splice(workers.indexOf(dying), 1);
      start({
        concurrency: 1,
        handlers: {
          snapshot: async (job) => {
            calls.push(`second:${job.payload.resume as string}`);
          },
        },
      });
      expect(await settled(id)).toMatchObject({ status: "succeeded", attempts: 2 });
      await tick(200);
      expect(calls).toEqual(["first", "second:cursor-1"]);
    });

    it("keeps other shops running when one shop's jobs fail", async () => {
      const a1 = await queue.enqueue({ shop: "a.myshopify.com", kind: "broken", payload: {} });
      const a2 = await queue.enqueue({ shop: "a.myshopify.com", kind: "flaky", payload: {} });
      const a3 = await queue.enqueue({ shop: "a.myshopify.com", kind: "ok", payload: {} });
      const b = [0, 1, 2].map((i) =>
        queue.enqueue({ shop: "b.myshopify.com", kind: "ok", payload: { i } }),
      );
      const bIds = await Promise.all(b);
      start({
        concurrency: 1,
        handlers: {
          broken: async () => {
            throw new TypeError("cannot read properties of undefined");
          },
          flaky: async () => {
            throw new RetryableError("still throttled");
          },
          ok: async () => {},
        },
      });
      for (const id of bIds) expect((await settled(id)).status).toBe("succeeded");
      expect(await settled(a1)).toMatchObject({
        status: "failed",
        error: "cannot read properties of undefined",
      });
      expect(await settled(a2)).toMatchObject({ status: "failed", error: "still throttled" });
      expect((await settled(a3)).status).toBe("succeeded");
    });
  });
}
