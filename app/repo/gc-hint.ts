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
 * live data, and an incremental job's parent reads decode a block each. One
 * collection per DECODED_BYTES_PER_COLLECT caps that during whole-snapshot
 * scans; point reads collect four times less often, because in the app's
 * process (database client, webhook intake) a full collection takes tens of
 * ms: with one every 16 reads, the large bench's parent reads took ~33 ms
 * against ~3 ms alone (the rest of that load not separated yet).
 */
const DECODED_BYTES_PER_COLLECT = 16 << 20;
const POINT_READ_FACTOR = 4;
let decodedSinceCollect = 0;

/** Counts bytes of a decoded block; collects (if exposed) after every DECODED_BYTES_PER_COLLECT (× 4 outside scans). */
export function noteDecodedBytes(bytes: number, scanning: boolean): void {
  decodedSinceCollect += scanning ? bytes * POINT_READ_FACTOR : bytes;
  if (decodedSinceCollect < DECODED_BYTES_PER_COLLECT * POINT_READ_FACTOR) return;
  decodedSinceCollect = 0;
  collectGarbageIfExposed();
}
