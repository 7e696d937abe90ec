/**
 * Shopify's calculated query cost (shopify.dev "GraphQL Admin API rate
 * limits", Cost calculation): scalars and enums cost 0, objects 1,
 * interfaces/unions the maximum of their possible selections, connections are
 * sized by their first/last argument (2 for the connection itself plus size ×
 * the cost of one node), mutations 10 (productSet: dynamic, see
 * mutation-cost.ts). The requested cost is computed before
 * execution from the document; the actual cost afterwards from the data that
 * came back (null objects and short pages cost less), as Shopify does.
 */
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isObjectType,
  type DocumentNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import {
  argumentValue,
  collectFields,
  fieldDef,
  fragmentsOf,
  isConnectionType,
  type CollectedField,
  type Fragments,
} from "../graphql/selection";
import { mutationFieldCost } from "./mutation-cost";

export { MUTATION_COST } from "./mutation-cost";

/** A single query may not request more than 1,000 points (shopify.dev "Single query limit"). */
export const SINGLE_QUERY_MAX_COST = 1000;

interface Walk {
  schema: GraphQLSchema;
  fragments: Fragments;
  variables: Record<string, unknown> | undefined;
}

/** Requested cost of `operation`, computed before execution. */
export function requestedCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): number {
  const walk: Walk = { schema, fragments: fragmentsOf(document), variables };
  if (operation.operation === "mutation") {
    const root = schema.getMutationType();
    if (!root) return 0;
    const fields = collectFields(schema, walk.fragments, operation.selectionSet, root, root);
    // Priced from the field's input alone, so the actual cost equals the requested one (actualCost below).
    return fields
      .filter((f) => f.node.name.value !== "__typename")
      .reduce((sum, f) => sum + mutationFieldCost(f.node.name.value, (name) => argumentValue(f.node, name, variables)), 0);
  }
  const root = schema.getQueryType();
  return root ? selectionCost(walk, operation.selectionSet, root, undefined) : 0;
}

/** Actual cost of `operation`, from the data it returned. */
export function actualCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  data: Record<string, unknown> | null | undefined,
): number {
  if (operation.operation === "mutation") return requestedCost(schema, document, operation, variables);
  const walk: Walk = { schema, fragments: fragmentsOf(document), variables };
  const root = schema.getQueryType();
  if (!root || !data) return 0;
  return selectionCost(walk, operation.selectionSet, root, data);
}

/**
 * Cost of a selection set on `type`. `data` undefined means "requested"
 * (worst case); otherwise the value returned for this object.
 */
function selectionCost(
  walk: Walk,
  selectionSet: SelectionSetNode,
  type: GraphQLCompositeType,
  data: Record<string, unknown> | undefined,
): number {
  const runtimeTypes = candidateTypes(walk, selectionSet, type, data);
  let max = 0;
  for (const runtime of runtimeTypes) {
    let total = 0;
    for (const field of collectFields(walk.schema, walk.fragments, selectionSet, type, runtime)) {
      total += fieldCost(walk, field, data);
    }
    max = Math.max(max, total);
  }
  return max;
}

/** Concrete types to price: the actual one when known, else every branch the document names (max wins). */
function candidateTypes(
  walk: Walk,
  selectionSet: SelectionSetNode,
  type: GraphQLCompositeType,
  data: Record<string, unknown> | undefined,
): (GraphQLObjectType | undefined)[] {
  if (!isAbstractType(type)) return [type];
  const typename = data?.__typename;
  if (typeof typename === "string") {
    const runtime = walk.schema.getType(typename);
    if (isObjectType(runtime)) return [runtime];
  }
  const named = new Set<GraphQLObjectType | undefined>([undefined]);
  for (const field of collectFields(walk.schema, walk.fragments, selectionSet, type)) {
    if (isObjectType(field.parentType)) named.add(field.parentType);
  }
  return [...named];
}

