/**
 * `npm run bench:repo -- --json [--size small|large] [--seed 1] [--no-restic] [--no-subjects] [--parsed]`
 *
 * Ingest speed, peak memory and stored bytes of the snapshot repository on a
 * simulated store's bulk-operation JSONL, side by side with restic 0.14 on the
 * same files: a full snapshot, then a second one after 1% of the records were
 * edited at random places. Progress goes to stderr; the result is one JSON
 * object on stdout. A script, not a test: numbers vary by machine.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import type { StoreSize } from "../simulator/store/core";
import { editedCopy } from "./jsonl-records";
import { resticBench, type ResticResult } from "./restic";
import { storeJsonl } from "./store-jsonl";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    size: { type: "string", default: "large" },
    seed: { type: "string", default: "1" },
    "no-restic": { type: "boolean", default: false },
    // Customers normally go under per-customer subject keys (crypto-shredding); this measures without.
    "no-subjects": { type: "boolean", default: false },
    "cache-dir": { type: "string", default: ".cache/bench" },
    "keep-repo": { type: "boolean", default: false },
    // Parse every line in the feeding thread and hand the engine objects (the pre-`json` input path).
    parsed: { type: "boolean", default: false },
  },
});
const size = values.size as StoreSize;
if (!["tiny", "small", "large"].includes(size))
  throw new Error(`--size must be tiny, small or large, got ${values.size}`);
const seed = Number(values.seed);
const log = (line: string) => process.stderr.write(line + "\n");
const MB = 1e6;

interface IngestResult {
  records: number;
  fullSeconds: number;
  secondSeconds: number;
  fullCpuSeconds: number;
  secondCpuSeconds: number;
  storedFull: number;
  storedIncremental: number;
  newRecordsSecond: number;
  peakRssBytes: number;
  sampledPeakRssBytes: number;
  atPeak?: { heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
}

/**
 * Bundles the ingest child into one plain-JavaScript file, so it runs on bare
 * `node`: the tsx loader (~85 MB of RSS, compiling on the fly) would
 * otherwise be measured as if it were the engine. The app ships compiled too.
 */
async function bundleIngest(cacheDir: string): Promise<string> {
  const outfile = join(cacheDir, "repo-ingest.mjs");
  await build({
    entryPoints: ["test/bench/repo-ingest.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    outfile,
    logLevel: "warning",
  });
  return outfile;
}

/**
 * How the ingest child runs, as a deployed ingest process would (see
 * docs/benchmarks.md): a V8 heap cap, a small young generation (semi-spaces
 * of 2 MB: V8 otherwise grows them to 16 MB each while ingest churns
 * short-lived per-record objects, ~40 MB of RSS for garbage), `gc` exposed so
 * the engine can collect garbage Buffers once per pack (app/repo/gc-hint.ts),
 * and glibc malloc told not to keep freed Buffer memory in per-thread arenas.
 */
const CHILD_NODE_FLAGS = ["--max-old-space-size=96", "--max-semi-space-size=2", "--expose-gc"];
const CHILD_ENV = { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "65536" };

function runIngest(entry: string, repoDir: string, v1: string[], v2: string[], expected: number): Promise<IngestResult> {
  const mode = values["no-subjects"] ? "no-subjects" : "subjects";
  const input = values.parsed ? "parsed" : "raw";
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...CHILD_NODE_FLAGS, entry, repoDir, v1.join(","), v2.join(","), mode, input, String(expected)],
      {
        stdio: ["ignore", "pipe", "inherit"],
        env: { ...process.env, ...CHILD_ENV },
      },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`ingest child exited with ${code}`));
      resolve(JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as IngestResult);
    });
  });
}

log(
  `bench:repo size=${size} seed=${seed}: generating JSONL with the simulator (cached in ${values["cache-dir"]})`,
);
const data = await storeJsonl(values["cache-dir"], size, seed, log);
const edited = await editedCopy(
  data.files,
  join(values["cache-dir"], `${size}-${seed}`, "v2"),
  0.01,
  seed,
);
log(
  `input: ${data.lines} lines, ${(data.bytes / MB).toFixed(1)} MB; ${edited.edited} lines edited for the second snapshot`,
);

