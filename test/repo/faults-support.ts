/**
 * Helpers for faults.test.ts: a repository over a fault-injecting store on a
 * temp folder, a thin recorder that tells the test which stored objects and
 * ranges the engine touched, and exact read-back checks.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { createLocalKeyProvider } from "~/keys/local-key-provider";
import { IntegrityError } from "~/errors";
import { canonicalJson, createRepository, type RecordInput, type Repository, type RepositoryTuning } from "~/repo";
import type { BlobStore } from "~/storage/blob-store";
import { createFaultInjectingBlobStore, type FaultInjectingBlobStore } from "~/storage/fault-injecting-blob-store";
import { createLocalBlobStore } from "~/storage/local-blob-store";
import { CRASH_MASTER_KEY, CRASH_SHOP, CRASH_TUNING } from "./crash-data";

export const PACKS = `shops/${CRASH_SHOP}/packs/`;
export const INDEX = `shops/${CRASH_SHOP}/index/`;
export const SNAPSHOTS = `shops/${CRASH_SHOP}/snapshots/`;
export const LOCKS = `shops/${CRASH_SHOP}/locks/`;
export const KEY_SETS = `shops/${CRASH_SHOP}/keys/sets/`;

/** What the engine did to the store beneath the fault injector (so torn and flipped data is seen as stored). */
export interface StoreLog {
  /** Keys of puts that reached storage, in order. */
  puts: string[];
  /** Ranged reads, in order. */
  ranges: { key: string; offset: number }[];
}

/** Wraps `inner` to log puts and ranged reads; optionally sends some ranged reads to `detour` instead. */
export function recordingStore(
  inner: BlobStore,
  log: StoreLog,
  detour?: { store: BlobStore; when: (key: string, offset: number) => boolean },
): BlobStore {
  return {
    url: inner.url,
    async put(key, data, options) {
      log.puts.push(key);
      await inner.put(key, data, options);
    },
    get: (key) => inner.get(key),
    getRange(key, offset, length) {
      log.ranges.push({ key, offset });
      return detour?.when(key, offset) ? detour.store.getRange(key, offset, length) : inner.getRange(key, offset, length);
    },
    stat: (key) => inner.stat(key),
    list: (prefix) => inner.list(prefix),
    delete: (key) => inner.delete(key),
  };
}

export interface FaultRepo {
  dir: string;
  disk: BlobStore;
  faulty: FaultInjectingBlobStore;
  log: StoreLog;
  clock: { offsetMs: number };
  /** A fresh handle (cold caches) over the fault-injecting store, or over `store` when given. */
  open(tuning?: Partial<RepositoryTuning>, store?: BlobStore): Promise<Repository>;
}

/** A new repository on a temp folder, reached through a seeded fault injector. */
export async function newFaultRepo(seed: number, base: Partial<RepositoryTuning> = {}): Promise<FaultRepo & { repo: Repository }> {
  const dir = await mkdtemp(join(tmpdir(), "snapshelf-faults-"));
  const disk = createLocalBlobStore(dir);
  const log: StoreLog = { puts: [], ranges: [] };
  const faulty = createFaultInjectingBlobStore(recordingStore(disk, log), { seed });
  const clock = { offsetMs: 0 };
  const make = (tuning: Partial<RepositoryTuning> = {}, store: BlobStore = faulty) =>
    createRepository({
      store,
      keys: createLocalKeyProvider(CRASH_MASTER_KEY),
      shop: CRASH_SHOP,
      now: () => new Date(Date.now() + clock.offsetMs),
      // Inline sealing keeps the file fast and its store calls in one deterministic order.
      tuning: { ...CRASH_TUNING, workers: 0, ...base, ...tuning },
    });
  const repo = make();
  await repo.init();
  return {
    dir,
    disk,
    faulty,
    log,
    clock,
    repo,
    async open(tuning, store) {
      const r = make(tuning, store);
      await r.open();
      return r;
    },
  };
}

const keyOf = (r: { type: string; gid: string }) => `${r.type}\u0000${r.gid}`;

/** The (type, GID) → canonical JSON a snapshot of `records` must read back as, in key order. */
export function expectedState(records: RecordInput[]): { key: string; json: string }[] {
  return records
    .map((r) => ({ key: keyOf(r), json: canonicalJson(r.record) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Streams a snapshot back as (key, canonical JSON). */
export async function readState(repo: Repository, snapshotId: string): Promise<{ key: string; json: string }[]> {
  const out: { key: string; json: string }[] = [];
  for await (const entry of repo.readSnapshot(snapshotId)) out.push({ key: keyOf(entry), json: canonicalJson(entry.record) });
  return out;
}

/** Every listed snapshot reads back exactly the records of its `version` tag. */
export async function expectSnapshotsExact(repo: Repository, records: (version: number) => RecordInput[]): Promise<void> {
  for (const info of await repo.listSnapshots()) {
    expect(await readState(repo, info.id), `snapshot ${info.id}`).toEqual(expectedState(records(Number(info.tags.version))));
  }
}

/** Outcome of getRecord for every record of a snapshot: exact data, IntegrityError, or (a failure) anything else. */
export async function readEach(
  repo: Repository,
  snapshotId: string,
  records: RecordInput[],
  onRead?: (r: RecordInput) => void,
): Promise<{ ok: Set<string>; integrity: Set<string>; wrong: string[] }> {
  const ok = new Set<string>();
  const integrity = new Set<string>();
  const wrong: string[] = [];
  for (const r of records) {
    try {
      const got = await repo.getRecord(snapshotId, r.type, r.gid);
      if (got && canonicalJson(got.record) === canonicalJson(r.record)) ok.add(r.gid);
      else wrong.push(`${r.gid}: returned different data`);
    } catch (error) {
      if (error instanceof IntegrityError) integrity.add(r.gid);
      else wrong.push(`${r.gid}: ${String(error)}`);
    }
    onRead?.(r);
  }
  return { ok, integrity, wrong };
}

/** Which stored block (pack key @ offset) each record is read from: the last ranged read of its getRecord. */
export async function blockOfEach(
  repo: Repository,
  log: StoreLog,
  snapshotId: string,
  records: RecordInput[],
): Promise<Map<string, string>> {
  const where = new Map<string, string>();
  const { ok, wrong } = await readEach(repo, snapshotId, records, (r) => {
    const last = log.ranges.at(-1);
    if (last) where.set(r.gid, `${last.key}@${last.offset}`);
  });
  expect(wrong).toEqual([]);
  expect(ok.size).toBe(records.length);
  return where;
}
