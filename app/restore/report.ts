/** The per-record report of a run, derived from its journal. */
import type { RestoreRun } from "./journal";
import type { JsonObject, RecordReport, RestoreReport, StepState } from "./types";

/** One line per product: restored, skipped (with the reason) or failed (with Shopify's userErrors). */
export function buildReport(run: RestoreRun, steps: StepState[], totals: { cost: number; throttledResponses: number; seconds: number }): RestoreReport {
  const records: RecordReport[] = [];
  const titles = new Map(run.plan.previews.map((p) => [p.gid, p.title]));
  const byRecord = new Map<string, StepState[]>();
  for (const step of steps) byRecord.set(step.recordGid, [...(byRecord.get(step.recordGid) ?? []), step]);
  for (const [gid, list] of byRecord) {
    const title = titles.get(gid) ?? gid;
    const failed = list.find((s) => s.status === "failed");
    const skipped = list.find((s) => s.status === "skipped");
    const pending = list.find((s) => s.status === "planned" || s.status === "sent");
    const created = list.find((s) => s.kind === "productSet" && (s.input as JsonObject).create && s.result?.productId);
    const recreated = list.find((s) => s.kind === "recordWrite" && s.result?.created && s.result.id);
    const newGid = created ? String(created.result?.productId) : recreated ? String(recreated.result?.id) : undefined;
    if (failed) records.push({ gid, title, outcome: "failed", userErrors: failed.userErrors ?? [], reason: failed.summary });
    else if (skipped) records.push({ gid, title, outcome: "skipped", reason: String(skipped.result?.reason ?? "skipped") });
    else if (pending) records.push({ gid, title, outcome: "skipped", reason: "Not run (the restore was interrupted)" });
    else records.push({ gid, title, outcome: "restored", ...(newGid ? { newGid } : {}) });
  }
  for (const note of run.plan.skipped) records.push({ gid: note.gid, title: titles.get(note.gid) ?? note.gid, outcome: "skipped", reason: note.reason });
  const count = (o: RecordReport["outcome"]) => records.filter((r) => r.outcome === o).length;
  return { records, restored: count("restored"), skipped: count("skipped"), failed: count("failed"), ...totals };
}
