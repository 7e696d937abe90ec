/**
 * The admin client against the real simulator over HTTP: bucket planning on
 * the Standard plan, retries of THROTTLED / 429 / 5xx / network failures
 * (faults the simulator does not produce are injected by wrapping fetch),
 * and the typed errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RetryableError } from "~/errors";
import { startSimulator, type RunningSimulator } from "../../test/simulator";
import { createAdminClient, type AdminClientOptions } from "./admin-client";
import { ShopifyAuthError, ShopifyGraphQLError } from "./errors";

const API_VERSION = "2026-10";
const PRODUCTS_PAGE = `query TestProductsPage { products(first: 10) { edges { node { id title variants(first: 5) { edges { node { id sku } } } } } } }`;
const SHOP_NAME = `query TestProductTitle { products(first: 1) { edges { node { id title } } } }`;

let sim: RunningSimulator;
let clockMs = Date.UTC(2026, 10, 1);
const clock = { now: () => clockMs };

beforeAll(async () => {
  sim = await startSimulator({ size: "tiny", seed: 7, plan: "standard", apiKey: "key", apiSecret: "secret", clock });
});
afterAll(async () => sim.close());

interface Recorder {
  fetch: typeof fetch;
  throttledAnswers: number;
  calls: number;
}

/** A fetch that counts calls and THROTTLED answers, optionally injecting a fault for the first calls. */
function recordingFetch(fault?: (call: number) => Response | Error | undefined): Recorder {
  const recorder: Recorder = {
    calls: 0,
    throttledAnswers: 0,
    fetch: async (input, init) => {
      recorder.calls += 1;
      const injected = fault?.(recorder.calls);
      if (injected instanceof Error) throw injected;
      if (injected) return injected;
      const response = await fetch(input, init);
      const text = await response.text();
      if (text.includes('"THROTTLED"')) recorder.throttledAnswers += 1;
      return new Response(text, { status: response.status, headers: response.headers });
    },
  };
  return recorder;
}

function client(recorder: Recorder, extra: Partial<AdminClientOptions> = {}) {
  const sleeps: number[] = [];
  const created = createAdminClient({
    shop: sim.shopDomain,
    accessToken: sim.accessToken(),
    apiVersion: API_VERSION,
    baseUrl: sim.url,
    fetch: recorder.fetch,
    now: clock.now,
    // Sleeping moves the shared clock, so the simulator's bucket refills as in real time.
    sleep: async (ms) => {
      sleeps.push(ms);
      clockMs += ms;
    },
    random: () => 0.5,
    ...extra,
  });
  return { client: created, sleeps };
}

describe("admin client bucket planning", () => {
  it("runs a burst far beyond the bucket without a single THROTTLED answer, by waiting", async () => {
    const recorder = recordingFetch();
    const { client: c, sleeps } = client(recorder);
    const burst = await Promise.all(Array.from({ length: 60 }, () => c.request<{ products: { edges: unknown[] } }>(PRODUCTS_PAGE)));
    expect(burst).toHaveLength(60);
    for (const result of burst) expect(result.data.products.edges.length).toBeGreaterThan(0);
    const requested = burst[0].cost!.requestedQueryCost;
    // 60 × requested cost is far more than the 2,000-point Standard bucket.
    expect(60 * requested).toBeGreaterThan(2 * burst[0].cost!.throttleStatus.maximumAvailable);
    expect(recorder.throttledAnswers).toBe(0);
    expect(recorder.calls).toBe(60);
    expect(sleeps.length).toBeGreaterThan(0);
    const state = c.throttleState();
    expect(state.waitedMs).toBeGreaterThan(0);
    expect(state.throttledResponses).toBe(0);
    expect(state.known).toBe(true);
    expect(state.inFlight).toBe(0);
    expect(c.costUsed()).toBeGreaterThan(0);
    expect(c.costUsed()).toBe(burst.reduce((sum, r) => sum + (r.cost!.actualQueryCost ?? 0), 0));
  });
});

