/** Metaobject definitions (paged; restored first), metaobjects (bulk per definition type) and metafield definitions (paged per owner type). */
import * as Q from "~/shopify/queries/backup-content";
import { METAFIELD_OWNER_TYPES } from "~/shopify/queries/bulk-metafield-definitions";
import { compareStrings, plain, type JsonObject } from "../normalise";
import type { CanonicalRecord, FetchContext, RecordTypeModule } from "./module";
import { bulkRecords, byIdRecords, pagedNodes, pagedRecords } from "./sources";

/** Definition with its field definitions in their declared order (that order is the admin form order). */
export function normaliseMetaobjectDefinition(raw: JsonObject): CanonicalRecord[] {
  const d = plain(raw) as JsonObject;
  return [{ type: "MetaobjectDefinition", gid: String(d.id), record: d }];
}

/** Entry with fields by key. */
export function normaliseMetaobject(raw: JsonObject): CanonicalRecord[] {
  const m = plain(raw) as JsonObject;
  const fields = [...((m.fields as JsonObject[] | undefined) ?? [])].sort((a, b) => compareStrings(String(a.key), String(b.key)));
  return [{ type: "Metaobject", gid: String(m.id), record: { ...m, fields } }];
}

export function normaliseMetafieldDefinition(raw: JsonObject): CanonicalRecord[] {
  const d = plain(raw) as JsonObject;
  return [{ type: "MetafieldDefinition", gid: String(d.id), record: d }];
}

async function* definitionTypes(ctx: FetchContext, sink: CanonicalRecord[]): AsyncGenerator<string> {
  for await (const node of pagedNodes(ctx, Q.BACKUP_METAOBJECT_DEFINITIONS_PAGE, "metaobjectDefinitions", 50)) {
    sink.push(...normaliseMetaobjectDefinition(node));
    yield String(node.type);
  }
}

async function* allMetaobjects(ctx: FetchContext, viaBulk: boolean): AsyncGenerator<CanonicalRecord> {
  const definitions: CanonicalRecord[] = [];
  const types: string[] = [];
  for await (const type of definitionTypes(ctx, definitions)) types.push(type);
  yield* definitions;
  // Entries are read per definition type (Shopify requires `type`), one bulk operation at a time.
  for (const type of types) {
    if (viaBulk) yield* bulkRecords(ctx, `metaobjects:${type}`, Q.backupMetaobjectsBulk(type), normaliseMetaobject);
    else yield* pagedRecords(ctx, Q.BACKUP_METAOBJECTS_PAGE, "metaobjects", 50, normaliseMetaobject, { type });
  }
}

async function* allMetafieldDefinitions(ctx: FetchContext): AsyncGenerator<CanonicalRecord> {
  for (const ownerType of METAFIELD_OWNER_TYPES) {
    yield* pagedRecords(ctx, Q.BACKUP_METAFIELD_DEFINITIONS_PAGE, "metafieldDefinitions", 50, normaliseMetafieldDefinition, { ownerType });
  }
}

export const metaobjects: RecordTypeModule = {
  name: "metaobjects",
  dataType: "metaobjects",
  types: ["MetaobjectDefinition", "Metaobject"],
  bulk: true,
  normalise: (raw) => (typeof raw.displayNameKey !== "undefined" || Array.isArray(raw.fieldDefinitions) ? normaliseMetaobjectDefinition(raw) : normaliseMetaobject(raw)),
  full: (ctx) => allMetaobjects(ctx, true),
  paged: (ctx) => allMetaobjects(ctx, false),
  byIds: (ctx, ids) => byIdRecords(ctx, Q.BACKUP_METAOBJECTS_BY_ID, ids, 50, normaliseMetaobject),
};

export const metafieldDefinitions: RecordTypeModule = {
  name: "metafield-definitions",
  dataType: "metaobjects",
  types: ["MetafieldDefinition"],
  bulk: false,
  normalise: normaliseMetafieldDefinition,
  full: allMetafieldDefinitions,
  paged: allMetafieldDefinitions,
  byIds: (ctx, ids) => byIdRecords(ctx, Q.BACKUP_METAFIELD_DEFINITIONS_BY_ID, ids, 50, normaliseMetafieldDefinition),
};
