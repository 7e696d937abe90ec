/**
 * Writes test/fixtures/repo-v<FORMAT_VERSION>/: a repository in the current
 * format version plus expected.json (every snapshot and record). Run ONCE per
 * format version and commit the output:
 *   node --import tsx test/repo/make-fixture.ts
 * Tests only read fixtures. Each format version gets its own repo-vN folder
 * and older ones stay, so old backups keep being read.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { createLocalKeyProvider } from "~/keys/local-key-provider";
import {
  canonicalJson,
  createRepository,
  FORMAT_VERSION,
  type RecordInput,
  type SnapshotEntry,
} from "~/repo";
import { createLocalBlobStore } from "~/storage/local-blob-store";
import {
  FIXTURE_SHOP,
  FORGOTTEN_CUSTOMER,
  fullRecords,
  incrementalRecords,
  laterFullRecords,
} from "./fixture-data";

const FIXTURE_DIR = fileURLToPath(new URL(`../fixtures/repo-v${FORMAT_VERSION}`, import.meta.url));
/** Deliberately recognisable, never a real secret: 32 ASCII bytes. */
const TEST_KEY = Buffer.from("TEST-ONLY snapshelf fixture key!", "ascii").toString("base64");

if (existsSync(join(FIXTURE_DIR, "repo")) && !process.argv.includes("--force")) {
  console.error(
    `${FIXTURE_DIR} exists. Fixtures are never regenerated: a format change gets a new repo-vN fixture.`,
  );
  process.exit(1);
}
await mkdir(FIXTURE_DIR, { recursive: true });
await writeFile(join(FIXTURE_DIR, "TEST-ONLY-master-key.txt"), `${TEST_KEY}\n`);
await writeFile(
  join(FIXTURE_DIR, "README.md"),
  [
    `# Fixture: repository format version ${FORMAT_VERSION}`,
    "",
    "Written once by `node --import tsx test/repo/make-fixture.ts` and read by `test/repo/fixture.test.ts`,",
    "so a later change to the format cannot break old backups unnoticed. Never regenerate it: a new",
    "format version gets a new `repo-vN/` folder beside this one.",
    "",
    "- `repo/`: three snapshots of a small shop (full; incremental with changes, an addition and",
    "  tombstones; a later full after one customer's subject key was deleted), see test/repo/fixture-data.ts.",
    "- `expected.json`: every snapshot and every record's content and record id.",
    "- `TEST-ONLY-master-key.txt`: the key that opens it. **Not a secret**; never use it for anything else.",
    "",
  ].join("\n"),
);

// A fixed clock (one second per call) keeps snapshot times readable and ordered.
let clock = Date.parse("2026-01-05T10:00:00Z");
const repo = createRepository({
  store: createLocalBlobStore(join(FIXTURE_DIR, "repo")),
  keys: createLocalKeyProvider(TEST_KEY),
  shop: FIXTURE_SHOP,
  now: () => new Date((clock += 1000)),
});
await repo.init();
const s1 = await repo.writeSnapshot({
  kind: "full",
  records: fullRecords(),
  tags: { fixture: "full" },
});
clock = Date.parse("2026-01-06T10:00:00Z");
const s2 = await repo.writeSnapshot({
  kind: "incremental",
  records: incrementalRecords(),
  tags: { fixture: "incremental" },
});
clock = Date.parse("2026-01-07T10:00:00Z");
if ((await repo.forgetSubject(FORGOTTEN_CUSTOMER)) < 1)
  throw new Error("forgetSubject deleted no key");
const s3 = await repo.writeSnapshot({
  kind: "full",
  records: laterFullRecords(),
  tags: { fixture: "after-redaction" },
});

/** The state each snapshot must hold, computed from the inputs (not from what the engine returns). */
function stateOf(...batches: RecordInput[][]): Map<string, RecordInput> {
  const state = new Map<string, RecordInput>();
  for (const batch of batches) {
    for (const r of batch) {
      const key = `${r.type}\u0000${r.gid}`;
      if (r.record === null) state.delete(key);
      else state.set(key, r);
    }
  }
  return state;
}
const expectedStates = [
  stateOf(fullRecords()),
  stateOf(fullRecords(), incrementalRecords()),
  stateOf(laterFullRecords()),
];

const snapshots = [];
for (const [i, info] of [s1, s2, s3].entries()) {
  const records: SnapshotEntry[] = [];
  for await (const entry of repo.readSnapshot(info.id)) records.push(entry);
  const want = expectedStates[i];
  if (records.length !== want.size)
    throw new Error(`snapshot ${i + 1}: ${records.length} records, expected ${want.size}`);
  for (const entry of records) {
    const input = want.get(`${entry.type}\u0000${entry.gid}`);
    if (!input) throw new Error(`snapshot ${i + 1}: unexpected ${entry.gid}`);
    const redacted = entry.gid === FORGOTTEN_CUSTOMER;
    if (entry.redacted !== redacted)
      throw new Error(`snapshot ${i + 1}: ${entry.gid} redacted=${entry.redacted}`);
    if (!redacted && canonicalJson(entry.record) !== canonicalJson(input.record))
      throw new Error(`snapshot ${i + 1}: ${entry.gid} differs`);
  }
  snapshots.push({
    id: info.id,
    kind: info.kind,
    parent: info.parent,
    startedAt: info.startedAt,
    totalRecords: info.totalRecords,
    countsPerType: info.countsPerType,
    tags: info.tags,
    records: records.map((e) => ({
      type: e.type,
      gid: e.gid,
      recordId: e.recordId,
      redacted: e.redacted,
      record: e.record,
    })),
  });
}
const report = await repo.check({ readDataPercent: 100 });
if (!report.ok)
  throw new Error(`fresh fixture does not check clean: ${JSON.stringify(report.problems)}`);

await writeFile(
  join(FIXTURE_DIR, "expected.json"),
  JSON.stringify(
    {
      note: "Written by test/repo/make-fixture.ts; never regenerate (see README.md).",
      formatVersion: FORMAT_VERSION,
      shop: FIXTURE_SHOP,
      forgottenSubject: FORGOTTEN_CUSTOMER,
      snapshots,
    },
    null,
    1,
  ) + "\n",
);
console.log(
  `fixture written to ${FIXTURE_DIR}: ${snapshots.map((s) => `${s.id} (${s.totalRecords})`).join(", ")}`,
);
