/**
 * Metaobject definitions, metafield definitions and metaobject entries.
 * Definitions are restored when they are gone (re-created as they were);
 * a definition that still exists but differs is reported, not rewritten:
 * changing a live definition's field types can invalidate every entry
 * that uses it, which is a schema migration, not a restore. Restore the
 * definitions before the entries (the plan's dependency order).
 */
import { metafieldDefinitions, metaobjects } from "~/backup/types/metaobjects";
import { byIdRecords } from "~/backup/types/sources";
import { normaliseMetaobjectDefinition } from "~/backup/types/metaobjects";
import * as B from "~/shopify/queries/backup-content";
import * as Q from "~/shopify/queries/restore-records";
import type { JsonObject } from "../types";
import type { Fields, RecordRestorer, WriteOutcome } from "./restorer";
import { liveByModule, sendWrite } from "./shared";

/** Only the merchant levels can be written; other levels (PUBLIC_READ_WRITE, the default) come back by leaving admin out. */
function accessInput(access: JsonObject | null): JsonObject | undefined {
  if (!access) return undefined;
  const admin = access.admin === "MERCHANT_READ" || access.admin === "MERCHANT_READ_WRITE" ? { admin: access.admin } : {};
  return { ...admin, ...(access.storefront ? { storefront: access.storefront } : {}) };
}

const notSupported = (what: string): WriteOutcome => ({ id: null, userErrors: [{ message: what }] });

const DEFINITION_CHANGED = "The definition still exists but differs from the snapshot: Snapshelf does not rewrite live definitions (it could invalidate their entries). Change it in the admin, or delete it and restore.";

function definitionFields(r: JsonObject): Fields {
  return { type: r.type, name: r.name, description: r.description ?? null, displayNameKey: r.displayNameKey ?? null, access: r.access ?? null, capabilities: r.capabilities ?? null, fieldDefinitions: r.fieldDefinitions ?? [] };
}

function definitionInput(f: Fields): JsonObject {
  const capabilities = (f.capabilities ?? {}) as Record<string, { enabled: boolean } | null>;
  const access = (f.access ?? {}) as JsonObject;
  return {
    type: f.type,
    name: f.name,
    description: f.description,
    displayNameKey: f.displayNameKey,
    ...(f.access ? { access: accessInput(access) } : {}),
    capabilities: Object.fromEntries(Object.entries(capabilities).filter(([, v]) => v).map(([k, v]) => [k, { enabled: Boolean(v?.enabled) }])),
    fieldDefinitions: ((f.fieldDefinitions ?? []) as JsonObject[]).map((d) => ({
      key: d.key,
      name: d.name,
      description: d.description ?? null,
      required: Boolean(d.required),
      type: (d.type as JsonObject).name,
      validations: ((d.validations ?? []) as JsonObject[]).map((v) => ({ name: v.name, value: v.value })),
    })),
  } as JsonObject;
}

export const metaobjectDefinitionRestorer: RecordRestorer = {
  type: "MetaobjectDefinition",
  noun: "metaobject definition",
  limits: [],
  createOnly: DEFINITION_CHANGED,
  fields: definitionFields,
  title: (r) => String(r.name ?? r.type),
  async live(ctx, gids) {
    const out = new Map<string, JsonObject>();
    for await (const r of byIdRecords(ctx, B.BACKUP_METAOBJECT_DEFINITIONS_BY_ID, gids, 50, normaliseMetaobjectDefinition)) if (gids.includes(r.gid)) out.set(r.gid, r.record);
    return out;
  },
  async holder(ctx, f) {
    const { data } = await ctx.client.request<{ metaobjectDefinitionByType: { id: string } | null }>(Q.RESTORE_METAOBJECT_DEFINITION_BY_TYPE, { type: String(f.type) }, { signal: ctx.signal });
    return data.metaobjectDefinitionByType?.id ?? null;
  },
  write: (ctx, { liveGid, fields: f }) =>
    liveGid ? Promise.resolve(notSupported(DEFINITION_CHANGED)) : sendWrite(ctx, Q.RESTORE_METAOBJECT_DEFINITION_CREATE, { definition: definitionInput(f) }, "metaobjectDefinitionCreate", "metaobjectDefinition"),
  remove: async () => notSupported("Snapshelf does not delete metaobject definitions (that deletes every entry): delete it in the admin if you mean to."),
};

const METAFIELD_DEFINITION_CHANGED = "The metafield definition still exists but differs from the snapshot: Snapshelf does not rewrite live definitions.";

