/**
 * Child process of repo.bench.ts: ingests the JSONL files into a fresh
 * local-folder repository (full snapshot), then the 1%-edited copy (second
 * snapshot), and prints one JSON line with times, sizes and peak memory. A
 * process of its own so its peak RSS is the engine's, not the generator's.
 * repo.bench.ts bundles it and runs it on plain node; by hand:
 *   node --import tsx test/bench/repo-ingest.ts <repoDir> <v1 files,…> <v2 files,…> [subjects|no-subjects] [raw|parsed] [expected records]
 */
import { randomBytes } from "node:crypto";
import { createLocalKeyProvider } from "~/keys/local-key-provider";
import { createRepository } from "~/repo";
import { createLocalBlobStore } from "~/storage/local-blob-store";
import { jsonlRecords } from "./jsonl-records";
import { dirBytes } from "./dir-bytes";

const [repoDir, v1Text, v2Text, subjectMode, inputMode, expectedText] = process.argv.slice(2);
// The line count is known (the bench cached it), as Shopify's counts are to the backup pipeline.
const expectedRecords = expectedText ? Number(expectedText) : undefined;
const subjects = subjectMode !== "no-subjects";
// "parsed": parse each line here and hand the engine objects (the pre-raw-input path, for comparison).
const raw = inputMode !== "parsed";
const v1 = v1Text.split(",");
const v2 = v2Text.split(",");

let sampledPeak = 0;
let atPeak: NodeJS.MemoryUsage | undefined;
const sample = () => {
  const usage = process.memoryUsage();
  if (usage.rss > sampledPeak) {
    sampledPeak = usage.rss;
    atPeak = usage;
  }
};
const sampler = setInterval(sample, 50);

const repo = createRepository({
  store: createLocalBlobStore(repoDir),
  keys: createLocalKeyProvider(randomBytes(32).toString("base64")),
  shop: "bench.myshopify.com",
});
await repo.init();

// CPU time of the whole process (every thread: the workers and libuv's pool
// too), comparable between runs where wall time moves with the machine's load.
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
const c0 = process.cpuUsage();
const t0 = performance.now();
const full = await repo.writeSnapshot({
  kind: "full",
  records: jsonlRecords(v1, subjects, raw),
  expectedRecords,
  tags: { bench: "v1" },
});
const fullSeconds = (performance.now() - t0) / 1000;
const fullCpuSeconds = cpuSeconds(c0);
sample();
const storedFull = await dirBytes(repoDir);

const c1 = process.cpuUsage();
const t1 = performance.now();
const second = await repo.writeSnapshot({
  kind: "full",
  records: jsonlRecords(v2, subjects, raw),
  expectedRecords,
  tags: { bench: "v2" },
});
const secondSeconds = (performance.now() - t1) / 1000;
const secondCpuSeconds = cpuSeconds(c1);
sample();
const storedAfter = await dirBytes(repoDir);
clearInterval(sampler);

process.stdout.write(
  JSON.stringify({
    records: full.totalRecords,
    fullSeconds,
    secondSeconds,
    fullCpuSeconds,
    secondCpuSeconds,
    storedFull,
    storedIncremental: storedAfter - storedFull,
    newRecordsSecond: second.stats.newRecords,
    // The kernel's high-water mark includes every allocation between samples.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    sampledPeakRssBytes: sampledPeak,
    // Where the peak sat: JS heap vs. Buffers/typed arrays (external).
    atPeak: atPeak && {
      heapUsed: atPeak.heapUsed,
      heapTotal: atPeak.heapTotal,
      external: atPeak.external,
      arrayBuffers: atPeak.arrayBuffers,
    },
  }) + "\n",
);
