import type { CheckOptions, CheckReport, Repository, RetentionPolicy } from "~/repo";
import {
  parseCount,
  parseDuration,
  parseFraction,
  parsePercent,
  parseSubset,
  stringOpt,
  UsageError,
  type Parsed,
} from "./args";
import { formatBytes, printJson, type Io } from "./output";

/** Exit code when check finds damage: distinct from operational failures (1) and usage (2). */
export const EXIT_CHECK_FAILED = 3;

const json = (parsed: Parsed) => parsed.values.json === true;

/** `repo check [--read-data P%] [--read-data-subset n/m]`. */
export async function checkCommand(repo: Repository, parsed: Parsed, io: Io): Promise<number> {
  const options: CheckOptions = {};
  const percent = stringOpt(parsed, "read-data");
  const subset = stringOpt(parsed, "read-data-subset");
  if (percent !== undefined && subset !== undefined)
    throw new UsageError("use either --read-data or --read-data-subset");
  if (percent !== undefined) options.readDataPercent = parsePercent(percent, "read-data");
  if (subset !== undefined) options.subset = parseSubset(subset, "read-data-subset");
  const report = await repo.check(options);
  if (json(parsed)) printJson(io, report);
  else printCheck(io, report);
  return report.ok ? 0 : EXIT_CHECK_FAILED;
}

function printCheck(io: Io, report: CheckReport): void {
  io.out(
    `checked ${report.snapshotsChecked} snapshot(s), ${report.packsChecked} pack(s); ` +
      `read back ${report.packsRead} pack(s), verified ${report.recordsVerified} record(s)`,
  );
  if (report.ok) {
    io.out("no errors were found");
    return;
  }
  io.out(`${report.problems.length} problem(s) found:`);
  for (const problem of report.problems) {
    io.out(`  [${problem.kind}] ${problem.message}`);
    // Operators need to know what a damaged pack costs them: the records, by type and GID.
    const affected = problem.affected ?? [];
    for (const a of affected.slice(0, 50))
      io.out(`    affects ${a.type} ${a.gid} in snapshot ${a.snapshotId}`);
    if (affected.length > 50) io.out(`    … and ${affected.length - 50} more (use --json for all)`);
    if (!affected.length && problem.recordIds?.length)
      io.out(`    ${problem.recordIds.length} record id(s) not referenced by any snapshot`);
  }
}

/** `repo prune [--min-age 1h] [--repack-threshold 20%]`. */
export async function pruneCommand(repo: Repository, parsed: Parsed, io: Io): Promise<number> {
  const minAge = stringOpt(parsed, "min-age") ?? "1h";
  const threshold = stringOpt(parsed, "repack-threshold") ?? "20%";
  const report = await repo.prune({
    minUnreferencedAgeMs: parseDuration(minAge, "min-age"),
    repackWasteThreshold: parseFraction(threshold, "repack-threshold"),
  });
  if (json(parsed)) {
    printJson(io, report);
    return 0;
  }
  io.out(`packs before      ${report.packsBefore} (${formatBytes(report.bytesBefore)})`);
  io.out(`packs deleted     ${report.packsDeleted} (${formatBytes(report.bytesDeleted)})`);
  io.out(
    `packs repacked    ${report.packsRepacked} into ${report.packsWritten} (${formatBytes(report.bytesWritten)} written)`,
  );
  io.out(`packs spared      ${report.packsSpared} (unreferenced but younger than ${minAge})`);
  if (report.redactedRecordsDropped)
    io.out(`redacted records  ${report.redactedRecordsDropped} dropped`);
  return 0;
}

/** `repo rebuild-index`: re-derives the index from pack headers alone. */
export async function rebuildIndexCommand(
  repo: Repository,
  parsed: Parsed,
  io: Io,
): Promise<number> {
  const report = await repo.rebuildIndex();
  if (json(parsed)) printJson(io, report);
  else {
    io.out(`rebuilt index from ${report.packs} pack(s): ${report.records} record(s)`);
    for (const packId of report.unreadablePacks) io.out(`  unreadable pack skipped: ${packId}`);
  }
  return report.unreadablePacks.length ? EXIT_CHECK_FAILED : 0;
}

const KEEP_FLAGS = ["last", "hourly", "daily", "weekly", "monthly"] as const;

/** `repo forget --keep-daily 30 … [--dry-run]`: removes snapshots the policy does not keep. */
export async function forgetCommand(repo: Repository, parsed: Parsed, io: Io): Promise<number> {
  const policy: RetentionPolicy = {};
  for (const flag of KEEP_FLAGS) {
    const value = stringOpt(parsed, `keep-${flag}`);
    if (value !== undefined) policy[flag] = parseCount(value, `keep-${flag}`);
  }
  // An empty policy keeps nothing; demanding one flag stops a typo from emptying a repository.
  if (!Object.keys(policy).length)
    throw new UsageError(
      `forget needs at least one of ${KEEP_FLAGS.map((f) => `--keep-${f}`).join(", ")}`,
    );
  const dryRun = parsed.values["dry-run"] === true;
  const result = await repo.forget(policy, { dryRun });
  if (json(parsed)) {
    printJson(io, { dryRun, ...result });
    return 0;
  }
  for (const k of result.keep) io.out(`keep    ${k.id}  ${k.time}  (${k.reasons.join(", ")})`);
  for (const r of result.remove)
    io.out(`${dryRun ? "would remove" : "removed"}  ${r.id}  ${r.time}`);
  io.out(
    `${result.keep.length} kept, ${result.remove.length} ${dryRun ? "would be removed (dry run)" : "removed"}; run \`repo prune\` to reclaim space`,
  );
  return 0;
}

/** `repo init`: creates the repository's config and keys. */
export async function initCommand(
  repo: Repository,
  parsed: Parsed,
  io: Io,
  url: string,
): Promise<number> {
  if (json(parsed)) printJson(io, { shop: repo.shop, repo: url, created: true });
  else io.out(`created repository for ${repo.shop} at ${url}`);
  return 0;
}
