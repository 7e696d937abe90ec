/**
 * Journals one productSet answer, whether it came from a direct request or a
 * bulk result line: done (with the same GID mapping the regular step makes
 * for a re-created product, its new variants, inventory items and media) or
 * failed with Shopify's userErrors.
 */
import type { RestoreJournal, RestoreRun } from "../journal";
import type { JsonObject, PendingMedia, StepState } from "../types";

export interface ProductSetPayload {
  identifier: JsonObject;
  input: JsonObject;
  media: PendingMedia[];
  create: boolean;
  newVariants: ({ variant: string | null; item: string | null } | null)[];
}

export interface ProductSetResult {
  product: { id: string; handle: string; variants: { nodes: { id: string; position: number; inventoryItem: { id: string } }[] }; media: { nodes: { id: string }[] } } | null;
  userErrors: JsonObject[];
}

export interface StepVerdict {
  status: "done" | "failed";
  result: JsonObject | null;
  userErrors: JsonObject[] | null;
}

/** Maps old → new GIDs for a successful productSet answer (bulk line or single request) and says what the step became. */
export async function recordProductSet(step: StepState, answer: ProductSetResult, journal: RestoreJournal, run: RestoreRun, extra: JsonObject = {}): Promise<StepVerdict> {
  const payload = step.input as unknown as ProductSetPayload;
  if (answer.userErrors.length || !answer.product) return { status: "failed", result: null, userErrors: answer.userErrors };
  const product = answer.product;
  if (payload.create) await journal.mapGid(run.shop, "Product", step.recordGid, product.id, run.id);
  const variants = [...product.variants.nodes].sort((a, b) => a.position - b.position);
  for (const [i, ids] of payload.newVariants.entries()) {
    const now = variants[i];
    if (!ids || !now) continue;
    if (ids.variant) await journal.mapGid(run.shop, "ProductVariant", ids.variant, now.id, run.id);
    if (ids.item) await journal.mapGid(run.shop, "InventoryItem", ids.item, now.inventoryItem.id, run.id);
  }
  const media = product.media.nodes;
  for (const m of payload.media) if (media[m.index]) await journal.mapGid(run.shop, "MediaImage", m.mediaGid, media[m.index].id, run.id);
  return { status: "done", result: { productId: product.id, handle: product.handle, ...extra }, userErrors: null };
}
