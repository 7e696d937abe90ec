/**
 * Bulk query operations of one simulated shop: creation with Shopify's
 * concurrency limits, an asynchronous run (CREATED → RUNNING → COMPLETED /
 * FAILED / CANCELED) that streams JSONL to a temporary file page by page,
 * signed expiring result URLs, injected failures, and the
 * `bulk_operations/finish` notification.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, type WriteStream } from "node:fs";
import type { ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { executeDocument } from "../graphql/execute";
import type { Clock } from "../cost/bucket";
import { APP_UNDER_TEST, type SimApp, type SimContext } from "../store/core";
import type { SimStore } from "../store";
import { flattenPage } from "./jsonl";
import { NestedWindows } from "./nested-windows";
import { RootPager } from "./pager";
import { planBulkQuery, type BulkPlan } from "./plan";
import { checkSignedPath, RESULT_URL_TTL_MS, signPath } from "./signed-url";

export type BulkFailureKind = "FAILED_PARTIAL" | "TIMEOUT" | "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR";
export type BulkStatus = "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELING" | "CANCELED" | "EXPIRED";
export type BulkErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";

export interface BulkOperationRecord {
  id: number;
  gid: string;
  /** The app that started it: Shopify keeps bulk operations per app and shop. */
  app: SimApp;
  query: string;
  groupObjects: boolean;
  status: Exclude<BulkStatus, "EXPIRED">;
  errorCode: BulkErrorCode | null;
  createdAt: Date;
  completedAt: Date | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number;
  url: string | null;
  partialDataUrl: string | null;
  failure?: BulkFailureKind;
  cancelRequested: boolean;
}

export interface BulkUserError {
  field: string[] | null;
  message: string;
  code?: "INVALID" | "LIMIT_REACHED" | "OPERATION_IN_PROGRESS";
}

export interface BulkOperationsOptions {
  store: SimStore;
  clock: Clock;
  /** The server's base URL (known once it listens). */
  baseUrl: () => string;
  signingSecret: string;
  /** Called once per operation when it completes, fails or is canceled. */
  onFinish: (operation: BulkOperationRecord) => void;
  /** Root objects per page between event-loop turns. */
  pageSize?: number;
  /** Nodes per nested connection per pass (ungrouped output only; default NESTED_WINDOW). */
  nestedWindow?: number;
}

/** From API 2026-01 up to five bulk queries run at once per shop; before, one (shopify.dev bulk operations guide). */
export function concurrencyLimit(apiVersion: string): number {
  return apiVersion >= "2026-01" ? 5 : 1;
}

export class BulkOperations {
  private readonly operations = new Map<number, BulkOperationRecord>();
  private readonly running = new Set<Promise<void>>();
  private readonly dir = mkdtempSync(join(tmpdir(), "snapshelf-sim-"));
  private nextId = 4_200_001;
  private pendingFailure: BulkFailureKind | undefined;
  private closed = false;

  constructor(private readonly options: BulkOperationsOptions) {}

  /** The next operation created fails in the given way. */
  injectFailure(kind: BulkFailureKind): void {
    this.pendingFailure = kind;
  }

  /** bulkOperationRunQuery: validates, enforces limits, and starts the run. */
  start(
    query: string,
    groupObjects: boolean,
    context: SimContext,
  ): { operation: BulkOperationRecord; userErrors: [] } | { operation: null; userErrors: BulkUserError[] } {
    const planned = planBulkQuery(query);
    if ("errors" in planned) return { operation: null, userErrors: planned.errors };
    const app = context.app ?? APP_UNDER_TEST;
    const active = [...this.operations.values()].filter((op) => op.app === app && ["CREATED", "RUNNING", "CANCELING"].includes(op.status));
    const limit = concurrencyLimit(context.apiVersion);
    if (active.length >= limit) {
      return {
        operation: null,
        userErrors: [
          limit === 1
            ? {
                field: null,
                message: `A bulk query operation for this app and shop is already in progress: ${active[0].gid}.`,
                code: "OPERATION_IN_PROGRESS",
              }
            : { field: null, message: "Bulk operations limit reached. Please try again later.", code: "LIMIT_REACHED" },
        ],
      };
    }
    const id = this.nextId++;
    const operation: BulkOperationRecord = {
      id,
      gid: `gid://shopify/BulkOperation/${id}`,
      app,
      query,
      groupObjects,
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
    };
    this.pendingFailure = undefined;
    this.operations.set(id, operation);
    const run = this.run(operation, planned.plan, context).catch((error: unknown) => {
      console.error("[simulator] bulk operation crashed:", error);
      this.finish(operation, "FAILED", "INTERNAL_SERVER_ERROR");
    });
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return { operation, userErrors: [] };
  }

