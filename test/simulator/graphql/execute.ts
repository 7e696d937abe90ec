/**
 * Executes one Admin GraphQL document against the simulated store, after
 * validating it against the real Admin schema. Returns Shopify's response
 * shape (`data`, `errors[]` with `extensions.code`); cost and throttling are
 * added by the HTTP layer.
 */
import {
  execute,
  getOperationAST,
  GraphQLError,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldResolver,
} from "graphql";
import { loadAdminSchema, validateAdminDocument } from "../schema/admin-schema";
import { SimUserError, type SimContext } from "../store/core";
import type { SimStore } from "../store";

export interface AdminResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; locations?: unknown; path?: unknown; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

/** Validates then runs `source`; never throws for caller mistakes. */
export async function executeAdmin(
  store: SimStore,
  source: string,
  variables: Record<string, unknown> | undefined,
  context: SimContext,
  operationName?: string,
): Promise<AdminResponse> {
  const checked = validateAdminDocument(source);
  if (!checked.document || checked.errors.length > 0) {
    // Shopify answers invalid documents with HTTP 200 and top-level errors.
    return { errors: checked.errors.map((error) => formatError(error, "GRAPHQL_VALIDATION_FAILED")) };
  }
  return executeDocument(store, checked.document, variables, context, operationName);
}

/** Runs an already validated document. */
export async function executeDocument(
  store: SimStore,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  context: SimContext,
  operationName?: string,
  fieldResolver?: GraphQLFieldResolver<unknown, SimContext>,
): Promise<AdminResponse> {
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    return { errors: [{ message: "Could not determine which operation to run", extensions: { code: "BAD_REQUEST" } }] };
  }
  const rootValue = operation.operation === "mutation" ? store.rootMutation : store.rootQuery;
  const result = (await execute({
    schema: loadAdminSchema(),
    document,
    rootValue,
    contextValue: context,
    variableValues: variables,
    operationName,
    fieldResolver,
  })) as ExecutionResult;
  const response: AdminResponse = { data: (result.data as Record<string, unknown> | null) ?? null };
  if (result.errors?.length) response.errors = result.errors.map((error) => formatError(error));
  return response;
}

function formatError(error: GraphQLError, fallbackCode?: string): NonNullable<AdminResponse["errors"]>[number] {
  const original = error.originalError;
  const code =
    original instanceof SimUserError ? original.code : fallbackCode ?? (original ? "INTERNAL_SERVER_ERROR" : undefined);
  if (original && !(original instanceof SimUserError)) {
    // A resolver bug must be loud in tests, not mistaken for a Shopify answer.
    console.error("[simulator] resolver error:", original);
  }
  return {
    message: error.message,
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {}),
    ...(code ? { extensions: { code } } : {}),
  };
}
