/** Shared fixtures of the restore tests: a simulator store, its snapshot, and GraphQL helpers to damage it. */
import { runFullSnapshot } from "~/backup/full-snapshot";
import { createRepository, type Repository } from "~/repo";
import type { DataType } from "~/services/settings";
import { createTestKeyProvider } from "~/repo/test-support";
import { createAdminClient, type AdminClient } from "~/shopify/admin-client";
import { createMemoryBlobStore } from "~/storage/memory-blob-store";
import { startSimulator, type RunningSimulator } from "../../test/simulator";
import type { JsonObject } from "./types";

export interface RestoreFixture {
  sim: RunningSimulator;
  client: AdminClient;
  repository: Repository;
  snapshotId: string;
  gql<T = JsonObject>(query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/** Starts the simulator, snapshots products, collections and inventory (or the given types) into a memory repository. */
export async function restoreFixture(options: { seed?: number; size?: "tiny" | "small"; plan?: "standard" | "plus"; types?: DataType[] } = {}): Promise<RestoreFixture> {
  const sim = await startSimulator({ size: options.size ?? "tiny", seed: options.seed ?? 11, apiKey: "key", apiSecret: "secret", plan: options.plan ?? "plus" });
  const client = createAdminClient({ shop: sim.shopDomain, accessToken: sim.accessToken(), apiVersion: "2026-10", baseUrl: sim.url });
  const repository = createRepository({ store: createMemoryBlobStore(), keys: createTestKeyProvider(), shop: sim.shopDomain });
  await repository.init();
  const result = await runFullSnapshot({ shop: sim.shopDomain, client, repository, bulk: { pollIntervalMs: 10 }, types: options.types ?? ["products", "collections", "inventory"] });
  return {
    sim,
    client,
    repository,
    snapshotId: result.snapshot.id,
    async gql<T>(query: string, variables?: Record<string, unknown>) {
      return (await client.request<T>(query, variables)).data;
    },
    close: () => sim.close(),
  };
}

export const SET_PRODUCT = `mutation($identifier: ProductSetIdentifiers, $input: ProductSetInput!) { productSet(identifier: $identifier, input: $input) { product { id } userErrors { field message code } } }`;
export const DELETE_PRODUCT = `mutation($id: ID!) { productDelete(input: { id: $id }) { deletedProductId userErrors { message } } }`;
export const SET_METAFIELDS = `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }`;
export const SET_STOCK = `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { message code } } }`;
export const PRODUCTS = `query { products(first: 12) { nodes { id handle title variantsCount { count } collections(first: 3) { nodes { id ruleSet { appliedDisjunctively } } } media(first: 3) { nodes { id } } variants(first: 3) { nodes { id price inventoryItem { id inventoryLevels(first: 3) { nodes { location { id } quantities(names: ["available"]) { quantity } } } } } } } } }`;

export interface ProductSummary {
  id: string;
  handle: string;
  title: string;
  variantsCount: { count: number };
  collections: { nodes: { id: string; ruleSet: unknown }[] };
  media: { nodes: { id: string }[] };
  variants: { nodes: { id: string; price: string; inventoryItem: { id: string; inventoryLevels: { nodes: { location: { id: string }; quantities: { quantity: number }[] }[] } } }[] };
}

/** The first 12 products with what the tests pick by. */
export async function listProducts(fixture: RestoreFixture): Promise<ProductSummary[]> {
  return (await fixture.gql<{ products: { nodes: ProductSummary[] } }>(PRODUCTS)).products.nodes;
}
