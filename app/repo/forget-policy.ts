import type { ForgetResult, RetentionPolicy } from "./types";

type Rule = { name: keyof RetentionPolicy; bucket: (time: Date, id: string) => string };

const pad = (n: number) => String(n).padStart(2, "0");

/** ISO-8601 week ("2026-W01"): weeks start on Monday; week 1 holds the first Thursday. */
function isoWeek(time: Date): string {
  const d = new Date(Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), time.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${pad(week)}`;
}

const RULES: Rule[] = [
  { name: "last", bucket: (_t, id) => id },
  { name: "hourly", bucket: (t) => t.toISOString().slice(0, 13) },
  { name: "daily", bucket: (t) => t.toISOString().slice(0, 10) },
  { name: "weekly", bucket: (t) => isoWeek(t) },
  { name: "monthly", bucket: (t) => t.toISOString().slice(0, 7) },
];

/**
 * Decides which snapshots a retention policy keeps (all times UTC). Walking
 * from newest to oldest, each rule keeps the newest snapshot of each of its
 * last N distinct buckets (hour, day, ISO week, month). A policy with no
 * counts keeps everything, so an empty policy can never wipe a repository.
 */
export function planForget(snapshots: { id: string; time: string }[], policy: RetentionPolicy): ForgetResult {
  const sorted = [...snapshots].sort((a, b) => (a.time === b.time ? (a.id < b.id ? 1 : -1) : a.time < b.time ? 1 : -1));
  const active = RULES.filter((rule) => (policy[rule.name] ?? 0) > 0);
  if (active.length === 0) {
    return { keep: sorted.map((s) => ({ id: s.id, time: s.time, reasons: ["no policy"] })), remove: [] };
  }
  const remaining = new Map(active.map((rule) => [rule.name, policy[rule.name] ?? 0]));
  const lastBucket = new Map<string, string>();
  const result: ForgetResult = { keep: [], remove: [] };
  for (const snapshot of sorted) {
    const reasons: string[] = [];
    const time = new Date(snapshot.time);
    for (const rule of active) {
      const left = remaining.get(rule.name) ?? 0;
      const bucket = rule.bucket(time, snapshot.id);
      if (left > 0 && lastBucket.get(rule.name) !== bucket) {
        reasons.push(`${rule.name} ${bucket}`);
        remaining.set(rule.name, left - 1);
        lastBucket.set(rule.name, bucket);
      }
    }
    (reasons.length > 0 ? result.keep : result.remove).push({ id: snapshot.id, time: snapshot.time, reasons });
  }
  return result;
}
