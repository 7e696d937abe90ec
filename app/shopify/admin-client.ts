/**
 * The app's one GraphQL Admin API client. It plans from the leaky bucket
 * Shopify reports on every response (waiting before it sends rather than
 * collecting THROTTLED errors), retries what is transient (THROTTLED, 429,
 * 5xx, network) with backoff and jitter, and throws typed errors for the
 * rest. Plain TypeScript: no Remix import, usable from workers and the CLI.
 */
import { RetryableError } from "~/errors";
import { costDependsOnInput, estimateQueryCost } from "./cost-estimate";
import { ShopifyAuthError, ShopifyGraphQLError, ShopifyHttpError, type GraphQLErrorEntry } from "./errors";
import { abortableSleep, fullJitterDelay, retryAfterMs } from "./retry-policy";
import { BucketEstimate, type Reservation, type ThrottleState, type ThrottleStatus } from "./throttle";

export type { ThrottleState, ThrottleStatus } from "./throttle";

/** `extensions.cost` of a response. */
export interface QueryCost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

export interface AdminClientOptions {
  /** e.g. "demo-shop.myshopify.com" */
  shop: string;
  accessToken: string;
  /** e.g. "2026-10" */
  apiVersion: string;
  fetch?: typeof fetch;
  /** Default https://<shop>; tests pass the simulator's URL. */
  baseUrl?: string;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Attempts for 5xx / network failures before giving up (default 5). */
  maxAttempts?: number;
  /** THROTTLED / 429 answers tolerated per request before giving up (default 10). */
  maxThrottledAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

/** Counters for reports and tests, plus the bucket estimate. */
export interface ClientThrottleState extends ThrottleState {
  requests: number;
  /** THROTTLED / 429 answers received (each one retried). */
  throttledResponses: number;
  retries: number;
  /** Total time spent waiting for the bucket or backing off. */
  waitedMs: number;
}

export interface AdminClient {
  readonly shop: string;
  readonly apiVersion: string;
  /** Sends one document; resolves with its data once Shopify answered without errors. */
  request<T>(document: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<{ data: T; cost: QueryCost | undefined }>;
  /** Sum of the actual cost of every successful request. */
  costUsed(): number;
  throttleState(): ClientThrottleState;
}

interface GraphQLBody {
  data?: unknown;
  errors?: GraphQLErrorEntry[] | Record<string, unknown> | string;
  extensions?: { cost?: QueryCost };
}

type Outcome =
  | { kind: "ok"; data: unknown; cost: QueryCost | undefined }
  | { kind: "throttled"; waitMs?: number }
  | { kind: "transient"; reason: string; status?: number };

/** Creates a throttle-aware client for one shop and access token. */
export function createAdminClient(options: AdminClientOptions): AdminClient {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const sleepImpl = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const maxAttempts = options.maxAttempts ?? 5;
  const maxThrottled = options.maxThrottledAttempts ?? 10;
  const backoff = { baseDelayMs: options.baseDelayMs ?? 500, maxDelayMs: options.maxDelayMs ?? 30_000, random };
  const url = `${(options.baseUrl ?? `https://${options.shop}`).replace(/\/$/, "")}/admin/api/${options.apiVersion}/graphql.json`;
  const bucket = new BucketEstimate(now);
  // Shopify's own requestedQueryCost per document beats any estimate of ours.
  const knownCosts = new Map<string, number>();
  const counters = { requests: 0, throttledResponses: 0, retries: 0, waitedMs: 0, costUsed: 0 };
  let admission: Promise<void> = Promise.resolve();
  let bucketListeners: (() => void)[] = [];

  const sleep = async (ms: number, signal?: AbortSignal) => {
    if (ms <= 0) return;
    counters.waitedMs += ms;
    await sleepImpl(ms, signal);
  };

  const bucketChanged = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      bucketListeners.push(resolve);
      signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
    });

  const notifyBucket = () => {
    const listeners = bucketListeners;
    bucketListeners = [];
    for (const listener of listeners) listener();
  };

  /**
   * Waits until the bucket should hold `cost`, then reserves it: first come,
   * first served, except that a request the bucket can take right now goes at
   * once, past one waiting for more. So a 6-point customer read is not held
   * behind a 400-point product query waiting out the refill; the big one
   * still goes as soon as the refill covers it, unless cheaper requests use
   * up the whole restore rate meanwhile.
   */
  const admit = async (costOf: () => number, signal?: AbortSignal): Promise<Reservation> => {
    signal?.throwIfAborted();
    const costNow = costOf();
    if (bucket.known && bucket.waitFor(costNow) === 0) return bucket.reserve(costNow);
    const previous = admission;
    let done!: () => void;
    admission = new Promise((resolve) => (done = resolve));
    try {
      await previous;
      for (;;) {
        signal?.throwIfAborted();
        // Re-read each round: an answer that arrived meanwhile may have told us the real cost.
        const cost = costOf();
        if (!bucket.known) {
          // Until one answer tells us the bucket's size, probe with one request at a time.
          if (bucket.inFlight === 0) break;
          await bucketChanged(signal);
          continue;
        }
        const wait = bucket.waitFor(cost);
        if (wait === 0) break;
        if (bucket.blockedByInFlight(cost)) {
          // Refill alone cannot make room while answers are outstanding: wait for one of them.
          await bucketChanged(signal);
          continue;
        }
        await sleep(wait, signal);
      }
      return bucket.reserve(costOf());
    } finally {
      done();
    }
  };

