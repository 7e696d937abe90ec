/**
 * Reads a bulk query document (its AST, no schema) into the tree of
 * connections the JSONL will flatten, so the runner can put every child line
 * back under the right connection field of its parent.
 */
import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";
import { SnapshelfError } from "~/errors";
import { CONNECTION_NODE_TYPES, gidType } from "./node-types";

/** One connection of the bulk query. */
export interface ConnectionSpec {
  /** Response key (alias or field name). */
  key: string;
  fieldName: string;
  /** Response keys from the parent node (or the query root) down to this connection. */
  path: string[];
  /** Concrete node types, when known (table or inline fragments). */
  nodeTypes: Set<string> | undefined;
  /** Connections selected on this connection's nodes. */
  children: ConnectionSpec[];
}

export interface BulkDocumentPlan {
  roots: ConnectionSpec[];
}

type Fragments = Map<string, FragmentDefinitionNode>;

/** Parses `source` into its connection tree; throws if children could not be told apart. */
export function planBulkDocument(source: string): BulkDocumentPlan {
  const document = parse(source);
  const fragments: Fragments = new Map();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION || operation.operation !== "query") {
    throw new SnapshelfError("A bulk document must hold one query operation");
  }
  const roots = connectionsIn(operation.selectionSet, fragments, []);
  // Root lines carry no __parentId, so aliased roots of one type (metafieldDefinitions per owner) need no telling apart.
  for (const root of roots) checkDistinguishable(root.children, root.key);
  return { roots };
}

function fieldsOf(set: SelectionSetNode, fragments: Fragments): FieldNode[] {
  const out: FieldNode[] = [];
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) out.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) out.push(...fieldsOf(selection.selectionSet, fragments));
    else {
      const fragment = fragments.get(selection.name.value);
      if (fragment) out.push(...fieldsOf(fragment.selectionSet, fragments));
    }
  }
  return out;
}

function typeConditions(set: SelectionSetNode, fragments: Fragments): string[] {
  const out: string[] = [];
  for (const selection of set.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT && selection.typeCondition) out.push(selection.typeCondition.name.value);
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments.get(selection.name.value);
      if (fragment) out.push(fragment.typeCondition.name.value);
    }
  }
  return out;
}

/** Selection sets of a connection field's nodes (edges.node and nodes), or [] if it is no connection. */
function nodeSelections(field: FieldNode, fragments: Fragments): SelectionSetNode[] {
  if (!field.selectionSet) return [];
  const out: SelectionSetNode[] = [];
  for (const inner of fieldsOf(field.selectionSet, fragments)) {
    if (inner.name.value === "nodes" && inner.selectionSet) out.push(inner.selectionSet);
    if (inner.name.value === "edges" && inner.selectionSet) {
      for (const edgeField of fieldsOf(inner.selectionSet, fragments)) {
        if (edgeField.name.value === "node" && edgeField.selectionSet) out.push(edgeField.selectionSet);
      }
    }
  }
  return out;
}

function connectionsIn(set: SelectionSetNode, fragments: Fragments, path: string[]): ConnectionSpec[] {
  const out: ConnectionSpec[] = [];
  for (const field of fieldsOf(set, fragments)) {
    if (!field.selectionSet) continue;
    const key = field.alias?.value ?? field.name.value;
    const nodes = nodeSelections(field, fragments);
    if (nodes.length === 0) {
      out.push(...connectionsIn(field.selectionSet, fragments, [...path, key]));
      continue;
    }
    const known = CONNECTION_NODE_TYPES[field.name.value] ?? [];
    const conditions = nodes.flatMap((n) => typeConditions(n, fragments));
    const types = new Set([...known, ...conditions]);
    out.push({
      key,
      fieldName: field.name.value,
      path: [...path, key],
      nodeTypes: types.size > 0 ? types : undefined,
      children: nodes.flatMap((n) => connectionsIn(n, fragments, [])),
    });
  }
  return out;
}

function checkDistinguishable(connections: ConnectionSpec[], where: string): void {
  if (connections.length < 2) return;
  const seen = new Map<string, string>();
  for (const connection of connections) {
    if (!connection.nodeTypes) {
      throw new SnapshelfError(`Bulk document: cannot tell the nodes of "${connection.key}" apart from its siblings under ${where}; add its node types to CONNECTION_NODE_TYPES`);
    }
    for (const type of connection.nodeTypes) {
      const other = seen.get(type);
      if (other) throw new SnapshelfError(`Bulk document: "${other}" and "${connection.key}" under ${where} both hold ${type} nodes`);
      seen.set(type, connection.key);
    }
  }
}

/** Type of a JSONL object: its `__typename` if selected, else its id's GID type. */
export function lineType(line: Record<string, unknown>): string | undefined {
  return typeof line.__typename === "string" ? line.__typename : gidType(line.id);
}

/** Finds the connection a line belongs to; caches by (parent type, child type). */
export class ConnectionResolver {
  private readonly cache = new Map<string, ConnectionSpec | null>();

  constructor(private readonly plan: BulkDocumentPlan) {}

  /** Root connection of a line without __parentId. */
  root(type: string | undefined): ConnectionSpec | undefined {
    return pick(this.plan.roots, type);
  }

  /** Nested connection of a child line whose parent is of `parentType`. */
  child(parentType: string | undefined, type: string | undefined): ConnectionSpec | undefined {
    const cacheKey = `${parentType}|${type}`;
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined) return cached ?? undefined;
    const parent = pick(this.plan.roots, parentType);
    const found = parent ? pick(parent.children, type) : undefined;
    this.cache.set(cacheKey, found ?? null);
    return found;
  }
}

function pick(connections: ConnectionSpec[], type: string | undefined): ConnectionSpec | undefined {
  if (connections.length === 1) return connections[0];
  return connections.find((c) => type !== undefined && c.nodeTypes?.has(type));
}
