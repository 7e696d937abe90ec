/**
 * Every committed fixture repository (test/fixtures/repo-v1, repo-v2, …) must
 * keep reading back exactly as written: every snapshot, every record, every
 * record id, redactions included, and must check clean with full read-back.
 */
import { readdirSync } from "node:fs";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalKeyProvider } from "~/keys/local-key-provider";
import { createRepository, type Repository } from "~/repo";
import { createLocalBlobStore } from "~/storage/local-blob-store";

const FIXTURES = fileURLToPath(new URL("../fixtures", import.meta.url));
const VERSIONS = readdirSync(FIXTURES)
  .filter((name) => /^repo-v\d+$/.test(name))
  .sort();

interface ExpectedRecord {
  type: string;
  gid: string;
  recordId: string;
  redacted: boolean;
  record: Record<string, unknown> | null;
}
interface ExpectedSnapshot {
  id: string;
  kind: string;
  parent: string | null;
  startedAt: string;
  totalRecords: number;
  countsPerType: Record<string, number>;
  tags: Record<string, string>;
  records: ExpectedRecord[];
}
interface Expected {
  formatVersion: number;
  shop: string;
  forgottenSubject: string;
  snapshots: ExpectedSnapshot[];
}

it("has the format-version-1 fixture", () => {
  expect(VERSIONS).toContain("repo-v1");
});

describe.each(VERSIONS)("fixture repository %s", (version) => {
  const FIXTURE = join(FIXTURES, version);
  let dir: string;
  let expected: Expected;
  let repo: Repository;

  beforeAll(async () => {
    expected = JSON.parse(await readFile(join(FIXTURE, "expected.json"), "utf8")) as Expected;
    dir = await mkdtemp(join(tmpdir(), "snapshelf-fixture-"));
    // Opening writes nothing, but the committed copy must stay untouched whatever the engine does.
    await cp(join(FIXTURE, "repo"), dir, { recursive: true });
    const key = (await readFile(join(FIXTURE, "TEST-ONLY-master-key.txt"), "utf8")).trim();
    repo = createRepository({
      store: createLocalBlobStore(dir),
      keys: createLocalKeyProvider(key),
      shop: expected.shop,
    });
    await repo.open();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("lists the same snapshots", async () => {
    const infos = await repo.listSnapshots();
    expect(
      infos.map((i) => ({
        id: i.id,
        kind: i.kind,
        parent: i.parent,
        startedAt: i.startedAt,
        totalRecords: i.totalRecords,
        countsPerType: i.countsPerType,
        tags: i.tags,
      })),
    ).toEqual(expected.snapshots.map(({ records: _records, ...meta }) => meta));
    expect(expected.snapshots.map((s) => s.kind)).toEqual(["full", "incremental", "full"]);
  });

  it("reads every record of every snapshot exactly as expected.json", async () => {
    for (const snapshot of expected.snapshots) {
      const actual = [];
      for await (const entry of repo.readSnapshot(snapshot.id)) actual.push(entry);
      expect(actual).toEqual(snapshot.records);
    }
    const total = expected.snapshots.reduce((n, s) => n + s.records.length, 0);
    expect(total).toBeGreaterThan(400);
  });

  it("keeps the tombstone, the change history and the redaction", async () => {
    const [s1, s2, s3] = expected.snapshots;
    expect(await repo.getRecord(s2.id, "Product", "gid://shopify/Product/8007")).toBeUndefined();
    expect(
      (await repo.getRecord(s1.id, "Product", "gid://shopify/Product/8007"))?.record.title,
    ).toBe("Fixture product 7");
    const history = await repo.history("Product", "gid://shopify/Product/8030");
    expect(history.map((h) => h.changed)).toEqual([false, false, true]);
    const redacted = s1.records.find((r) => r.gid === expected.forgottenSubject);
    expect(redacted).toMatchObject({ redacted: true, record: null });
    expect(s3.records.some((r) => r.gid === expected.forgottenSubject)).toBe(false);
    const changes = [];
    for await (const d of repo.diff(s1.id, s2.id)) changes.push(`${d.change} ${d.gid}`);
    expect(changes).toContain("deleted gid://shopify/Product/8007");
    expect(changes).toContain("added gid://shopify/Product/8061");
    expect(changes).toContain("changed gid://shopify/Product/8002");
  });

  it("checks clean with 100% read-back", async () => {
    const report = await repo.check({ readDataPercent: 100 });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.snapshotsChecked).toBe(3);
    expect(report.recordsVerified).toBeGreaterThan(0);
  });
});
