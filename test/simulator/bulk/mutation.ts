/**
 * Bulk mutation operations (shopify.dev "Bulk import data with the GraphQL
 * Admin API", https://shopify.dev/docs/api/usage/bulk-operations/imports):
 * the app uploads a JSONL file of variables (stagedUploadsCreate, resource
 * BULK_MUTATION_VARIABLES), then bulkOperationRunMutation(mutation:,
 * stagedUploadPath:) runs the mutation once per line, asynchronously,
 * through the same executor as a normal request (so every userError holds),
 * without spending the app's GraphQL cost bucket. The result is a JSONL file
 * with one line per input line: that execution's `data` (or `errors`) and its
 * `__lineNumber` (0-based). Completion is observed like a bulk query: status
 * by id or currentBulkOperation(type: MUTATION), and the
 * bulk_operations/finish webhook. Lines already run stay applied when an
 * operation fails or is canceled: Shopify does not roll a bulk mutation back.
 */
import { getOperationAST, type DocumentNode } from "graphql";
import { executeDocument } from "../graphql/execute";
import type { Clock } from "../cost/bucket";
import { validateAdminDocument } from "../schema/admin-schema";
import { APP_UNDER_TEST, type SimContext } from "../store/core";
import type { SimStore } from "../store";
import type { BulkErrorCode, BulkOperationRecord } from "./operations";
import { checkSignedPath, RESULT_URL_TTL_MS, signPath } from "./signed-url";

/** Ids of this range are bulk mutations; bulk queries count from 4,200,001 (operations.ts). */
const FIRST_ID = 9_100_001;

/**
 * The variables file may hold 20 MB before API 2026-01 (Shopify staff, community
 * "GraphQL Bulk Operation Mutation File Size Limit") and 100 MB from 2026-01
 * (changelog "Faster bulk operations", Dec 2025). Shopify's storage refuses a
 * larger upload; the simulator refuses it when the operation starts (approximate).
 */
export function variablesFileLimit(apiVersion: string): number {
  return (apiVersion >= "2026-01" ? 100 : 20) * 1024 * 1024;
}

/** One bulk mutation at a time per shop before 2026-01, five from 2026-01 (imports guide, Limitations). */
export function mutationConcurrencyLimit(apiVersion: string): number {
  return apiVersion >= "2026-01" ? 5 : 1;
}

export type BulkMutationFailure = "INTERNAL_SERVER_ERROR" | "FAILED_PARTIAL";
export type BulkMutationErrorCode = "OPERATION_IN_PROGRESS" | "LIMIT_REACHED" | "INVALID_MUTATION" | "INVALID_STAGED_UPLOAD_FILE" | "NO_SUCH_FILE";

export interface BulkMutationRecord extends Omit<BulkOperationRecord, "groupObjects"> {
  lines: string[];
  results: string[];
}

export interface BulkMutationsOptions {
  clock: Clock;
  baseUrl: () => string;
  signingSecret: string;
  onFinish: (operation: BulkMutationRecord) => void;
  /** Lines executed between event-loop turns (status polls are answered in between). */
  linesPerTurn?: number;
}

type UserError = { field: string[] | null; message: string; code: BulkMutationErrorCode };

export class BulkMutations {
  private readonly operations = new Map<number, BulkMutationRecord>();
  private readonly running = new Set<Promise<void>>();
  private nextId = FIRST_ID;
  private pendingFailure: BulkMutationFailure | undefined;
  private closed = false;
  /** Set by withBulkMutations: the store each line's mutation runs against. */
  store: SimStore | undefined;

  constructor(private readonly options: BulkMutationsOptions) {}

  /** The next bulk mutation created fails this way (FAILED_PARTIAL: half its lines run, then FAILED with partialDataUrl). */
  injectFailure(kind: BulkMutationFailure): void {
    this.pendingFailure = kind;
  }

  owns(gidOrId: string): boolean {
    return this.get(gidOrId) !== undefined;
  }

  get(gidOrId: string): BulkMutationRecord | undefined {
    const match = /(\d+)$/.exec(gidOrId);
    return match ? this.operations.get(Number(match[1])) : undefined;
  }

  /** currentBulkOperation(type: MUTATION): the app's most recent bulk mutation. */
  current(): BulkMutationRecord | undefined {
    let latest: BulkMutationRecord | undefined;
    for (const op of this.operations.values()) if (!latest || op.id > latest.id) latest = op;
    return latest;
  }

