import { IntegrityError } from "~/errors";
import { ID_BYTES } from "./format";
import { addPackToIndex, addRedactedToIndex, readIndexObject } from "./index-store";
import { DELETED_ID, readPage } from "./manifest";
import { decodePackHeader, type PackBlock } from "./pack-format";
import { ID_PREFIX_BYTES, RecordIndex } from "./record-index";
import { listSnapshotIds, readSnapshotInfo } from "./snapshots";
import type { RepoContext, Session } from "./context";

/** The index as maintenance needs it: raw pack headers kept beside the compact table. */
export interface FullIndex {
  index: RecordIndex;
  indexIds: string[];
  headers: Map<string, Buffer>;
  blocks: Map<string, PackBlock[]>;
  /** Full ids of records already kept only as "redacted", by id-prefix hex. */
  redactedIds: Map<string, Buffer>;
}

/** Loads every index object, keeping the pack headers (maintenance only: ~40 bytes per record). */
export async function loadFullIndex(ctx: RepoContext, session: Session): Promise<FullIndex> {
  const full: FullIndex = { index: new RecordIndex(), indexIds: [], headers: new Map(), blocks: new Map(), redactedIds: new Map() };
  for await (const info of ctx.store.list(ctx.layout.indexPrefix)) {
    const indexId = info.key.slice(ctx.layout.indexPrefix.length);
    const content = await readIndexObject(ctx, session, indexId);
    for (const { packId, header } of content.packs) {
      if (full.headers.has(packId)) continue;
      const blocks = decodePackHeader(header, { indexId, packId });
      addPackToIndex(full.index, packId, blocks);
      full.headers.set(packId, header);
      full.blocks.set(packId, blocks);
    }
    for (const { keyRef, ids } of content.redacted) {
      addRedactedToIndex(full.index, keyRef, ids);
      for (let p = 0; p < ids.length; p += ID_BYTES) {
        full.redactedIds.set(ids.subarray(p, p + ID_PREFIX_BYTES).toString("hex"), Buffer.from(ids.subarray(p, p + ID_BYTES)));
      }
    }
    full.indexIds.push(indexId);
  }
  return full;
}

/**
 * Marks (one byte per index slot) every page and record any snapshot
 * references. A reference the index cannot resolve aborts: deleting anything
 * while the repository is already damaged could make it worse.
 */
export async function markReachable(ctx: RepoContext, session: Session, index: RecordIndex): Promise<Uint8Array> {
  const used = new Uint8Array(index.slotCount);
  for (const snapshotId of await listSnapshotIds(ctx)) {
    const info = await readSnapshotInfo(ctx, session, snapshotId);
    for (const ref of [...info.manifest, ...(info.delta ?? [])]) {
      const pageSlot = index.find(Buffer.from(ref.id, "hex"));
      if (pageSlot < 0) throw new IntegrityError("Snapshot page missing from index; run check", { snapshotId, pageId: ref.id });
      used[pageSlot] = 1;
      const page = await readPage(ctx, session, index, ref);
      for (let i = 0; i < page.keys.length; i++) {
        const id = page.ids.subarray(i * ID_BYTES, (i + 1) * ID_BYTES);
        if (id.equals(DELETED_ID)) continue;
        const slot = index.find(id);
        if (slot < 0) {
          throw new IntegrityError("Snapshot record missing from index; run check", { snapshotId, key: page.keys[i] });
        }
        used[slot] = 1;
      }
    }
  }
  return used;
}

/** Hex key refs (name ‖ key id) of every subject key that still exists. */
export async function subjectKeyNames(session: Session): Promise<Set<string>> {
  return session.subjects.liveKeyRefs();
}
