/**
 * The operator CLI, run as a child process (`node --import tsx app/cli/main.ts`)
 * against a temporary local-folder repository.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalKeyProvider } from "~/keys/local-key-provider";
import { createRepository, type RecordInput } from "~/repo";
import { createLocalBlobStore } from "~/storage/local-blob-store";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SHOP = "cli-test.myshopify.com";
const KEY = Buffer.alloc(32, 3).toString("base64");
const OTHER_KEY = Buffer.alloc(32, 4).toString("base64");

let dir: string;
let keyFile: string;
let first: string;
let second: string;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function snapshelf(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "app/cli/main.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, SNAPSHELF_MASTER_KEY: "", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** `repo <command> …` with this test's repository and key file. */
const repoCmd = (command: string, ...args: string[]) =>
  snapshelf([
    "repo",
    command,
    ...args,
    "--repo",
    `file://${dir}`,
    "--shop",
    SHOP,
    "--master-key-file",
    keyFile,
  ]);

function product(n: number, title: string): RecordInput {
  const gid = `gid://shopify/Product/${n}`;
  return { type: "Product", gid, record: { id: gid, title } };
}

describe("snapshelf repo CLI", () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "snapshelf-cli-"));
    keyFile = join(dir, "..", `${dir.split("/").pop()}-key.txt`);
    await writeFile(keyFile, KEY + "\n");
    const init = await repoCmd("init");
    expect(init.stderr).toBe("");
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(`created repository for ${SHOP}`);

    // The CLI does not write snapshots; the engine does, as the backup jobs would.
    const repo = createRepository({
      store: createLocalBlobStore(dir),
      keys: createLocalKeyProvider(KEY),
      shop: SHOP,
    });
    await repo.open();
    const customer = "gid://shopify/Customer/9";
    first = (
      await repo.writeSnapshot({
        kind: "full",
        records: [
          product(1, "Shirt"),
          product(2, "Hat"),
          product(3, "Sock"),
          {
            type: "Customer",
            gid: customer,
            subject: customer,
            record: { id: customer, email: "a@example.com" },
          },
        ],
      })
    ).id;
    second = (
      await repo.writeSnapshot({
        kind: "incremental",
        records: [
          product(1, "Shirt v2"),
          { type: "Product", gid: "gid://shopify/Product/2", record: null },
          product(4, "Scarf"),
        ],
      })
    ).id;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(keyFile, { force: true });
  });

  it("lists snapshots as a table and as JSON", async () => {
    const human = await repoCmd("snapshots");
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^ID\s+Started\s+Kind\s+Parent\s+Records\s+Added/);
    expect(human.stdout).toContain(first);
    expect(human.stdout).toMatch(
      new RegExp(`${second}\\s+\\S+\\s+incremental\\s+${first}\\s+4\\s`),
    );
    expect(human.stdout).toContain("2 snapshots");

    const json = await repoCmd("snapshots", "--json");
    const list = JSON.parse(json.stdout) as {
      id: string;
      totalRecords: number;
      kind: string;
      manifest?: unknown;
    }[];
    expect(list.map((s) => [s.id, s.kind, s.totalRecords])).toEqual([
      [first, "full", 4],
      [second, "incremental", 4],
    ]);
    expect(list[0].manifest).toBeUndefined();
  });

  it("shows a snapshot, one record, and every record", async () => {
    const meta = await repoCmd("show", second);
    expect(meta.code).toBe(0);
    expect(meta.stdout).toContain(`kind       incremental (parent ${first})`);
    expect(meta.stdout).toContain("records    4 (Customer=1, Product=3)");

    const one = await repoCmd("show", second, "--gid", "gid://shopify/Product/1");
    expect(JSON.parse(one.stdout)).toEqual({ id: "gid://shopify/Product/1", title: "Shirt v2" });
    const old = await repoCmd("show", first, "--gid", "gid://shopify/Product/1", "--json");
    expect(JSON.parse(old.stdout)).toMatchObject({
      snapshotId: first,
      type: "Product",
      record: { title: "Shirt" },
    });

    const all = await repoCmd("show", first, "--records", "--json");
    const entries = all.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { gid: string; record: { email?: string } });
    expect(entries.map((e) => e.gid)).toEqual([
      "gid://shopify/Customer/9",
      "gid://shopify/Product/1",
      "gid://shopify/Product/2",
      "gid://shopify/Product/3",
    ]);
    expect(entries[0].record.email).toBe("a@example.com");

    const absent = await repoCmd("show", second, "--gid", "gid://shopify/Product/2");
    expect(absent.code).toBe(1);
    expect(absent.stderr).toContain("is not in snapshot");
  });

  it("prints history and diff", async () => {
    const history = await repoCmd("history", "gid://shopify/Product/2");
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(new RegExp(`${second}\\s+\\S+\\s+\\(absent\\)\\s+deleted`));
    const json = JSON.parse(
      (await repoCmd("history", "gid://shopify/Product/1", "--json")).stdout,
    ) as { changed: boolean }[];
    expect(json.map((h) => h.changed)).toEqual([false, true]);

    const diff = await repoCmd("diff", first, second);
    expect(diff.code).toBe(0);
    expect(diff.stdout.split("\n")).toEqual(
      expect.arrayContaining([
        "~ Product\tgid://shopify/Product/1",
        "- Product\tgid://shopify/Product/2",
        "+ Product\tgid://shopify/Product/4",
        "1 added, 1 changed, 1 deleted",
      ]),
    );
  });

  it("checks, with full and partial read-back", async () => {
    const full = await repoCmd("check", "--read-data", "100%");
    expect(full.code).toBe(0);
    expect(full.stdout).toContain("no errors were found");
    const report = JSON.parse((await repoCmd("check", "--read-data", "10%", "--json")).stdout) as {
      ok: boolean;
      snapshotsChecked: number;
    };
    expect(report).toMatchObject({ ok: true, snapshotsChecked: 2 });
    const bad = await repoCmd("check", "--read-data", "150%");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--read-data must be a percentage");
  });

  it("rebuilds the index and prunes without losing data", async () => {
    const rebuilt = await repoCmd("rebuild-index", "--json");
    expect(rebuilt.code).toBe(0);
    expect(JSON.parse(rebuilt.stdout)).toMatchObject({ unreadablePacks: [] });
    const pruned = await repoCmd("prune", "--min-age", "0");
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toMatch(/packs before\s+\d+/);
    expect((await repoCmd("check", "--read-data", "100%")).code).toBe(0);
  });

  it("forgets by policy, dry run first", async () => {
    const dry = await repoCmd("forget", "--keep-last", "1", "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`would remove  ${first}`);
    expect((await repoCmd("snapshots", "--json")).stdout).toContain(first);
    const none = await repoCmd("forget");
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("at least one of --keep-last");
  });

  it("fails clearly on bad input", async () => {
    const unknown = await snapshelf(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const unknownRepo = await repoCmd("explode");
    expect(unknownRepo.code).toBe(2);
    expect(unknownRepo.stderr).toContain('unknown repo command "explode"');
    const badUrl = await snapshelf(
      ["repo", "snapshots", "--repo", "ftp://example.com/x", "--shop", SHOP],
      { SNAPSHELF_MASTER_KEY: KEY },
    );
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain("invalid --repo ftp://example.com/x");
    const noKey = await snapshelf(["repo", "snapshots", "--repo", `file://${dir}`, "--shop", SHOP]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("no master key");
    const wrongKey = await snapshelf(
      ["repo", "snapshots", "--repo", `file://${dir}`, "--shop", SHOP],
      { SNAPSHELF_MASTER_KEY: OTHER_KEY },
    );
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain("cannot open repository: wrong key or corrupted config");
    expect(wrongKey.stdout).toBe("");
    const missingId = await repoCmd("show");
    expect(missingId.code).toBe(2);
    expect(missingId.stderr).toContain("missing snapshot id");
    const noSuch = await repoCmd("show", "20990101T000000000Z-deadbeef");
    expect(noSuch.code).toBe(1);
    expect(noSuch.stderr).toMatch(/no snapshot/i);
    const again = await repoCmd("init");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already exists");
    const badFlag = await repoCmd("snapshots", "--bogus");
    expect(badFlag.code).toBe(2);
  });

  it("accepts the key from SNAPSHELF_MASTER_KEY", async () => {
    const viaEnv = await snapshelf(
      ["repo", "snapshots", "--json", "--repo", `file://${dir}`, "--shop", SHOP],
      { SNAPSHELF_MASTER_KEY: KEY },
    );
    expect(viaEnv.code).toBe(0);
    expect((JSON.parse(viaEnv.stdout) as unknown[]).length).toBe(2);
  });
});
