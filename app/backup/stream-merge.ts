/**
 * Merges async streams into one with bounded memory: at most one pending
 * item per running source, and at most `maxActive` sources running at once
 * (the rest start as earlier ones finish). If a source or the consumer
 * stops early, every running source is closed (return()), which cancels
 * its in-flight work (e.g. a running bulk operation) once `abort` fired.
 *
 * No Promise.race (an earlier version raced them): racing the sources'
 * pending pulls on every item adds a reaction to each pull that is still
 * waiting, and a bulk source waits for minutes (its download is being
 * spilled) while others yield hundreds of thousands of records. Every one of
 * those reactions kept its race's result, the record, alive: 764 MB of heap
 * after 300k roots of the large store, with the repository out of the
 * picture. Here each pull has exactly one reaction, which queues its result.
 */
export async function* mergeStreams<T>(sources: (() => AsyncIterable<T>)[], maxActive: number, abort?: () => void): AsyncGenerator<T> {
  const waiting = [...sources];
  const running = new Map<number, { iterator: AsyncIterator<T>; pending: Promise<void> }>();
  const ready: { slot: number; result?: IteratorResult<T>; error?: unknown }[] = [];
  let wake: (() => void) | undefined;
  let nextSlot = 0;
  const settled = (item: (typeof ready)[number]) => {
    ready.push(item);
    wake?.();
  };
  const pull = (slot: number, iterator: AsyncIterator<T>) =>
    iterator.next().then(
      (result) => settled({ slot, result }),
      (error: unknown) => settled({ slot, error: error ?? new Error("A merged source failed") }),
    );
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
      if (ready.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      const item = ready.shift() as (typeof ready)[number];
      const entry = running.get(item.slot);
      if (!entry) continue;
      if (item.error !== undefined) throw item.error;
      const result = item.result as IteratorResult<T>;
      if (result.done) {
        running.delete(item.slot);
        startMore();
        continue;
      }
      entry.pending = pull(item.slot, entry.iterator);
      yield result.value;
    }
  } finally {
    // Stopped early (a source failed or the consumer quit): cancel what is still running, then close it.
    if (running.size > 0) abort?.();
    const closing = [...running.values()].map(async ({ iterator, pending }) => {
      // A generator cannot be returned while its next() is running: let that settle first (pending never rejects).
      await pending;
      await iterator.return?.();
    });
    running.clear();
    await Promise.allSettled(closing);
  }
}
