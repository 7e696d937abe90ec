import { NotFoundError } from "~/errors";
import { aad, randomHex, seal, unseal } from "./crypto";
import type { RepoContext, Session } from "./context";
import type { SnapshotInfo } from "./types";

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
