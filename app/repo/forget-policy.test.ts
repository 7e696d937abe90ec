import { describe, expect, it } from "vitest";
import { planForget } from "./forget-policy";

const at = (iso: string, id = iso) => ({ id, time: new Date(iso).toISOString() });

describe("planForget", () => {
  // One snapshot every 6 hours for 60 days, ending 2026-03-01T18:00Z.
  const snapshots = Array.from({ length: 240 }, (_, i) => {
    const t = new Date(Date.UTC(2026, 0, 1) + i * 6 * 3_600_000);
    return { id: `s${String(i).padStart(3, "0")}`, time: t.toISOString() };
  });

  it("keeps the newest snapshot of each of the last N days", () => {
    const plan = planForget(snapshots, { daily: 3 });
    expect(plan.keep.map((k) => k.time)).toEqual(["2026-03-01T18:00:00.000Z", "2026-02-28T18:00:00.000Z", "2026-02-27T18:00:00.000Z"]);
    expect(plan.keep.length + plan.remove.length).toBe(240);
    expect(plan.keep[0].reasons).toEqual(["daily 2026-03-01"]);
  });

  it("combines rules; a snapshot kept by several rules lists every reason", () => {
    const plan = planForget(snapshots, { last: 2, hourly: 4, daily: 2, weekly: 2, monthly: 3 });
    const kept = new Map(plan.keep.map((k) => [k.time, k.reasons]));
    expect(kept.get("2026-03-01T18:00:00.000Z")).toEqual([
      "last s239",
      "hourly 2026-03-01T18",
      "daily 2026-03-01",
      "weekly 2026-W09",
      "monthly 2026-03",
    ]);
    // hourly buckets are 6 h apart here, so 4 hourly keeps reach back 18 h.
    expect(kept.has("2026-03-01T00:00:00.000Z")).toBe(true);
    // weekly: ISO week 9 starts Monday 2026-02-23, so the previous week's newest is Sunday 2026-02-22 18:00.
    expect(kept.get("2026-02-22T18:00:00.000Z")).toEqual(["weekly 2026-W08"]);
    expect(kept.get("2026-02-28T18:00:00.000Z")).toEqual(["daily 2026-02-28", "monthly 2026-02"]);
    expect(kept.get("2026-01-31T18:00:00.000Z")).toEqual(["monthly 2026-01"]);
    expect(plan.keep).toHaveLength(7);
  });

  it("keeps everything when the policy is empty", () => {
    const plan = planForget([at("2026-01-01T00:00:00Z"), at("2026-01-02T00:00:00Z")], {});
    expect(plan.remove).toEqual([]);
    expect(plan.keep).toHaveLength(2);
  });

  it("handles the ISO week that straddles a year boundary", () => {
    const plan = planForget([at("2025-12-29T10:00:00Z", "a"), at("2026-01-04T10:00:00Z", "b"), at("2025-12-28T10:00:00Z", "c")], { weekly: 5 });
    expect(plan.keep.map((k) => k.reasons[0])).toEqual(["weekly 2026-W01", "weekly 2025-W52"]);
    expect(plan.remove.map((r) => r.id)).toEqual(["a"]);
  });
});