  /** An operation of `app` (another app's operations are not visible to it). */
  get(gidOrId: string, app: SimApp = APP_UNDER_TEST): BulkOperationRecord | undefined {
    const match = /(\d+)$/.exec(gidOrId);
    const operation = match ? this.operations.get(Number(match[1])) : undefined;
    return operation?.app === app ? operation : undefined;
  }

  /** currentBulkOperation: the app's most recent query operation. */
  current(app: SimApp = APP_UNDER_TEST): BulkOperationRecord | undefined {
    let latest: BulkOperationRecord | undefined;
    for (const op of this.operations.values()) if (op.app === app && (!latest || op.id > latest.id)) latest = op;
    return latest;
  }

  /** bulkOperationCancel: CANCELING now, CANCELED at the next page boundary. */
  cancel(gid: string, app: SimApp = APP_UNDER_TEST): { operation: BulkOperationRecord | null; userErrors: BulkUserError[] } {
    const operation = this.get(gid, app);
    if (!operation) return { operation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
    if (!["CREATED", "RUNNING"].includes(operation.status)) {
      return {
        operation,
        userErrors: [
          { field: null, message: `A bulk operation cannot be canceled when it is ${operation.status.toLowerCase()}` },
        ],
      };
    }
    operation.cancelRequested = true;
    operation.status = "CANCELING";
    return { operation, userErrors: [] };
  }

  /** The GraphQL BulkOperation object; counts and sizes are strings (UnsignedInt64), as Shopify sends them. */
  toGraphQL(operation: BulkOperationRecord): Record<string, unknown> {
    const expired =
      operation.status === "COMPLETED" &&
      operation.completedAt !== null &&
      this.options.clock.now() > operation.completedAt.getTime() + RESULT_URL_TTL_MS;
    return {
      __typename: "BulkOperation",
      id: operation.gid,
      status: expired ? "EXPIRED" : operation.status,
      errorCode: operation.errorCode,
      createdAt: operation.createdAt.toISOString(),
      completedAt: operation.completedAt?.toISOString() ?? null,
      objectCount: String(operation.objectCount),
      rootObjectCount: String(operation.rootObjectCount),
      fileSize: operation.url ? String(operation.fileSize) : null,
      query: operation.query,
      type: "QUERY",
      url: operation.url,
      partialDataUrl: operation.partialDataUrl,
    };
  }

  /** Serves GET /bulk/<id>.jsonl and /bulk/<id>-partial.jsonl; false if the path is not ours. */
  serve(pathname: string, search: URLSearchParams, response: ServerResponse): boolean {
    const match = /^\/bulk\/(\d+)(-partial)?\.jsonl$/.exec(pathname);
    if (!match) return false;
    const verdict = checkSignedPath(this.options.signingSecret, pathname, search, this.options.clock.now());
    const operation = this.operations.get(Number(match[1]));
    if (verdict !== "ok" || !operation) {
      // Result links are signed storage URLs: expired or tampered ones are refused.
      response.writeHead(403, { "Content-Type": "application/xml" });
      response.end(`<?xml version='1.0' encoding='UTF-8'?><Error><Code>${verdict === "expired" ? "ExpiredToken" : "AccessDenied"}</Code></Error>`);
      return true;
    }
    response.writeHead(200, { "Content-Type": "application/jsonl", "Content-Length": String(statSync(this.filePath(operation)).size) });
    createReadStream(this.filePath(operation)).pipe(response);
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    // A run held inside a resolver (tests gate them) must not block shutdown for long.
    await Promise.race([Promise.allSettled([...this.running]), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private filePath(operation: BulkOperationRecord): string {
    return join(this.dir, `${operation.id}.jsonl`);
  }

  private signedUrl(operation: BulkOperationRecord, partial: boolean): string {
    const expires = Math.floor((this.options.clock.now() + RESULT_URL_TTL_MS) / 1000);
    return this.options.baseUrl() + signPath(this.options.signingSecret, `/bulk/${operation.id}${partial ? "-partial" : ""}.jsonl`, expires);
  }

  private async run(operation: BulkOperationRecord, plan: BulkPlan, context: SimContext): Promise<void> {
    await nextTurn();
    if (this.stopIfCanceled(operation)) return;
    operation.status = "RUNNING";
    const failure = operation.failure;
    if (failure === "ACCESS_DENIED" || failure === "INTERNAL_SERVER_ERROR") {
      // These failures leave no usable data: FAILED with errorCode and no partialDataUrl.
      await nextTurn();
      return this.finish(operation, "FAILED", failure);
    }
    const file = createWriteStream(this.filePath(operation));
    // close() may remove the directory under a run still in flight; that must not crash the process.
    file.on("error", (error) => {
      if (!this.closed) console.error("[simulator] bulk result file:", error);
    });
    const pager = new RootPager(this.options.store.rootQuery, plan.root, this.options.pageSize ?? 100);
    const windows = operation.groupObjects ? undefined : new NestedWindows(this.options.nestedWindow);
    const view: SimStore = { ...this.options.store, rootQuery: pager.rootQuery };
    const bulkContext: SimContext = { ...context, bulk: true };
    const partial = failure === "FAILED_PARTIAL" || failure === "TIMEOUT";
    try {
      for (let page = 0; ; page++) {
        pager.startPage();
        windows?.startPage();
        for (let pass = 0; ; pass++) {
          if (this.closed) return;
          if (this.stopIfCanceled(operation)) return;
          if (pass > 0) pager.repeatPage();
          windows?.startPass();
          const result = await executeDocument(view, plan.document, undefined, bulkContext, undefined, windows?.fieldResolver);
          if (this.closed || this.stopIfCanceled(operation)) return;
          if (result.errors?.length) {
            const denied = result.errors.some((e) => e.extensions?.code === "ACCESS_DENIED");
            await endStream(file);
            return this.finish(operation, "FAILED", denied ? "ACCESS_DENIED" : "INTERNAL_SERVER_ERROR", operation.objectCount > 0);
          }
          const data = { ...(result.data ?? {}) };
          if (page > 0 || pass > 0) {
            // Top-level objects that are not connections belong to the first page only.
            for (const field of plan.root.values()) if (!field.connection) delete data[field.key];
          }
          // Later passes repeat the page's roots only to reach the next windows of their nested connections.
          let lines = flattenPage(plan.root, data, operation.groupObjects, { roots: pass === 0 });
          if (partial) lines = lines.slice(0, Math.max(1, Math.floor(lines.length / 2)));
          for (const line of lines) {
            const text = line.text + "\n";
            operation.objectCount += 1;
            if (line.root) operation.rootObjectCount += 1;
            operation.fileSize += Buffer.byteLength(text);
            if (!file.write(text)) await new Promise<void>((resolve) => file.once("drain", () => resolve()));
          }
          if (partial) {
            await endStream(file);
            // Shopify fails such runs part-way and offers what it had in partialDataUrl.
            return this.finish(operation, "FAILED", failure === "TIMEOUT" ? "TIMEOUT" : "INTERNAL_SERVER_ERROR", true);
          }
          if (!windows?.more) break;
          await nextTurn();
        }
        if (!pager.hasMore) break;
        await nextTurn();
      }
      await endStream(file);
      if (this.stopIfCanceled(operation)) return;
    } finally {
      if (!file.closed) file.destroy();
    }
    operation.url = this.signedUrl(operation, false);
    this.finish(operation, "COMPLETED", null);
  }

  private stopIfCanceled(operation: BulkOperationRecord): boolean {
    if (!operation.cancelRequested) return false;
    this.finish(operation, "CANCELED", null);
    return true;
  }

  private finish(
    operation: BulkOperationRecord,
    status: "COMPLETED" | "FAILED" | "CANCELED",
    errorCode: BulkErrorCode | null,
    partialData = false,
  ): void {
    if (["COMPLETED", "FAILED", "CANCELED"].includes(operation.status)) return;
    operation.status = status;
    operation.errorCode = errorCode;
    operation.completedAt = new Date(this.options.clock.now());
    if (partialData) operation.partialDataUrl = this.signedUrl(operation, true);
    if (!this.closed) this.options.onFinish(operation);
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function endStream(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once("error", reject);
    stream.end(() => resolve());
  });
}
