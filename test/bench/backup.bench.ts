/**
 * `npm run bench:backup -- --json [--size small|large] [--seed N] [--edits 0.01] [--no-verify | --verify-source paged|bulk] [--gc] [--tsx] [--replay] [--keep DIR [--full-only]] [--no-process-settings]`:
 * a full snapshot of a seeded store, incremental snapshots from webhooks for
 * 1% random edits, then verification against the store (test/bench/backup/run.ts).
 * `--keep DIR`: keep the run's state (database, repository, master key) in DIR; a
 * later run with the same DIR skips the full snapshot and measures the incremental
 * phase on top of it. `--full-only` stops after the full snapshot, so DIR can be
 * copied before the incremental phase changes it.
 * `--replay`: the full snapshot alone on bench:repo's cached JSONL files, Shopify's
 * side replayed without the simulator (test/bench/backup/replay.ts; default size large).
 *
 * What is measured is the app side alone, as it runs deployed:
 * - the simulator runs in its own process (it holds the whole seeded store);
 * - the measured process is test/bench/backup/run.ts bundled with esbuild
 *   (app code compiled, packages left to node_modules) on plain `node`: the
 *   tsx loader compiling TypeScript on the fly adds ~60 MB of RSS that the
 *   built app does not have. `--tsx` runs it under tsx instead (the numbers
 *   before 2026-11-27 were taken that way);
 * - with the memory settings `npm start` and `npm run worker` use
 *   (`--max-semi-space-size=2`, `MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=65536`;
 *   scripts/run-app.sh), unless `--no-process-settings`;
 * - `--gc` adds what bench:repo's ingest child also has
 *   (`--expose-gc --max-old-space-size=128`), which the repository is built to
 *   use (it then collects once per pack); the app's scripts do not set them.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build, type Plugin } from "esbuild";

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "small" },
    seed: { type: "string", default: "1" },
    json: { type: "boolean", default: false },
    edits: { type: "string", default: "0.01" },
    verify: { type: "boolean", default: true },
    "verify-source": { type: "string", default: "paged" },
    gc: { type: "boolean", default: false },
    tsx: { type: "boolean", default: false },
    replay: { type: "boolean", default: false },
    keep: { type: "string" },
    "full-only": { type: "boolean", default: false },
    "process-settings": { type: "boolean", default: true },
  },
  allowNegative: true,
});
if (!["paged", "bulk"].includes(values["verify-source"]!)) throw new Error(`--verify-source must be paged or bulk, got ${values["verify-source"]}`);
const root = fileURLToPath(new URL("../../", import.meta.url));
const driver = join(root, values.replay ? "test/bench/backup/replay.ts" : "test/bench/backup/run.ts");

async function bundle(): Promise<string> {
  const outfile = join(root, values.replay ? ".cache/bench/backup-replay.mjs" : ".cache/bench/backup-run.mjs");
  // Packages stay in node_modules (Prisma loads its engine next to its files); app code (`~/`) is bundled.
  const packagesExternal: Plugin = {
    name: "packages-external",
    setup(b) {
      b.onResolve({ filter: /^[^./~]/ }, (args) => ({ path: args.path, external: true }));
    },
  };
  await build({ entryPoints: [driver], bundle: true, platform: "node", format: "esm", target: "node22", plugins: [packagesExternal], outfile, logLevel: "warning" });
  return outfile;
}

const args = values.replay
  ? ["--root", root, "--size", process.argv.includes("--size") ? values.size! : "large", "--seed", values.seed!]
  : ["--root", root, "--size", values.size!, "--seed", values.seed!, "--edits", values.edits!, ...(values.verify ? ["--verify-source", values["verify-source"]!] : ["--no-verify"]), ...(values.keep ? ["--keep", values.keep] : []), ...(values["full-only"] ? ["--full-only"] : [])];
// Keep in step with scripts/run-app.sh (npm start, npm run worker, the demo).
const processFlags = values["process-settings"] ? ["--max-semi-space-size=2"] : [];
const processEnv = values["process-settings"] ? { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "65536" } : {};
const nodeFlags = [...processFlags, ...(values.gc ? ["--expose-gc", "--max-old-space-size=128"] : [])];
const entry = values.tsx ? ["--import", "tsx", driver] : [await bundle()];
const child = spawn(process.execPath, [...nodeFlags, ...entry, ...args], {
  cwd: root,
  stdio: ["ignore", "pipe", "inherit"],
  env: { ...process.env, ...processEnv },
});
let output = "";
child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
const line = output.trim().split("\n").at(-1) ?? "";
if (code !== 0 || !line.startsWith("{")) {
  process.stderr.write(output);
  process.exit(code || 1);
}
const result = { ...(JSON.parse(line) as Record<string, unknown>), process: values.tsx ? "tsx" : "bundled", process_settings: values["process-settings"], gc_settings: values.gc };
console.log(values.json ? JSON.stringify(result) : result);
