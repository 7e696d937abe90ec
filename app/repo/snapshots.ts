import { NotFoundError } from "~/errors";
import { aad, randomHex, seal, unseal } from "./crypto";
import type { RepoContext, Session } from "./context";
import type { SnapshotInfo, SnapshotSummary } from "./types";

const snapshotAad = (repoId: string, id: string) => aad("snapshelf/snapshot/v1", repoId, id);

/** Snapshot ids sort by start time: 20260101T120000123Z-<8 hex>. */
export function newSnapshotId(startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/[-:.]/g, "");
  return `${stamp}-${randomHex(4)}`;
}

/** Commits a snapshot: create-only, so it appears whole and exactly once. */
export async function writeSnapshotObject(ctx: RepoContext, session: Session, info: SnapshotInfo): Promise<number> {
  const body = seal(session.dataKey, snapshotAad(session.repoId, info.id), Buffer.from(JSON.stringify(info)));
  await ctx.store.put(ctx.layout.snapshot(info.id), body, { ifAbsent: true });
  return body.length;
}

/** Reads and authenticates one snapshot's metadata. */
export async function readSnapshotInfo(ctx: RepoContext, session: Session, id: string): Promise<SnapshotInfo> {
  let sealed: Uint8Array;
  try {
    sealed = await ctx.store.get(ctx.layout.snapshot(id));
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new NotFoundError(`No snapshot ${id}`, { snapshotId: id }, { cause: error });
    }
    throw error;
  }
  const plain = unseal(session.dataKey, snapshotAad(session.repoId, id), sealed, { snapshotId: id, object: "snapshot" });
  return JSON.parse(plain.toString("utf8")) as SnapshotInfo;
}

const CACHED_SNAPSHOT_INFOS = 8;

/**
 * readSnapshotInfo for point reads (getRecord), kept per session: a large
 * store's snapshot object is ~0.5 MB of page list to fetch, decrypt and parse,
 * and an incremental job asks its parent for thousands of records (12% of
 * its CPU on the large store). Snapshot objects never change once written;
 * a forget through this handle drops its entries, and a refresh starts a new
 * session.
 */
export async function snapshotInfoForReads(ctx: RepoContext, session: Session, id: string): Promise<SnapshotInfo> {
  const cache = (session.snapshotInfos ??= new Map());
  const hit = cache.get(id);
  if (hit) return hit;
  const info = await readSnapshotInfo(ctx, session, id);
  cache.set(id, info);
  if (cache.size > CACHED_SNAPSHOT_INFOS) cache.delete(cache.keys().next().value as string);
  return info;
}

/** Ids of all committed snapshots, oldest first. */
export async function listSnapshotIds(ctx: RepoContext): Promise<string[]> {
  const ids: string[] = [];
  for await (const info of ctx.store.list(ctx.layout.snapshotPrefix)) {
    ids.push(info.key.slice(ctx.layout.snapshotPrefix.length));
  }
  return ids.sort();
}

/** All snapshots' metadata, oldest first. */
export async function listSnapshotInfos(ctx: RepoContext, session: Session): Promise<SnapshotInfo[]> {
  const out: SnapshotInfo[] = [];
  for (const id of await listSnapshotIds(ctx)) out.push(await readSnapshotInfo(ctx, session, id));
  return out;
}

/**
 * Summaries of all committed snapshots, oldest first. Listing used to read
 * every snapshot object whole: each carries its base's page list (~0.5 MB on
 * a large store), and every webhook batch adds a snapshot, so jobs that list
 * (each incremental, poll, full and retention job) read and parsed more the
 * busier the shop. Snapshot objects never change once written, so each one
 * is read once per handle and only its summary is kept.
 */
export async function listSnapshotSummaries(ctx: RepoContext, session: Session): Promise<SnapshotSummary[]> {
  if (ctx.summaries?.repoId !== session.repoId) ctx.summaries = { repoId: session.repoId, byId: new Map() };
  const known = ctx.summaries.byId;
  const ids = await listSnapshotIds(ctx);
  const listed = new Set(ids);
  for (const id of known.keys()) if (!listed.has(id)) known.delete(id);
  const out: SnapshotSummary[] = [];
  for (const id of ids) {
    let summary = known.get(id);
    if (!summary) {
      try {
        summary = summaryOf(await readSnapshotInfo(ctx, session, id));
      } catch (error) {
        // Forgotten between the listing and the read: it is not a snapshot any more.
        if (error instanceof NotFoundError) continue;
        throw error;
      }
      known.set(id, summary);
    }
    out.push(summary);
  }
  return out;
}

function summaryOf(info: SnapshotInfo): SnapshotSummary {
  const { manifest: _manifest, delta: _delta, ...rest } = info;
  // Shared by every later listing: frozen so no caller can change what the next one sees.
  for (const part of [rest.countsPerType, rest.stats, rest.tags]) Object.freeze(part);
  return Object.freeze(rest);
}