function fieldCost(walk: Walk, field: CollectedField, parentData: Record<string, unknown> | undefined): number {
  const definition = fieldDef(field);
  if (!definition || !field.node.selectionSet) return 0; // scalars, enums and __typename are free
  const type = getNamedType(definition.type);
  if (!isCompositeType(type)) return 0;
  const value = parentData === undefined ? undefined : parentData[field.responseKey];
  if (parentData !== undefined && (value === null || value === undefined)) return 0; // a null object costs nothing
  if (isConnectionType(type)) return connectionCost(walk, field, type, value as Record<string, unknown> | undefined);
  if (Array.isArray(value)) {
    return value.reduce<number>(
      // `nodes(ids:)` answers null for a deleted id, and a null object costs nothing.
      (sum, item) =>
        item == null ? sum : sum + objectCost(walk, field.node.selectionSet!, type, item as Record<string, unknown>),
      0,
    );
  }
  // Plain lists of objects with a page size (e.g. `images(first:)` on old types) scale like connections.
  const size = pageSize(walk, field);
  const multiplier = size !== undefined && definition.type.toString().includes("[") ? size : 1;
  return multiplier * objectCost(walk, field.node.selectionSet, type, value as Record<string, unknown> | undefined);
}

function objectCost(
  walk: Walk,
  selectionSet: SelectionSetNode,
  type: GraphQLCompositeType,
  data: Record<string, unknown> | undefined,
): number {
  return 1 + selectionCost(walk, selectionSet, type, data);
}

/** 2 for the connection + size × one node (its edge's node or `nodes` entry). */
function connectionCost(
  walk: Walk,
  field: CollectedField,
  type: GraphQLObjectType,
  data: Record<string, unknown> | undefined,
): number {
  const inner = collectFields(walk.schema, walk.fragments, field.node.selectionSet!, type, type);
  const nodeType = getNamedType(type.getFields().nodes?.type ?? type.getFields().edges.type) as GraphQLCompositeType;
  let perNodeSelections: SelectionSetNode[] = [];
  let returned: Record<string, unknown>[] | undefined;
  for (const selection of inner) {
    const name = selection.node.name.value;
    if (name === "nodes" && selection.node.selectionSet) {
      perNodeSelections.push(selection.node.selectionSet);
      if (data) returned = (data[selection.responseKey] as Record<string, unknown>[] | null) ?? [];
    }
    if (name === "edges" && selection.node.selectionSet) {
      const edgeType = getNamedType(type.getFields().edges.type) as GraphQLObjectType;
      for (const edgeField of collectFields(walk.schema, walk.fragments, selection.node.selectionSet, edgeType, edgeType)) {
        if (edgeField.node.name.value === "node" && edgeField.node.selectionSet) {
          perNodeSelections.push(edgeField.node.selectionSet);
          if (data && !returned) {
            const edges = (data[selection.responseKey] as Record<string, unknown>[] | null) ?? [];
            returned = edges.map((edge) => edge[edgeField.responseKey] as Record<string, unknown>);
          }
        }
      }
    }
  }
  // `edges { node }` and `nodes` select the same objects: price the dearer one once.
  perNodeSelections = perNodeSelections.slice(0, 2);
  const nodeCost = (item: Record<string, unknown> | undefined) =>
    Math.max(0, ...perNodeSelections.map((selectionSet) => objectCost(walk, selectionSet, nodeType, item)));
  if (data) return 2 + (returned ?? []).reduce<number>((sum, item) => sum + nodeCost(item ?? undefined), 0);
  const size = pageSize(walk, field) ?? 0;
  return 2 + size * (perNodeSelections.length ? nodeCost(undefined) : 0);
}

function pageSize(walk: Walk, field: CollectedField): number | undefined {
  const first = argumentValue(field.node, "first", walk.variables);
  const last = argumentValue(field.node, "last", walk.variables);
  const size = typeof first === "number" ? first : typeof last === "number" ? last : undefined;
  return size;
}
