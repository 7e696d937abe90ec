/**
 * The simulator's store core: deterministic randomness, Shopify GIDs, the
 * cursor-paginated connection shape, change events (which become webhooks),
 * and the plug-in seam every data domain (catalog, customers, orders, content,
 * metaobjects, themes) implements.
 *
 * Large stores (100k products, 500k orders) would not fit as eager JS object
 * graphs, so a domain generates record i on demand from (seed, type, i) and
 * keeps only records that were created, edited or deleted after seeding.
 */
import { EventEmitter } from "node:events";
import type { GraphQLResolveInfo } from "graphql";

export type StoreSize = "tiny" | "small" | "large";

export interface SizePreset {
  products: number;
  /** Upper bound of variants per product (Shopify allows up to 2,048; most shops have few). */
  maxVariantsPerProduct: number;
  customCollections: number;
  smartCollections: number;
  locations: number;
  customers: number;
  orders: number;
  pages: number;
  blogs: number;
  articlesPerBlog: number;
  redirects: number;
  menus: number;
  metaobjectDefinitions: number;
  metaobjectsPerDefinition: number;
  themes: number;
  filesPerTheme: number;
}

export const SIZE_PRESETS: Record<StoreSize, SizePreset> = {
  tiny: {
    products: 12,
    maxVariantsPerProduct: 3,
    customCollections: 2,
    smartCollections: 1,
    locations: 2,
    customers: 10,
    orders: 15,
    pages: 3,
    blogs: 1,
    articlesPerBlog: 2,
    redirects: 3,
    menus: 2,
    metaobjectDefinitions: 1,
    metaobjectsPerDefinition: 3,
    themes: 2,
    filesPerTheme: 12,
  },
  small: {
    products: 500,
    maxVariantsPerProduct: 6,
    customCollections: 12,
    smartCollections: 6,
    locations: 3,
    customers: 1_000,
    orders: 2_000,
    pages: 12,
    blogs: 2,
    articlesPerBlog: 10,
    redirects: 40,
    menus: 3,
    metaobjectDefinitions: 3,
    metaobjectsPerDefinition: 20,
    themes: 2,
    filesPerTheme: 150,
  },
  large: {
    products: 100_000,
    maxVariantsPerProduct: 8,
    customCollections: 200,
    smartCollections: 100,
    locations: 5,
    customers: 200_000,
    orders: 500_000,
    pages: 60,
    blogs: 4,
    articlesPerBlog: 150,
    redirects: 2_000,
    menus: 5,
    metaobjectDefinitions: 6,
    metaobjectsPerDefinition: 500,
    themes: 2,
    filesPerTheme: 150,
  },
};

/** sfc32: small, fast, and identical on every platform, so seeds reproduce exactly. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string) {
    const h = typeof seed === "number" ? seed >>> 0 : hashString(seed);
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = h;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  bool(probability = 0.5): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Up to `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = items.slice();
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  }
}

/** FNV-1a, for turning names into seeds. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Shopify global ids look like gid://shopify/Product/123 (shopify.dev "Global IDs"). */
export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

export function parseGid(value: string): { type: string; id: string } | undefined {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/([^/?]+)/.exec(value);
  return match ? { type: match[1], id: match[2] } : undefined;
}

/** What every resolver receives as GraphQL context. */
/** Which app a token belongs to: the one under test, or another app on the store (TokenRegistry.otherAppToken). */
export type SimApp = "app" | "other";
export const APP_UNDER_TEST: SimApp = "app";

export interface SimContext {
  shop: string;
  apiVersion: string;
  /** The app whose token made the request (APP_UNDER_TEST when absent). */
  app?: SimApp;
  /** Base URL for CDN bytes (product images, theme file bodies), e.g. http://127.0.0.1:4001/cdn */
  cdnBaseUrl: string;
  /** True while executing a bulk operation: connections then return every node, ignoring first/last. */
  bulk: boolean;
  /**
   * Bulk mode only, set for one nested connection at a time: return nodes
   * [offset, offset + limit) of the whole list and report whether more follow
   * (the bulk writer's nested windows, bulk/nested-windows.ts).
   */
  bulkWindow?: BulkWindow;
}

export interface BulkWindow {
  offset: number;
  limit: number;
  report(hasMore: boolean): void;
}

export type Resolver = (
  args: Record<string, unknown>,
  context: SimContext,
  info: GraphQLResolveInfo,
) => unknown;
export type ResolverMap = Record<string, Resolver>;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

/** Opaque cursors, base64 of the position key, like Shopify's. */
export function encodeCursor(key: string | number): string {
  return Buffer.from(JSON.stringify({ k: key })).toString("base64url");
}

export function decodeCursor(cursor: string): string | number {
  try {
    return (JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { k: string | number }).k;
  } catch {
    throw new SimUserError("Invalid cursor", "after");
  }
}

/**
 * Builds a connection over an ordered list. Shopify requires `first` or `last`
 * on every connection outside bulk operations ("you must provide one of first
 * or last"); in bulk mode the whole list is returned.
 */
