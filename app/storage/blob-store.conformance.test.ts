import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Storage } from "@google-cloud/storage";
import { afterAll, describe, expect, it } from "vitest";
import { startGcsEmulator, type GcsEmulator } from "../../test/support/gcs-emulator";
import { runBlobStoreConformance } from "./blob-store.conformance";
import { createFaultInjectingBlobStore } from "./fault-injecting-blob-store";
import { createGcsBlobStore } from "./gcs-blob-store";
import { createLocalBlobStore } from "./local-blob-store";
import { createMemoryBlobStore } from "./memory-blob-store";
import { openBlobStore } from "./open-blob-store";

runBlobStoreConformance("local folder", async () => {
  const dir = await mkdtemp(join(tmpdir(), "snapshelf-local-store-"));
  return { store: createLocalBlobStore(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
});

runBlobStoreConformance("memory", async () => ({ store: createMemoryBlobStore(), cleanup: async () => {} }));

// With no faults armed the wrapper must be invisible.
runBlobStoreConformance("fault-injecting wrapper (idle) over memory", async () => ({
  store: createFaultInjectingBlobStore(createMemoryBlobStore(), { seed: 1 }),
  cleanup: async () => {},
}));

let emulator: Promise<GcsEmulator> | undefined;
afterAll(async () => {
  if (emulator) await (await emulator).stop();
});

runBlobStoreConformance(
  "GCS (firebase-tools emulator)",
  async () => {
    emulator ??= startGcsEmulator();
    const { host } = await emulator;
    // Each test gets its own folder in one bucket, which is how a bucket
    // shared by many shops is laid out too.
    const storage = new Storage({ apiEndpoint: host, projectId: "demo-snapshelf" });
    const store = createGcsBlobStore({ bucket: "conformance", prefix: `run-${randomUUID()}`, storage });
    return { store, cleanup: async () => {} };
  },
  { createOnlyNotEnforced: "gcs-blob-store.preconditions.test.ts" },
);

describe("openBlobStore(gs://…) without an injected client", () => {
  it("reaches the emulator through STORAGE_EMULATOR_HOST, as a deployment pointed at it would", async () => {
    emulator ??= startGcsEmulator();
    const { host } = await emulator;
    const saved = process.env.STORAGE_EMULATOR_HOST;
    process.env.STORAGE_EMULATOR_HOST = host;
    try {
      const store = await openBlobStore("gs://from-url/some/prefix");
      await store.put("k/1", new TextEncoder().encode("via env"));
      expect(new TextDecoder().decode(await store.get("k/1"))).toBe("via env");
      const listed: string[] = [];
      for await (const info of store.list("k/")) listed.push(info.key);
      expect(listed).toEqual(["k/1"]);
    } finally {
      if (saved === undefined) delete process.env.STORAGE_EMULATOR_HOST;
      else process.env.STORAGE_EMULATOR_HOST = saved;
    }
  });
});
