import { aad, randomHex, seal, unseal } from "./crypto";
import { compress, decompress } from "./compress";
import { BlockKind, ID_BYTES } from "./format";
import { decodeIndex, encodeIndex, type IndexContent } from "./index-format";
import { decodePackHeader, RECORD_ENTRY_BYTES, type PackBlock } from "./pack-format";
import { NO_PACK, RecordIndex } from "./record-index";
import type { RepoContext, Session } from "./context";

/** Adds one pack's blocks and records to the in-memory index (ignored if already present). */
export function addPackToIndex(index: RecordIndex, packId: string, blocks: PackBlock[]): void {
  if (index.packNumber(packId) !== undefined) return;
  const packNo = index.addPack(packId);
  blocks.forEach((b, i) => {
    const block = index.addBlock(b.kind, b.kind === BlockKind.subject ? b.keyRef : null);
    index.setBlockLocation(block, packNo, i, b.offset, b.length, b.plainLength);
    for (let r = 0; r < b.count; r++) {
      const e = r * RECORD_ENTRY_BYTES;
      // A record stored twice (possible only after an interrupted prune) keeps its first location.
      index.add(b.records.subarray(e, e + ID_BYTES), block, b.records.readUInt32LE(e + ID_BYTES));
    }
  });
}

/** Adds records that survive only as "redacted" (their pack was pruned after their key was deleted). */
export function addRedactedToIndex(index: RecordIndex, keyRef: Buffer, ids: Buffer): void {
  const block = index.addBlock(BlockKind.subject, keyRef);
  index.setBlockLocation(block, NO_PACK, 0, 0, 0, 0);
  for (let p = 0; p < ids.length; p += ID_BYTES) index.add(ids.subarray(p, p + ID_BYTES), block, 0);
}

const indexAad = (repoId: string, indexId: string) => aad("snapshelf/index/v1", repoId, indexId);

/** Reads every index object into a fresh RecordIndex; returns the ids read too. */
export async function loadIndex(ctx: RepoContext, session: Session): Promise<{ index: RecordIndex; indexIds: string[] }> {
  const index = new RecordIndex();
  const indexIds: string[] = [];
  for await (const info of ctx.store.list(ctx.layout.indexPrefix)) {
    const indexId = info.key.slice(ctx.layout.indexPrefix.length);
    const content = await readIndexObject(ctx, session, indexId);
    for (const { packId, header } of content.packs) {
      addPackToIndex(index, packId, decodePackHeader(header, { indexId, packId }));
    }
    for (const { keyRef, ids } of content.redacted) addRedactedToIndex(index, keyRef, ids);
    indexIds.push(indexId);
  }
  return { index, indexIds };
}

/** Reads and decrypts one index object. */
export async function readIndexObject(ctx: RepoContext, session: Session, indexId: string): Promise<IndexContent> {
  const sealed = await ctx.store.get(ctx.layout.index(indexId));
  const plain = unseal(session.dataKey, indexAad(session.repoId, indexId), sealed, { indexId, object: "index" });
  return decodeIndex(decompress(plain, { indexId }), { indexId });
}

/** Writes one index object (create-only, random id); returns its id and stored size. */
export async function writeIndexObject(
  ctx: RepoContext,
  session: Session,
  content: IndexContent,
): Promise<{ indexId: string; bytes: number }> {
  const indexId = randomHex(16);
  const body = seal(session.dataKey, indexAad(session.repoId, indexId), compress(encodeIndex(content), ctx.tuning.zstdLevel));
  await ctx.store.put(ctx.layout.index(indexId), body, { ifAbsent: true });
  return { indexId, bytes: body.length };
}

/** The session's index, loading it on first use. */
export async function ensureIndex(ctx: RepoContext, session: Session): Promise<RecordIndex> {
  if (!session.index) {
    const { index, indexIds } = await loadIndex(ctx, session);
    session.index = index;
    session.indexIds = new Set(indexIds);
  }
  return session.index;
}

/**
 * Brings the session's index up to date with storage. Index objects are
 * immutable, so when none we loaded has disappeared only the new ones are
 * read; if any vanished (prune, rebuild) everything is reloaded, because
 * packs we know of may be gone.
 */
export async function refreshIndex(ctx: RepoContext, session: Session): Promise<RecordIndex> {
  const current: string[] = [];
  for await (const info of ctx.store.list(ctx.layout.indexPrefix)) current.push(info.key.slice(ctx.layout.indexPrefix.length));
  const known = session.indexIds;
  if (session.index && known && [...known].every((id) => current.includes(id))) {
    for (const indexId of current) {
      if (known.has(indexId)) continue;
      const content = await readIndexObject(ctx, session, indexId);
      for (const { packId, header } of content.packs) addPackToIndex(session.index, packId, decodePackHeader(header, { indexId, packId }));
      for (const { keyRef, ids } of content.redacted) addRedactedToIndex(session.index, keyRef, ids);
      known.add(indexId);
    }
    return session.index;
  }
  const { index, indexIds } = await loadIndex(ctx, session);
  session.index = index;
  session.indexIds = new Set(indexIds);
  return index;
}
