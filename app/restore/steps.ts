/**
 * One journaled write each: productSet (upsert by GID, or by handle for a
 * re-create so a resend after a crash finds the product it made),
 * inventorySetQuantities (compare-and-set against the value the plan saw)
 * and productDelete (undo of a re-create). Each returns what the journal
 * records; userErrors are data, not exceptions.
 */
import type { FetchContext } from "~/backup/types/module";
import * as Q from "~/shopify/queries/restore-products";
import { liveLevels, liveProductByHandle } from "./live";
import type { RestoreJournal, RestoreRun } from "./journal";
import { recordProductSet } from "./bulk/apply";
import { resolveMedia, type MediaDeps } from "./media";
import { runRecordStep } from "./records/steps";
import type { JsonObject, PendingMedia, StepState } from "./types";

export interface StepOutcome {
  status: "done" | "failed" | "skipped";
  result?: JsonObject;
  userErrors?: JsonObject[];
}

export interface StepDeps {
  fetch: FetchContext;
  journal: RestoreJournal;
  run: RestoreRun;
  media: Omit<MediaDeps, "signal" | "client">;
}

interface ProductSetStep {
  identifier: JsonObject;
  input: JsonObject;
  media: PendingMedia[];
  create: boolean;
  newVariants: ({ variant: string | null; item: string | null } | null)[];
}

interface ProductSetAnswer {
  productSet: {
    product: { id: string; handle: string; variants: { nodes: { id: string; position: number; inventoryItem: { id: string } }[] }; media: { nodes: { id: string }[] } } | null;
    userErrors: JsonObject[];
  };
}

async function productSetStep(step: StepState, deps: StepDeps): Promise<StepOutcome> {
  const payload = step.input as unknown as ProductSetStep;
  const { run, journal, fetch: ctx } = deps;
  if (payload.create) {
    const handle = String(payload.identifier.handle);
    const holder = await liveProductByHandle(ctx, handle);
    if (holder) {
      const mapped = await journal.lookupGid(run.shop, step.recordGid);
      if (mapped === holder.id) return { status: "done", result: { productId: holder.id, resumed: true } };
      // The plan saw the handle free. Never sent: someone else took it since. Sent: the product is the one the interrupted attempt made, and the upsert by handle adopts it.
      if (step.status === "planned") {
        return { status: "skipped", result: { reason: `Handle "${handle}" is now used by ${holder.id}` } };
      }
    }
  }
  const input = structuredClone(payload.input);
  const files = input.files as JsonObject[] | undefined;
  const crossStore = Boolean(run.selection.sourceShop && run.selection.sourceShop !== run.shop);
  if (files && payload.media.length) await resolveMedia(files, payload.media, { ...deps.media, client: ctx.client, signal: ctx.signal, uploadAlways: crossStore });
  const { data } = await ctx.client.request<ProductSetAnswer>(Q.RESTORE_PRODUCT_SET, { identifier: payload.identifier, input }, { signal: ctx.signal });
  // One mapping of old → new GIDs for this path and the bulk one (bulk/apply.ts).
  const verdict = await recordProductSet(step, data.productSet, journal, run);
  return verdict.status === "done" ? { status: "done", result: verdict.result ?? undefined } : { status: "failed", userErrors: verdict.userErrors ?? [] };
}

async function inventoryStep(step: StepState, deps: StepDeps): Promise<StepOutcome> {
  const quantities = (step.input.quantities ?? []) as { inventoryItemId: string; locationId: string; quantity: number; compareQuantity: number }[];
  const { data } = await deps.fetch.client.request<{ inventorySetQuantities: { userErrors: JsonObject[] } }>(
    Q.RESTORE_INVENTORY_SET,
    { input: { name: "available", reason: "correction", referenceDocumentUri: `snapshelf://restore/${deps.run.id}`, quantities } },
    { signal: deps.fetch.signal },
  );
  const errors = data.inventorySetQuantities.userErrors;
  if (errors.length === 0) return { status: "done", result: { levels: quantities.length } };
  if (step.status === "sent" && errors.every((e) => e.code === "COMPARE_QUANTITY_STALE")) {
    // Resent after a crash: stale because the first send landed? Then the stock already equals the snapshot.
    const live = await liveLevels(deps.fetch, [...new Set(quantities.map((q) => q.inventoryItemId))]);
    const landed = quantities.every((q) => live.some((l) => l.itemId === q.inventoryItemId && l.locationId === q.locationId && l.available === q.quantity));
    if (landed) return { status: "done", result: { levels: quantities.length, resumed: true } };
  }
  return { status: "failed", userErrors: errors };
}

async function deleteStep(step: StepState, deps: StepDeps): Promise<StepOutcome> {
  const { data } = await deps.fetch.client.request<{ productDelete: { deletedProductId: string | null; userErrors: JsonObject[] } }>(
    Q.RESTORE_PRODUCT_DELETE,
    { input: { id: step.input.id } },
    { signal: deps.fetch.signal },
  );
  const errors = data.productDelete.userErrors;
  // A resend after the delete landed finds nothing to delete: that is the goal.
  if (errors.length && !(step.status === "sent" && errors.every((e) => /does not exist/i.test(String(e.message))))) return { status: "failed", userErrors: errors };
  return { status: "done", result: { deletedProductId: String(step.input.id) } };
}

/** Runs one step against the store. */
export function runStep(step: StepState, deps: StepDeps): Promise<StepOutcome> {
  if (step.kind === "productSet") return productSetStep(step, deps);
  if (step.kind === "inventory") return inventoryStep(step, deps);
  if (step.kind === "recordWrite" || step.kind === "recordDelete") return runRecordStep(step, deps);
  return deleteStep(step, deps);
}
