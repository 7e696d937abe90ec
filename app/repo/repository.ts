import { NotFoundError, UserFacingError } from "~/errors";
import { BlockCache } from "./block-reader";
import { check } from "./check";
import type { RepoContext, Session } from "./context";
import { DEFAULT_TUNING, isValidShop, layout } from "./format";
import { planForget } from "./forget-policy";
import { withLease } from "./lease";
import { prune } from "./prune";
import { diff, getRecord, history, readSnapshot, type ReadSnapshotOptions, type RecordVersion } from "./read-ops";
import { refreshIndex } from "./index-store";
import { rebuildIndex } from "./rebuild-index";
import { initConfig, loadConfig, type RepoKeys } from "./repo-config";
import { listSnapshotSummaries, readSnapshotInfo } from "./snapshots";
import { SubjectKeys } from "./subject-keys";
import type {
  CheckOptions,
  CheckReport,
  DiffEntry,
  ForgetResult,
  HistoryEntry,
  PruneOptions,
  PruneReport,
  RebuildIndexReport,
  RepositoryOptions,
  RetentionPolicy,
  SnapshotEntry,
  SnapshotInfo,
  SnapshotSummary,
  WriteSnapshotInput,
} from "./types";
import { writeChanges, writeSnapshot } from "./write-snapshot";

/** A shop's snapshot repository (see docs/repository-format.md). */
export interface Repository {
  readonly shop: string;
  /** Creates the repository (config and keys); ConflictError if it exists. */
  init(): Promise<void>;
  /** Opens an existing repository (reads config, unwraps keys). */
  open(): Promise<void>;
  /**
   * Makes a handle kept open between jobs current again: re-reads the config
   * (NotFoundError if the repository was destroyed), drops the key and
   * snapshot caches another process may have made stale (a forgotten
   * subject's keys, a forgotten snapshot), and keeps the loaded record index,
   * brought up to date from storage, and the block cache when the repository
   * is still the same one. Loading that index is most of an incremental's
   * cost on a large store (~2.75M records); the cache holds the parent's
   * manifest pages the next job looks up again.
   */
  refresh(): Promise<void>;
  /** Writes a snapshot from a record stream; returns its metadata once committed. */
  writeSnapshot(input: WriteSnapshotInput): Promise<SnapshotInfo>;
  /**
   * Writes an incremental snapshot over `parent` only when it changes
   * something; null (nothing committed) when every record equals the
   * parent's and every tombstone names a record the parent lacks. Compares
   * record ids, so no record of the parent is read back.
   */
  writeChanges(input: Omit<WriteSnapshotInput, "kind" | "parent"> & { parent: string }): Promise<SnapshotInfo | null>;
  /** Every committed snapshot's metadata (without page lists), oldest first. */
  listSnapshots(): Promise<SnapshotSummary[]>;
  getSnapshot(id: string): Promise<SnapshotInfo>;
  /** Every record of a snapshot in manifest order (type, then GID); `types` limits it to those types. */
  readSnapshot(id: string, options?: ReadSnapshotOptions): AsyncIterable<SnapshotEntry>;
  getRecord(snapshotId: string, type: string, gid: string): Promise<RecordVersion | undefined>;
  history(type: string, gid: string): Promise<HistoryEntry[]>;
  diff(a: string, b: string): AsyncIterable<DiffEntry>;
  /** Applies a retention policy: deletes the snapshot objects it does not keep (unless dryRun). */
  forget(policy: RetentionPolicy, options?: { dryRun?: boolean }): Promise<ForgetResult>;
  prune(options: PruneOptions): Promise<PruneReport>;
  check(options?: CheckOptions): Promise<CheckReport>;
  rebuildIndex(): Promise<RebuildIndexReport>;
  /** Crypto-shreds one subject: deletes its keys; returns how many keys were deleted. */
  forgetSubject(subject: string): Promise<number>;
  /** Deletes every object of the shop, keys included. */
  destroy(): Promise<void>;
}

