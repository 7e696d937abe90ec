/**
 * `npx tsx test/bench/backup-full.bench.ts [--size small|large] [--seed N] [--json] [--verify]`:
 * a full snapshot of a seeded simulator store (the simulator runs in its own
 * process, so peak RSS is the app side only) into a local-folder repository.
 * --verify then pages through the store with regular queries and compares
 * field by field (costly: regular queries are throttled; use tiny/small).
 * Knobs for experiments: MEDIA=0 skips image bytes; BULK_MEM=<bytes> sets
 * the bulk runner's in-memory budget before it spills to disk.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runFullSnapshot } from "~/backup/full-snapshot";
import { RECORD_TYPE_MODULES } from "~/backup/types";
import { verifySnapshot } from "~/backup/verify";
import { createRepository } from "~/repo";
import { createTestKeyProvider } from "~/repo/test-support";
import { createAdminClient } from "~/shopify/admin-client";
import { createLocalBlobStore } from "~/storage/local-blob-store";
import { startMemorySampler } from "./backup/memory-sampler";

const { values } = parseArgs({
  options: { size: { type: "string", default: "small" }, seed: { type: "string", default: "1" }, json: { type: "boolean", default: false }, verify: { type: "boolean", default: false } },
});
const root = fileURLToPath(new URL("../../", import.meta.url));
const child = spawn(process.execPath, ["--import", "tsx", join(root, "test/simulator/cli.ts"), "--size", values.size!, "--seed", values.seed!, "--port", "0", "--plan", "plus"], {
  cwd: root,
  stdio: ["ignore", "pipe", "inherit"],
});
let url = "";
let token = "";
for await (const line of createInterface({ input: child.stdout! })) {
  url ||= /listening on (\S+)/.exec(line)?.[1] ?? "";
  token ||= /Offline access token: (\S+)/.exec(line)?.[1] ?? "";
  if (url && token) break;
}
const dir = mkdtempSync(join(tmpdir(), "snapshelf-bench-backup-"));
const memory = startMemorySampler();
try {
  const shop = "demo-shop.myshopify.com";
  const client = createAdminClient({ shop, accessToken: token, apiVersion: "2026-10", baseUrl: url });
  const repository = createRepository({ store: createLocalBlobStore(dir), keys: createTestKeyProvider(), shop });
  await repository.init();
  memory.phase("full");
  const result = await runFullSnapshot({ shop, client, repository, mediaBytes: process.env.MEDIA !== "0", bulk: { pollIntervalMs: 100, ...(process.env.BULK_MEM ? { memoryBudgetBytes: Number(process.env.BULK_MEM) } : {}) } });
  const out: Record<string, unknown> = {
    size: values.size,
    records: result.records,
    expected_roots: result.expected,
    full_s: result.seconds,
    records_per_s: Math.round(result.records / result.seconds),
    peak_rss_mb: memory.report().phases.full.rss_mb,
    memory: memory.report(),
    images: result.media.images,
    image_mb: Math.round(result.media.downloadedBytes / 1e6),
    stored_mb: Math.round(result.snapshot.stats.storedBytesAdded / 1e6),
    client_waited_s: Math.round(client.throttleState().waitedMs / 100) / 10,
  };
  if (process.env.TYPES === "1") out.types = result.snapshot.countsPerType;
  if (values.verify) {
    const report = await verifySnapshot(repository, result.snapshot.id, RECORD_TYPE_MODULES, { client });
    Object.assign(out, { mismatches: report.mismatched.length, missing: report.missing.length, extra: report.extra.length });
  }
  console.log(values.json ? JSON.stringify(out) : out);
} finally {
  memory.stop();
  child.kill();
  rmSync(dir, { recursive: true, force: true });
}