// The machine may be shared: wall times (and so ratios) move with its load; record it.
const loadBefore = loadavg()[0];
const work = await mkdtemp(join(tmpdir(), "snapshelf-bench-"));
let ours: IngestResult;
let restic: ResticResult | undefined;
try {
  const entry = await bundleIngest(values["cache-dir"]);
  log("snapshelf: ingesting (child process)…");
  ours = await runIngest(entry, join(work, "repo"), data.files, edited.files, data.lines);
  log(
    `snapshelf: full ${ours.fullSeconds.toFixed(1)} s, stored ${(ours.storedFull / MB).toFixed(1)} MB; second +${(ours.storedIncremental / MB).toFixed(2)} MB`,
  );
  if (!values["no-restic"]) {
    log("restic: backing up the same files…");
    restic = await resticBench(join(work, "restic"), data.files, edited.files, log);
    log(
      `restic: full ${restic.fullSeconds.toFixed(1)} s, stored ${(restic.storedFull / MB).toFixed(1)} MB; second +${(restic.storedIncremental / MB).toFixed(2)} MB`,
    );
  }
  if (values["keep-repo"]) log(`kept ${work}`);
} finally {
  if (!values["keep-repo"]) await rm(work, { recursive: true, force: true });
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));
const result: Record<string, unknown> = {
  size,
  seed,
  customer_subject_keys: !values["no-subjects"],
  input_path: values.parsed ? "parsed" : "json",
  records: ours.records,
  input_lines: data.lines,
  input_mb: round(data.bytes / MB, 1),
  edited_records: edited.edited,
  ingest_mb_s: round(data.bytes / MB / ours.fullSeconds, 1),
  ingest_seconds: round(ours.fullSeconds),
  second_snapshot_seconds: round(ours.secondSeconds),
  // CPU of every thread: what the machine's load does not inflate (much).
  ingest_cpu_seconds: round(ours.fullCpuSeconds),
  ingest_cpu_ms_per_mb: round((ours.fullCpuSeconds * 1000) / (data.bytes / MB), 1),
  second_snapshot_cpu_seconds: round(ours.secondCpuSeconds),
  peak_rss_mb: round(ours.peakRssBytes / MB, 0),
  sampled_peak_rss_mb: round(ours.sampledPeakRssBytes / MB, 0),
  at_peak_heap_used_mb: ours.atPeak ? round(ours.atPeak.heapUsed / MB, 0) : null,
  at_peak_array_buffers_mb: ours.atPeak ? round(ours.atPeak.arrayBuffers / MB, 0) : null,
  stored_mb_full: round(ours.storedFull / MB),
  stored_mb_incremental: round(ours.storedIncremental / MB, 3),
};
if (restic) {
  Object.assign(result, {
    restic_version: restic.version,
    restic_ingest_mb_s: round(data.bytes / MB / restic.fullSeconds, 1),
    restic_ingest_seconds: round(restic.fullSeconds),
    restic_stored_mb_full: round(restic.storedFull / MB),
    restic_stored_mb_incremental: round(restic.storedIncremental / MB, 3),
    ratio_ingest_vs_restic: round(ours.fullSeconds / restic.fullSeconds, 3),
    ratio_incremental_vs_restic: round(ours.storedIncremental / restic.storedIncremental, 4),
  });
}
Object.assign(result, {
  load_average_before: round(loadBefore),
  load_average_after: round(loadavg()[0]),
  node: process.version,
  cores: availableParallelism(),
  cpu: cpuModel(),
});
if (values.json) process.stdout.write(JSON.stringify(result) + "\n");
else process.stdout.write(JSON.stringify(result, null, 2) + "\n");

function cpuModel(): string {
  try {
    return execFileSync("sh", ["-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], {
      encoding: "utf8",
    }).trim();
  } catch {
    return "unknown";
  }
}
