/**
 * Maps a source shop's GIDs to their counterparts in a target shop by
 * natural key (handle; a location by name; a customer by email; a
 * metaobject by type and handle…), reading each record's key from the
 * source snapshot. Mappings land in the target shop's GID map, so the
 * restore treats a clone's "same product" as the one to update, and a
 * record with no counterpart is re-created (and then mapped).
 */
import type { FetchContext } from "~/backup/types/module";
import type { Repository } from "~/repo";
import * as PQ from "~/shopify/queries/restore-products";
import * as Q from "~/shopify/queries/restore-records";
import type { RestoreJournal } from "../journal";
import { gidsIn } from "../records/fields";
import { RESTORABLE_RECORD_TYPES, restorerFor } from "../records/registry";
import { snapshotRecord } from "../target";
import type { JsonObject } from "../types";

export interface MapInput {
  repository: Repository;
  snapshotId: string;
  /** The selected records (snapshot GIDs). */
  gids: string[];
  type: string;
  fetch: FetchContext;
  journal: RestoreJournal;
  targetShop: string;
  runLabel: string;
}

const typeOf = (gid: string) => /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(gid)?.[1] ?? "";

async function locationsByName(ctx: FetchContext): Promise<Map<string, string>> {
  const { data } = await ctx.client.request<{ locations: { nodes: { id: string; name: string }[] } }>(Q.RESTORE_LOCATION_NAMES, undefined, { signal: ctx.signal });
  return new Map(data.locations.nodes.map((n) => [n.name, n.id]));
}

/** The target shop's GID of the record the source snapshot has under `gid`, by natural key; null when it has none. */
async function counterpart(input: MapInput, gid: string, locations: () => Promise<Map<string, string>>): Promise<string | null> {
  const type = typeOf(gid);
  const record = await snapshotRecord(input.repository, input.snapshotId, type, gid);
  if (!record) return null;
  if (type === "Product") {
    const { data } = await input.fetch.client.request<{ productByIdentifier: { id: string } | null }>(PQ.RESTORE_PRODUCT_BY_HANDLE, { handle: String(record.handle) }, { signal: input.fetch.signal });
    return data.productByIdentifier?.id ?? null;
  }
  if (type === "Location") return (await locations()).get(String(record.name)) ?? null;
  if (RESTORABLE_RECORD_TYPES.includes(type) && type !== "Order" && type !== "InventoryLevel") {
    const restorer = restorerFor(type);
    return restorer.holder(input.fetch, restorer.fields(record as JsonObject));
  }
  return null;
}

/** Maps the selection and every record it references; resolves with how many GIDs were mapped. */
export async function mapAcrossStores(input: MapInput): Promise<number> {
  const wanted = new Set(input.gids);
  for (const gid of input.gids) {
    const record = await snapshotRecord(input.repository, input.snapshotId, input.type, gid);
    if (record) gidsIn(record, wanted);
  }
  // Product levels name their location: stock goes to the location of the same name.
  if (input.type === "Product") {
    for await (const e of input.repository.readSnapshot(input.snapshotId, { types: ["Location"] })) wanted.add(e.gid);
  }
  let cache: Map<string, string> | undefined;
  const locations = async () => (cache ??= await locationsByName(input.fetch));
  let mapped = 0;
  for (const gid of wanted) {
    if (await input.journal.lookupGid(input.targetShop, gid)) continue;
    const to = await counterpart(input, gid, locations);
    if (!to) continue;
    await input.journal.mapGid(input.targetShop, typeOf(gid), gid, to, input.runLabel);
    mapped += 1;
  }
  return mapped;
}
