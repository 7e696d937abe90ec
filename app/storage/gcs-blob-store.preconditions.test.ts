import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CRC32C, Storage } from "@google-cloud/storage";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConflictError, NotFoundError, RetryableError } from "~/errors";
import { WRITER_METADATA_KEY, createGcsBlobStore } from "./gcs-blob-store";

/**
 * The GCS emulator ignores ifGenerationMatch, so the create-only path is
 * tested here against a small HTTP server that answers the JSON API the way
 * real GCS does: 412 conditionNotMet for a create over an existing object,
 * 404 notFound, 416 for a range past the end, and whatever status a test asks for.
 */
interface StoredObject {
  data: Buffer;
  generation: number;
  customMetadata: Record<string, string>;
}
interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
}

const objects = new Map<string, StoredObject>();
const seen: SeenRequest[] = [];
/** Status codes to answer the next uploads with; "store-then-503" keeps the object (a lost response). */
const uploadScript: Array<number | "store-then-503"> = [];
let server: Server;
let endpoint: string;
let generation = 1;

function crc32cOf(data: Buffer): string {
  const crc = new CRC32C();
  crc.update(data);
  return crc.toString();
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
  res.end(JSON.stringify(body));
}

function gcsError(res: ServerResponse, status: number, reason: string, message: string): void {
  sendJson(res, status, { error: { code: status, message, errors: [{ domain: "global", reason, message }] } });
}

function resource(bucket: string, name: string, object: StoredObject) {
  return {
    kind: "storage#object",
    bucket,
    name,
    generation: String(object.generation),
    metageneration: "1",
    size: String(object.data.length),
    contentType: "application/octet-stream",
    timeCreated: new Date().toISOString(),
    crc32c: crc32cOf(object.data),
    md5Hash: createHash("md5").update(object.data).digest("base64"),
    metadata: object.customMetadata,
  };
}

/** Splits a multipart/related upload into its JSON metadata and its media bytes. */
function parseMultipart(body: Buffer, contentType: string): { metadata: Record<string, unknown>; media: Buffer } {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  // latin1 maps bytes 1:1 to chars, so splitting the text keeps binary media intact.
  const parts = body
    .toString("latin1")
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => part.slice(part.indexOf("\r\n\r\n") + 4, part.length - 2));
  return { metadata: JSON.parse(Buffer.from(parts[0], "latin1").toString("utf8")), media: Buffer.from(parts[1], "latin1") };
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://x");
  seen.push({ method: req.method ?? "", path: url.pathname, query: url.searchParams });
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);

  const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
  if (upload && req.method === "POST") {
    const { metadata, media } = parseMultipart(body, req.headers["content-type"] ?? "");
    const name = String(url.searchParams.get("name") ?? metadata.name);
    const scripted = uploadScript.shift();
    if (typeof scripted === "number") return gcsError(res, scripted, "backendError", "Scripted failure");
    const match = url.searchParams.get("ifGenerationMatch");
    const existing = objects.get(name);
    // Real GCS: ifGenerationMatch=0 means "only if no live object exists".
    if (match !== null && Number(match) !== (existing?.generation ?? 0)) {
      return gcsError(res, 412, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");
    }
    const stored: StoredObject = {
      data: media,
      generation: generation++,
      customMetadata: (metadata.metadata as Record<string, string> | undefined) ?? {},
    };
    objects.set(name, stored);
    if (scripted === "store-then-503") return gcsError(res, 503, "backendError", "Response lost on the way back");
    return sendJson(res, 200, resource(upload[1], name, stored));
  }

  const object = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(url.pathname);
  if (object && req.method === "GET") {
    const name = decodeURIComponent(object[2]);
    const stored = objects.get(name);
    if (!stored) return gcsError(res, 404, "notFound", `No such object: ${object[1]}/${name}`);
    if (url.searchParams.get("alt") !== "media") return sendJson(res, 200, resource(object[1], name, stored));
    const range = /^bytes=(\d+)-(\d+)$/.exec(String(req.headers.range ?? ""));
    if (!range) {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      return void res.end(stored.data);
    }
    const start = Number(range[1]);
    if (start >= stored.data.length) return gcsError(res, 416, "requestedRangeNotSatisfiable", "Range not satisfiable");
    const end = Math.min(Number(range[2]), stored.data.length - 1);
    res.writeHead(206, { "content-range": `bytes ${start}-${end}/${stored.data.length}` });
    return void res.end(stored.data.subarray(start, end + 1));
  }
  gcsError(res, 501, "notImplemented", `${req.method} ${url.pathname} is not part of this fake`);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => gcsError(res, 500, "internalError", String(error)));
  });
  await new Promise<void>((resolveListen) => server.listen(0, "127.0.0.1", resolveListen));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
});
beforeEach(() => {
  objects.clear();
  seen.length = 0;
  uploadScript.length = 0;
});

