/**
 * The GraphQL side of one bulk query operation: start it (waiting while the
 * shop's concurrent-operation limit is reached), read its status, cancel it.
 */
import { RetryableError } from "~/errors";
import type { AdminClient } from "./admin-client";
import { BulkQueryRejectedError } from "./errors";
import {
  BULK_OPERATION_BY_ID,
  BULK_OPERATION_CANCEL,
  BULK_OPERATION_NODE,
  BULK_OPERATION_RUN_QUERY,
} from "./queries/bulk-operations";
import { fullJitterDelay } from "./retry-policy";

export type BulkStatus = "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELING" | "CANCELED" | "EXPIRED";

/** A BulkOperation as the Admin API reports it (counts arrive as strings: UnsignedInt64). */
export interface BulkOperationInfo {
  id: string;
  status: BulkStatus;
  errorCode: string | null;
  createdAt: string;
  completedAt: string | null;
  objectCount: string;
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null;
  partialDataUrl: string | null;
}

interface UserError {
  field: string[] | null;
  message: string;
  code?: string | null;
}

export const TERMINAL_STATUSES: ReadonlySet<BulkStatus> = new Set(["COMPLETED", "FAILED", "CANCELED", "EXPIRED"]);

export interface StartOptions {
  signal?: AbortSignal;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  now: () => number;
  /** First wait when the shop is at its limit; doubles up to 30 s. */
  pollIntervalMs: number;
  /** Give up waiting for a free slot after this long (default 1 h). */
  limitWaitMs: number;
  /** Called each time Shopify says the limit is reached (for progress / tests). */
  onLimitReached?: (message: string) => void;
}

/** Starts a bulk query; waits and retries while OPERATION_IN_PROGRESS / LIMIT_REACHED. */
export async function startBulkQuery(client: AdminClient, query: string, options: StartOptions): Promise<BulkOperationInfo> {
  const startedAt = options.now();
  for (let waits = 1; ; waits++) {
    const { data } = await client.request<{
      bulkOperationRunQuery: { bulkOperation: BulkOperationInfo | null; userErrors: UserError[] } | null;
    }>(BULK_OPERATION_RUN_QUERY, { query }, { signal: options.signal });
    const payload = data.bulkOperationRunQuery;
    if (payload?.bulkOperation && payload.userErrors.length === 0) return payload.bulkOperation;
    const errors = payload?.userErrors ?? [];
    const busy = errors.find((e) => e.code === "LIMIT_REACHED" || e.code === "OPERATION_IN_PROGRESS");
    if (!busy) {
      throw new BulkQueryRejectedError(`Shopify refused the bulk query: ${errors.map((e) => e.message).join("; ")}`, { userErrors: errors });
    }
    options.onLimitReached?.(busy.message);
    if (options.now() - startedAt >= options.limitWaitMs) {
      throw new RetryableError("The shop's bulk operations stayed busy", { code: busy.code, waitedMs: options.now() - startedAt });
    }
    await options.sleep(Math.max(options.pollIntervalMs, fullJitterDelay(waits, { baseDelayMs: options.pollIntervalMs * 2, maxDelayMs: 30_000, random: options.random })), options.signal);
  }
}

/** Reads one operation by id (bulkOperation(id:) from 2026-01, node(id:) before). */
export async function fetchBulkOperation(client: AdminClient, id: string, signal?: AbortSignal): Promise<BulkOperationInfo | null> {
  if (client.apiVersion >= "2026-01") {
    const { data } = await client.request<{ bulkOperation: BulkOperationInfo | null }>(BULK_OPERATION_BY_ID, { id }, { signal });
    return data.bulkOperation;
  }
  const { data } = await client.request<{ node: BulkOperationInfo | null }>(BULK_OPERATION_NODE, { id }, { signal });
  return data.node && "status" in data.node ? data.node : null;
}

/** Asks Shopify to cancel an operation; resolves with its state (CANCELING or already terminal). */
export async function cancelBulkOperation(client: AdminClient, id: string, signal?: AbortSignal): Promise<BulkOperationInfo | null> {
  const { data } = await client.request<{
    bulkOperationCancel: { bulkOperation: BulkOperationInfo | null; userErrors: UserError[] } | null;
  }>(BULK_OPERATION_CANCEL, { id }, { signal });
  return data.bulkOperationCancel?.bulkOperation ?? null;
}
