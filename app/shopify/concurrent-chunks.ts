/**
 * Requests that read many GIDs by `nodes(ids:)` go out a few at a time
 * instead of one after another: a request's wait is mostly the round trip
 * and Shopify's own work, so one in flight leaves the rate-limit bucket
 * (refilled whether used or not) idle. The admin client still admits each
 * request against the bucket, so this never sends past the throttle.
 */

/** Requests in flight at once for one by-GID read (Shopify serves them in parallel; the bucket limits cost, not count). */
export const READS_IN_FLIGHT = 4;

/**
 * Runs `work` on `items` in chunks of `size`, at most `concurrency` chunks at
 * once, and yields every chunk's results in the order of `items`. A failed
 * chunk fails the whole read once the chunks before it are yielded; chunks
 * still running are awaited (never left to reject unobserved).
 */
export async function* inConcurrentChunks<T, R>(
  items: readonly T[],
  size: number,
  concurrency: number,
  work: (chunk: T[]) => Promise<R[]>,
): AsyncGenerator<R> {
  if (!(size >= 1) || !(concurrency >= 1)) throw new RangeError(`inConcurrentChunks needs size and concurrency of at least 1, got ${size} and ${concurrency}`);
  const running: Promise<R[]>[] = [];
  let next = 0;
  try {
    while (next < items.length || running.length > 0) {
      while (running.length < concurrency && next < items.length) {
        const chunk = items.slice(next, next + size);
        next += size;
        const result = work(chunk);
        result.catch(() => undefined);
        running.push(result);
      }
      yield* await (running.shift() as Promise<R[]>);
    }
  } finally {
    await Promise.allSettled(running);
  }
}
