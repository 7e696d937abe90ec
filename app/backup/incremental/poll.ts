/**
 * Types without webhook topics (pages, blogs, articles, redirects, menus,
 * metafield and metaobject definitions) are polled: a full re-read of these
 * small types, compared with the newest snapshot, written as one incremental
 * snapshot only when something changed (so a re-run after a crash finds
 * nothing left to write). Records gone from the store become tombstones.
 */
import type { RecordInput, Repository, SnapshotInfo } from "~/repo";
import type { DataType } from "~/services/settings";
import type { AdminClient } from "~/shopify/admin-client";
import * as Q from "~/shopify/queries/backup-content";
import type { SnapshotSink } from "../full-snapshot";
import type { Db } from "~/db.server";
import { modulesFor, type CanonicalRecord, type FetchContext } from "../types";
import { normaliseMetaobjectDefinition } from "../types/metaobjects";
import { pagedNodes } from "../types/sources";
import { parentView } from "./parent";

/** Module names read by the poll (their data has no webhook topic). */
export const POLLED_MODULES = ["pages", "blogs", "articles", "redirects", "menus", "metafield-definitions"] as const;

export interface PollDeps {
  db: Db;
  openRepository(shop: string): Promise<Repository>;
  clientFor(shop: string): Promise<AdminClient>;
  dataTypes(shop: string): Promise<readonly DataType[]>;
  catalog: SnapshotSink;
}

/** Polls `shop` once; returns the snapshot written, or undefined when nothing changed (or no full snapshot exists yet). */
export async function runContentPoll(deps: PollDeps, shop: string, signal: AbortSignal): Promise<SnapshotInfo | undefined> {
  const repository = await deps.openRepository(shop);
  const parent = (await repository.listSnapshots()).at(-1);
  // Nothing to build on: the first full snapshot reads these types anyway.
  if (!parent) return undefined;
  await deps.catalog.snapshotCommitted(repository, parent);
  const types = await deps.dataTypes(shop);
  const ctx: FetchContext = { client: await deps.clientFor(shop), signal };
  const modules = modulesFor(types).filter((m) => (POLLED_MODULES as readonly string[]).includes(m.name));
  const sources: { types: readonly string[]; read: () => AsyncIterable<CanonicalRecord> }[] = modules.map((m) => ({ types: m.types, read: () => m.paged(ctx) }));
  if (types.includes("metaobjects")) sources.push({ types: ["MetaobjectDefinition"], read: () => metaobjectDefinitions(ctx) });
  const view = parentView(deps.db, repository, parent.id);
  // Every record read, and a tombstone for each one gone: the repository commits only what differs from the parent.
  const records: RecordInput[] = [];
  for (const source of sources) {
    const seen = new Set<string>();
    for await (const record of source.read()) {
      seen.add(`${record.type}\u0000${record.gid}`);
      records.push({ type: record.type, gid: record.gid, record: record.record, subject: record.subject });
    }
    for (const type of source.types) {
      for (const gid of await view.gids(type)) if (!seen.has(`${type}\u0000${gid}`)) records.push({ type, gid, record: null });
    }
  }
  signal.throwIfAborted();
  if (records.length === 0) return undefined;
  const info = await repository.writeChanges({ parent: parent.id, records, tags: { trigger: "poll" } });
  if (!info) return undefined;
  await deps.catalog.snapshotCommitted(repository, info);
  return info;
}

async function* metaobjectDefinitions(ctx: FetchContext): AsyncGenerator<CanonicalRecord> {
  for await (const node of pagedNodes(ctx, Q.BACKUP_METAOBJECT_DEFINITIONS_PAGE, "metaobjectDefinitions", 50)) yield* normaliseMetaobjectDefinition(node);
}
