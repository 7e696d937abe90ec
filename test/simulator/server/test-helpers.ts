/** Shared helpers for the simulator's HTTP tests (real sockets on 127.0.0.1:0). */
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RunningSimulator } from "../index";

export const API_KEY = "test-api-key";
export const API_SECRET = "test-api-secret";

/** A clock tests move by hand. */
export class ManualClock {
  constructor(public time = Date.UTC(2026, 10, 1, 9, 0, 0)) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

export interface GraphQLJson {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[] | Record<string, unknown> | string;
  extensions?: {
    cost: {
      requestedQueryCost: number;
      actualQueryCost: number | null;
      throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
    };
  };
}

/** POSTs a GraphQL document with the simulator's offline token. */
export async function gql(
  sim: RunningSimulator,
  query: string,
  variables?: Record<string, unknown>,
  options: { version?: string; token?: string } = {},
): Promise<{ status: number; json: GraphQLJson }> {
  const response = await fetch(`${sim.url}/admin/api/${options.version ?? "2026-01"}/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": options.token ?? sim.accessToken() },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, json: (await response.json()) as GraphQLJson };
}

/** An HS256 session token as App Bridge issues it. */
export function signSessionToken(claims: Record<string, unknown>, secret = API_SECRET): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const body = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}`;
  return `${body}.${createHmac("sha256", secret).update(body).digest("base64url")}`;
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local webhook receiver; `respond` chooses each answer's status. */
export async function startReceiver(
  respond: (hook: ReceivedWebhook, index: number) => number = () => 200,
): Promise<{ url: string; received: ReceivedWebhook[]; close(): Promise<void> }> {
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const hook = { headers: request.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(hook);
      response.writeHead(respond(hook, received.length - 1));
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls until `check` returns a value (not undefined). */
export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("waitFor timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
