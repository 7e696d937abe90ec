import { IntegrityError } from "~/errors";
import type { IndexContent, IndexRedactedSection } from "./index-format";
import { readIndexObject, writeIndexObject } from "./index-store";
import type { Lease } from "./lease";
import { decodePackHeader, headerLengthFromTrailer, openPackHeader, PACK_TRAILER_BYTES } from "./pack-format";
import type { RepoContext, Session } from "./context";
import type { RebuildIndexReport } from "./types";

const FLUSH_BYTES = 8 << 20;

/**
 * Rebuilds the index from pack headers alone (under the lease): writes new
 * index objects for every readable pack, then deletes the old index objects.
 * "Redacted" sections of old index objects are carried over when readable,
 * since those records no longer have a pack to be found in.
 */
export async function rebuildIndex(ctx: RepoContext, session: Session, lease: Lease): Promise<RebuildIndexReport> {
  const oldIndexIds: string[] = [];
  const redacted: IndexRedactedSection[] = [];
  for await (const info of ctx.store.list(ctx.layout.indexPrefix)) {
    const indexId = info.key.slice(ctx.layout.indexPrefix.length);
    oldIndexIds.push(indexId);
    try {
      redacted.push(...(await readIndexObject(ctx, session, indexId)).redacted);
    } catch (error) {
      if (!(error instanceof IntegrityError)) throw error;
    }
  }
  const report: RebuildIndexReport = { packs: 0, records: 0, unreadablePacks: [] };
  let pending: IndexContent = { packs: [], redacted };
  let pendingBytes = 0;
  const flush = async () => {
    if (pending.packs.length === 0 && pending.redacted.length === 0) return;
    await lease.assertHeld();
    await writeIndexObject(ctx, session, pending);
    pending = { packs: [], redacted: [] };
    pendingBytes = 0;
  };
  for await (const info of ctx.store.list(ctx.layout.packPrefix)) {
    const packId = info.key.slice(info.key.lastIndexOf("/") + 1);
    try {
      if (info.size < PACK_TRAILER_BYTES) throw new IntegrityError("Pack too short", { packId });
      const trailer = await ctx.store.getRange(info.key, info.size - PACK_TRAILER_BYTES, PACK_TRAILER_BYTES);
      const sealedLength = headerLengthFromTrailer(trailer, { packId });
      if (sealedLength > info.size - PACK_TRAILER_BYTES) throw new IntegrityError("Pack header length is impossible", { packId });
      const sealed = await ctx.store.getRange(info.key, info.size - PACK_TRAILER_BYTES - sealedLength, sealedLength);
      const header = openPackHeader(session.dataKey, session.repoId, packId, sealed);
      const blocks = decodePackHeader(header, { packId });
      pending.packs.push({ packId, header });
      pendingBytes += header.length;
      report.packs++;
      report.records += blocks.reduce((sum, b) => sum + b.count, 0);
    } catch (error) {
      if (!(error instanceof IntegrityError)) throw error;
      report.unreadablePacks.push(packId);
    }
    if (pendingBytes >= FLUSH_BYTES) await flush();
  }
  await flush();
  for (const indexId of oldIndexIds) await ctx.store.delete(ctx.layout.index(indexId));
  session.index = undefined;
  session.indexIds = undefined;
  session.blockCache.clear();
  return report;
}
