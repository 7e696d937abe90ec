/**
 * The safety net: before a restore writes anything, the live state of every
 * record it touches (products with their inventory levels, variant
 * metafields and image bytes; any other type as its backup reads it) is
 * committed as one incremental snapshot on top of the newest one. A record
 * not live under its snapshot GID gets a tombstone there, so restoring this
 * snapshot with deleteAbsent (the undo) deletes what the restore made.
 */
import { withMediaBlobs, type MediaStats } from "~/backup/media-blobs";
import type { CanonicalRecord, FetchContext } from "~/backup/types/module";
import { variantMetafields } from "~/backup/types/products";
import type { Repository, SnapshotInfo } from "~/repo";
import { liveLevelRecords, liveProducts } from "./live";
import { restorerFor } from "./records/registry";
import { typeOfGid } from "./selection";
import type { JsonObject } from "./types";

/** A record the run touches: its snapshot GID and the GID it has live now (if any). */
export interface Touched {
  gid: string;
  liveGid: string | null;
}

export interface SafetyNetInput {
  repository: Repository;
  fetch: FetchContext;
  runId: string;
  /** The run's type ("*": several, each GID's own type). */
  type: string;
  records: Touched[];
}

interface Parts {
  records: CanonicalRecord[];
  tombstones: { type: string; gid: string }[];
}

async function productParts(ctx: FetchContext, touched: Touched[]): Promise<Parts> {
  const live = await liveProducts(ctx, touched.map((p) => p.liveGid).filter((g): g is string => g !== null));
  const out: Parts = { records: [], tombstones: [] };
  const items: string[] = [];
  const variants: string[] = [];
  for (const { gid, liveGid } of touched) {
    const record = liveGid ? live.get(liveGid) : undefined;
    if (!record || liveGid !== gid) out.tombstones.push({ type: "Product", gid });
    if (!record || !liveGid) continue;
    out.records.push({ type: "Product", gid: liveGid, record });
    for (const v of (record.variants ?? []) as JsonObject[]) {
      variants.push(String(v.id));
      const item = (v.inventoryItem as JsonObject | null)?.id;
      if (typeof item === "string") items.push(item);
    }
  }
  out.records.push(...(await liveLevelRecords(ctx, items)));
  if (variantMetafields.byIds) for await (const r of variantMetafields.byIds(ctx, variants)) out.records.push(r);
  return out;
}

async function recordParts(ctx: FetchContext, type: string, touched: Touched[]): Promise<Parts> {
  const live = await restorerFor(type).live(ctx, touched.map((r) => r.liveGid).filter((g): g is string => g !== null));
  const out: Parts = { records: [], tombstones: [] };
  for (const { gid, liveGid } of touched) {
    const record = liveGid ? live.get(liveGid) : undefined;
    // Customers stay under their own subject key, in the safety net as in any snapshot.
    if (record && liveGid) out.records.push({ type, gid: liveGid, record, subject: type === "Customer" ? liveGid : undefined });
    if (!record || liveGid !== gid) out.tombstones.push({ type, gid });
  }
  return out;
}

/** Writes the pre-restore snapshot; resolves with it. */
export async function writeSafetyNet(input: SafetyNetInput): Promise<SnapshotInfo> {
  const { fetch: ctx } = input;
  const byType = new Map<string, Touched[]>();
  for (const t of input.records) {
    const type = input.type === "*" ? typeOfGid(t.gid) : input.type;
    byType.set(type, [...(byType.get(type) ?? []), t]);
  }
  const parts: Parts = { records: [], tombstones: [] };
  for (const [type, touched] of byType) {
    const p = type === "Product" ? await productParts(ctx, touched) : await recordParts(ctx, type, touched);
    parts.records.push(...p.records);
    parts.tombstones.push(...p.tombstones);
  }
  const parent = (await input.repository.listSnapshots()).at(-1);
  const lookup = parent ? async (type: string, gid: string) => (await input.repository.getRecord(parent.id, type, gid).catch(() => undefined))?.record : undefined;
  const stats: MediaStats = { images: 0, downloaded: 0, reused: 0, downloadedBytes: 0 };
  async function* stream() {
    yield* parts.records;
  }
  const withBytes = withMediaBlobs(stream(), ctx, lookup, stats);
  return input.repository.writeSnapshot({
    kind: "incremental",
    parent: parent?.id,
    records: (async function* () {
      for await (const r of withBytes) yield { type: r.type, gid: r.gid, record: r.record as object, subject: r.subject };
      for (const t of parts.tombstones) yield { type: t.type, gid: t.gid, record: null };
    })(),
    tags: { trigger: "pre-restore", restoreRun: input.runId },
  });
}
