/**
 * Errors of the Shopify layer, in the app/errors.ts hierarchy: callers branch
 * on the class (retry, show the merchant, or stop), never on message text.
 */
import { RetryableError, SnapshelfError, UserFacingError } from "~/errors";

/** One entry of a GraphQL response's `errors` array, as Shopify sends it. */
export interface GraphQLErrorEntry {
  message: string;
  path?: (string | number)[];
  locations?: { line: number; column: number }[];
  extensions?: { code?: string } & Record<string, unknown>;
}

/** The Admin API answered with GraphQL errors that another try will not fix. */
export class ShopifyGraphQLError extends SnapshelfError {
  readonly errors: GraphQLErrorEntry[];
  /** Partial data that came with the errors, if any. */
  readonly data: unknown;

  constructor(errors: GraphQLErrorEntry[], context: Record<string, unknown> = {}, data?: unknown) {
    super(`Shopify GraphQL error: ${errors.map((e) => e.message).join("; ")}`, {
      ...context,
      codes: errors.map((e) => e.extensions?.code).filter(Boolean),
    });
    this.errors = errors;
    this.data = data;
  }

  /** The `extensions.code` values of the errors (e.g. ACCESS_DENIED, MAX_COST_EXCEEDED). */
  get codes(): string[] {
    return this.errors.map((e) => e.extensions?.code).filter((c): c is string => typeof c === "string");
  }
}

/** 401/403: the token is invalid, revoked or lacks access; retrying will not help, re-authenticating might. */
export class ShopifyAuthError extends UserFacingError {
  readonly status: number;

  constructor(status: number, context: Record<string, unknown> = {}) {
    super(
      status === 401
        ? "Shopify rejected Snapshelf's access token. Open the app again to re-authorize it."
        : "Shopify denied Snapshelf access to this store's data. Check the app's permissions.",
      { ...context, status },
    );
    this.status = status;
  }
}

/** Any other non-retryable HTTP answer (400, 404, 422 …): a programming or configuration error. */
export class ShopifyHttpError extends SnapshelfError {
  readonly status: number;

  constructor(status: number, body: string, context: Record<string, unknown> = {}) {
    super(`Shopify answered HTTP ${status}: ${body.slice(0, 300)}`, { ...context, status });
    this.status = status;
  }
}

/** A bulk operation ended FAILED (or EXPIRED / CANCELED by someone else) on every allowed attempt. */
export class BulkOperationFailedError extends RetryableError {
  readonly operationId: string;
  readonly errorCode: string | null;
  readonly status: string;
  readonly partialDataUrl: string | null;

  constructor(
    operation: { id: string; status: string; errorCode: string | null; partialDataUrl: string | null },
    attempts: number,
  ) {
    super(`Bulk operation ${operation.id} ended ${operation.status}${operation.errorCode ? ` (${operation.errorCode})` : ""} after ${attempts} attempt(s)`, {
      operationId: operation.id,
      status: operation.status,
      errorCode: operation.errorCode,
      attempts,
    });
    this.operationId = operation.id;
    this.errorCode = operation.errorCode;
    this.status = operation.status;
    this.partialDataUrl = operation.partialDataUrl;
  }
}

/** A bulk operation failed with ACCESS_DENIED: the app lacks a scope the merchant must grant. */
export class BulkAccessDeniedError extends UserFacingError {
  readonly operationId: string;
  readonly missingScope: string | undefined;

  constructor(operationId: string, missingScope: string | undefined) {
    super(
      missingScope
        ? `Shopify denied the backup access to this data: the app needs the "${missingScope}" permission. Re-authorize Snapshelf to grant it.`
        : "Shopify denied the backup access to some of this data: the app is missing a permission. Re-authorize Snapshelf to grant it.",
      { operationId, missingScope },
    );
    this.operationId = operationId;
    this.missingScope = missingScope;
  }
}

/** Shopify refused to start a bulk query (userErrors other than the concurrency limit). */
export class BulkQueryRejectedError extends SnapshelfError {}
