/** The app's own Admin schema loader: the same schema the simulator validates against, and a clear "unavailable" without the package. */
import { printSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { loadAdminSchema } from "../../test/simulator/schema/admin-schema";
import { loadAdminSchemaFrom, loadAppAdminSchema } from "./admin-schema.server";

describe("loadAppAdminSchema", () => {
  it("loads the schema the simulator uses (2025-01 introspection + delta)", () => {
    const loaded = loadAppAdminSchema();
    expect(loaded.unavailable).toBeUndefined();
    expect(printSchema(loaded.schema!)).toBe(printSchema(loadAdminSchema()));
    expect(loadAppAdminSchema()).toBe(loaded);
  });

  it("reports why when @shopify/dev-mcp is not installed (production without dev dependencies)", () => {
    const missing = loadAdminSchemaFrom(() => {
      throw new Error("Cannot find module '@shopify/dev-mcp/package.json'\nRequire stack: …");
    });
    expect(missing).toEqual({ unavailable: "the Admin schema package @shopify/dev-mcp is not installed (Cannot find module '@shopify/dev-mcp/package.json')" });
  });
});
