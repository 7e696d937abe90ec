/** Period keys (UTC) that make scheduled work idempotent: one job per shop, kind and period. */
import type { Frequency } from "~/services/settings";

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-11-27T03" / "2026-11-27" / "2026-W48" for hourly / daily / weekly. */
export function periodKey(frequency: Frequency, at: Date): string {
  const day = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
  if (frequency === "hourly") return `${day}T${pad(at.getUTCHours())}`;
  if (frequency === "daily") return day;
  const { year, week } = isoWeek(at);
  return `${year}-W${pad(week)}`;
}

/** A bucket of `minutes` minutes, e.g. "2026-11-27T03:30" for 15-minute polls. */
export function minuteKey(minutes: number, at: Date): string {
  const bucket = Math.floor(at.getUTCMinutes() / minutes) * minutes;
  return `${periodKey("hourly", at)}:${pad(bucket)}`;
}

function isoWeek(at: Date): { year: number; week: number } {
  const date = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  // ISO 8601: the week with the year's first Thursday is week 1.
  const dayNumber = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - dayNumber + 3);
  const firstThursday = new Date(Date.UTC(date.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((date.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return { year: date.getUTCFullYear(), week };
}
