/**
 * The drill's last step, where the merchant has a clone target (a
 * development store that accepts this shop's restores): the sampled
 * products are restored there through the ordinary cross-store restore and
 * compared with the snapshot field by field. Proof that a restore works end
 * to end, without touching the live shop.
 */
import type { Repository } from "~/repo";
import type { AdminClient } from "~/shopify/admin-client";
import { executeRestore } from "../executor";
import type { RestoreJournal } from "../journal";
import { prepareRestore } from "../restore-products";
import { compareProducts } from "../verify";
import type { DrillProblem, DrillStep } from "./types";

export interface DevStore {
  shop: string;
  client: AdminClient;
  /** The development store's own repository (the restore's safety net goes there). */
  repository: Repository;
}

export interface DevStoreDrillInput {
  sourceShop: string;
  repository: Repository;
  snapshotId: string;
  productGids: string[];
  target: DevStore;
  journal: RestoreJournal;
  signal?: AbortSignal;
}

export async function drillIntoDevStore(input: DevStoreDrillInput): Promise<{ step: DrillStep; problems: DrillProblem[] }> {
  const { target } = input;
  if (input.productGids.length === 0) return { step: { step: "dev-store", status: "skipped", count: 0 }, problems: [] };
  const { run } = await prepareRestore({
    repository: input.repository,
    fetch: { client: target.client, signal: input.signal },
    journal: input.journal,
    shop: target.shop,
    selection: { kind: "records", snapshotId: input.snapshotId, type: "Product", gids: input.productGids, sourceShop: input.sourceShop },
  });
  const report = await executeRestore({ runId: run.id, journal: input.journal, client: target.client, repository: input.repository, safetyRepository: target.repository, signal: input.signal });
  const problems: DrillProblem[] = report.records
    .filter((r) => r.outcome === "failed")
    .map((r) => ({ kind: "devstore" as const, type: "Product", gid: r.gid, title: r.title, message: `Restore into ${target.shop} failed: ${(r.userErrors ?? []).map((e) => String(e.message)).join("; ") || r.reason || "unknown error"}` }));
  const lookup = (gid: string) => input.journal.lookupGid(target.shop, gid);
  for (const m of await compareProducts(input.repository, input.snapshotId, { client: target.client, signal: input.signal }, input.productGids, lookup, { crossStore: true })) {
    if (problems.some((p) => p.gid === m.gid)) continue;
    problems.push({ kind: "devstore", type: "Product", gid: m.gid, message: `Restored into ${target.shop}, but differs from the snapshot in: ${m.diff.map((d) => d.path).join(", ")}` });
  }
  return { step: { step: "dev-store", status: problems.length ? "problems" : "ok", count: input.productGids.length, message: `restored into ${target.shop} (run ${run.id})` }, problems };
}
