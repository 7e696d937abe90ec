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

/**
 * Decoded block plaintexts (1 MB each) live through the block cache, so they
 * outlive the young generation and wait for a full collection: a scan of a
 * whole large snapshot (the catalog step) held ~35 MB of them on top of its
 * live data. One collection per this many decoded bytes caps that. Counted
 * during whole-snapshot scans only (block-reader.ts): point reads decode a
 * block each, and an incremental job's hundreds of parent reads would pay a
 * full collection every 16 of them.
 */
const DECODED_BYTES_PER_COLLECT = 16 << 20;
let decodedSinceCollect = 0;

/** Counts bytes of a decoded block; collects (if exposed) after every DECODED_BYTES_PER_COLLECT. */
export function noteDecodedBytes(bytes: number): void {
  decodedSinceCollect += bytes;
  if (decodedSinceCollect < DECODED_BYTES_PER_COLLECT) return;
  decodedSinceCollect = 0;
  collectGarbageIfExposed();
}
