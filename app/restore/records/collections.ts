/**
 * Collections: title, handle, description, sort order, template, SEO, image,
 * rules (smart) or members (custom), metafields. Members are restored for
 * custom collections only (a smart collection's members follow its rules)
 * and only for products that exist live (a deleted product is restored by
 * the product restore, which relinks its collections itself).
 */
import { collections } from "~/backup/types/collections";
import type { FetchContext } from "~/backup/types/module";
import * as Q from "~/shopify/queries/restore-records";
import type { JsonObject } from "../types";
import { metafieldFields, metafieldInputs, pick } from "./fields";
import type { Fields, RecordRestorer, WriteOutcome } from "./restorer";
import { liveByModule, sendMetafields, userErrors } from "./shared";

const SCALARS = ["title", "handle", "descriptionHtml", "sortOrder", "templateSuffix", "seo.title", "seo.description"] as const;

function fields(record: JsonObject): Fields {
  const image = record.image as JsonObject | null;
  const out: Fields = { ...pick(record, SCALARS), image: image ? { url: image.url, altText: image.altText ?? null } : null, ...metafieldFields(record) };
  if (record.ruleSet) out.ruleSet = record.ruleSet;
  else out.products = ((record.products ?? []) as JsonObject[]).map((p) => String(p.id)).sort();
  return out;
}

function collectionInput(f: Fields, withImage: boolean): JsonObject {
  const input: JsonObject = {
    title: f.title as string,
    handle: f.handle as string,
    descriptionHtml: (f.descriptionHtml as string | null) ?? "",
    sortOrder: f.sortOrder as string,
    templateSuffix: (f.templateSuffix as string | null) ?? null,
    seo: { title: (f["seo.title"] as string | null) ?? null, description: (f["seo.description"] as string | null) ?? null },
  };
  const image = f.image as { url: string; altText: string | null } | null;
  if (withImage && image) input.image = { src: image.url, altText: image.altText };
  if (f.ruleSet) input.ruleSet = f.ruleSet as JsonObject;
  return input;
}

async function existing(ctx: FetchContext, ids: string[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    const { data } = await ctx.client.request<{ nodes: ({ id: string } | null)[] }>(Q.RESTORE_EXISTING_NODES, { ids: ids.slice(i, i + 100) }, { signal: ctx.signal });
    for (const n of data.nodes) if (n) out.push(n.id);
  }
  return out;
}

async function membership(ctx: FetchContext, id: string, want: string[], have: string[]): Promise<JsonObject[]> {
  const add = await existing(ctx, want.filter((p) => !have.includes(p)));
  const remove = have.filter((p) => !want.includes(p));
  const errors: JsonObject[] = [];
  for (let i = 0; i < add.length; i += 250) {
    const { data } = await ctx.client.request<{ collectionAddProductsV2: { userErrors: JsonObject[] } }>(Q.RESTORE_COLLECTION_ADD, { id, productIds: add.slice(i, i + 250) }, { signal: ctx.signal });
    errors.push(...data.collectionAddProductsV2.userErrors);
  }
  for (let i = 0; i < remove.length; i += 250) {
    const { data } = await ctx.client.request<{ collectionRemoveProducts: { userErrors: JsonObject[] } }>(Q.RESTORE_COLLECTION_REMOVE, { id, productIds: remove.slice(i, i + 250) }, { signal: ctx.signal });
    errors.push(...data.collectionRemoveProducts.userErrors);
  }
  return errors;
}

export const collectionRestorer: RecordRestorer = {
  type: "Collection",
  noun: "collection",
  limits: [],
  fields,
  title: (r) => String(r.title ?? r.handle ?? r.id),
  live: (ctx, gids) => liveByModule(collections, ctx, gids),
  async holder(ctx, f) {
    const { data } = await ctx.client.request<{ collectionByHandle: { id: string } | null }>(Q.RESTORE_COLLECTION_BY_HANDLE, { handle: String(f.handle) }, { signal: ctx.signal });
    return data.collectionByHandle?.id ?? null;
  },
  async write(ctx, { liveGid, fields: f, before }): Promise<WriteOutcome> {
    // The image is sent only when it changed: re-sending a CDN URL would make Shopify copy the file again.
    const imageChanged = !before || JSON.stringify(before.image) !== JSON.stringify(f.image);
    let id = liveGid;
    if (!id) {
      const input = { ...collectionInput(f, true), metafields: metafieldInputs(f) };
      const { data } = await ctx.client.request<{ collectionCreate: { collection: { id: string } | null; userErrors: JsonObject[] } }>(Q.RESTORE_COLLECTION_CREATE, { input }, { signal: ctx.signal });
      if (data.collectionCreate.userErrors.length || !data.collectionCreate.collection) return userErrors(data.collectionCreate.userErrors);
      id = data.collectionCreate.collection.id;
    } else {
      const input = { id, ...collectionInput(f, imageChanged) };
      const { data } = await ctx.client.request<{ collectionUpdate: { collection: { id: string } | null; userErrors: JsonObject[] } }>(Q.RESTORE_COLLECTION_UPDATE, { input }, { signal: ctx.signal });
      if (data.collectionUpdate.userErrors.length) return userErrors(data.collectionUpdate.userErrors);
      const errors = await sendMetafields(ctx, id, f, before);
      if (errors.length) return { id, userErrors: errors };
    }
    if (Array.isArray(f.products)) {
      const errors = await membership(ctx, id, f.products as string[], before && Array.isArray(before.products) ? (before.products as string[]) : []);
      if (errors.length) return { id, userErrors: errors };
    }
    return { id, userErrors: [] };
  },
  async remove(ctx, liveGid) {
    const { data } = await ctx.client.request<{ collectionDelete: { deletedCollectionId: string | null; userErrors: JsonObject[] } }>(Q.RESTORE_COLLECTION_DELETE, { id: liveGid }, { signal: ctx.signal });
    return { id: data.collectionDelete.deletedCollectionId, userErrors: data.collectionDelete.userErrors };
  },
};
