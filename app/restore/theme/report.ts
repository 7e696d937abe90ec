/** What a theme restore did, file by file, and the journal that makes it resumable. */

export type FileOutcome = "restored" | "deleted" | "verified" | "skipped" | "failed" | "mismatch";

export interface FileReport {
  filename: string;
  outcome: FileOutcome;
  /** Why it was skipped or failed (Shopify's userError message, "already matches the snapshot" …). */
  reason?: string;
}

export interface ThemeRestoreReport {
  mode: "new-theme" | "files";
  snapshotId: string;
  sourceThemeGid: string;
  /** The theme written: the new theme, or the existing theme restored into. */
  targetThemeGid: string;
  targetThemeName: string;
  files: FileReport[];
  counts: Record<FileOutcome, number>;
  /** True when every file ended restored / deleted / verified / skipped. */
  ok: boolean;
}

/** Durable key → value steps of one restore run, so a resumed job neither repeats nor loses a step. */
export interface RestoreJournal {
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string): Promise<void>;
}

/** A journal held in memory (tests, previews). */
export function memoryJournal(): RestoreJournal & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: async (key) => entries.get(key),
    put: async (key, value) => void entries.set(key, value),
  };
}

/** Totals and overall verdict of a file list. */
export function summarise(base: Omit<ThemeRestoreReport, "counts" | "ok">): ThemeRestoreReport {
  const counts: Record<FileOutcome, number> = { restored: 0, deleted: 0, verified: 0, skipped: 0, failed: 0, mismatch: 0 };
  for (const file of base.files) counts[file.outcome] += 1;
  return { ...base, counts, ok: counts.failed === 0 && counts.mismatch === 0 };
}

/** Progress callback: phase, done, expected. */
export type ProgressFn = (phase: string, done: number, expected?: number) => void | Promise<void>;
