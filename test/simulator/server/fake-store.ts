/**
 * A tiny hand-built store for the server's own tests, independent of the
 * data domains: `products` (with nested `variants`) and `shop`. A `gate`
 * lets a test hold bulk runs mid-flight to observe concurrency and cancel.
 */
import type { CatalogDomain } from "../store/catalog";
import { connection, gid, parseGid, StoreCore, type ConnectionArgs, type Domain, type SimContext } from "../store/core";
import type { SimStore } from "../store";

export interface FakeStoreOptions {
  products?: number;
  variantsPerProduct?: number;
  /** While set, `products` waits for it (lets tests hold bulk operations RUNNING). */
  gate?: () => Promise<void>;
}

interface FakeVariant {
  __typename: "ProductVariant";
  id: string;
  sku: string;
  price: string;
  title: string;
}

/** Builds the fake store. */
export function createFakeStore(options: FakeStoreOptions = {}): SimStore {
  const core = new StoreCore(1, "tiny", "demo-shop.myshopify.com");
  const count = options.products ?? 5;
  const perProduct = options.variantsPerProduct ?? 2;
  const products = Array.from({ length: count }, (_, i) => {
    const variants: FakeVariant[] = Array.from({ length: perProduct }, (_, j) => ({
      __typename: "ProductVariant",
      id: gid("ProductVariant", 2000 + i * 10 + j),
      sku: `SKU-${i}-${j}`,
      price: `${10 + j}.00`,
      title: `Size ${j}`,
    }));
    return {
      __typename: "Product",
      id: gid("Product", 1000 + i),
      title: `Product ${i}`,
      handle: `product-${i}`,
      variants: (args: ConnectionArgs, context: SimContext) => connection(variants, args, context, (v) => v.id),
    };
  });
  const domain: Domain = {
    name: "fake",
    query: {
      products: async (args, context) => {
        if (options.gate) await options.gate();
        return connection(products, args as ConnectionArgs, context, (p) => p.id);
      },
      shop: () => ({ __typename: "Shop", id: gid("Shop", 1), name: "Demo Shop" }),
    },
    mutation: {},
    nodeTypes: { Product: (id) => products.find((p) => p.id === gid("Product", id)) },
  };
  // Only the Domain part matters here; the real CatalogDomain grows with the catalog helper's work.
  const uploads = new Map<string, { contentType: string; body: Uint8Array }>();
  const catalog = {
    name: "catalog",
    query: {},
    mutation: {},
    nodeTypes: {},
    acceptStagedUpload: (path: string, body: Uint8Array, contentType: string) => {
      if (!path.startsWith("staged/")) return false;
      uploads.set(path, { contentType, body });
      return true;
    },
  } as unknown as CatalogDomain;
  return {
    core,
    catalog,
    domains: [domain],
    rootQuery: { ...domain.query },
    rootMutation: {},
    node: (id) => {
      const parsed = parseGid(id);
      return parsed ? (domain.nodeTypes[parsed.type]?.(parsed.id, {} as SimContext) ?? null) : null;
    },
    cdn: (path) => uploads.get(path.replace(/^catalog\//, "")),
  };
}
