/**
 * One bulk mutation against Shopify (shopify.dev "Bulk import data with the
 * GraphQL Admin API"): upload the variables as JSONL to a staged target
 * (resource BULK_MUTATION_VARIABLES), start bulkOperationRunMutation with the
 * target's key as stagedUploadPath, wait for a terminal status (finish
 * webhook or polling), and read the result file line by line: each line is
 * one input line's `data` (or `errors`) with its 0-based `__lineNumber`.
 */
import type { AdminClient } from "~/shopify/admin-client";
import { fetchBulkOperation, TERMINAL_STATUSES, type BulkOperationInfo } from "~/shopify/bulk-operation";
import { ShopifyGraphQLError } from "~/shopify/errors";
import { readLines } from "~/shopify/jsonl-lines";
import * as Q from "~/shopify/queries/restore-bulk";
import { abortableSleep } from "~/shopify/retry-policy";
import type { JsonObject } from "../types";

export type { BulkOperationInfo } from "~/shopify/bulk-operation";

/**
 * Largest variables file: 20 MB before API 2026-01 (Shopify staff on the
 * community forum; the storage answers EntityTooLarge above 20,971,520
 * bytes), 100 MB from 2026-01 (changelog "Faster bulk operations").
 */
export function variablesFileLimit(apiVersion: string): number {
  return (apiVersion >= "2026-01" ? 100 : 20) * 1024 * 1024;
}

export interface StartResult {
  operation: BulkOperationInfo | null;
  /** Shopify refused to start (another bulk mutation running, file rejected…). */
  refused: JsonObject[];
}

/** Uploads `lines` and starts `mutation` over them. */
export async function startBulkMutation(client: AdminClient, mutation: string, lines: string[], options: { download: typeof fetch; signal?: AbortSignal; clientIdentifier?: string }): Promise<StartResult> {
  const body = lines.join("\n") + "\n";
  const { data } = await client.request<{ stagedUploadsCreate: { stagedTargets: { url: string; parameters: { name: string; value: string }[] }[] | null; userErrors: JsonObject[] } }>(
    Q.RESTORE_BULK_STAGED_UPLOAD,
    { input: [{ resource: "BULK_MUTATION_VARIABLES", filename: "restore-variables.jsonl", mimeType: "text/jsonl", httpMethod: "POST" }] },
    { signal: options.signal },
  );
  const target = data.stagedUploadsCreate.stagedTargets?.[0];
  if (!target || data.stagedUploadsCreate.userErrors.length) {
    throw new ShopifyGraphQLError(data.stagedUploadsCreate.userErrors.map((e) => ({ message: String(e.message) })), { step: "stagedUploadsCreate" });
  }
  // The documented flow: a multipart POST of every target parameter, then the file; the `key` parameter is the stagedUploadPath.
  const form = new FormData();
  for (const p of target.parameters) form.append(p.name, p.value);
  form.append("file", new Blob([body], { type: "text/jsonl" }), "restore-variables.jsonl");
  const key = target.parameters.find((p) => p.name === "key")?.value;
  if (!key) throw new Error("The staged upload target for bulk variables has no key");
  const posted = await options.download(target.url, { method: "POST", body: form, signal: options.signal });
  await posted.body?.cancel();
  if (!posted.ok) throw new Error(`Bulk variables upload answered HTTP ${posted.status}`);
  const started = await client.request<{ bulkOperationRunMutation: { bulkOperation: BulkOperationInfo | null; userErrors: JsonObject[] } }>(
    Q.RESTORE_BULK_RUN,
    { mutation, stagedUploadPath: key, clientIdentifier: options.clientIdentifier ?? null },
    { signal: options.signal },
  );
  const payload = started.data.bulkOperationRunMutation;
  return { operation: payload.userErrors.length ? null : payload.bulkOperation, refused: payload.userErrors };
}

/** Polls until the operation is terminal or gone (null); the finish webhook, when wired, wakes the poller early. */
export async function awaitBulkMutation(client: AdminClient, id: string, options: { pollIntervalMs?: number; waitForFinish?: (id: string) => Promise<void>; signal?: AbortSignal }): Promise<BulkOperationInfo | null> {
  const interval = options.pollIntervalMs ?? 1000;
  let woken = false;
  let wake: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (wake = resolve));
  options.waitForFinish?.(id).then(
    () => {
      woken = true;
      wake();
    },
    () => undefined,
  );
  for (let polls = 0; ; polls++) {
    const op = await fetchBulkOperation(client, id, options.signal);
    if (!op || TERMINAL_STATUSES.has(op.status)) return op;
    // Short first polls: a small batch finishes in well under a second; then the configured interval.
    const wait = Math.min(interval, 100 * 2 ** polls);
    await (woken ? abortableSleep(Math.min(wait, 250), options.signal) : Promise.race([abortableSleep(wait, options.signal), finished]));
  }
}

export interface ResultLine {
  lineNumber: number;
  data: JsonObject | null;
  errors: JsonObject[] | null;
}

/** Streams a result (or partial result) file, one parsed line at a time. */
export async function* readResultLines(url: string, download: typeof fetch, signal?: AbortSignal): AsyncGenerator<ResultLine> {
  const response = await download(url, { signal });
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new Error(`Bulk result download answered HTTP ${response.status}`);
  }
  for await (const text of readLines(response.body)) {
    if (!text.trim()) continue;
    const line = JSON.parse(text) as { data?: JsonObject | null; errors?: JsonObject[]; __lineNumber: number };
    yield { lineNumber: line.__lineNumber, data: line.data ?? null, errors: line.errors ?? null };
  }
}
