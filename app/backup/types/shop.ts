/** Shop settings and policies the Admin API exposes. */
import * as Q from "~/shopify/queries/backup-themes";
import { compareStrings, plain, type JsonObject } from "../normalise";
import type { CanonicalRecord, FetchContext, RecordTypeModule } from "./module";

export function normaliseShop(raw: JsonObject): CanonicalRecord[] {
  const s = plain(raw) as JsonObject;
  const policies = [...((s.shopPolicies as JsonObject[] | undefined) ?? [])].sort((a, b) => compareStrings(String(a.type), String(b.type)));
  return [{ type: "Shop", gid: String(s.id), record: { ...s, shopPolicies: policies } }];
}

async function* shopRecord(ctx: FetchContext): AsyncGenerator<CanonicalRecord> {
  const { data } = await ctx.client.request<{ shop: JsonObject }>(Q.BACKUP_SHOP, undefined, { signal: ctx.signal });
  yield* normaliseShop(data.shop);
}

export const shop: RecordTypeModule = {
  name: "shop",
  dataType: "shop",
  types: ["Shop"],
  bulk: false,
  normalise: normaliseShop,
  full: shopRecord,
  paged: shopRecord,
  byIds: (ctx) => shopRecord(ctx),
};