  /** bulkOperationRunMutation: checks the mutation, the file and the concurrency limit, then starts the run. */
  start(mutation: string, file: { body: Uint8Array } | undefined, context: SimContext): { operation: BulkMutationRecord; userErrors: [] } | { operation: null; userErrors: UserError[] } {
    const fail = (code: BulkMutationErrorCode, message: string, field: string[] | null = null) => ({ operation: null, userErrors: [{ field, message, code }] });
    const checked = validateAdminDocument(mutation);
    if (!checked.document || checked.errors.length) return fail("INVALID_MUTATION", `Invalid mutation: ${checked.errors.map((e) => e.message).join("; ")}`, ["mutation"]);
    const operation = getOperationAST(checked.document);
    const fields = operation?.selectionSet.selections ?? [];
    // One mutation field per operation; a bulk operation cannot start another one (approximate wording).
    if (operation?.operation !== "mutation" || fields.length !== 1 || (fields[0].kind === "Field" && fields[0].name.value.startsWith("bulkOperation"))) {
      return fail("INVALID_MUTATION", "Invalid mutation: expected a single mutation field.", ["mutation"]);
    }
    if (!file) return fail("NO_SUCH_FILE", "The JSONL file could not be found. Try uploading the file again.", ["stagedUploadPath"]);
    if (file.body.byteLength > variablesFileLimit(context.apiVersion)) return fail("INVALID_STAGED_UPLOAD_FILE", "The JSONL file exceeds the maximum allowed size.", ["stagedUploadPath"]);
    const lines = Buffer.from(file.body).toString("utf8").split("\n").filter((line) => line.trim() !== "");
    if (!lines.every(isJsonObject)) return fail("INVALID_STAGED_UPLOAD_FILE", "Unexpected file structure - expected JSONL", ["stagedUploadPath"]);
    const active = [...this.operations.values()].filter((op) => ["CREATED", "RUNNING", "CANCELING"].includes(op.status));
    const limit = mutationConcurrencyLimit(context.apiVersion);
    if (active.length >= limit) {
      return limit === 1
        ? fail("OPERATION_IN_PROGRESS", `A bulk mutation operation for this app and shop is already in progress: ${active[0].gid}.`)
        : fail("LIMIT_REACHED", "Bulk operations limit reached. Please try again later.");
    }
    const id = this.nextId++;
    const record: BulkMutationRecord = {
      id,
      gid: `gid://shopify/BulkOperation/${id}`,
      // Recorded for the finish webhook; bulk mutations are otherwise still kept per shop (docs/simulator.md).
      app: context.app ?? APP_UNDER_TEST,
      query: mutation,
      status: "CREATED",
      errorCode: null,
      createdAt: new Date(this.options.clock.now()),
      completedAt: null,
      objectCount: 0,
      rootObjectCount: 0,
      fileSize: 0,
      url: null,
      partialDataUrl: null,
      failure: this.pendingFailure,
      cancelRequested: false,
      lines,
      results: [],
    };
    this.pendingFailure = undefined;
    this.operations.set(id, record);
    const run = this.run(record, checked.document, context).catch((error: unknown) => {
      console.error("[simulator] bulk mutation crashed:", error);
      this.finish(record, "FAILED", "INTERNAL_SERVER_ERROR", record.results.length > 0);
    });
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return { operation: record, userErrors: [] };
  }

