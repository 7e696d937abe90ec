/** Pieces the restorers share: live reads through the backup modules, metafield writes, error results. */
import type { FetchContext, RecordTypeModule } from "~/backup/types/module";
import * as Q from "~/shopify/queries/restore-records";
import type { JsonObject } from "../types";
import { metafieldInputs, removedMetafields } from "./fields";
import type { Fields, WriteOutcome } from "./restorer";

/** Live canonical records read the way the backup reads them, so snapshot and live compare like for like. */
export async function liveByModule(module: RecordTypeModule, ctx: FetchContext, gids: string[], type?: string): Promise<Map<string, JsonObject>> {
  const out = new Map<string, JsonObject>();
  if (!module.byIds || gids.length === 0) return out;
  const asked = new Set(gids);
  // A module may emit several types per GID (an order and its personal part): keep the one asked for.
  for await (const r of module.byIds(ctx, gids)) if (asked.has(r.gid) && (!type || r.type === type)) out.set(r.gid, r.record);
  return out;
}

/** Sends one write and reads back `<root>.<object>.id` (or `<root>.<object>` when it is the id itself, as deletes answer). */
export async function sendWrite(ctx: FetchContext, document: string, variables: JsonObject, root: string, object: string): Promise<WriteOutcome> {
  const { data } = await ctx.client.request<Record<string, JsonObject>>(document, variables, { signal: ctx.signal });
  const payload = data[root];
  const value = payload[object];
  const id = typeof value === "string" ? value : ((value as JsonObject | null)?.id as string | undefined);
  return { id: id ?? null, userErrors: (payload.userErrors ?? []) as JsonObject[] };
}

export const userErrors = (errors: JsonObject[]): WriteOutcome => ({ id: null, userErrors: errors.length ? errors : [{ message: "Shopify returned no record" }] });

/**
 * Sets the merged metafields that differ from the live ones (metafieldsSet,
 * 25 per call) and deletes the ones the merged fields no longer have (the
 * merchant took "absent at the snapshot" for them).
 */
export async function sendMetafields(ctx: FetchContext, ownerId: string, fields: Fields, before: Fields | null): Promise<JsonObject[]> {
  const changed = metafieldInputs(fields).filter((m) => {
    const path = `metafields[${JSON.stringify(`${String(m.namespace)}.${String(m.key)}`)}]`;
    return !before || JSON.stringify(before[path]) !== JSON.stringify(fields[path]);
  });
  const errors: JsonObject[] = [];
  for (let i = 0; i < changed.length; i += 25) {
    const metafields = changed.slice(i, i + 25).map((m) => ({ ...m, ownerId }));
    const { data } = await ctx.client.request<{ metafieldsSet: { userErrors: JsonObject[] } }>(Q.RESTORE_METAFIELDS_SET, { metafields }, { signal: ctx.signal });
    errors.push(...data.metafieldsSet.userErrors);
  }
  const removed = removedMetafields(before, fields).map((m) => ({ ...m, ownerId }));
  for (let i = 0; i < removed.length; i += 25) {
    const { data } = await ctx.client.request<{ metafieldsDelete: { userErrors: JsonObject[] } }>(Q.RESTORE_METAFIELDS_DELETE, { metafields: removed.slice(i, i + 25) }, { signal: ctx.signal });
    errors.push(...data.metafieldsDelete.userErrors);
  }
  return errors;
}
