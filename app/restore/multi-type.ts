/**
 * A restore across types ("*": e.g. undo everything changed since a bad
 * import): the selection is split by each GID's type, every type is planned
 * by its own planner, and the plans are joined in dependency order —
 * definitions, metaobjects, products, collections and membership, inventory,
 * customers, content, orders. The executor runs the types phase by phase
 * in that order (phaseOf), so a product's metafield finds its metaobject
 * and a collection finds its re-created members.
 */
import type { PlanInput } from "./planner";
import { RESTORABLE_RECORD_TYPES } from "./records/registry";
import { resolveSelection, typeOfGid } from "./selection";
import type { RestorePlan } from "./types";

/** Dependency order of the types a multi-type run restores (products after metaobjects, before collections). */
export const TYPE_ORDER: readonly string[] = (() => {
  const order = RESTORABLE_RECORD_TYPES.filter((t) => t !== "Order");
  const at = order.indexOf("Collection");
  return [...order.slice(0, at), "Product", ...order.slice(at)];
})();

/** The phase of a step in a multi-type run: its record's place in TYPE_ORDER. */
export function phaseOf(recordGid: string): number {
  const i = TYPE_ORDER.indexOf(typeOfGid(recordGid));
  return i < 0 ? TYPE_ORDER.length : i;
}

export async function planMultiType(input: PlanInput, planOne: (input: PlanInput) => Promise<RestorePlan>): Promise<RestorePlan> {
  const resolved = await resolveSelection(input.repository, input.selection);
  const byType = new Map<string, string[]>();
  const plan: RestorePlan = { snapshotId: resolved.snapshotId, previews: [], steps: [], skipped: [...resolved.notes], affected: [] };
  for (const gid of resolved.gids) {
    const type = typeOfGid(gid);
    // Orders are re-created only on an explicit, per-order request; other types have no restore path.
    if (!TYPE_ORDER.includes(type)) continue;
    byType.set(type, [...(byType.get(type) ?? []), gid]);
  }
  let seq = 0;
  for (const type of TYPE_ORDER) {
    const gids = byType.get(type);
    if (!gids) continue;
    const one = await planOne({ ...input, selection: { kind: "records", snapshotId: resolved.snapshotId, type, gids, ...(input.selection.sourceShop ? { sourceShop: input.selection.sourceShop } : {}) } });
    plan.previews.push(...one.previews);
    plan.skipped.push(...one.skipped);
    plan.affected.push(...one.affected);
    for (const step of one.steps) plan.steps.push({ ...step, seq: seq++ });
  }
  return plan;
}
