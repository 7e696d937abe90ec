/**
 * Collects garbage now if the host process exposes `gc` (node --expose-gc).
 * Ingest allocates Buffers at the rate it reads input; V8 frees them only
 * after ~64 MB of such external growth, which is a large share of a 256 MB
 * budget. Hosts that care about peak memory start with --expose-gc and get
 * a collection per full pack (~8 MB stored) instead; others lose nothing.
 * A webhook batch's small pack gets none (PackWriter).
 */
export function collectGarbageIfExposed(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === "function") gc();
}
