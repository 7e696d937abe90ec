/**
 * A full snapshot: every enabled record type fetched concurrently (bulk
 * operations up to the shop's limit), merged into ONE repository write with
 * bounded memory, progress reported as records done / expected, and the
 * committed snapshot recorded in the catalog. Cancelling (signal) leaves no
 * snapshot: the repository commits its snapshot object last.
 */
import type { Repository, SnapshotInfo, SnapshotSummary } from "~/repo";
import type { AdminClient } from "~/shopify/admin-client";
import type { BulkRunOptions } from "~/shopify/bulk-runner";
import { BACKUP_COUNTS } from "~/shopify/queries/backup-themes";
import { DATA_TYPES, type DataType } from "~/services/settings";
import { withMediaBlobs, type MediaStats, type ParentLookup } from "./media-blobs";
import { mergeStreams } from "./stream-merge";
import { modulesFor, type CanonicalRecord, type FetchContext, type RecordTypeModule } from "./types";

/** Bytes of bulk download lines buffered in memory across all running bulk operations before they spill to disk. */
const BULK_MEMORY_BYTES = 16 * 1024 * 1024;

export type ProgressFn = (phase: string, done: number, expected?: number) => void | Promise<void>;

/** Where the committed snapshot is recorded (the DB catalog in the app; a no-op or spy in tests). */
export interface SnapshotSink {
  snapshotCommitted(repository: Repository, info: SnapshotSummary): Promise<unknown>;
}

export interface FullSnapshotInput {
  shop: string;
  client: AdminClient;
  repository: Repository;
  catalog?: SnapshotSink;
  /** Data types to back up (default: all); the app passes Shop.settings.dataTypes. */
  types?: readonly DataType[];
  /** Override the module list (tests). */
  modules?: readonly RecordTypeModule[];
  signal?: AbortSignal;
  progress?: ProgressFn;
  /** Bulk operations running at once (Shopify: 5 from API 2026-01, 1 before). */
  bulkConcurrency?: number;
  /** Paged sources running at once beside the bulk ones. */
  pagedConcurrency?: number;
  bulk?: Omit<BulkRunOptions, "signal">;
  download?: typeof fetch;
  /** Download product image bytes (default true). */
  mediaBytes?: boolean;
  tags?: Record<string, string>;
}

export interface FullSnapshotResult {
  snapshot: SnapshotInfo;
  records: number;
  expected: number | null;
  seconds: number;
  media: MediaStats;
}

