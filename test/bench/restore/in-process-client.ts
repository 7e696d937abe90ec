/**
 * An AdminClient that runs documents inside the simulator process, outside
 * its leaky bucket: the benchmark's setup (snapshot, damage, plan reads) must
 * not eat the bucket the measured restore starts with.
 */
import type { AdminClient } from "~/shopify/admin-client";
import { ShopifyGraphQLError } from "~/shopify/errors";
import type { RunningSimulator } from "../../simulator";
import { executeAdmin } from "../../simulator/graphql/execute";

/** Setup-only client over `sim.store` (validated against the Admin schema, never throttled). */
export function inProcessClient(sim: RunningSimulator): AdminClient {
  const context = { shop: sim.shopDomain, apiVersion: "2026-10", cdnBaseUrl: `${sim.url}/cdn`, bulk: false };
  return {
    shop: sim.shopDomain,
    apiVersion: "2026-10",
    async request<T>(document: string, variables?: Record<string, unknown>) {
      const answer = await executeAdmin(sim.store, document, variables, context);
      if (answer.errors?.length) throw new ShopifyGraphQLError(answer.errors.map((e) => ({ message: e.message, extensions: e.extensions as { code?: string } })), {}, answer.data);
      return { data: answer.data as T, cost: undefined };
    },
    costUsed: () => 0,
    throttleState: () => ({ known: false, maximumAvailable: 0, restoreRate: 0, estimatedAvailable: 0, reserved: 0, inFlight: 0, requests: 0, throttledResponses: 0, retries: 0, waitedMs: 0 }),
  };
}