  /** bulkOperationCancel on a bulk mutation: CANCELING now, CANCELED before the next line. */
  cancel(gid: string): { operation: BulkMutationRecord | null; userErrors: { field: string[] | null; message: string }[] } {
    const operation = this.get(gid);
    if (!operation) return { operation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
    if (!["CREATED", "RUNNING"].includes(operation.status)) {
      return { operation, userErrors: [{ field: null, message: `A bulk operation cannot be canceled when it is ${operation.status.toLowerCase()}` }] };
    }
    operation.cancelRequested = true;
    operation.status = "CANCELING";
    return { operation, userErrors: [] };
  }

  toGraphQL(operation: BulkMutationRecord): Record<string, unknown> {
    const expired = operation.status === "COMPLETED" && operation.completedAt !== null && this.options.clock.now() > operation.completedAt.getTime() + RESULT_URL_TTL_MS;
    return {
      __typename: "BulkOperation",
      id: operation.gid,
      status: expired ? "EXPIRED" : operation.status,
      errorCode: operation.errorCode,
      createdAt: operation.createdAt.toISOString(),
      completedAt: operation.completedAt?.toISOString() ?? null,
      objectCount: String(operation.objectCount),
      rootObjectCount: String(operation.rootObjectCount),
      fileSize: operation.url || operation.partialDataUrl ? String(operation.fileSize) : null,
      query: operation.query,
      type: "MUTATION",
      url: expired ? null : operation.url,
      partialDataUrl: operation.partialDataUrl,
    };
  }

  /**
   * The result file under /cdn/bulk-mutations/<id>[-partial]/<expires>/<signature>.jsonl
   * (served through the CDN route; signed and expiring like bulk query results).
   */
  serve(path: string): { contentType: string; body: Uint8Array } | undefined {
    const match = /^bulk-mutations\/(\d+)(-partial)?\/(\d+)\/([0-9a-f]+)\.jsonl$/.exec(path);
    if (!match) return undefined;
    const operation = this.operations.get(Number(match[1]));
    const verdict = checkSignedPath(this.options.signingSecret, `/bulk-mutations/${match[1]}${match[2] ?? ""}.jsonl`, new URLSearchParams({ expires: match[3], signature: match[4] }), this.options.clock.now());
    if (!operation || verdict !== "ok") return undefined;
    return { contentType: "application/jsonl", body: Buffer.from(operation.results.map((line) => line + "\n").join("")) };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.race([Promise.allSettled([...this.running]), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  }

  private signedUrl(operation: BulkMutationRecord, partial: boolean): string {
    const expires = Math.floor((this.options.clock.now() + RESULT_URL_TTL_MS) / 1000);
    const signed = signPath(this.options.signingSecret, `/bulk-mutations/${operation.id}${partial ? "-partial" : ""}.jsonl`, expires);
    const signature = new URLSearchParams(signed.split("?")[1]).get("signature");
    return `${this.options.baseUrl()}/cdn/bulk-mutations/${operation.id}${partial ? "-partial" : ""}/${expires}/${signature}.jsonl`;
  }

  private async run(operation: BulkMutationRecord, document: DocumentNode, context: SimContext): Promise<void> {
    await nextTurn();
    if (this.stopIfCanceled(operation)) return;
    operation.status = "RUNNING";
    if (operation.failure === "INTERNAL_SERVER_ERROR") return this.finish(operation, "FAILED", "INTERNAL_SERVER_ERROR");
    const stopAt = operation.failure === "FAILED_PARTIAL" ? Math.max(1, Math.floor(operation.lines.length / 2)) : operation.lines.length;
    const perTurn = this.options.linesPerTurn ?? 25;
    // Each line is a normal execution (same resolvers, same userErrors) that is not charged to the bucket.
    const lineContext: SimContext = { ...context, bulk: false };
    for (const [index, line] of operation.lines.entries()) {
      if (this.closed) return;
      if (this.stopIfCanceled(operation)) return;
      if (index >= stopAt) return this.finish(operation, "FAILED", "INTERNAL_SERVER_ERROR", true);
      const result = await executeDocument(this.store!, document, JSON.parse(line) as Record<string, unknown>, lineContext);
      const text = JSON.stringify(result.errors?.length ? { errors: result.errors, __lineNumber: index } : { data: result.data ?? null, __lineNumber: index });
      operation.results.push(text);
      operation.objectCount += 1;
      operation.rootObjectCount += 1;
      operation.fileSize += Buffer.byteLength(text) + 1;
      if ((index + 1) % perTurn === 0) await nextTurn();
    }
    operation.url = this.signedUrl(operation, false);
    this.finish(operation, "COMPLETED", null);
  }

  private stopIfCanceled(operation: BulkMutationRecord): boolean {
    if (!operation.cancelRequested) return false;
    this.finish(operation, "CANCELED", null, operation.results.length > 0);
    return true;
  }

  private finish(operation: BulkMutationRecord, status: "COMPLETED" | "FAILED" | "CANCELED", errorCode: BulkErrorCode | null, partialData = false): void {
    if (["COMPLETED", "FAILED", "CANCELED"].includes(operation.status)) return;
    operation.status = status;
    operation.errorCode = errorCode;
    operation.completedAt = new Date(this.options.clock.now());
    if (partialData) operation.partialDataUrl = this.signedUrl(operation, true);
    if (!this.closed) this.options.onFinish(operation);
  }
}

function isJsonObject(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