/** Runs one full snapshot of `shop`; throws (and commits nothing) on failure or cancellation. */
export async function runFullSnapshot(input: FullSnapshotInput): Promise<FullSnapshotResult> {
  const started = Date.now();
  const modules = input.modules ?? modulesFor(input.types ?? DATA_TYPES);
  const progress: ProgressFn = input.progress ?? (() => undefined);
  // One controller for every source: a failing source or a cancel stops them all (bulk operations get cancelled).
  const controller = new AbortController();
  const onAbort = () => controller.abort(input.signal?.reason);
  if (input.signal?.aborted) onAbort();
  input.signal?.addEventListener("abort", onAbort, { once: true });
  let firstFailure: unknown;
  try {
    await progress("counting", 0);
    const counts = await countRoots(input.client, modules, controller.signal);
    const expected = counts?.roots ?? null;
    const snapshots = await input.repository.listSnapshots();
    const parent = snapshots.at(-1);
    const bulkConcurrency = input.bulkConcurrency ?? 5;
    // Every running bulk operation buffers its download before spilling to disk: they share one budget.
    const bulk = { ...input.bulk, memoryBudgetBytes: input.bulk?.memoryBudgetBytes ?? Math.floor(BULK_MEMORY_BYTES / bulkConcurrency) };
    const ctx: FetchContext = { client: input.client, signal: controller.signal, bulk, download: input.download };
    const bulkModules = modules.filter((m) => m.bulk);
    const pagedModules = modules.filter((m) => !m.bulk);
    // The first source to fail aborts the others, which then fail with the abort: report the cause, not an AbortError.
    const watched = (module: RecordTypeModule) => async function* () {
      try {
        yield* module.full(ctx);
      } catch (error) {
        if (!controller.signal.aborted) firstFailure ??= error;
        throw error;
      }
    };
    const merged = mergeStreams<CanonicalRecord>(
      [
        () => mergeStreams(bulkModules.map(watched), bulkConcurrency, () => controller.abort()),
        () => mergeStreams(pagedModules.map(watched), input.pagedConcurrency ?? 2, () => controller.abort()),
      ],
      2,
      () => controller.abort(),
    );
    const media: MediaStats = { images: 0, downloaded: 0, reused: 0, downloadedBytes: 0 };
    const lookup: ParentLookup | undefined = parent
      ? async (type, gid) => (await input.repository.getRecord(parent.id, type, gid).catch(() => undefined))?.record
      : undefined;
    const withMedia = input.mediaBytes === false ? merged : withMediaBlobs(merged, ctx, lookup, media);
    let records = 0;
    // Progress counts root records (what the counts query reports); children ride along.
    const rootTypes = new Set(modules.filter((m) => m.countField).map((m) => m.types[0]));
    let roots = 0;
    await progress("fetching", 0, expected ?? undefined);
    const counted = async function* () {
      for await (const record of withMedia) {
        controller.signal.throwIfAborted();
        records += 1;
        if (rootTypes.has(record.type) && ++roots % 100 === 0) await progress("fetching", roots, expected ?? undefined);
        yield { type: record.type, gid: record.gid, record: record.record, subject: record.subject };
      }
    };
    const snapshot = await input.repository.writeSnapshot({
      kind: "full",
      parent: parent?.id,
      records: counted(),
      tags: { trigger: "full", ...input.tags },
      expectedRecords: expectedRecords(counts, parent),
    });
    await progress("cataloguing", roots, expected ?? roots);
    await input.catalog?.snapshotCommitted(input.repository, snapshot);
    await progress("done", roots, expected ?? roots);
    return { snapshot, records, expected, seconds: (Date.now() - started) / 1000, media };
  } catch (error) {
    throw input.signal?.aborted || firstFailure === undefined ? error : firstFailure;
  } finally {
    input.signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * The record count the repository sizes its index for up front. The index
 * grows in 64 segments, one at a time, so a guess too low costs a few small
 * growth steps; one too high stays allocated for the handle's life. Roots
 * come from Shopify's counts; each order adds its OrderPersonal record; each
 * product its image blobs + sources, variant metafields (~4) and its
 * inventory levels (variants x stocked locations: ~2 per location). The
 * seeded small store has 10,984 records for 3,575 roots; this guesses
 * 10,575 (large: 2.70M for 2.75M). A parent snapshot's size is the better
 * guess once there is one.
 */
function expectedRecords(counts: Counts | null, parent: SnapshotSummary | undefined): number | undefined {
  const perProduct = 4 + 2 * (counts?.locations ?? 0);
  const guess = counts ? counts.roots + counts.orders + perProduct * counts.products : 0;
  const best = Math.max(parent?.totalRecords ?? 0, Math.ceil(guess));
  return best > 0 ? best : undefined;
}

interface Counts {
  roots: number;
  orders: number;
  products: number;
  locations: number;
}

/** Root objects Shopify reports for the enabled types (progress, index sizing; unknown types count 0). */
async function countRoots(client: AdminClient, modules: readonly RecordTypeModule[], signal: AbortSignal): Promise<Counts | null> {
  const fields = new Set(modules.map((m) => m.countField).filter((f): f is string => Boolean(f)));
  if (fields.size === 0) return null;
  try {
    const { data } = await client.request<Record<string, { count: number } | null>>(BACKUP_COUNTS, undefined, { signal });
    let roots = 0;
    for (const field of fields) roots += data[field]?.count ?? 0;
    const count = (field: string) => (fields.has(field) ? (data[field]?.count ?? 0) : 0);
    return { roots, orders: count("ordersCount"), products: count("productsCount"), locations: count("locationsCount") };
  } catch (error) {
    if (signal.aborted) throw error;
    return null;
  }
}
