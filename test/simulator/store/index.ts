/**
 * Composes the simulated shop from its domains. The GraphQL server executes
 * documents with `rootQuery` / `rootMutation` as root values (graphql-js calls
 * function-valued fields with (args, context, info)).
 */
import { createCatalogDomain, type CatalogDomain } from "./catalog";
import { createContentDomain } from "./content";
import {
  parseGid,
  SIZE_PRESETS,
  StoreCore,
  type Domain,
  type ResolverMap,
  type SimContext,
  type StoreSize,
} from "./core";
import { createCustomerDomain } from "./customers";
import { createMetaobjectDomain } from "./metaobjects";
import { createOrderDomain } from "./orders";
import { createShopDomain } from "./shop";
import { createThemeDomain } from "./themes";

export interface SimStoreOptions {
  seed?: number;
  size?: StoreSize;
  /** e.g. "demo-shop.myshopify.com" */
  shopDomain?: string;
}

export interface SimStore {
  readonly core: StoreCore;
  readonly catalog: CatalogDomain;
  readonly domains: readonly Domain[];
  readonly rootQuery: ResolverMap;
  readonly rootMutation: ResolverMap;
  /** Resolves any GID the domains know, for node/nodes. */
  node(id: string, context: SimContext): unknown;
  /** CDN bytes for a path under /cdn/ (e.g. "catalog/…"), or undefined. */
  cdn(path: string): { contentType: string; body: Uint8Array } | undefined;
}

export function createSimStore(options: SimStoreOptions = {}): SimStore {
  const size = options.size ?? "tiny";
  if (!(size in SIZE_PRESETS)) throw new Error(`Unknown store size "${size}"`);
  const core = new StoreCore(options.seed ?? 1, size, options.shopDomain ?? "demo-shop.myshopify.com");
  const catalog = createCatalogDomain(core);
  const customers = createCustomerDomain(core);
  const domains: Domain[] = [
    createShopDomain(core),
    catalog,
    customers,
    createOrderDomain(core, { catalog, customers }),
    createContentDomain(core, { catalog }),
    createMetaobjectDomain(core),
    createThemeDomain(core),
  ];

  const rootQuery: ResolverMap = {};
  const rootMutation: ResolverMap = {};
  for (const domain of domains) {
    for (const [field, resolver] of Object.entries(domain.query)) {
      if (field in rootQuery) throw new Error(`Query.${field} served by two domains`);
      rootQuery[field] = resolver;
    }
    for (const [field, resolver] of Object.entries(domain.mutation)) {
      if (field in rootMutation) throw new Error(`Mutation.${field} served by two domains`);
      rootMutation[field] = resolver;
    }
  }

  const node = (id: string, context: SimContext): unknown => {
    const parsed = parseGid(id);
    if (!parsed) return null;
    for (const domain of domains) {
      const lookup = domain.nodeTypes[parsed.type];
      if (lookup) return lookup(parsed.id, context) ?? null;
    }
    return null;
  };
  // `node` and `nodes` are answered across domains (Shopify's Node interface).
  rootQuery.node = (args, context) => node(String(args.id), context);
  rootQuery.nodes = (args, context) => (args.ids as string[]).map((id) => node(id, context));

  const cdn = (path: string) => {
    const [domainName, ...rest] = path.split("/");
    const domain = domains.find((d) => d.name === domainName);
    return domain?.cdn?.(rest.join("/"));
  };

  return { core, catalog, domains, rootQuery, rootMutation, node, cdn };
}