/** Creates the repository handle for one shop; call init() or open() before anything else. */
export function createRepository(options: RepositoryOptions): Repository {
  if (!isValidShop(options.shop)) throw new UserFacingError(`Invalid shop identifier: ${options.shop}`, { shop: options.shop });
  const ctx: RepoContext = {
    store: options.store,
    keys: options.keys,
    shop: options.shop,
    now: options.now ?? (() => new Date()),
    tuning: { ...DEFAULT_TUNING, ...options.tuning },
    layout: layout(options.shop),
  };
  const start = (keys: RepoKeys) => {
    const session: Session = {
      ...keys,
      subjects: new SubjectKeys(ctx, keys.repoId, keys.hashKey, keys.subjectWrapKey),
      blockCache: new BlockCache(ctx.tuning.blockCacheBytes),
    };
    ctx.session = session;
  };
  const s = (): Session => {
    if (!ctx.session) throw new UserFacingError("Repository is not open: call init() or open() first", { shop: ctx.shop });
    return ctx.session;
  };

  return {
    shop: ctx.shop,
    async init() {
      start(await initConfig(ctx));
    },
    async open() {
      start(await loadConfig(ctx));
    },
    async refresh() {
      const previous = ctx.session;
      const keys = await loadConfig(ctx);
      start(keys);
      if (previous && previous.repoId === keys.repoId) {
        const session = s();
        // Cached block plaintexts stay valid: packs never change, a subject
        // block's key is fetched before its cache entry is used, and sealed
        // subject records are opened after it. Subject keys keep what the
        // store shows unchanged (SubjectKeys.revalidate).
        session.blockCache = previous.blockCache;
        await previous.subjects.revalidate();
        session.subjects = previous.subjects;
        if (!previous.index) return;
        session.index = previous.index;
        session.indexIds = previous.indexIds;
        await refreshIndex(ctx, session);
      }
    },
    writeSnapshot: (input) => writeSnapshot(ctx, s(), input),
    writeChanges: (input) => writeChanges(ctx, s(), input),
    listSnapshots: () => listSnapshotSummaries(ctx, s()),
    getSnapshot: (id) => readSnapshotInfo(ctx, s(), id),
    readSnapshot: (id, options) => readSnapshot(ctx, s(), id, options),
    getRecord: (snapshotId, type, gid) => getRecord(ctx, s(), snapshotId, type, gid),
    history: (type, gid) => history(ctx, s(), type, gid),
    diff: (a, b) => diff(ctx, s(), a, b),
    async forget(policy, forgetOptions = {}) {
      const session = s();
      const run = async () => {
        const infos = await listSnapshotSummaries(ctx, session);
        const plan = planForget(infos.map((i) => ({ id: i.id, time: i.startedAt })), policy);
        if (!forgetOptions.dryRun) {
          for (const r of plan.remove) {
            await ctx.store.delete(ctx.layout.snapshot(r.id));
            session.snapshotInfos?.delete(r.id);
          }
        }
        return plan;
      };
      return forgetOptions.dryRun ? run() : withLease(ctx, "forget", run);
    },
    prune: (pruneOptions) => withLease(ctx, "prune", (lease) => prune(ctx, s(), pruneOptions, lease)),
    check: (checkOptions) => check(ctx, s(), checkOptions),
    rebuildIndex: () => withLease(ctx, "rebuild-index", (lease) => rebuildIndex(ctx, s(), lease)),
    async forgetSubject(subject) {
      const session = s();
      // Key sets are rewritten in place, so two forgets (or a forget and a prune) must not interleave.
      return withLease(ctx, "forget-subject", async () => {
        const deleted = await session.subjects.forget(subject);
        session.blockCache.clear();
        return deleted;
      });
    },
    async destroy() {
      // Config (with the wrapped keys) goes first: once it is gone nothing left is readable.
      await ctx.store.delete(ctx.layout.config);
      const keys: string[] = [];
      for await (const info of ctx.store.list(ctx.layout.root)) keys.push(info.key);
      for (const key of keys) await ctx.store.delete(key);
      ctx.session = undefined;
    },
  };
}

/** Opens the repository, creating it when the storage holds none yet (a shop's first backup). */
export async function openOrCreate(repository: Repository): Promise<Repository> {
  try {
    await repository.open();
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    await repository.init();
  }
  return repository;
}
