/** The Admin schema loader (app, simulator and tests share it): the delta is applied, and a clear "unavailable" without the package. */
import { describe, expect, it } from "vitest";
import { loadAdminSchemaFrom, loadAppAdminSchema } from "./admin-schema.server";

describe("loadAppAdminSchema", () => {
  it("loads the 2025-01 introspection with the delta applied (fields added later are there), once per process", () => {
    const loaded = loadAppAdminSchema();
    expect(loaded.unavailable).toBeUndefined();
    const mutations = loaded.schema!.getMutationType()!.getFields();
    expect(mutations.customerSet).toBeDefined(); // delta/customers.graphql (2025-04)
    expect(loaded.schema!.getQueryType()!.getFields().pages.args.map((a) => a.name)).toContain("query"); // delta/content.graphql
    expect(loadAppAdminSchema()).toBe(loaded);
  });

  it("reports why when @shopify/dev-mcp is not installed (production without dev dependencies)", () => {
    const missing = loadAdminSchemaFrom(() => {
      throw new Error("Cannot find module '@shopify/dev-mcp/package.json'\nRequire stack: …");
    });
    expect(missing).toEqual({ unavailable: "the Admin schema package @shopify/dev-mcp is not installed (Cannot find module '@shopify/dev-mcp/package.json')" });
  });
});
