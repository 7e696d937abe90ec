/** Zip writer output read back by the simulator's reader and by `unzip -t`; archive tokens and the archive route's 404s. */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepository, type Repository } from "~/repo";
import { createTestKeyProvider } from "~/repo/test-support";
import { createMemoryBlobStore } from "~/storage/memory-blob-store";
import { readZip } from "../../../test/simulator/store/themes/zip";
import { themeArchiveResponse } from "./archive";
import { signArchiveToken, verifyArchiveToken, type ArchiveGrant } from "./archive-token";
import { ZipFileWriter } from "./zip";

const SECRET = "s3cret";
let dir: string;
let repository: Repository;
let snapshotId: string;
const THEME = "gid://shopify/OnlineStoreTheme/1";

const FILES: { filename: string; body: Buffer }[] = [
  { filename: "layout/theme.liquid", body: Buffer.from("<html>{{ content_for_layout }}</html>\n".repeat(50)) },
  { filename: "assets/noise.bin", body: randomBytes(70_000) },
  { filename: "assets/empty.css", body: Buffer.alloc(0) },
  { filename: "locales/fr.default.json", body: Buffer.from('{"bonjour":"été ✓"}') },
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "zip-test-"));
  repository = createRepository({ store: createMemoryBlobStore(), keys: createTestKeyProvider(), shop: "demo.myshopify.com" });
  await repository.init();
  const records = [
    { type: "Theme", gid: THEME, record: { id: THEME, name: "Dawn", role: "MAIN" } },
    ...FILES.map((f) => ({
      type: "ThemeFile",
      gid: `${THEME}/files/${f.filename}`,
      record: { theme: THEME, filename: f.filename, size: String(f.body.length), body: f.filename.endsWith(".bin") ? { encoding: "base64", content: f.body.toString("base64") } : { encoding: "text", content: f.body.toString("utf8") } },
    })),
  ];
  snapshotId = (await repository.writeSnapshot({ kind: "full", records })).id;
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe("ZipFileWriter", () => {
  it("writes deflated and stored entries that the simulator's reader and unzip -t accept, byte for byte", async () => {
    const path = join(dir, "out.zip");
    const writer = await ZipFileWriter.create(path);
    for (const file of FILES) await writer.add(file.filename, file.body);
    const summary = await writer.finish();
    const bytes = await readFile(path);
    expect(summary).toEqual({ entries: FILES.length, bytes: bytes.length });
    const entries = readZip(bytes);
    expect(entries.map((e) => e.filename)).toEqual(FILES.map((f) => f.filename));
    for (const [i, entry] of entries.entries()) expect(Buffer.from(entry.body).equals(FILES[i].body)).toBe(true);
    // The repetitive liquid file must be deflated, the random bytes stored.
    expect(bytes.length).toBeLessThan(FILES.reduce((n, f) => n + f.body.length, 0));
    if (existsSync("/usr/bin/unzip")) expect(execFileSync("/usr/bin/unzip", ["-t", path]).toString()).toMatch(/No errors detected/);
  });

  it("refuses duplicate and unsafe names", async () => {
    const writer = await ZipFileWriter.create(join(dir, "bad.zip"));
    await writer.add("a/b.txt", Buffer.from("x"));
    await expect(writer.add("a/b.txt", Buffer.from("y"))).rejects.toThrow(/Duplicate/);
    await expect(writer.add("../etc/passwd", Buffer.from("y"))).rejects.toThrow(/Unsafe/);
    await writer.abort();
  });
});

describe("archive tokens and route", () => {
  const grant = (): ArchiveGrant => ({ shop: "demo.myshopify.com", snapshotId, themeGid: THEME, archiveId: "theme-run-12345", expiresAt: Date.now() + 60_000 });
  const deps = () => ({ appSecret: SECRET, scratchDir: dir, openRepository: async () => repository });

  it("round-trips a grant and rejects tampering, another secret and expiry", () => {
    const token = signArchiveToken(grant(), SECRET);
    expect(verifyArchiveToken(token, SECRET)).toMatchObject({ themeGid: THEME, snapshotId });
    const [v, body, sig] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, "base64url").toString()), t: "gid://shopify/OnlineStoreTheme/2" })).toString("base64url");
    expect(verifyArchiveToken(`${v}.${forged}.${sig}`, SECRET)).toBeNull();
    expect(verifyArchiveToken(token, "other-secret")).toBeNull();
    expect(verifyArchiveToken(token, SECRET, grant().expiresAt + 1)).toBeNull();
    expect(verifyArchiveToken("garbage", SECRET)).toBeNull();
  });

  it("serves the theme zip for a valid token (rebuilding it when this process has none) and 404s otherwise", async () => {
    const token = signArchiveToken(grant(), SECRET);
    const ok = await themeArchiveResponse(token, deps());
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("application/zip");
    const entries = readZip(new Uint8Array(await ok.arrayBuffer()));
    expect(entries.map((e) => e.filename).sort()).toEqual(FILES.map((f) => f.filename).sort());
    for (const file of FILES) expect(Buffer.from(entries.find((e) => e.filename === file.filename)!.body).equals(file.body)).toBe(true);

    const expired = signArchiveToken({ ...grant(), expiresAt: Date.now() - 1 }, SECRET);
    expect((await themeArchiveResponse(expired, deps())).status).toBe(404);
    const tampered = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
    expect((await themeArchiveResponse(tampered, deps())).status).toBe(404);
    const otherTheme = signArchiveToken({ ...grant(), themeGid: "gid://shopify/OnlineStoreTheme/9", archiveId: "theme-run-99999" }, SECRET);
    expect((await themeArchiveResponse(otherTheme, deps())).status).toBe(404);
  });
});
