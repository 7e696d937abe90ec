/**
 * POST /admin/api/<version>/graphql.json: authenticates the access token,
 * prices the document (calculated query cost), charges the shop's leaky
 * bucket, executes, refunds the unused part and reports
 * `extensions.cost` on every answer, as the Admin API does.
 */
import { getOperationAST, type OperationDefinitionNode } from "graphql";
import { actualCost, requestedCost, SINGLE_QUERY_MAX_COST } from "../cost/query-cost";
import type { LeakyBucket, ThrottleStatus } from "../cost/bucket";
import { executeAdmin, executeDocument, type AdminResponse } from "../graphql/execute";
import { loadAdminSchema, validateAdminDocument } from "../schema/admin-schema";
import type { SimApp, SimContext } from "../store/core";
import type { SimStore } from "../store";

export interface GraphQLRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface GraphQLRouteContext {
  store: SimStore;
  bucket: LeakyBucket;
  shop: string;
  cdnBaseUrl: string;
  /** The app the token belongs to (bulk operations are per app and shop). */
  app: SimApp;
}

interface Cost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

const RATE_LIMIT_DOCS = "https://shopify.dev/api/usage/rate-limits";

/** Executes one GraphQL request body; always answers in Shopify's JSON shape with cost extensions. */
export async function runGraphQL(
  body: GraphQLRequestBody,
  apiVersion: string,
  route: GraphQLRouteContext,
): Promise<{ status: number; json: AdminResponse | Record<string, unknown> }> {
  if (typeof body.query !== "string" || body.query.trim() === "") {
    // Shopify answers a missing query with 400 and this parameter error.
    return { status: 400, json: { errors: { query: "Required parameter missing or invalid" } } };
  }
  const variables =
    body.variables && typeof body.variables === "object" ? (body.variables as Record<string, unknown>) : undefined;
  const operationName = typeof body.operationName === "string" ? body.operationName : undefined;
  const context: SimContext = { shop: route.shop, apiVersion, cdnBaseUrl: route.cdnBaseUrl, bulk: false, app: route.app };
  const cost = (requested: number, actual: number | null): Cost => ({
    requestedQueryCost: requested,
    actualQueryCost: actual,
    throttleStatus: route.bucket.status(),
  });

  const checked = validateAdminDocument(body.query);
  if (!checked.document || checked.errors.length > 0) {
    // Invalid documents are answered with HTTP 200 and top-level errors; nothing is charged.
    const result = await executeAdmin(route.store, body.query, variables, context, operationName);
    return { status: 200, json: { ...result, extensions: { cost: cost(0, 0) } } };
  }
  const operation: OperationDefinitionNode | null | undefined = getOperationAST(checked.document, operationName);
  if (!operation) {
    const result = await executeDocument(route.store, checked.document, variables, context, operationName);
    return { status: 200, json: { ...result, extensions: { cost: cost(0, 0) } } };
  }
  const schema = loadAdminSchema();
  const requested = requestedCost(schema, checked.document, operation, variables);
  if (requested > SINGLE_QUERY_MAX_COST) {
    // The single-query limit is checked on the requested cost, before execution.
    return {
      status: 200,
      json: {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).\n\nSee ${RATE_LIMIT_DOCS} for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
            extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: SINGLE_QUERY_MAX_COST, documentation: RATE_LIMIT_DOCS },
          },
        ],
        extensions: { cost: cost(requested, null) },
      },
    };
  }
  if (!route.bucket.take(requested)) {
    // Throttling arrives as HTTP 200 with a THROTTLED error and the bucket's state.
    return {
      status: 200,
      json: {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMIT_DOCS } }],
        extensions: { cost: cost(requested, null) },
      },
    };
  }
  const result = await executeDocument(route.store, checked.document, variables, context, operationName);
  const actual = Math.min(requested, actualCost(schema, checked.document, operation, variables, result.data));
  // The difference between requested and actual cost is refunded to the bucket.
  route.bucket.refund(requested - actual);
  return { status: 200, json: { ...result, extensions: { ...result.extensions, cost: cost(requested, actual) } } };
}
