/**
 * Every GraphQL document the app sends lives in this folder and must be valid
 * against Shopify's real Admin schema (2025-01 introspection + the cited
 * delta). A document that drifts from the schema fails here, not in a
 * merchant's store.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { validateAdminDocument } from "../../../test/simulator/schema/admin-schema";

const folder = fileURLToPath(new URL(".", import.meta.url));
const modules = readdirSync(folder).filter(
  (name) => name.endsWith(".ts") && !name.endsWith(".test.ts"),
);

const documents: { name: string; source: string }[] = [];
for (const file of modules) {
  // The folder is read at run time, so the import path is dynamic on purpose.
  const url = pathToFileURL(`${folder}${file}`).href;
  const exports = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
  for (const [exportName, value] of Object.entries(exports)) {
    if (typeof value === "string" && /^\s*(query|mutation)\b/.test(value)) {
      documents.push({ name: `${file}#${exportName}`, source: value });
    }
  }
}

describe("app GraphQL documents", () => {
  it("exist (the folder is where the app keeps them)", () => {
    expect(documents.length).toBeGreaterThan(0);
  });

  it.each(documents)("$name is valid against the Admin schema", ({ source }) => {
    const { errors } = validateAdminDocument(source);
    expect(errors.map((error) => error.message)).toEqual([]);
  });
});
