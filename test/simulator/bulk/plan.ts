/**
 * Checks a bulk query against Shopify's documented restrictions (shopify.dev
 * "Perform bulk operations with the GraphQL Admin API", Operation
 * restrictions) and turns it into a plan the JSONL writer follows: which
 * response keys are connections, and where their nodes sit.
 */
import {
  getNamedType,
  isCompositeType,
  type DocumentNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { loadAdminSchema, validateAdminDocument } from "../schema/admin-schema";
import { collectFields, fieldDef, fragmentsOf, isConnectionType, type Fragments } from "../graphql/selection";

/** A selected field, by response key, with what the JSONL writer needs to know about it. */
export interface PlanField {
  key: string;
  fieldName: string;
  connection: boolean;
  /** For connections: response keys of `edges`, of `node` inside it, and of `nodes`. */
  edgesKey?: string;
  nodeKey?: string;
  nodesKey?: string;
  /** Fields selected on the object (for connections: on each node). */
  children: Map<string, PlanField>;
}

export interface BulkPlan {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  root: Map<string, PlanField>;
}

export interface BulkQueryError {
  field: string[];
  message: string;
  code: "INVALID";
}

/** Maximum connections per bulk query and nesting depth (shopify.dev bulk operations, Operation restrictions). */
export const MAX_CONNECTIONS = 5;
export const MAX_CONNECTION_DEPTH = 2;

/** Validates `source` as a bulk query; returns the plan or Shopify-style userErrors. */
export function planBulkQuery(source: string): { plan: BulkPlan } | { errors: BulkQueryError[] } {
  const invalid = (message: string) => ({ errors: [{ field: ["query"], message, code: "INVALID" as const }] });
  const checked = validateAdminDocument(source);
  if (!checked.document || checked.errors.length > 0) {
    // Shopify validates the inner document and reports its problems as userErrors on `query`.
    return { errors: checked.errors.map((e) => ({ field: ["query"], message: `Invalid bulk query: ${e.message}`, code: "INVALID" })) };
  }
  const operations = checked.document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === "OperationDefinition",
  );
  if (operations.length !== 1) return invalid("Bulk queries must contain exactly one operation.");
  const operation = operations[0];
  if (operation.operation !== "query") {
    return invalid("Bulk queries must be a query operation; use bulkOperationRunMutation for mutations.");
  }
  if ((operation.variableDefinitions ?? []).length > 0) {
    // bulkOperationRunQuery has no variables argument: the document must be self-contained.
    return invalid("Bulk queries cannot use variables.");
  }
  const schema = loadAdminSchema();
  const fragments = fragmentsOf(checked.document);
  const rootType = schema.getQueryType()!;
  for (const field of collectFields(schema, fragments, operation.selectionSet, rootType)) {
    if (field.node.name.value === "node" || field.node.name.value === "nodes") {
      // "The top-level node and nodes fields can't be used" (Operation restrictions).
      return invalid("Bulk queries cannot contain a top level `node` or `nodes` field.");
    }
  }
  const stats = { connections: 0, maxDepth: 0, missingParentId: false };
  const root = buildFields(schema, fragments, operation.selectionSet, rootType, 0, true, stats);
  if (stats.connections === 0) return invalid("Bulk queries must contain at least one connection.");
  if (stats.connections > MAX_CONNECTIONS) {
    return invalid(`Bulk queries cannot contain more than ${MAX_CONNECTIONS} connections.`);
  }
  if (stats.maxDepth > MAX_CONNECTION_DEPTH) {
    return invalid(`Bulk queries cannot contain connections with a nesting depth greater than ${MAX_CONNECTION_DEPTH}.`);
  }
  if (stats.missingParentId) {
    // Nested nodes carry their parent's id in __parentId, so Shopify insists the parent selects it.
    return invalid(
      "The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type.",
    );
  }
  return { plan: { document: checked.document, operation, root } };
}

function buildFields(
  schema: GraphQLSchema,
  fragments: Fragments,
  selectionSet: SelectionSetNode,
  type: GraphQLCompositeType,
  depth: number,
  selectsId: boolean,
  stats: { connections: number; maxDepth: number; missingParentId: boolean },
): Map<string, PlanField> {
  const out = new Map<string, PlanField>();
  for (const collected of collectFields(schema, fragments, selectionSet, type)) {
    const definition = fieldDef(collected);
    const named = definition ? getNamedType(definition.type) : undefined;
    const existing = out.get(collected.responseKey);
    const planField: PlanField = existing ?? {
      key: collected.responseKey,
      fieldName: collected.node.name.value,
      connection: false,
      children: new Map(),
    };
    out.set(collected.responseKey, planField);
    if (!named || !isCompositeType(named) || !collected.node.selectionSet) continue;
    if (!isConnectionType(named)) {
      mergeInto(planField.children, buildFields(schema, fragments, collected.node.selectionSet, named, depth, selectsId, stats));
      continue;
    }
    planField.connection = true;
    stats.connections += 1;
    stats.maxDepth = Math.max(stats.maxDepth, depth + 1);
    if (depth > 0 && !selectsId) stats.missingParentId = true;
    for (const inner of collectFields(schema, fragments, collected.node.selectionSet, named, named)) {
      const innerName = inner.node.name.value;
      if (innerName === "nodes" && inner.node.selectionSet) {
        planField.nodesKey = inner.responseKey;
        addNodeFields(schema, fragments, inner.node.selectionSet, named, depth, planField, stats);
      }
      if (innerName === "edges" && inner.node.selectionSet) {
        planField.edgesKey = inner.responseKey;
        const edgeType = getNamedType(named.getFields().edges.type) as GraphQLCompositeType;
        for (const edgeField of collectFields(schema, fragments, inner.node.selectionSet, edgeType)) {
          if (edgeField.node.name.value !== "node" || !edgeField.node.selectionSet) continue;
          planField.nodeKey = edgeField.responseKey;
          addNodeFields(schema, fragments, edgeField.node.selectionSet, named, depth, planField, stats);
        }
      }
    }
  }
  return out;
}

function addNodeFields(
  schema: GraphQLSchema,
  fragments: Fragments,
  selectionSet: SelectionSetNode,
  connectionType: GraphQLCompositeType,
  depth: number,
  planField: PlanField,
  stats: { connections: number; maxDepth: number; missingParentId: boolean },
): void {
  const nodeField = "getFields" in connectionType ? connectionType.getFields().nodes ?? connectionType.getFields().edges : undefined;
  if (!nodeField) return;
  const nodeType = getNamedType(nodeField.type);
  const resolvedNodeType = (nodeType.name.endsWith("Edge") && "getFields" in nodeType
    ? getNamedType(nodeType.getFields().node.type)
    : nodeType) as GraphQLCompositeType;
  const selectsId = collectFields(schema, fragments, selectionSet, resolvedNodeType).some(
    (f) => f.node.name.value === "id" && f.responseKey === "id",
  );
  mergeInto(
    planField.children,
    buildFields(schema, fragments, selectionSet, resolvedNodeType, depth + 1, selectsId, stats),
  );
}

function mergeInto(target: Map<string, PlanField>, source: Map<string, PlanField>): void {
  for (const [key, field] of source) {
    const existing = target.get(key);
    if (!existing) {
      target.set(key, field);
      continue;
    }
    existing.connection ||= field.connection;
    existing.edgesKey ??= field.edgesKey;
    existing.nodeKey ??= field.nodeKey;
    existing.nodesKey ??= field.nodesKey;
    mergeInto(existing.children, field.children);
  }
}
