/**
 * A flipped byte in a pack must be found by `check --read-data 100%` (API and
 * CLI), named by the records it damages, and must never be returned as data.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IntegrityError } from "~/errors";
import { createLocalKeyProvider } from "~/keys/local-key-provider";
import { createRepository, type AffectedRecord, type Repository } from "~/repo";
import { createLocalBlobStore } from "~/storage/local-blob-store";
import { CRASH_MASTER_KEY, CRASH_SHOP, CRASH_TUNING, crashRecords } from "./crash-data";
import { startTs } from "./spawn";

let dir: string;
let snapshotId: string;

async function open(): Promise<Repository> {
  const repo = createRepository({
    store: createLocalBlobStore(dir),
    keys: createLocalKeyProvider(CRASH_MASTER_KEY),
    shop: CRASH_SHOP,
    tuning: CRASH_TUNING,
  });
  await repo.open();
  return repo;
}

/**
 * The pack written first: it holds the first data blocks (products), never
 * manifest pages. Found by content, not by mtime: packs written within one
 * clock tick share an mtime, and under load the order of ties is arbitrary.
 * Each candidate gets byte 40 (inside its first block) flipped; the one that
 * makes the first product unreadable is kept flipped.
 */
async function flipFirstPack(): Promise<void> {
  const root = join(dir, "shops", CRASH_SHOP, "packs");
  const files: { path: string; mtime: number }[] = [];
  for (const sub of await readdir(root)) {
    for (const name of await readdir(join(root, sub))) {
      const path = join(root, sub, name);
      files.push({ path, mtime: (await stat(path)).mtimeMs });
    }
  }
  files.sort((a, b) => a.mtime - b.mtime);
  for (const { path } of files) {
    const original = await readFile(path);
    const bytes = Buffer.from(original);
    bytes[40] ^= 0x01; // inside the first block's ciphertext
    await writeFile(path, bytes);
    const damaged = await (await open()).getRecord(snapshotId, "Product", "gid://shopify/Product/1001").then(
      () => false,
      (error: unknown) => error instanceof IntegrityError,
    );
    if (damaged) return;
    await writeFile(path, original);
  }
  throw new Error("no pack holds the first product");
}

function cli(args: string[]) {
  const run = startTs(
    "app/cli/main.ts",
    ["repo", ...args, "--repo", `file://${dir}`, "--shop", CRASH_SHOP],
    {
      SNAPSHELF_MASTER_KEY: CRASH_MASTER_KEY,
    },
  );
  return run.exited.then((r) => ({ ...r, stdout: run.lines.join("\n") }));
}

describe("a flipped byte in a pack", () => {
  let affected: AffectedRecord[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "snapshelf-corrupt-"));
    const repo = createRepository({
      store: createLocalBlobStore(dir),
      keys: createLocalKeyProvider(CRASH_MASTER_KEY),
      shop: CRASH_SHOP,
      tuning: CRASH_TUNING,
    });
    await repo.init();
    snapshotId = (await repo.writeSnapshot({ kind: "full", records: crashRecords(1) })).id;
    expect((await repo.check({ readDataPercent: 100 })).ok).toBe(true);
    await flipFirstPack();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("is reported by check with the damaged records' type and GID", async () => {
    const report = await (await open()).check({ readDataPercent: 100 });
    expect(report.ok).toBe(false);
    const corrupt = report.problems.filter((p) => p.kind === "corrupt-block");
    expect(corrupt).toHaveLength(1);
    affected = corrupt.flatMap((p) => p.affected ?? []);
    expect(affected.length).toBeGreaterThan(0);
    for (const a of affected) {
      expect(a.snapshotId).toBe(snapshotId);
      expect(["Product", "ProductVariant"]).toContain(a.type);
      expect(a.gid).toMatch(/^gid:\/\/shopify\/(Product|ProductVariant)\/\d+$/);
    }
    // The first product of the stream sits in the first block.
    expect(affected.map((a) => a.gid)).toContain("gid://shopify/Product/1001");
  });

  it("never returns the damaged record: reads throw IntegrityError", async () => {
    const repo = await open();
    const victim = affected[0];
    await expect(repo.getRecord(snapshotId, victim.type, victim.gid)).rejects.toBeInstanceOf(
      IntegrityError,
    );
    const read = async () => {
      for await (const _entry of repo.readSnapshot(snapshotId)) {
        // draining: the damaged block must stop the stream
      }
    };
    await expect(read()).rejects.toBeInstanceOf(IntegrityError);
    // Records in undamaged blocks still read.
    const customer = await repo.getRecord(snapshotId, "Customer", "gid://shopify/Customer/501");
    expect(customer?.record.email).toBe("c1@example.com");
  });

  it("makes `repo check --read-data 100%` exit non-zero naming the records", async () => {
    const result = await cli(["check", "--read-data", "100%"]);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/corrupt-block/);
    expect(result.stdout).toContain(
      "affects Product gid://shopify/Product/1001 in snapshot " + snapshotId,
    );

    const json = await cli(["check", "--read-data", "100%", "--json"]);
    expect(json.code).toBe(3);
    const report = JSON.parse(json.stdout) as {
      ok: boolean;
      problems: { kind: string; affected?: AffectedRecord[] }[];
    };
    expect(report.ok).toBe(false);
    expect(report.problems.flatMap((p) => p.affected ?? []).map((a) => a.gid)).toContain(
      "gid://shopify/Product/1001",
    );

    const show = await cli(["show", snapshotId, "--gid", "gid://shopify/Product/1001"]);
    expect(show.code).toBe(1);
    expect(show.stderr).toMatch(/integrity error/);
    expect(show.stdout).toBe("");
  });
});
