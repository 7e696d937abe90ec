import {
  ConflictError,
  IntegrityError,
  NotFoundError,
  RetryableError,
  SnapshelfError,
} from "~/errors";
import type { Repository } from "~/repo";
import { parseCommandLine, UsageError, type OptionSpec, type Parsed } from "./args";
import {
  checkCommand,
  forgetCommand,
  initCommand,
  pruneCommand,
  rebuildIndexCommand,
} from "./maintenance-commands";
import { CliError, openRepository, repoOptions } from "./open-repo";
import { ordersExportCommand } from "./orders-export-command";
import { diffCommand, historyCommand, showCommand, snapshotsCommand } from "./read-commands";
import type { Io } from "./output";

type Command = (repo: Repository, parsed: Parsed, io: Io) => Promise<number>;

interface CommandSpec {
  summary: string;
  usage: string;
  options: OptionSpec;
  run: Command;
}

const str = { type: "string" } as const;
const flag = { type: "boolean", default: false } as const;

const COMMANDS: Record<string, CommandSpec> = {
  // init is dispatched before opening (it creates rather than opens); run is never called.
  init: {
    summary: "create a repository (config and wrapped keys)",
    usage: "",
    options: {},
    run: async () => 0,
  },
  snapshots: {
    summary: "list snapshots, oldest first",
    usage: "",
    options: {},
    run: snapshotsCommand,
  },
  show: {
    summary: "snapshot metadata, one record (--gid), or every record (--records)",
    usage: "<snapshot-id> [--gid GID [--type TYPE]] [--records]",
    options: { gid: str, type: str, records: flag },
    run: showCommand,
  },
  history: {
    summary: "versions of one GID across snapshots",
    usage: "<gid> [--type TYPE]",
    options: { type: str },
    run: historyCommand,
  },
  diff: {
    summary: "GIDs added / changed / deleted between two snapshots",
    usage: "<snapshot-a> <snapshot-b>",
    options: {},
    run: diffCommand,
  },
  check: {
    summary: "verify structure; --read-data decrypts and re-hashes a share of packs",
    usage: "[--read-data 100%] [--read-data-subset n/m]",
    options: { "read-data": str, "read-data-subset": str },
    run: checkCommand,
  },
  prune: {
    summary: "delete unreferenced packs, repack wasteful ones",
    usage: "[--min-age 1h] [--repack-threshold 20%]",
    options: { "min-age": str, "repack-threshold": str },
    run: pruneCommand,
  },
  "rebuild-index": {
    summary: "rebuild the index from pack headers",
    usage: "",
    options: {},
    run: rebuildIndexCommand,
  },
  "orders-export": {
    summary: "a snapshot's orders as CSV (one row per line item) or JSONL (one order per line)",
    usage: "<snapshot-id> --format csv|jsonl --out FILE [--no-bom]",
    options: { format: str, out: str, "no-bom": flag },
    run: ordersExportCommand,
  },
  forget: {
    summary: "apply a retention policy (then prune)",
    usage:
      "--keep-last N | --keep-hourly N | --keep-daily N | --keep-weekly N | --keep-monthly N [--dry-run]",
    options: {
      "keep-last": str,
      "keep-hourly": str,
      "keep-daily": str,
      "keep-weekly": str,
      "keep-monthly": str,
      "dry-run": flag,
    },
    run: forgetCommand,
  },
};

const COMMON = "--repo URL --shop DOMAIN [--master-key-file FILE] [--json]";

/** The help text for `snapshelf repo`. */
export function usage(): string {
  const lines = [
    `usage: snapshelf repo <command> ${COMMON} [options]`,
    "",
    "Storage URL: file:///absolute/path or gs://bucket/prefix. The master key (base64, 32 bytes)",
    "comes from --master-key-file or the SNAPSHELF_MASTER_KEY environment variable.",
    "",
    "commands:",
  ];
  for (const [name, spec] of Object.entries(COMMANDS)) {
    lines.push(`  ${name.padEnd(14)} ${spec.summary}`);
    if (spec.usage) lines.push(`  ${"".padEnd(14)}   ${name} ${spec.usage}`);
  }
  lines.push("", "exit codes: 0 ok, 1 error, 2 bad usage, 3 check found problems");
  return lines.join("\n");
}

/** Runs `snapshelf <argv…>`; returns the process exit code. Never throws. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  try {
    const [group, name, ...rest] = argv;
    if (!group || group === "--help" || group === "-h" || group === "help") {
      io.out(usage());
      return group ? 0 : 2;
    }
    if (group !== "repo")
      throw new UsageError(`unknown command "${group}" (try: snapshelf repo --help)`);
    if (!name || name === "--help" || name === "-h") {
      io.out(usage());
      return name ? 0 : 2;
    }
    const spec = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!spec)
      throw new UsageError(
        `unknown repo command "${name}"; commands: ${Object.keys(COMMANDS).join(", ")}`,
      );
    const parsed = parseCommandLine(rest, { ...repoOptions, ...spec.options });
    if (parsed.values.help === true) {
      io.out(`usage: snapshelf repo ${name} ${spec.usage} ${COMMON}`.replace(/ {2,}/g, " "));
      return 0;
    }
    if (name === "init") {
      const repo = await openRepository(parsed, "init");
      return await initCommand(repo, parsed, io, String(parsed.values.repo));
    }
    const repo = await openRepository(parsed, "open");
    return await spec.run(repo, parsed, io);
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: Io): number {
  if (error instanceof UsageError) {
    io.err(`snapshelf: ${error.message}`);
    io.err("run `snapshelf repo --help` for usage");
    return 2;
  }
  if (error instanceof CliError) {
    io.err(`snapshelf: ${error.message}`);
    return 1;
  }
  if (error instanceof IntegrityError) {
    // Never print partial data after an integrity failure: the message names what is damaged.
    io.err(`snapshelf: integrity error: ${error.message}${contextSuffix(error)}`);
    return 1;
  }
  if (
    error instanceof NotFoundError ||
    error instanceof ConflictError ||
    error instanceof RetryableError
  ) {
    io.err(`snapshelf: ${error.message}`);
    return 1;
  }
  if (error instanceof SnapshelfError) {
    io.err(`snapshelf: ${error.message}${contextSuffix(error)}`);
    return 1;
  }
  io.err(
    `snapshelf: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return 1;
}

function contextSuffix(error: SnapshelfError): string {
  const entries = Object.entries(error.context).filter(
    ([, v]) => typeof v === "string" || typeof v === "number",
  );
  return entries.length ? ` (${entries.map(([k, v]) => `${k}=${String(v)}`).join(", ")})` : "";
}
