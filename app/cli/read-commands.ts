import type { Repository, SnapshotInfo } from "~/repo";
import { stringOpt, typeOfGid, UsageError, type Parsed } from "./args";
import { formatBytes, formatCounts, printJson, table, type Io } from "./output";

/** Snapshot metadata without the manifest page lists (long, and only the engine needs them), with their lengths. */
function summary(info: SnapshotInfo) {
  const { manifest, delta, ...rest } = info;
  return { ...rest, manifestPages: manifest.length, deltaPages: delta.length };
}

const json = (parsed: Parsed) => parsed.values.json === true;

function positional(parsed: Parsed, index: number, what: string): string {
  const value = parsed.positionals[index];
  if (!value) throw new UsageError(`missing ${what}`);
  return value;
}

/** The --type given, else the type named by the GID. */
function typeFor(parsed: Parsed, gid: string): string {
  const type = stringOpt(parsed, "type") ?? typeOfGid(gid);
  if (!type) throw new UsageError(`cannot tell the resource type of "${gid}": pass --type`);
  return type;
}

/** `repo snapshots`: every committed snapshot, oldest first. */
export async function snapshotsCommand(repo: Repository, parsed: Parsed, io: Io): Promise<number> {
  const infos = await repo.listSnapshots();
  if (json(parsed)) {
    printJson(io, infos);
    return 0;
  }
  table(
    io,
    ["ID", "Started", "Kind", "Parent", "Records", "Added"],
    infos.map((i) => [
      i.id,
      i.startedAt,
      i.kind,
      i.parent ?? "-",
      String(i.totalRecords),
      formatBytes(i.stats.storedBytesAdded),
    ]),
  );
  io.out(`${infos.length} snapshot${infos.length === 1 ? "" : "s"}`);
  return 0;
}

/** `repo show <id> [--gid G [--type T]] [--records]`: metadata, one record, or every record. */
export async function showCommand(repo: Repository, parsed: Parsed, io: Io): Promise<number> {
  const id = positional(parsed, 0, "snapshot id (see `repo snapshots`)");
  const gid = stringOpt(parsed, "gid");
  if (gid) {
    const version = await repo.getRecord(id, typeFor(parsed, gid), gid);
    if (!version) {
      io.err(`snapshelf: ${gid} is not in snapshot ${id}`);
      return 1;
    }
    if (json(parsed)) printJson(io, version);
    else io.out(JSON.stringify(version.record, null, 2));
    return 0;
  }
  if (parsed.values.records === true) {
    // One line per record in both modes: a snapshot can hold millions, so never build one document.
    for await (const entry of repo.readSnapshot(id)) {
      if (json(parsed)) printJson(io, entry);
      else
        io.out(
          `${entry.type}\t${entry.gid}\t${entry.redacted ? "[redacted]" : JSON.stringify(entry.record)}`,
        );
    }
    return 0;
  }
  const info = await repo.getSnapshot(id);
  if (json(parsed)) {
    printJson(io, summary(info));
    return 0;
  }
  io.out(`snapshot   ${info.id}`);
  io.out(`shop       ${info.shop}`);
  io.out(`kind       ${info.kind}${info.parent ? ` (parent ${info.parent})` : ""}`);
  io.out(`started    ${info.startedAt}`);
  io.out(`finished   ${info.finishedAt}`);
  io.out(`records    ${info.totalRecords} (${formatCounts(info.countsPerType) || "none"})`);
  io.out(
    `new        ${info.stats.newRecords} records, ${formatBytes(info.stats.newRecordBytes)} before compression`,
  );
  io.out(
    `stored     ${formatBytes(info.stats.storedBytesAdded)} added in ${info.stats.newPacks} pack(s)`,
  );
  const tags = Object.entries(info.tags);
  if (tags.length) io.out(`tags       ${tags.map(([k, v]) => `${k}=${v}`).join(", ")}`);
  return 0;
}

/** `repo history <gid> [--type T]`: the record id of one GID in every snapshot. */
export async function historyCommand(repo: Repository, parsed: Parsed, io: Io): Promise<number> {
  const gid = positional(parsed, 0, "GID, e.g. gid://shopify/Product/1");
  const entries = await repo.history(typeFor(parsed, gid), gid);
  if (json(parsed)) {
    printJson(io, entries);
    return 0;
  }
  table(
    io,
    ["Snapshot", "Time", "Record", "Change"],
    entries.map((e, i) => [
      e.snapshotId,
      e.time,
      e.recordId ? e.recordId.slice(0, 16) : "(absent)",
      i === 0 ? "" : e.changed ? (e.recordId ? "changed" : "deleted") : "",
    ]),
  );
  return 0;
}

/** `repo diff <a> <b>`: GIDs added, changed and deleted from a to b. */
export async function diffCommand(repo: Repository, parsed: Parsed, io: Io): Promise<number> {
  const a = positional(parsed, 0, "first snapshot id");
  const b = positional(parsed, 1, "second snapshot id");
  const counts = { added: 0, changed: 0, deleted: 0 };
  const mark = { added: "+", changed: "~", deleted: "-" } as const;
  for await (const entry of repo.diff(a, b)) {
    counts[entry.change]++;
    if (json(parsed)) printJson(io, entry);
    else io.out(`${mark[entry.change]} ${entry.type}\t${entry.gid}`);
  }
  if (json(parsed)) printJson(io, { summary: counts });
  else io.out(`${counts.added} added, ${counts.changed} changed, ${counts.deleted} deleted`);
  return 0;
}
