/**
 * A schema-free upper estimate of a document's requested cost, used before
 * Shopify has told us the real figure for that document. It follows
 * Shopify's published rules (objects 1, scalars 0, connections 2 + size ×
 * node cost, mutations 10 per field, productSet priced from its input:
 * mutation-cost.ts) but treats every field with a selection set as an
 * object, so it errs high.
 */
import { Kind, parse, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode, type ValueNode } from "graphql";
import { MUTATION_FIELD_COST, productSetCost, shapeOfProductSetInput } from "./mutation-cost";

/** Mutation fields whose cost depends on their input (one document, many prices: never cache its cost). */
const INPUT_PRICED = new Set(["productSet"]);
const inputPriced = new Map<string, boolean>();

/** True when `source`'s cost depends on its variables, so one answer's cost says nothing about the next call's. */
export function costDependsOnInput(source: string): boolean {
  let known = inputPriced.get(source);
  if (known === undefined) {
    try {
      known = parse(source).definitions.some(
        (d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === "mutation" && d.selectionSet.selections.some((s) => s.kind === Kind.FIELD && INPUT_PRICED.has(s.name.value)),
      );
    } catch {
      known = false;
    }
    inputPriced.set(source, known);
  }
  return known;
}

function mutationFieldCost(field: FieldNode, variables: Record<string, unknown>): number {
  if (field.name.value !== "productSet") return MUTATION_FIELD_COST;
  const arg = field.arguments?.find((a) => a.name.value === "input")?.value;
  const input = arg?.kind === Kind.VARIABLE ? variables[arg.name.value] : undefined;
  // An inline input is not read here: price it as a large product so the estimate errs high.
  if (!input || typeof input !== "object") return 60;
  return Math.ceil(productSetCost(shapeOfProductSetInput(input as Record<string, unknown>)));
}
/** Shopify never runs a query requesting more than this. */
export const SINGLE_QUERY_MAX_COST = 1000;
// `edges` is a list wrapper; `node`/`nodes` entries are the objects Shopify charges for.
const WRAPPERS = new Set(["edges"]);

/** Estimated requested cost of `source` with `variables` (1 … 1000). */
export function estimateQueryCost(source: string, variables?: Record<string, unknown>): number {
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch {
    return SINGLE_QUERY_MAX_COST;
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  let total = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    if (definition.operation === "mutation") {
      for (const selection of definition.selectionSet.selections) total += selection.kind === Kind.FIELD ? mutationFieldCost(selection, variables ?? {}) : MUTATION_FIELD_COST;
    } else {
      total += selectionCost(definition.selectionSet, fragments, variables ?? {}, 0);
    }
  }
  return Math.max(1, Math.min(SINGLE_QUERY_MAX_COST, Math.ceil(total)));
}

function selectionCost(
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  depth: number,
): number {
  if (depth > 20) return 0;
  let cost = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      cost += selectionCost(selection.selectionSet, fragments, variables, depth + 1);
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments.get(selection.name.value);
      if (fragment) cost += selectionCost(fragment.selectionSet, fragments, variables, depth + 1);
      continue;
    }
    if (!selection.selectionSet) continue;
    const inner = selectionCost(selection.selectionSet, fragments, variables, depth + 1);
    const size = pageSize(selection.arguments?.map((a) => ({ name: a.name.value, value: a.value })) ?? [], variables);
    if (size !== undefined) cost += 2 + size * inner;
    else cost += (WRAPPERS.has(selection.name.value) ? 0 : 1) + inner;
  }
  return cost;
}

function pageSize(args: { name: string; value: ValueNode }[], variables: Record<string, unknown>): number | undefined {
  for (const { name, value } of args) {
    if (name !== "first" && name !== "last") continue;
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind === Kind.VARIABLE) {
      const bound = variables[value.name.value];
      return typeof bound === "number" ? bound : 250;
    }
  }
  return undefined;
}