export function connection<T>(
  items: readonly T[],
  args: ConnectionArgs,
  context: SimContext,
  keyOf: (item: T) => string | number,
): Connection<T> {
  let list = args.reverse ? items.slice().reverse() : items.slice();
  if (!context.bulk) {
    if (args.first == null && args.last == null) {
      throw new SimUserError("you must provide one of first or last", "first");
    }
    if ((args.first ?? 0) > 250 || (args.last ?? 0) > 250) {
      // Shopify caps page size at 250 nodes per connection.
      throw new SimUserError("The maximum number of nodes per page is 250", "first");
    }
  }
  let start = 0;
  let end = list.length;
  if (args.after) {
    const key = decodeCursor(args.after);
    const index = list.findIndex((item) => keyOf(item) === key);
    start = index + 1;
  }
  if (args.before) {
    const key = decodeCursor(args.before);
    const index = list.findIndex((item) => keyOf(item) === key);
    if (index >= 0) end = index;
  }
  list = list.slice(start, end);
  let hasNextPage = end < items.length;
  let hasPreviousPage = start > 0;
  if (!context.bulk && args.first != null && list.length > args.first) {
    list = list.slice(0, args.first);
    hasNextPage = true;
  }
  if (!context.bulk && args.last != null && list.length > args.last) {
    list = list.slice(list.length - args.last);
    hasPreviousPage = true;
  }
  if (context.bulk && context.bulkWindow) {
    const window = context.bulkWindow;
    const total = list.length;
    list = list.slice(window.offset, window.offset + window.limit);
    window.report(window.offset + list.length < total);
  }
  const edges = list.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    nodes: list,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/**
 * A GraphQL error caused by the caller's arguments, returned in Shopify's
 * top-level `errors` shape. Mutation input problems are not thrown: they are
 * returned as `userErrors` in the payload, as Shopify does.
 */
export class SimUserError extends Error {
  constructor(
    message: string,
    readonly argument?: string,
    readonly code = "BAD_REQUEST",
  ) {
    super(message);
  }
}

/** A userErrors entry as mutations return it. */
export interface UserError {
  field: string[] | null;
  message: string;
  code?: string;
}

/** A change the store made; the webhook deliverer turns it into an HTTP POST. */
export interface ChangeEvent {
  /** Webhook topic, e.g. "products/update". */
  topic: string;
  /** REST-shaped payload (snake_case, numeric id, admin_graphql_api_id), as Shopify sends. */
  payload: Record<string, unknown>;
  triggeredAt: Date;
}

/** One data domain of the simulated shop. */
export interface Domain {
  readonly name: string;
  /** Root Query fields this domain serves (e.g. product, products). */
  readonly query: ResolverMap;
  /** Root Mutation fields this domain serves (e.g. productSet). */
  readonly mutation: ResolverMap;
  /** Looks up an object by GID type and numeric id for `node`/`nodes`; undefined if absent. */
  readonly nodeTypes: Record<string, (id: string, context: SimContext) => unknown>;
  /**
   * Serves CDN bytes under /cdn/<domain name>/… (product images, theme file
   * bodies); `path` is the part after that prefix. Undefined when absent.
   */
  readonly cdn?: (path: string) => { contentType: string; body: Uint8Array } | undefined;
}

/** State shared by every domain of one shop. */
export class StoreCore {
  readonly events = new EventEmitter();
  private readonly counters = new Map<string, number>();
  /** Simulated "now": advances a second per write so updatedAt values order changes. */
  private clock: number;

  constructor(
    readonly seed: number,
    readonly size: StoreSize,
    readonly shopDomain: string,
  ) {
    this.clock = Date.UTC(2026, 9, 1, 12, 0, 0);
  }

  get preset(): SizePreset {
    return SIZE_PRESETS[this.size];
  }

  /** A generator for record `index` of `type`: the same record every time. */
  rngFor(type: string, index: number): Rng {
    return new Rng(hashString(`${this.seed}:${type}:${index}`));
  }

  /**
   * Next numeric id for a type. Seeded records use ids from `base + index`;
   * created records continue above every seeded id so they never collide.
   */
  allocateId(type: string, firstFree: number): number {
    const next = Math.max(this.counters.get(type) ?? 0, firstFree);
    this.counters.set(type, next + 1);
    return next;
  }

  now(): Date {
    this.clock += 1000;
    return new Date(this.clock);
  }

  /** Time at seeding, before any write. */
  seededAt(): Date {
    return new Date(Date.UTC(2026, 9, 1, 12, 0, 0));
  }

  emit(topic: string, payload: Record<string, unknown>): void {
    const event: ChangeEvent = { topic, payload, triggeredAt: new Date(this.clock) };
    this.events.emit("change", event);
  }

  onChange(listener: (event: ChangeEvent) => void): () => void {
    this.events.on("change", listener);
    return () => this.events.off("change", listener);
  }
}
