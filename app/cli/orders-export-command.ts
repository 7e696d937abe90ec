import { rename, rm } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Repository } from "~/repo";
import { EXPORT_FORMATS, exportOrders, parseExportFormat } from "~/restore/orders/export";
import { requireOpt, UsageError, type Parsed } from "./args";
import { CliError } from "./open-repo";
import { printJson, type Io } from "./output";

/**
 * `repo orders-export <snapshot> --format csv|jsonl --out FILE [--no-bom]`:
 * a snapshot's orders to a file, streamed (flat memory for any store size).
 * Written under a temporary name and renamed, so a failed export never
 * leaves a file that looks complete. The file holds customer contact data:
 * created with mode 0600.
 */
export async function ordersExportCommand(
  repo: Repository,
  parsed: Parsed,
  io: Io,
): Promise<number> {
  const snapshotId = parsed.positionals[0];
  if (!snapshotId) throw new UsageError("missing snapshot id (see `repo snapshots`)");
  const formatName = requireOpt(parsed, "format");
  const format = parseExportFormat(formatName);
  if (!format)
    throw new UsageError(`unknown --format ${formatName}; use ${EXPORT_FORMATS.join(" or ")}`);
  const out = requireOpt(parsed, "out");
  await repo.getSnapshot(snapshotId); // NotFoundError (exit 1) before any file is created
  const started = Date.now();
  const exported = exportOrders(repo, snapshotId, format, {
    bom: parsed.values["no-bom"] !== true,
  });
  const partial = `${out}.partial`;
  try {
    await pipeline(Readable.from(exported.chunks), createWriteStream(partial, { mode: 0o600 }));
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { force: true });
    // A file-system failure (missing folder, no permission) is the operator's to fix: no stack trace.
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === "string" && code.startsWith("E"))
      throw new CliError(`cannot write ${out}: ${code}`, { cause: error });
    throw error;
  }
  const { orders, rows, personalRedacted, personalMissing } = exported.stats;
  const summary = {
    snapshot: snapshotId,
    format,
    out,
    orders,
    rows,
    personalRedacted,
    personalMissing,
    seconds: (Date.now() - started) / 1000,
  };
  if (parsed.values.json === true) printJson(io, summary);
  else
    io.out(
      `exported ${orders} orders (${rows} ${format === "csv" ? "rows" : "lines"}) to ${out}` +
        (personalRedacted ? `; ${personalRedacted} without personal data (customer redacted)` : ""),
    );
  return 0;
}
