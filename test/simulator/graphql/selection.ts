/**
 * Small helpers for walking a validated document against the Admin schema:
 * field collection through fragments, argument values, and Shopify's
 * connection convention (an object type named *Connection with edges/nodes).
 */
import {
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";

export type Fragments = Record<string, FragmentDefinitionNode>;

export function fragmentsOf(document: DocumentNode): Fragments {
  const fragments: Fragments = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return fragments;
}

/** One selected field with the type it was selected on (the fragment's condition, if any). */
export interface CollectedField {
  responseKey: string;
  node: FieldNode;
  parentType: GraphQLCompositeType;
}

/**
 * Flattens fragments. With `runtimeType`, keeps only fragments that apply to
 * that concrete type (as execution does); without, keeps every branch.
 */
export function collectFields(
  schema: GraphQLSchema,
  fragments: Fragments,
  selectionSet: SelectionSetNode,
  parentType: GraphQLCompositeType,
  runtimeType?: GraphQLObjectType,
  out: CollectedField[] = [],
): CollectedField[] {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      out.push({ responseKey: selection.alias?.value ?? selection.name.value, node: selection, parentType });
      continue;
    }
    const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value] : selection;
    if (!fragment) continue;
    const conditionName = fragment.typeCondition?.name.value;
    const condition = (conditionName ? schema.getType(conditionName) : parentType) as GraphQLCompositeType | undefined;
    if (!condition) continue;
    if (runtimeType && !typeApplies(schema, condition, runtimeType)) continue;
    collectFields(schema, fragments, fragment.selectionSet, condition, runtimeType, out);
  }
  return out;
}

function typeApplies(schema: GraphQLSchema, condition: GraphQLCompositeType, runtime: GraphQLObjectType): boolean {
  if (condition === runtime) return true;
  return isAbstractType(condition) && schema.isSubType(condition, runtime);
}

/** The schema field a collected field refers to (undefined for __typename). */
export function fieldDef(field: CollectedField): GraphQLField<unknown, unknown> | undefined {
  const type = field.parentType;
  if (!("getFields" in type)) return undefined;
  return type.getFields()[field.node.name.value];
}

/** Literal or variable value of an argument, undefined when absent. */
export function argumentValue(
  node: FieldNode,
  name: string,
  variables: Record<string, unknown> | undefined,
): unknown {
  const argument = node.arguments?.find((a) => a.name.value === name);
  if (!argument) return undefined;
  return valueFromASTUntyped(argument.value, variables);
}

/** Shopify's Relay connections: `XConnection` object types with `edges`. */
export function isConnectionType(type: GraphQLNamedType): type is GraphQLObjectType {
  return isObjectType(type) && type.name.endsWith("Connection") && "edges" in type.getFields();
}

export function namedTypeOf(field: GraphQLField<unknown, unknown>): GraphQLNamedType {
  return getNamedType(field.type);
}
