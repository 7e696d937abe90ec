/** Where commands write: stdout for results, stderr for diagnostics (tests capture both). */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** The process's real streams. */
export const processIo: Io = {
  out: (line) => process.stdout.write(line + "\n"),
  err: (line) => process.stderr.write(line + "\n"),
};

/** Prints a JSON document on one line (machines read one object per command). */
export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value));
}

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Left-aligned text columns with a header row, as `restic snapshots` prints. */
export function table(io: Io, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  io.out(line(header));
  io.out(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) io.out(line(row));
}

/** "Product=3, ProductVariant=7" from a per-type count map, in key order. */
export function formatCounts(counts: Record<string, number>): string {
  return Object.keys(counts)
    .sort()
    .map((type) => `${type}=${counts[type]}`)
    .join(", ");
}
