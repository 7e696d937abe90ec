/**
 * Validates restore requests against the Admin schema the way Shopify's
 * server does before running them: the document against the schema, then the
 * variables coerced against the operation's variable definitions (graphql-js
 * getVariableValues: wrong enum values, missing required fields, unknown
 * input fields, wrong scalar types each come back as an error with the path).
 */
import { getVariableValues, Kind, parse, validate, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { RESTORE_PRODUCT_SET } from "~/shopify/queries/restore-products";
import type { ProductRestoreInput } from "./product-inputs";
import type { DrillProblem } from "./types";

/** Problems of one operation's variables; the document's own errors first. */
export function validateVariables(schema: GraphQLSchema, source: string, variables: Record<string, unknown>): string[] {
  const document = parse(source);
  const documentErrors = validate(schema, document);
  if (documentErrors.length) return documentErrors.map((e) => e.message);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) return ["The document has no operation"];
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 20 });
  return result.errors?.map((e) => e.message) ?? [];
}

/** Validates every product's RESTORE_PRODUCT_SET variables; each failure names the product. */
export function validateProductInputs(schema: GraphQLSchema, inputs: ProductRestoreInput[]): DrillProblem[] {
  const problems: DrillProblem[] = [];
  for (const input of inputs) {
    for (const message of validateVariables(schema, RESTORE_PRODUCT_SET, input.variables)) {
      problems.push({ kind: "schema", type: "Product", gid: input.gid, title: input.title, message: `productSet input of ${input.title} (${input.gid}): ${message}` });
    }
  }
  return problems;
}
