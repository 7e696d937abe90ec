/**
 * GraphQL root fields for bulk operations, layered over a store's own roots
 * (prototype chain, so fields the domains add stay reachable).
 */
import { parseGid, type ResolverMap, type SimContext } from "../store/core";
import type { SimStore } from "../store";
import type { BulkOperations } from "./operations";

/** A store whose roots also answer the bulk-operation fields. */
export function withBulkOperations(store: SimStore, bulk: BulkOperations): SimStore {
  const rootQuery = Object.create(store.rootQuery) as ResolverMap;
  const rootMutation = Object.create(store.rootMutation) as ResolverMap;
  const lookup = (id: string, context: SimContext) => {
    const operation = bulk.get(id, context.app);
    return operation ? bulk.toGraphQL(operation) : null;
  };
  const node = (id: string, context: SimContext): unknown =>
    parseGid(id)?.type === "BulkOperation" ? lookup(id, context) : store.node(id, context);

  // currentBulkOperation(type:) defaults to QUERY; bulk mutations are not simulated, so MUTATION has none.
  rootQuery.currentBulkOperation = (args, context) => {
    if (args.type === "MUTATION") return null;
    const operation = bulk.current(context.app);
    return operation ? bulk.toGraphQL(operation) : null;
  };
  // bulkOperation(id:) exists from 2026-01 (changelog "New Queries for Bulk Operations").
  rootQuery.bulkOperation = (args, context) => lookup(String(args.id), context);
  rootQuery.node = (args, context) => node(String(args.id), context);
  rootQuery.nodes = (args, context) => (args.ids as string[]).map((id) => node(id, context));

  rootMutation.bulkOperationRunQuery = (args, context) => {
    // groupObjects defaulted to true until 2025-10 and to false from 2026-01 (changelog, Oct 2025).
    const groupObjects = typeof args.groupObjects === "boolean" ? args.groupObjects : context.apiVersion < "2026-01";
    const result = bulk.start(String(args.query), groupObjects, context);
    return {
      bulkOperation: result.operation ? bulk.toGraphQL(result.operation) : null,
      userErrors: result.userErrors,
    };
  };
  rootMutation.bulkOperationCancel = (args, context) => {
    const result = bulk.cancel(String(args.id), context.app);
    return {
      bulkOperation: result.operation ? bulk.toGraphQL(result.operation) : null,
      userErrors: result.userErrors.map(({ field, message }) => ({ field, message })),
    };
  };

  return { ...store, rootQuery, rootMutation, node };
}