const text = (data: Uint8Array) => Buffer.from(data).toString("utf8");
const uploads = () => seen.filter((r) => r.path.startsWith("/upload/"));

function storeWith(retry: boolean) {
  const storage = new Storage({
    apiEndpoint: endpoint,
    projectId: "demo-snapshelf",
    // The client waits at least 1 s before a retry; the other tests turn retries off
    // so a status reaches the adapter exactly as the server sent it.
    retryOptions: retry ? { autoRetry: true, maxRetries: 2, maxRetryDelay: 1, retryDelayMultiplier: 1, totalTimeout: 20 } : { autoRetry: false },
  });
  return createGcsBlobStore({ bucket: "bkt", prefix: "shop", storage });
}

describe("GCS create-only writes against a server that enforces preconditions", () => {
  it("sends ifGenerationMatch=0 only for ifAbsent puts", async () => {
    const store = storeWith(false);
    await store.put("locks/1", Buffer.from("a"), { ifAbsent: true });
    await store.put("plain", Buffer.from("b"));
    const [create, plain] = uploads();
    expect(create.query.get("ifGenerationMatch")).toBe("0");
    expect(create.query.get("uploadType")).toBe("multipart");
    expect(create.query.get("name")).toBe("shop/locks/1");
    expect(plain.query.has("ifGenerationMatch")).toBe(false);
  });

  it("turns the 412 for a second create into ConflictError and keeps the first object", async () => {
    const store = storeWith(false);
    await store.put("locks/1", Buffer.from("first"), { ifAbsent: true });
    const error = await store.put("locks/1", Buffer.from("second"), { ifAbsent: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(uploads()[1].query.get("ifGenerationMatch")).toBe("0");
    expect(text(await store.get("locks/1"))).toBe("first");
    expect(objects.get("shop/locks/1")?.data.toString()).toBe("first");
  });

  it("treats a 412 as success when the object there is this writer's own (a retry after a lost response)", async () => {
    const store = storeWith(true);
    uploadScript.push("store-then-503");
    await store.put("locks/2", Buffer.from("mine"), { ifAbsent: true });
    expect(uploads()).toHaveLength(2);
    expect(uploads().every((r) => r.query.get("ifGenerationMatch") === "0")).toBe(true);
    expect(objects.get("shop/locks/2")?.customMetadata[WRITER_METADATA_KEY]).toMatch(/^[0-9a-f-]{36}$/);
    // A different writer meeting that object still loses.
    await expect(store.put("locks/2", Buffer.from("theirs"), { ifAbsent: true })).rejects.toBeInstanceOf(ConflictError);
  });

  it("maps 5xx to RetryableError and 404 to NotFoundError", async () => {
    const store = storeWith(false);
    uploadScript.push(503);
    await expect(store.put("k", Buffer.from("x"))).rejects.toBeInstanceOf(RetryableError);
    await expect(store.get("absent")).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.getRange("absent", 0, 4)).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.stat("absent")).toBeUndefined();
  });

  it("returns an empty range for the 416 real GCS sends past the end", async () => {
    const store = storeWith(false);
    await store.put("r", Buffer.from("0123456789"));
    expect((await store.getRange("r", 10, 4)).length).toBe(0);
    expect(text(await store.getRange("r", 8, 4))).toBe("89");
  });
});
