/**
 * Runs one bulk query end to end: start (respecting the shop's concurrent
 * limit), wait for the finish webhook or polling (whichever comes first),
 * stream the JSONL download into disk-backed runs grouped by root object,
 * and yield one assembled record per root. Failed runs are retried whole;
 * partial data is handed out only when the caller asks for it.
 */
import { IntegrityError, RetryableError } from "~/errors";
import type { AdminClient } from "./admin-client";
import { RecordAssembler, rootKeyOfLine, type AssembledRecord } from "./bulk-assemble";
import { cancelBulkOperation, fetchBulkOperation, startBulkQuery, TERMINAL_STATUSES, type BulkOperationInfo } from "./bulk-operation";
import { planBulkDocument, type BulkDocumentPlan } from "./bulk-plan";
import { RootGrouper, type SpillStats } from "./bulk-spill";
import { BulkAccessDeniedError, BulkOperationFailedError } from "./errors";
import { readLines } from "./jsonl-lines";
import { abortableSleep, fullJitterDelay } from "./retry-policy";

export type { AssembledRecord } from "./bulk-assemble";
export type { BulkOperationInfo } from "./bulk-operation";
export { cancelBulkOperation } from "./bulk-operation";

export interface BulkRunOptions {
  signal?: AbortSignal;
  /** Status polling interval (default 2 s); the finish signal short-cuts it. */
  pollIntervalMs?: number;
  /** Resolves when the bulk_operations/finish webhook for `id` arrived. */
  waitForFinish?: (id: string) => Promise<void>;
  /** fetch used for the result download (default globalThis.fetch). */
  download?: typeof fetch;
  /** Buffered bytes before spilling a sorted run to disk (default 8 MiB; each concurrent run has its own). */
  memoryBudgetBytes?: number;
  tmpDir?: string;
  maxFanIn?: number;
  /**
   * Hand out a root with more child lines than this in parts: each part is
   * the root's own fields plus the next children (`AssembledRecord.part`).
   * Only for callers whose records do not embed those children (a location's
   * inventory levels, stored one record per level): memory then stays at one
   * part however many children a root has. Default: never split.
   */
  splitRootsOver?: number;
  /** Whole-operation attempts for FAILED / TIMEOUT / EXPIRED (default 3). */
  maxAttempts?: number;
  /** On FAILED with partialDataUrl, yield the partial data instead of retrying. */
  acceptPartial?: boolean;
  /** How long to wait for a free bulk slot (default 1 h). */
  limitWaitMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

export interface BulkRunStats extends SpillStats {
  operationIds: string[];
  attempts: number;
  /** True when the records come from a FAILED operation's partialDataUrl. */
  partial: boolean;
  records: number;
  /** Child lines whose parent line was missing (only tolerated for partial data). */
  orphans: number;
  downloadedBytes: number;
  limitWaits: number;
  downloadRetries: number;
}

/** The records of a bulk query, plus what happened while getting them. */
export interface BulkRun extends AsyncIterable<AssembledRecord> {
  readonly stats: BulkRunStats;
  /** The last operation's state, once known. */
  operation(): BulkOperationInfo | undefined;
}

const DOWNLOAD_ATTEMPTS = 3;

/** Starts `document` as a bulk query and yields one assembled record per root object. */
export function runBulkQuery(client: AdminClient, document: string, options: BulkRunOptions = {}): BulkRun {
  const plan = planBulkDocument(document);
  const stats: BulkRunStats = {
    lines: 0,
    spilledRuns: 0,
    spilledBytes: 0,
    mergePasses: 0,
    operationIds: [],
    attempts: 0,
    partial: false,
    records: 0,
    orphans: 0,
    downloadedBytes: 0,
    limitWaits: 0,
    downloadRetries: 0,
  };
  let last: BulkOperationInfo | undefined;
  const run = async function* (): AsyncGenerator<AssembledRecord> {
    const { url, partial } = await obtainResult(client, document, plan, options, stats, (op) => (last = op));
    if (!url) return;
    stats.partial = partial;
    yield* downloadRecords(url, plan, options, stats, partial);
  };
  return { stats, operation: () => last, [Symbol.asyncIterator]: () => run() };
}

async function obtainResult(
  client: AdminClient,
  document: string,
  plan: BulkDocumentPlan,
  options: BulkRunOptions,
  stats: BulkRunStats,
  seen: (op: BulkOperationInfo) => void,
): Promise<{ url: string | null; partial: boolean }> {
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const maxAttempts = options.maxAttempts ?? 3;
  for (;;) {
    stats.attempts += 1;
    const started = await startBulkQuery(client, document, {
      signal: options.signal,
      sleep,
      random,
      now,
      pollIntervalMs,
      limitWaitMs: options.limitWaitMs ?? 3_600_000,
      onLimitReached: () => (stats.limitWaits += 1),
    });
    stats.operationIds.push(started.id);
    seen(started);
    const final = await awaitCompletion(client, started.id, options, pollIntervalMs, sleep);
    seen(final);
    if (final.status === "COMPLETED") return { url: final.url, partial: false };
    if (final.status === "FAILED" && final.errorCode === "ACCESS_DENIED") {
      throw new BulkAccessDeniedError(final.id, missingScope(plan));
    }
    if (final.status === "FAILED" && final.partialDataUrl && options.acceptPartial) {
      return { url: final.partialDataUrl, partial: true };
    }
    // FAILED (TIMEOUT / INTERNAL_SERVER_ERROR), EXPIRED, or CANCELED by someone else: run it again.
    if (stats.attempts >= maxAttempts || final.status === "CANCELED") throw new BulkOperationFailedError(final, stats.attempts);
    await sleep(fullJitterDelay(stats.attempts, { baseDelayMs: pollIntervalMs, maxDelayMs: 60_000, random }), options.signal);
  }
}

/** Polls until terminal; the finish signal (webhook) wakes the poller at once. */
async function awaitCompletion(
  client: AdminClient,
  id: string,
  options: BulkRunOptions,
  pollIntervalMs: number,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
): Promise<BulkOperationInfo> {
  const stop = new AbortController();
  const onAbort = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  let finished = false;
  let wake: () => void = () => undefined;
  const woken = new Promise<void>((resolve) => (wake = resolve));
  options.waitForFinish?.(id).then(
    () => {
      finished = true;
      wake();
    },
    () => undefined,
  );
  try {
    for (;;) {
      const op = await fetchBulkOperation(client, id, stop.signal);
      if (!op) throw new RetryableError("Bulk operation disappeared while running", { id });
      if (TERMINAL_STATUSES.has(op.status)) return op;
      // After the finish signal, Shopify may still report RUNNING for a moment: keep polling.
      await (finished ? sleep(Math.min(pollIntervalMs, 250), stop.signal) : Promise.race([sleep(pollIntervalMs, stop.signal), woken]));
    }
  } catch (error) {
    if (options.signal?.aborted) {
      await cancelBulkOperation(client, id).catch(() => undefined);
      throw options.signal.reason;
    }
    throw error;
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    stop.abort();
  }
}

async function* downloadRecords(
  url: string,
  plan: BulkDocumentPlan,
  options: BulkRunOptions,
  stats: BulkRunStats,
  partial: boolean,
): AsyncGenerator<AssembledRecord> {
  const grouper = await spillDownload(url, options, stats);
  const assembler = new RecordAssembler(plan);
  // The root line of the root being handed out in parts (Shopify lists a parent before its children).
  let rootLine: string | undefined;
  try {
    for await (const group of grouper.groups(options.splitRootsOver)) {
      const lines = group.part > 0 && rootLine !== undefined ? [rootLine, ...group.lines] : group.lines;
      const result = assembler.assemble(group.key, lines);
      if (result.kind === "orphans") {
        stats.orphans += result.count;
        continue;
      }
      if (group.part === 0) {
        stats.records += 1;
        rootLine = options.splitRootsOver === undefined ? undefined : result.rootLine;
      }
      yield options.splitRootsOver === undefined ? result.value : { ...result.value, part: group.part };
    }
  } finally {
    Object.assign(stats, pickSpill(grouper.stats));
    await grouper.cleanup();
  }
  if (stats.orphans > 0 && !partial) {
    throw new IntegrityError("Bulk result holds child objects whose parent is missing", { orphans: stats.orphans });
  }
}

/** Streams the download into a RootGrouper; restarts the download from scratch if it breaks. */
async function spillDownload(url: string, options: BulkRunOptions, stats: BulkRunStats): Promise<RootGrouper> {
  const download = options.download ?? globalThis.fetch;
  const sleep = options.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt++) {
    const grouper = new RootGrouper({ memoryBudgetBytes: options.memoryBudgetBytes, tmpDir: options.tmpDir, maxFanIn: options.maxFanIn });
    try {
      const response = await download(url, { signal: options.signal });
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        throw new RetryableError(`Bulk result download answered HTTP ${response.status}`, { status: response.status });
      }
      let seq = 0;
      for await (const line of readLines(response.body, (n) => (stats.downloadedBytes += n))) {
        await grouper.add(rootKeyOfLine(line, seq++), line);
      }
      Object.assign(stats, pickSpill(grouper.stats));
      return grouper;
    } catch (error) {
      await grouper.cleanup();
      if (options.signal?.aborted) throw options.signal.reason;
      const transient = error instanceof RetryableError || error instanceof TypeError || (error as { code?: string }).code === "ECONNRESET";
      if (!transient || attempt >= DOWNLOAD_ATTEMPTS) throw error;
      stats.downloadRetries += 1;
      stats.downloadedBytes = 0;
      await sleep(fullJitterDelay(attempt, { baseDelayMs: 500, maxDelayMs: 10_000, random: options.random ?? Math.random }), options.signal);
    }
  }
}

function pickSpill(spill: SpillStats): SpillStats {
  return { lines: spill.lines, spilledRuns: spill.spilledRuns, spilledBytes: spill.spilledBytes, mergePasses: spill.mergePasses };
}

/** Access scopes that reading each top-level connection needs (shopify.dev access scopes). */
const ROOT_SCOPES: Record<string, string> = {
  products: "read_products",
  productVariants: "read_products",
  collections: "read_products",
  inventoryItems: "read_inventory",
  locations: "read_locations",
  customers: "read_customers",
  orders: "read_orders",
  metaobjects: "read_metaobjects",
  metaobjectDefinitions: "read_metaobject_definitions",
  pages: "read_content",
  blogs: "read_content",
  articles: "read_content",
  urlRedirects: "read_online_store_navigation",
};

function missingScope(plan: BulkDocumentPlan): string | undefined {
  const scopes = new Set(plan.roots.map((root) => ROOT_SCOPES[root.fieldName]));
  if (scopes.size !== 1) return undefined;
  return [...scopes][0];
}
