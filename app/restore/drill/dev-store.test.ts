/**
 * The drill's development-store step: the product sample is restored into
 * a second simulator (the clone target, seeded differently so its GIDs
 * collide with the source's) and compared field by field; a target that
 * rejects the writes turns into named problems, not a crash.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepository } from "~/repo";
import { createTestKeyProvider } from "~/repo/test-support";
import { loadAppAdminSchema } from "~/shopify/admin-schema.server";
import { createAdminClient, type AdminClient } from "~/shopify/admin-client";
import { createMemoryBlobStore } from "~/storage/memory-blob-store";
import { startSimulator, type RunningSimulator } from "../../../test/simulator";
import { createMemoryJournal } from "../journal";
import type { DevStore } from "./dev-store";
import { drillShop, type DrillJobDeps } from "./drill-job";
import { drillFixture, type DrillFixture } from "./test-support";

let f: DrillFixture;
let dev: RunningSimulator;
let devStore: DevStore;
const DEV = "dev-clone.myshopify.com";

beforeAll(async () => {
  f = await drillFixture();
  dev = await startSimulator({ size: "tiny", seed: 5, apiKey: "key", apiSecret: "secret", plan: "plus", shopDomain: DEV });
  const repository = createRepository({ store: createMemoryBlobStore(), keys: createTestKeyProvider(), shop: DEV });
  await repository.init();
  devStore = { shop: DEV, client: createAdminClient({ shop: DEV, accessToken: dev.accessToken(), apiVersion: "2026-10", baseUrl: dev.url }), repository };
}, 120_000);
afterAll(async () => {
  await f?.close();
  await dev?.close();
});

const deps = (target: DevStore | null): DrillJobDeps => ({
  db: f.db,
  openRepository: () => f.reopen(),
  schema: loadAppAdminSchema,
  options: { products: 5, othersPerType: 1 },
  journal: createMemoryJournal(),
  devStore: async () => target,
});

describe("drill into a development store", () => {
  it("restores the product sample there and finds it equal to the snapshot", async () => {
    const { result } = await drillShop(deps(devStore), f.sim.shopDomain, "manual", null);
    expect(result.problems).toEqual([]);
    expect(result.steps.at(-1)).toMatchObject({ step: "dev-store", status: "ok", count: 5 });
    const { data } = await devStore.client.request<{ productsCount: { count: number } }>(`query { productsCount { count } }`);
    expect(data.productsCount.count).toBeGreaterThanOrEqual(5);
  });

  it("reports each product the development store refused, by GID", async () => {
    const refusing: AdminClient = {
      ...devStore.client,
      request: async (document, variables, options) => {
        if (document.includes("SnapshelfRestoreProductSet")) return { data: { productSet: { product: null, userErrors: [{ field: ["input"], message: "Refused by test" }] } }, extensions: undefined } as never;
        return devStore.client.request(document, variables, options) as never;
      },
    };
    const { result } = await drillShop(deps({ ...devStore, client: refusing }), f.sim.shopDomain, "manual", null);
    expect(result.outcome).toBe("problems");
    const problems = result.problems.filter((p) => p.kind === "devstore");
    // Sampled products the first drill already restored there are equal and need no write; every other one was refused.
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.message.includes("Refused by test"))).toBe(true);
    expect(problems.every((p) => p.gid?.startsWith("gid://shopify/Product/"))).toBe(true);
  });
});