describe("admin client admission", () => {
  it("lets a cheap request past one that waits for the bucket", async () => {
    const sent: string[] = [];
    const recorder = recordingFetch();
    const naming: typeof fetch = async (input, init) => {
      sent.push(/query (\w+)/.exec(JSON.parse(String(init?.body)).query)?.[1] ?? "?");
      return recorder.fetch(input, init);
    };
    const { client: c } = client({ ...recorder, fetch: naming });
    clockMs += 30_000; // the simulator's bucket (shared with the tests before) is full again
    // Each requests 962 points of the 2,000-point Standard bucket. The first answer tells the
    // client the bucket's size and that cost; then at most two fit, and the third must wait.
    const BIG = `query TestBig { products(first: 80) { edges { node { id variants(first: 9) { edges { node { id } } } } } } }`;
    await c.request(BIG);
    const bigs = [c.request(BIG), c.request(BIG), c.request(BIG)];
    const cheap = c.request(`query TestCheap { shop { name } }`);
    await Promise.all([...bigs, cheap]);
    // First come, first served would send TestCheap last, behind the waiting TestBig.
    expect(sent.filter((name) => name === "TestBig")).toHaveLength(4);
    expect(sent.indexOf("TestCheap")).toBeLessThan(sent.lastIndexOf("TestBig"));
    expect(recorder.throttledAnswers).toBe(0);
  });
});

describe("admin client retries", () => {
  it("retries THROTTLED answers from the simulator and then succeeds", async () => {
    // Another worker (raw requests, no planning) empties the shared bucket until Shopify throttles it.
    let drained = false;
    for (let i = 0; i < 500 && !drained; i++) {
      const response = await fetch(`${sim.url}/admin/api/${API_VERSION}/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": sim.accessToken() },
        body: JSON.stringify({ query: PRODUCTS_PAGE }),
      });
      drained = (await response.text()).includes('"THROTTLED"');
    }
    expect(drained).toBe(true);
    const recorder = recordingFetch();
    const { client: c, sleeps } = client(recorder);
    const result = await c.request<{ products: { edges: unknown[] } }>(PRODUCTS_PAGE);
    expect(result.data.products.edges.length).toBeGreaterThan(0);
    expect(c.throttleState().throttledResponses).toBeGreaterThanOrEqual(1);
    expect(recorder.throttledAnswers).toBe(c.throttleState().throttledResponses);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it("waits Retry-After on HTTP 429", async () => {
    const recorder = recordingFetch((call) =>
      call === 1 ? new Response("Too Many Requests", { status: 429, headers: { "Retry-After": "3" } }) : undefined,
    );
    const { client: c, sleeps } = client(recorder);
    const result = await c.request<{ products: { edges: unknown[] } }>(SHOP_NAME);
    expect(result.data.products.edges).toHaveLength(1);
    expect(recorder.calls).toBe(2);
    expect(Math.max(...sleeps)).toBeGreaterThanOrEqual(3000);
  });

  it("retries 5xx and network errors with jittered exponential backoff", async () => {
    const recorder = recordingFetch((call) => {
      if (call === 1) return new Response("bad gateway", { status: 502 });
      if (call === 2) return new TypeError("fetch failed");
      if (call === 3) return new Response("{\"data\":", { status: 200 });
      return undefined;
    });
    const { client: c, sleeps } = client(recorder, { baseDelayMs: 400, random: () => 0.5 });
    const result = await c.request<{ products: { edges: unknown[] } }>(SHOP_NAME);
    expect(result.data.products.edges).toHaveLength(1);
    expect(recorder.calls).toBe(4);
    // Full jitter with random 0.5: half of 400, 800, 1600.
    expect(sleeps.filter((ms) => [200, 400, 800].includes(ms))).toEqual([200, 400, 800]);
  });

  it("gives up with a RetryableError after the last attempt", async () => {
    const recorder = recordingFetch(() => new Response("unavailable", { status: 503 }));
    const { client: c } = client(recorder, { maxAttempts: 4 });
    await expect(c.request(SHOP_NAME)).rejects.toBeInstanceOf(RetryableError);
    expect(recorder.calls).toBe(4);
  });

  it("does not retry a rejected token", async () => {
    const recorder = recordingFetch();
    const { client: c } = client(recorder, { accessToken: "shpat_wrong" });
    await expect(c.request(SHOP_NAME)).rejects.toBeInstanceOf(ShopifyAuthError);
    expect(recorder.calls).toBe(1);
  });

  it("throws GraphQL errors as ShopifyGraphQLError with the errors", async () => {
    const recorder = recordingFetch();
    const { client: c } = client(recorder);
    const error = await c.request(`query Broken { products(first: 1) { edges { node { noSuchField } } } }`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyGraphQLError);
    expect((error as ShopifyGraphQLError).errors[0].message).toMatch(/noSuchField/);
    expect(recorder.calls).toBe(1);
  });
});
