/**
 * Re-create ONE backed-up order as a new order, on explicit request only.
 * Not idempotent: every call that succeeds makes another order, so a caller
 * that retries must journal the send first (the restore framework does).
 */
import type { FetchContext } from "~/backup/types/module";
import { RedactedError, type Repository } from "~/repo";
import { RESTORE_ORDER_CREATE, RESTORE_ORDER_LIVE_NODES } from "~/shopify/queries/restore-orders";
import { orderCreateVariables, type LiveLookups } from "./order-create-input";
import type { BackedUpOrder, OrderPersonal, SnapshotOrder } from "./types";

export interface OrderUserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

export type RecreateOrderResult =
  | { ok: true; newGid: string; name: string; variables: ReturnType<typeof orderCreateVariables> }
  | { ok: false; userErrors: OrderUserError[]; variables: ReturnType<typeof orderCreateVariables> };

/** Maps a backed-up GID to the GID it lives under now (the restore GID map), or null/undefined when unmapped. */
export type GidMapLookup = (backedUpGid: string) => string | null | undefined | Promise<string | null | undefined>;

const NODE_BATCH = 100;

/** Which GIDs exist live, by `nodes(ids:)` (a deleted object answers null). */
async function existingNodes(ctx: FetchContext, gids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  const unique = [...new Set(gids)];
  for (let i = 0; i < unique.length; i += NODE_BATCH) {
    const { data } = await ctx.client.request<{ nodes: ({ id: string } | null)[] }>(RESTORE_ORDER_LIVE_NODES, { ids: unique.slice(i, i + NODE_BATCH) }, { signal: ctx.signal });
    for (const node of data.nodes) if (node) found.add(node.id);
  }
  return found;
}

/**
 * Live GIDs for an order's variants and customer: each backed-up GID goes
 * through `mapGid` (re-created products have new variant GIDs), then must
 * exist in the store; otherwise the lookup answers null and the line item
 * becomes a custom one.
 */
export async function resolveLiveLookups(ctx: FetchContext, order: BackedUpOrder, mapGid?: GidMapLookup): Promise<LiveLookups> {
  const wanted = [...(order.lineItems ?? []).map((l) => l.variant?.id), order.customer?.id].filter((g): g is string => typeof g === "string");
  const mapped = new Map<string, string>();
  for (const gid of new Set(wanted)) mapped.set(gid, (await mapGid?.(gid)) ?? gid);
  const live = await existingNodes(ctx, [...mapped.values()]);
  const resolve = (gid: string) => {
    const target = mapped.get(gid);
    return target && live.has(target) ? target : null;
  };
  return { variant: resolve, customer: resolve };
}

/** Sends orderCreate for a backed-up order; answers the new order's GID and name, or Shopify's userErrors. */
export async function recreateOrder(
  ctx: FetchContext,
  input: { order: BackedUpOrder; personal: OrderPersonal | null; mapGid?: GidMapLookup },
): Promise<RecreateOrderResult> {
  const lookups = await resolveLiveLookups(ctx, input.order, input.mapGid);
  const variables = orderCreateVariables(input.order, input.personal, lookups);
  const { data } = await ctx.client.request<{ orderCreate: { order: { id: string; name: string } | null; userErrors: OrderUserError[] } }>(
    RESTORE_ORDER_CREATE,
    variables,
    { signal: ctx.signal },
  );
  const { order, userErrors } = data.orderCreate;
  if (userErrors.length || !order) return { ok: false, userErrors, variables };
  return { ok: true, newGid: order.id, name: order.name, variables };
}

/** One order of a snapshot with its personal part (null and `redacted` once shredded); undefined when absent. */
export async function readSnapshotOrder(repository: Repository, snapshotId: string, gid: string): Promise<SnapshotOrder | undefined> {
  const order = await repository.getRecord(snapshotId, "Order", gid);
  if (!order) return undefined;
  try {
    const personal = await repository.getRecord(snapshotId, "OrderPersonal", gid);
    return {
      order: order.record as unknown as BackedUpOrder,
      personal: personal ? (personal.record as unknown as OrderPersonal) : null,
      personalData: personal ? "included" : "missing",
    };
  } catch (error) {
    if (!(error instanceof RedactedError)) throw error;
    return { order: order.record as unknown as BackedUpOrder, personal: null, personalData: "redacted" };
  }
}