  const attempt = async (document: string, variables: Record<string, unknown> | undefined, reservation: Reservation, signal?: AbortSignal): Promise<Outcome> => {
    let status: ThrottleStatus | undefined;
    // What Shopify charged: nothing for a THROTTLED answer, else the actual cost.
    let charged = reservation.cost;
    try {
      counters.requests += 1;
      let response: Response;
      try {
        response = await fetchImpl(url, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            Accept: "application/json",
            "X-Shopify-Access-Token": options.accessToken,
          },
          body: JSON.stringify(variables ? { query: document, variables } : { query: document }),
          signal,
        });
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        return { kind: "transient", reason: `network: ${(error as Error).message}` };
      }
      const text = await response.text().catch(() => undefined);
      if (response.status === 401 || response.status === 403) throw new ShopifyAuthError(response.status, { shop: options.shop });
      if (response.status === 429) {
        // Some throttling answers arrive as 429 with Retry-After instead of a THROTTLED error.
        return { kind: "throttled", waitMs: retryAfterMs(response.headers.get("retry-after"), now()) };
      }
      // 408: the server gave up waiting (a busy shop); like 5xx, worth another try.
      if (response.status === 408 || response.status >= 500) return { kind: "transient", reason: `HTTP ${response.status}`, status: response.status };
      if (text === undefined) return { kind: "transient", reason: "body interrupted", status: response.status };
      if (response.status !== 200) throw new ShopifyHttpError(response.status, text, { shop: options.shop });
      let body: GraphQLBody;
      try {
        body = JSON.parse(text) as GraphQLBody;
      } catch {
        return { kind: "transient", reason: "truncated JSON body", status: 200 };
      }
      const cost = body.extensions?.cost;
      status = cost?.throttleStatus;
      if (cost && Number.isFinite(cost.requestedQueryCost)) knownCosts.set(document, cost.requestedQueryCost);
      if (cost) charged = cost.actualQueryCost ?? cost.requestedQueryCost;
      const errors = Array.isArray(body.errors) ? body.errors : body.errors ? [{ message: JSON.stringify(body.errors) }] : [];
      if (errors.some((e) => e.extensions?.code === "THROTTLED")) {
        charged = 0;
        return { kind: "throttled" };
      }
      if (errors.length > 0) throw new ShopifyGraphQLError(errors, { shop: options.shop }, body.data);
      counters.costUsed += cost ? (cost.actualQueryCost ?? cost.requestedQueryCost) : 0;
      return { kind: "ok", data: body.data, cost };
    } finally {
      bucket.release(reservation, status, charged);
      notifyBucket();
    }
  };

  return {
    shop: options.shop,
    apiVersion: options.apiVersion,
    async request<T>(document: string, variables?: Record<string, unknown>, requestOptions: RequestOptions = {}) {
      const { signal } = requestOptions;
      let failures = 0;
      let throttled = 0;
      for (;;) {
        // productSet's price follows its input: every call is priced from its own variables.
        const reservation = await admit(() => (costDependsOnInput(document) ? estimateQueryCost(document, variables) : (knownCosts.get(document) ?? estimateQueryCost(document, variables))), signal);
        const outcome = await attempt(document, variables, reservation, signal);
        if (outcome.kind === "ok") return { data: outcome.data as T, cost: outcome.cost };
        counters.retries += 1;
        if (outcome.kind === "throttled") {
          counters.throttledResponses += 1;
          throttled += 1;
          if (throttled >= maxThrottled) {
            throw new RetryableError("Shopify kept throttling the request", { shop: options.shop, attempts: throttled }, { retryAfterMs: backoff.maxDelayMs });
          }
          // A THROTTLED answer resynced the bucket: admit() now waits for the refill. 429 says how long itself.
          await sleep(Math.max(outcome.waitMs ?? 0, fullJitterDelay(1, { ...backoff, baseDelayMs: 100 })), signal);
          continue;
        }
        failures += 1;
        if (failures >= maxAttempts) {
          throw new RetryableError(`Shopify request failed ${failures} times: ${outcome.reason}`, {
            shop: options.shop,
            attempts: failures,
            status: outcome.status,
          }, { retryAfterMs: backoff.maxDelayMs });
        }
        await sleep(fullJitterDelay(failures, backoff), signal);
      }
    },
    costUsed: () => counters.costUsed,
    throttleState: () => ({
      ...bucket.snapshot(),
      requests: counters.requests,
      throttledResponses: counters.throttledResponses,
      retries: counters.retries,
      waitedMs: counters.waitedMs,
    }),
  };
}
