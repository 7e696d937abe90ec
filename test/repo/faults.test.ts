/**
 * The repository under a misbehaving store (createFaultInjectingBlobStore over a
 * local folder): failed and torn writes at each step of the commit order leave
 * earlier snapshots exact and the repository clean and writable; delays change
 * nothing; bits flipped or bytes cut in storage or in transit are reported as
 * integrity errors naming the damaged records, and never read back as data.
 */
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IntegrityError, RetryableError } from "~/errors";
import type { RecordInput, Repository } from "~/repo";
import { createFaultInjectingBlobStore, type FaultRule } from "~/storage/fault-injecting-blob-store";
import { crashRecords } from "./crash-data";
import {
  INDEX,
  KEY_SETS,
  LOCKS,
  PACKS,
  SNAPSHOTS,
  blockOfEach,
  expectSnapshotsExact,
  expectedState,
  newFaultRepo,
  readEach,
  readState,
  recordingStore,
  type FaultRepo,
} from "./faults-support";

const LEASE_TTL = 60_000;
const ids = async (repo: Repository) => (await repo.listSnapshots()).map((s) => s.id);
/**
 * Version v of the shop: part of the crash-test records (to keep the file
 * fast), with two more customers each version so every snapshot creates
 * subject keys (a key-set put to fail).
 */
const recordsOf = (v: number): RecordInput[] =>
  crashRecords(v).filter((r) => {
    const n = Number(r.gid.split("/").pop());
    if (r.type === "Customer") return n - 500 <= 2 * v + 2;
    return (r.type === "Product" ? n - 1000 : Math.floor((n - 10_000) / 10)) <= 80;
  });
const write = (repo: Repository, version: number) =>
  repo.writeSnapshot({ kind: "full", records: recordsOf(version), tags: { version: String(version) } });

describe("failed and torn writes during a snapshot", () => {
  let fr: FaultRepo & { repo: Repository };
  const committed: string[] = [];
  /** Pack keys that reached storage during failed writes (debris for prune). */
  const debris = new Set<string>();
  let tornPack = "";
  let version = 1;

  beforeAll(async () => {
    // Small packs so even a half-changed shop spans several: "a later pack" exists.
    fr = await newFaultRepo(11, { packTargetBytes: 4096 });
    committed.push((await write(fr.repo, version)).id);
  });
  afterAll(async () => {
    await rm(fr.dir, { recursive: true, force: true });
  });

  const points: { name: string; rule: FaultRule }[] = [
    { name: "the first pack", rule: { fault: { kind: "fail" }, ops: ["put"], keyPrefix: PACKS, nth: 1 } },
    { name: "a later pack", rule: { fault: { kind: "fail" }, ops: ["put"], keyPrefix: PACKS, nth: 3 } },
    { name: "a torn later pack", rule: { fault: { kind: "truncate" }, keyPrefix: PACKS, nth: 2 } },
    { name: "the subject key set", rule: { fault: { kind: "fail" }, ops: ["put"], keyPrefix: KEY_SETS, nth: 1 } },
    { name: "the index object", rule: { fault: { kind: "fail" }, ops: ["put"], keyPrefix: INDEX, nth: 1 } },
    { name: "the snapshot commit object", rule: { fault: { kind: "fail" }, ops: ["put"], keyPrefix: SNAPSHOTS, nth: 1 } },
  ];
  for (const point of points) {
    it(`a put failing at ${point.name} rejects the snapshot and leaves the earlier ones exact`, async () => {
      version++;
      const putsBefore = fr.log.puts.length;
      const armed = fr.faulty.inject(point.rule);
      const outcome = await write(fr.repo, version).then(
        () => "committed",
        (error: unknown) => error,
      );
      fr.faulty.clearFaults();
      expect(outcome).toBeInstanceOf(RetryableError);
      expect(armed.fired).toBe(1);
      const stored = fr.log.puts.slice(putsBefore);
      for (const key of stored) if (key.startsWith(PACKS)) debris.add(key);
      if (point.rule.fault.kind === "truncate") {
        // The torn prefix really is on disk under the pack's key.
        tornPack = stored.filter((k) => k.startsWith(PACKS)).at(-1) as string;
        expect(await fr.disk.stat(tornPack)).toBeDefined();
      }
      expect(stored.some((k) => k.startsWith(SNAPSHOTS))).toBe(false);

      expect(await ids(fr.repo)).toEqual(committed);
      await expectSnapshotsExact(fr.repo, recordsOf);
      const report = await fr.repo.check({ readDataPercent: 100 });
      expect(report.problems).toEqual([]);
      expect(report.snapshotsChecked).toBe(committed.length);
      // The lease was released despite the failure: the next writer needs no wait.
      const info = await write(fr.repo, version);
      committed.push(info.id);
      expect(await ids(fr.repo)).toEqual(committed);
      expect(await readState(fr.repo, info.id)).toEqual(expectedState(recordsOf(version)));
    });
  }

  it("a lease left behind by a failed release is taken over once it expires", async () => {
    version++;
    fr.faulty.inject({ fault: { kind: "fail" }, ops: ["put"], keyPrefix: SNAPSHOTS, nth: 1 });
    const release = fr.faulty.inject({ fault: { kind: "fail" }, ops: ["delete"], keyPrefix: LOCKS, nth: 1 });
    await expect(write(fr.repo, version)).rejects.toBeInstanceOf(RetryableError);
    fr.faulty.clearFaults();
    expect(release.fired).toBe(1);
    // Still held by the failed writer's lock object: a second writer must wait...
    await expect(write(fr.repo, version)).rejects.toThrow(/busy/);
    expect(await ids(fr.repo)).toEqual(committed);
    // ...until it expires, then takes it over.
    fr.clock.offsetMs += 2 * LEASE_TTL;
    const info = await write(fr.repo, version);
    committed.push(info.id);
    expect(await ids(fr.repo)).toEqual(committed);
    await expectSnapshotsExact(fr.repo, recordsOf);
  });

  it("a later handle sees a clean repository, and prune removes the failed writes' packs", async () => {
    const fresh = await fr.open();
    expect((await fresh.check({ readDataPercent: 100 })).problems).toEqual([]);
    expect(debris.size).toBeGreaterThan(0);
    const report = await fresh.prune({ minUnreferencedAgeMs: 0, repackWasteThreshold: 1 });
    expect(report.packsDeleted).toBeGreaterThan(0);
    // Debris that no snapshot came to reference (e.g. the torn pack) is gone.
    const left: string[] = [];
    for (const key of debris) if (await fr.disk.stat(key)) left.push(key);
    expect(left.length).toBeLessThan(debris.size);
    expect(await fr.disk.stat(tornPack)).toBeUndefined();
    const after = await fresh.check({ readDataPercent: 100 });
    expect(after.problems).toEqual([]);
    expect(await ids(fresh)).toEqual(committed);
    await expectSnapshotsExact(fresh, recordsOf);
  });
});

