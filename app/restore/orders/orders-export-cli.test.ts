/**
 * `snapshelf repo orders-export` on a local-folder repository holding the
 * `small` simulator store's orders and customers (2,000 orders, guest
 * checkouts among them): the file equals the engine's export, is private,
 * and holds every order with its personal data.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "~/cli/run";
import { createLocalKeyProvider } from "~/keys/local-key-provider";
import { createLocalBlobStore } from "~/storage/local-blob-store";
import { exportOrders } from "./export";
import { collect, csvRecords, ordersFixture, type OrdersFixture } from "./test-support";

const KEY = Buffer.alloc(32, 7).toString("base64");
let dir: string;
let f: OrdersFixture;
let common: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "snapshelf-orders-cli-"));
  await writeFile(join(dir, "key"), KEY);
  f = await ordersFixture({ size: "small", types: ["orders", "customers"], store: createLocalBlobStore(join(dir, "repo")), keys: createLocalKeyProvider(KEY) });
  common = ["--repo", `file://${join(dir, "repo")}`, "--shop", f.sim.shopDomain, "--master-key-file", join(dir, "key")];
}, 300_000);
afterAll(async () => {
  await f?.close();
  await rm(dir, { recursive: true, force: true });
});

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(["repo", "orders-export", ...args, ...common], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe("repo orders-export", () => {
  it("writes the CSV the engine produces, mode 0600, and reports the counts", async () => {
    const file = join(dir, "orders.csv");
    const result = await cli(f.snapshotId, "--format", "csv", "--out", file);
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    const text = await readFile(file, "utf8");
    expect(text).toBe(await collect(exportOrders(f.repository, f.snapshotId, "csv").chunks));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const rows = csvRecords(text.replace(/^\uFEFF/, ""));
    expect(new Set(rows.map((r) => r.Id)).size).toBe(2000);
    expect(result.out).toEqual([`exported 2000 orders (${rows.length} rows) to ${file}`]);
    expect(rows.every((r) => r["Personal Data"] === "included" && r.Email !== "")).toBe(true);
  }, 120_000);

  it("writes JSONL with --json summary; guest orders keep their personal data (subject = order)", async () => {
    const file = join(dir, "orders.jsonl");
    const result = await cli(f.snapshotId, "--format", "jsonl", "--out", file, "--json");
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.out[0]) as Record<string, unknown>;
    expect(summary).toMatchObject({ snapshot: f.snapshotId, format: "jsonl", orders: 2000, rows: 2000, personalRedacted: 0, personalMissing: 0 });
    const lines = (await readFile(file, "utf8")).trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2000);
    const guests = lines.filter((l) => l.customer === null);
    expect(guests.length).toBeGreaterThan(0);
    expect(guests.every((g) => typeof g.email === "string" && g.personalData === "included")).toBe(true);
    const ids = lines.map((l) => String(l.id));
    expect(ids).toEqual([...ids].sort());
  }, 120_000);

  it("refuses an unknown format (exit 2) and an unknown snapshot (exit 1) without creating a file", async () => {
    const file = join(dir, "nothing.csv");
    expect((await cli(f.snapshotId, "--format", "xlsx", "--out", file)).code).toBe(2);
    const missing = await cli("20990101T000000000Z-deadbeef", "--format", "csv", "--out", file);
    expect(missing.code).toBe(1);
    expect(missing.err.join("\n")).toContain("20990101T000000000Z-deadbeef");
    expect(existsSync(file) || existsSync(`${file}.partial`)).toBe(false);
    const unwritable = await cli(f.snapshotId, "--format", "csv", "--out", join(dir, "no-such-folder", "orders.csv"));
    expect(unwritable).toMatchObject({ code: 1, err: [`snapshelf: cannot write ${join(dir, "no-such-folder", "orders.csv")}: ENOENT`] });
  });
});
