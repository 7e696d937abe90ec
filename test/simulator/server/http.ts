/**
 * The simulator's HTTP surface (node:http, no framework): Admin GraphQL,
 * OAuth token exchange, CDN bytes and staged uploads, bulk result files.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { BulkOperations } from "../bulk/operations";
import { APP_UNDER_TEST, type SimApp } from "../store/core";
import type { LeakyBucket } from "../cost/bucket";
import type { SimStore } from "../store";
import { runGraphQL, type GraphQLRequestBody } from "./graphql-route";
import type { TokenRegistry } from "./tokens";

/** Stable Admin API versions the simulator answers (quarterly releases); others 404 as on Shopify. */
export const KNOWN_API_VERSIONS = [
  "2025-01",
  "2025-04",
  "2025-07",
  "2025-10",
  "2026-01",
  "2026-04",
  "2026-07",
  "2026-10",
  "unstable",
];

export interface HttpDeps {
  store: SimStore;
  /** The rate-limit bucket of the app holding the token (Shopify: per app and store). */
  bucketFor(app: SimApp): LeakyBucket;
  tokens: TokenRegistry;
  bulk: BulkOperations;
  shopDomain: string;
  baseUrl: () => string;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;
const INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)";

interface StagedUploadSink {
  acceptStagedUpload(path: string, body: Uint8Array, contentType: string): unknown;
}

export function createSimulatorServer(deps: HttpDeps): Server {
  return createServer((request, response) => {
    handle(request, response, deps).catch((error: unknown) => {
      console.error("[simulator] request failed:", error);
      if (!response.headersSent) sendJson(response, 500, { errors: "Internal Server Error" });
      else response.destroy();
    });
  });
}

async function handle(request: IncomingMessage, response: ServerResponse, deps: HttpDeps): Promise<void> {
  const url = new URL(request.url ?? "/", "http://simulator.invalid");
  const path = url.pathname;
  const method = request.method ?? "GET";

  const graphql = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(path);
  if (graphql && method === "POST") {
    if (!KNOWN_API_VERSIONS.includes(graphql[1])) return sendJson(response, 404, { errors: "Not Found" });
    const token = request.headers["x-shopify-access-token"];
    const grant = deps.tokens.verify(Array.isArray(token) ? token[0] : token);
    // Unknown or expired tokens get Shopify's REST-style 401 body.
    if (!grant) return sendJson(response, 401, { errors: INVALID_TOKEN });
    const raw = await readBody(request);
    let body: GraphQLRequestBody;
    try {
      body = JSON.parse(raw.toString("utf8")) as GraphQLRequestBody;
    } catch {
      return sendJson(response, 400, { errors: { query: "Required parameter missing or invalid" } });
    }
    const app = grant.app ?? APP_UNDER_TEST;
    const result = await runGraphQL(body, graphql[1], {
      store: deps.store,
      bucket: deps.bucketFor(app),
      app,
      shop: deps.shopDomain,
      cdnBaseUrl: `${deps.baseUrl()}/cdn`,
    });
    return sendJson(response, result.status, result.json);
  }

  if (path === "/admin/oauth/access_token" && method === "POST") {
    const raw = (await readBody(request)).toString("utf8");
    const type = String(request.headers["content-type"] ?? "");
    const params = type.includes("application/json") ? toStrings(JSON.parse(raw || "{}")) : Object.fromEntries(new URLSearchParams(raw));
    const result = deps.tokens.exchange(params);
    return sendJson(response, result.status, result.body);
  }

  const staged = /^\/cdn\/catalog\/(staged\/[^/]+)$/.exec(path);
  if (staged && (method === "PUT" || method === "POST")) {
    const sink = deps.store.catalog as unknown as Partial<StagedUploadSink>;
    if (typeof sink.acceptStagedUpload !== "function") return sendJson(response, 404, { errors: "Not Found" });
    const body = await readBody(request);
    const accepted = await sink.acceptStagedUpload(staged[1], new Uint8Array(body), String(request.headers["content-type"] ?? ""));
    if (accepted === false) return sendJson(response, 404, { errors: "Not Found" });
    // Staged upload targets (cloud storage) answer an accepted upload with 201/204 and no body.
    response.writeHead(method === "POST" ? 201 : 200);
    return void response.end();
  }

  if (path.startsWith("/cdn/") && (method === "GET" || method === "HEAD")) {
    const asset = deps.store.cdn(decodeURIComponent(path.slice("/cdn/".length)));
    if (!asset) return sendJson(response, 404, { errors: "Not Found" });
    response.writeHead(200, {
      "Content-Type": asset.contentType,
      "Content-Length": String(asset.body.byteLength),
      "Cache-Control": "public, max-age=31536000",
    });
    return void response.end(method === "HEAD" ? undefined : asset.body);
  }

  if (path.startsWith("/bulk/") && method === "GET" && deps.bulk.serve(path, url.searchParams, response)) return;

  sendJson(response, 404, { errors: "Not Found" });
}

function toStrings(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) if (item !== undefined && item !== null) out[key] = String(item);
  }
  return out;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error("Request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": String(Buffer.byteLength(text)) });
  response.end(text);
}
