/**
 * Every bulk query the app sends is accepted by the simulator's bulk
 * planner (Shopify's ≤ 5 connections / ≤ 2 levels / parent id rules), can
 * be planned by the runner (children distinguishable), and the node-type
 * table the runner relies on agrees with the Admin schema.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { getNamedType, isAbstractType, isObjectType, parse, TypeInfo, visit, visitWithTypeInfo } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../test/simulator";
import { planBulkQuery } from "../../test/simulator/bulk/plan";
import { loadAdminSchema } from "../../test/simulator/schema/admin-schema";
import { createAdminClient } from "./admin-client";
import { planBulkDocument } from "./bulk-plan";
import { runBulkQuery } from "./bulk-runner";
import { CONNECTION_NODE_TYPES } from "./node-types";

const folder = fileURLToPath(new URL("./queries/", import.meta.url));
const bulkDocuments: { name: string; source: string }[] = [];
for (const file of readdirSync(folder).filter((f) => /^bulk-.*\.ts$/.test(f) && !f.endsWith(".test.ts") && f !== "bulk-operations.ts")) {
  const exports = (await import(`./queries/${file.slice(0, -3)}.ts`)) as Record<string, unknown>;
  for (const [exportName, value] of Object.entries(exports)) {
    if (typeof value === "string" && /^\s*query\b/.test(value)) bulkDocuments.push({ name: `${file}#${exportName}`, source: value });
  }
}

/** Connection fields of a document with the concrete types their nodes can have (from the schema). */
function connectionNodeTypes(source: string): { field: string; types: string[] }[] {
  const schema = loadAdminSchema();
  const typeInfo = new TypeInfo(schema);
  const out: { field: string; types: string[] }[] = [];
  visit(
    parse(source),
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const type = getNamedType(typeInfo.getType());
        if (!type || !isObjectType(type) || !type.name.endsWith("Connection")) return;
        const nodeType = getNamedType(type.getFields().nodes?.type ?? type.getFields().edges.type);
        const concrete = isAbstractType(nodeType) ? schema.getPossibleTypes(nodeType).map((t) => t.name) : [nodeType.name];
        out.push({ field: node.name.value, types: concrete });
      },
    }),
  );
  return out;
}

describe("bulk documents", () => {
  it("cover every bulk-backed data type", () => {
    expect(bulkDocuments.map((d) => d.name.split("#")[0]).sort()).toEqual(
      expect.arrayContaining(["bulk-collections.ts", "bulk-customers.ts", "bulk-inventory.ts", "bulk-metafield-definitions.ts", "bulk-metaobjects.ts", "bulk-orders.ts", "bulk-products.ts"]),
    );
  });

  it.each(bulkDocuments)("$name passes Shopify's bulk restrictions (simulator planner)", ({ source }) => {
    const planned = planBulkQuery(source);
    expect("errors" in planned ? planned.errors : []).toEqual([]);
  });

  it.each(bulkDocuments)("$name can be assembled by the runner, node types matching the schema", ({ source }) => {
    expect(() => planBulkDocument(source)).not.toThrow();
    for (const { field, types } of connectionNodeTypes(source)) {
      expect([...(CONNECTION_NODE_TYPES[field] ?? [])].sort(), field).toEqual([...types].sort());
    }
  });
});

describe("bulk documents run on the simulator", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ size: "tiny", seed: 5, apiKey: "key", apiSecret: "secret" });
  });
  afterAll(async () => sim.close());

  it.each(bulkDocuments)("$name completes and yields records", async ({ source }) => {
    const client = createAdminClient({ shop: sim.shopDomain, accessToken: sim.accessToken(), apiVersion: "2026-10", baseUrl: sim.url });
    const run = runBulkQuery(client, source, { pollIntervalMs: 5, maxAttempts: 1 });
    let records = 0;
    for await (const record of run) {
      expect(record.gid).toMatch(/^gid:\/\/shopify\//);
      records += 1;
    }
    expect(run.operation()?.status).toBe("COMPLETED");
    expect(records).toBe(Number(run.operation()!.rootObjectCount));
  });
});