export const metafieldDefinitionRestorer: RecordRestorer = {
  type: "MetafieldDefinition",
  noun: "metafield definition",
  limits: [],
  createOnly: METAFIELD_DEFINITION_CHANGED,
  fields: (r) => ({
    ownerType: r.ownerType,
    namespace: r.namespace,
    key: r.key,
    name: r.name,
    description: r.description ?? null,
    type: (r.type as JsonObject | null)?.name ?? null,
    validations: r.validations ?? [],
    pinned: r.pinnedPosition != null,
    access: r.access ?? null,
  }),
  title: (r) => `${String(r.name)} (${String(r.namespace)}.${String(r.key)})`,
  live: (ctx, gids) => liveByModule(metafieldDefinitions, ctx, gids),
  async holder(ctx, f) {
    const { data } = await ctx.client.request<{ metafieldDefinitions: { nodes: { id: string; namespace: string; key: string }[] } }>(
      Q.RESTORE_METAFIELD_DEFINITION_FIND,
      { ownerType: f.ownerType, namespace: f.namespace, key: f.key },
      { signal: ctx.signal },
    );
    return data.metafieldDefinitions.nodes.find((n) => n.namespace === f.namespace && n.key === f.key)?.id ?? null;
  },
  write(ctx, { liveGid, fields: f }) {
    if (liveGid) return Promise.resolve(notSupported(METAFIELD_DEFINITION_CHANGED));
    const access = f.access as JsonObject | null;
    const definition: JsonObject = {
      ownerType: f.ownerType,
      namespace: f.namespace,
      key: f.key,
      name: f.name,
      description: f.description,
      type: f.type,
      validations: ((f.validations ?? []) as JsonObject[]).map((v) => ({ name: v.name, value: v.value })),
      pin: Boolean(f.pinned),
      ...(access ? { access: accessInput(access) } : {}),
    };
    return sendWrite(ctx, Q.RESTORE_METAFIELD_DEFINITION_CREATE, { definition }, "metafieldDefinitionCreate", "createdDefinition");
  },
  remove: async () => notSupported("Snapshelf does not delete metafield definitions: delete it in the admin if you mean to."),
};

function metaobjectFields(r: JsonObject): Fields {
  const caps = (r.capabilities ?? {}) as JsonObject;
  const out: Fields = {
    type: r.type,
    handle: r.handle,
    status: (caps.publishable as JsonObject | null)?.status ?? null,
    templateSuffix: (caps.onlineStore as JsonObject | null)?.templateSuffix ?? null,
  };
  for (const f of (r.fields ?? []) as JsonObject[]) out[`fields[${JSON.stringify(String(f.key))}]`] = f.value ?? null;
  return out;
}

function metaobjectInput(f: Fields, withType: boolean): JsonObject {
  const fields: JsonObject[] = [];
  for (const [path, value] of Object.entries(f)) {
    const m = /^fields\["(.+)"\]$/.exec(path);
    // An empty field is written as "" (Shopify's way to clear it); null is not a valid value.
    if (m) fields.push({ key: m[1], value: value === null ? "" : String(value) });
  }
  const capabilities: JsonObject = {};
  if (f.status) capabilities.publishable = { status: f.status };
  if (f.templateSuffix !== null && f.templateSuffix !== undefined) capabilities.onlineStore = { templateSuffix: f.templateSuffix };
  return { ...(withType ? { type: f.type } : {}), handle: f.handle, fields, ...(Object.keys(capabilities).length ? { capabilities } : {}) } as JsonObject;
}

export const metaobjectRestorer: RecordRestorer = {
  type: "Metaobject",
  noun: "metaobject",
  limits: [],
  fields: metaobjectFields,
  title: (r) => String(r.displayName ?? r.handle),
  live: (ctx, gids) => liveByModule(metaobjects, ctx, gids),
  async holder(ctx, f) {
    const { data } = await ctx.client.request<{ metaobjectByHandle: { id: string } | null }>(Q.RESTORE_METAOBJECT_BY_HANDLE, { handle: { type: String(f.type), handle: String(f.handle) } }, { signal: ctx.signal });
    return data.metaobjectByHandle?.id ?? null;
  },
  write: (ctx, { liveGid, fields: f }) =>
    liveGid
      ? sendWrite(ctx, Q.RESTORE_METAOBJECT_UPDATE, { id: liveGid, metaobject: metaobjectInput(f, false) }, "metaobjectUpdate", "metaobject")
      : sendWrite(ctx, Q.RESTORE_METAOBJECT_CREATE, { metaobject: metaobjectInput(f, true) }, "metaobjectCreate", "metaobject"),
  remove: (ctx, id) => sendWrite(ctx, Q.RESTORE_METAOBJECT_DELETE, { id }, "metaobjectDelete", "deletedId"),
};
