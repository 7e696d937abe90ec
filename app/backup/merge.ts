/**
 * Merges async streams into one with bounded memory: at most one pending
 * item per running source, and at most `maxActive` sources running at once
 * (the rest start as earlier ones finish). If a source or the consumer
 * stops early, every running source is closed (return()), which cancels
 * its in-flight work (e.g. a running bulk operation) once `abort` fired.
 */
export async function* mergeStreams<T>(sources: (() => AsyncIterable<T>)[], maxActive: number, abort?: () => void): AsyncGenerator<T> {
  const waiting = [...sources];
  const running = new Map<number, { iterator: AsyncIterator<T>; pending: Promise<{ slot: number; result: IteratorResult<T> }> }>();
  let nextSlot = 0;
  const pull = (slot: number, iterator: AsyncIterator<T>) => iterator.next().then((result) => ({ slot, result }));
  const startMore = () => {
    while (running.size < Math.max(1, maxActive) && waiting.length > 0) {
      const iterator = (waiting.shift() as () => AsyncIterable<T>)()[Symbol.asyncIterator]();
      const slot = nextSlot++;
      running.set(slot, { iterator, pending: pull(slot, iterator) });
    }
  };
  try {
    startMore();
    while (running.size > 0) {
      const { slot, result } = await Promise.race([...running.values()].map((r) => r.pending));
      const entry = running.get(slot);
      if (!entry) continue;
      if (result.done) {
        running.delete(slot);
        startMore();
        continue;
      }
      entry.pending = pull(slot, entry.iterator);
      yield result.value;
    }
  } finally {
    // Stopped early (a source failed or the consumer quit): cancel what is still running, then close it.
    if (running.size > 0) abort?.();
    const closing = [...running.values()].map(async ({ iterator, pending }) => {
      // A generator cannot be returned while its next() is running: let that settle first.
      await pending.catch(() => undefined);
      await iterator.return?.();
    });
    running.clear();
    await Promise.allSettled(closing);
  }
}