describe("slow storage", () => {
  it("delays on every operation change nothing: snapshots commit and read back exactly", async () => {
    const fr = await newFaultRepo(5);
    try {
      const delayed = fr.faulty.inject({ fault: { kind: "delay", ms: 2 } });
      const first = await write(fr.repo, 1);
      const second = await write(fr.repo, 2);
      expect(await ids(fr.repo)).toEqual([first.id, second.id]);
      await expectSnapshotsExact(fr.repo, recordsOf);
      expect(delayed.fired).toBeGreaterThan(50);
      expect((await fr.repo.check({ readDataPercent: 100 })).problems).toEqual([]);
    } finally {
      await rm(fr.dir, { recursive: true, force: true });
    }
  });
});

describe("damaged bytes in storage or in transit", () => {
  let fr: FaultRepo & { repo: Repository };
  let snapshotId: string;
  const records = recordsOf(1);
  /** The first pack written: data blocks only (manifest pages come last). */
  let firstPack: string;
  /** Record GID → the stored block it is read from (pack key @ offset). */
  let blockOf: Map<string, string>;
  const gidsWhere = (pred: (block: string) => boolean) =>
    new Set([...blockOf].filter(([, block]) => pred(block)).map(([gid]) => gid));

  beforeAll(async () => {
    fr = await newFaultRepo(23);
    snapshotId = (await write(fr.repo, 1)).id;
    const packs = fr.log.puts.filter((k) => k.startsWith(PACKS));
    expect(packs.length).toBeGreaterThan(3);
    firstPack = packs[0];
    // A one-block cache makes every getRecord fetch its record's block, so the log shows which it is.
    blockOf = await blockOfEach(await fr.open({ blockCacheBytes: 1 }), fr.log, snapshotId, records);
  });
  afterAll(async () => {
    await rm(fr.dir, { recursive: true, force: true });
  });

  it("a bit flipped while reading one pack block fails exactly that block's records", async () => {
    const flipper = createFaultInjectingBlobStore(fr.disk, { seed: 3 });
    const flips = flipper.inject({ fault: { kind: "flip" }, ops: ["getRange"] });
    const target = `${firstPack}@0`;
    const repo = await fr.open({}, recordingStore(fr.disk, { puts: [], ranges: [] }, {
      store: flipper,
      when: (key, offset) => `${key}@${offset}` === target,
    }));
    const inBlock = gidsWhere((b) => b === target);
    expect(inBlock.size).toBeGreaterThan(0);
    expect(inBlock).toContain("gid://shopify/Product/1001");
    const { ok, integrity, wrong } = await readEach(repo, snapshotId, records);
    expect(wrong).toEqual([]);
    expect(integrity).toEqual(inBlock);
    expect(ok.size).toBe(records.length - inBlock.size);
    // Other blocks of the same pack were read fine.
    expect([...ok].some((gid) => blockOf.get(gid)?.startsWith(`${firstPack}@`))).toBe(true);
    expect(flips.fired).toBeGreaterThanOrEqual(inBlock.size);
    // Nothing damaged was cached: once the transit fault is gone the same handle reads them.
    flips.remove();
    const again = await readEach(repo, snapshotId, records.filter((r) => inBlock.has(r.gid)));
    expect(again.ok).toEqual(inBlock);
  });

  it("a bit flipped while reading the index or the snapshot object is an integrity error, not data", async () => {
    const victim = records[0];
    let repo = await fr.open();
    const indexFlip = fr.faulty.inject({ fault: { kind: "flip" }, ops: ["get"], keyPrefix: INDEX, nth: 1 });
    await expect(repo.getRecord(snapshotId, victim.type, victim.gid)).rejects.toBeInstanceOf(IntegrityError);
    expect(indexFlip.fired).toBe(1);
    expect((await repo.getRecord(snapshotId, victim.type, victim.gid))?.record).toEqual(victim.record);

    repo = await fr.open();
    fr.faulty.inject({ fault: { kind: "flip" }, ops: ["get"], keyPrefix: INDEX, nth: 1 });
    const report = await repo.check();
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.kind)).toContain("unreadable-index");

    for (const read of [
      () => repo.listSnapshots(),
      () => repo.getSnapshot(snapshotId),
      () => repo.getRecord(snapshotId, victim.type, victim.gid),
      () => readState(repo, snapshotId),
    ]) {
      repo = await fr.open();
      const flip = fr.faulty.inject({ fault: { kind: "flip" }, ops: ["get"], keyPrefix: SNAPSHOTS, nth: 1 });
      await expect(read()).rejects.toBeInstanceOf(IntegrityError);
      expect(flip.fired).toBe(1);
    }
    fr.faulty.clearFaults();
    expect(await readState(repo, snapshotId)).toEqual(expectedState(records));
  });

  it("a truncated pack in storage is named by check and its lost records throw on read", async () => {
    const original = await fr.disk.get(firstPack);
    fr.faulty.inject({ fault: { kind: "truncate", keepBytes: Math.floor(original.length / 2) }, keyPrefix: firstPack, nth: 1 });
    // Overwriting in place through the injector leaves only the first half on disk.
    await expect(fr.faulty.put(firstPack, original)).rejects.toBeInstanceOf(RetryableError);
    expect((await fr.disk.stat(firstPack))?.size).toBe(Math.floor(original.length / 2));
    try {
      const repo = await fr.open();
      const report = await repo.check({ readDataPercent: 100 });
      expect(report.ok).toBe(false);
      const packId = firstPack.slice(firstPack.lastIndexOf("/") + 1);
      expect(report.problems.map((p) => p.kind)).toContain("truncated-pack");
      expect(report.problems.every((p) => p.packId === packId)).toBe(true);
      const named = new Set(report.problems.flatMap((p) => p.affected ?? []).map((a) => a.gid));
      for (const a of report.problems.flatMap((p) => p.affected ?? [])) expect(a.snapshotId).toBe(snapshotId);

      const { ok, integrity, wrong } = await readEach(repo, snapshotId, records);
      expect(wrong).toEqual([]);
      expect(integrity.size).toBeGreaterThan(0);
      // Every unreadable record is named, and only records of that pack are.
      for (const gid of integrity) expect(named).toContain(gid);
      const inPack = gidsWhere((b) => b.startsWith(`${firstPack}@`));
      for (const gid of named) expect(inPack).toContain(gid);
      expect(ok.size + integrity.size).toBe(records.length);
    } finally {
      await fr.disk.put(firstPack, original);
    }
    expect((await (await fr.open()).check({ readDataPercent: 100 })).problems).toEqual([]);
  });

  it("a bit flipped while writing a pack is reported by check --read-data 100% naming the records", async () => {
    const putsBefore = fr.log.puts.length;
    const flip = fr.faulty.inject({ fault: { kind: "flip" }, ops: ["put"], keyPrefix: PACKS, nth: 1 });
    const info = await write(fr.repo, 2);
    expect(flip.fired).toBe(1);
    const damaged = fr.log.puts.slice(putsBefore).find((k) => k.startsWith(PACKS)) as string;
    const packId = damaged.slice(damaged.lastIndexOf("/") + 1);

    const repo = await fr.open();
    const structural = await repo.check();
    expect(structural.problems).toEqual([]);
    const report = await repo.check({ readDataPercent: 100 });
    expect(report.ok).toBe(false);
    expect(report.problems.every((p) => p.packId === packId)).toBe(true);
    const affected = report.problems.flatMap((p) => p.affected ?? []);
    expect(affected.length).toBeGreaterThan(0);
    for (const a of affected) expect(a.snapshotId).toBe(info.id);
    const named = new Set(affected.map((a) => a.gid));

    const { ok, integrity, wrong } = await readEach(repo, info.id, recordsOf(2));
    expect(wrong).toEqual([]);
    expect(integrity).toEqual(named);
    expect(ok.size).toBe(recordsOf(2).length - named.size);
    // The first snapshot shares no bytes with the new pack and is untouched.
    expect(await readState(repo, snapshotId)).toEqual(expectedState(records));
  });
});
