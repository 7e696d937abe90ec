/**
 * restic 0.14 (Debian) on the same JSONL files, for the side-by-side numbers:
 * a local repository, one backup of the original files and one of the edited
 * copy; wall time and repository growth. Installed with apt-get on first use.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { dirBytes } from "./dir-bytes";

export interface ResticResult {
  version: string;
  fullSeconds: number;
  secondSeconds: number;
  storedFull: number;
  storedIncremental: number;
}

function resticVersion(): string | undefined {
  try {
    return execFileSync("restic", ["version"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

/** restic from Debian; installs it when missing (the bench only, never CI). */
function ensureRestic(log: (line: string) => void): string {
  const existing = resticVersion();
  if (existing) return existing;
  log("restic not found: apt-get install -y restic");
  const policy = execFileSync("apt-cache", ["policy", "restic"], { encoding: "utf8" });
  if (!/Candidate: 0\.14/.test(policy))
    log(`warning: Debian offers a different restic than 0.14:\n${policy}`);
  execFileSync("apt-get", ["install", "-y", "restic"], { stdio: ["ignore", "ignore", "inherit"] });
  const installed = resticVersion();
  if (!installed) throw new Error("restic still not runnable after apt-get install");
  return installed;
}

function run(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn("restic", args, {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`restic ${args[0]} exited with ${code}: ${stderr}`));
      else resolve((performance.now() - started) / 1000);
    });
  });
}

/** Backs up `v1`, then `v2`, into a fresh repository under `dir`. */
export async function resticBench(
  dir: string,
  v1: string[],
  v2: string[],
  log: (line: string) => void,
): Promise<ResticResult> {
  const version = ensureRestic(log);
  const repo = join(dir, "repo");
  await mkdir(dir, { recursive: true });
  const env = {
    RESTIC_REPOSITORY: repo,
    RESTIC_PASSWORD: "bench-only",
    RESTIC_CACHE_DIR: join(dir, "cache"),
  };
  await run(["init"], env);
  const before = await dirBytes(repo);
  const fullSeconds = await run(["backup", "--quiet", ...v1], env);
  const storedFull = (await dirBytes(repo)) - before;
  const secondSeconds = await run(["backup", "--quiet", ...v2], env);
  const storedIncremental = (await dirBytes(repo)) - before - storedFull;
  return { version, fullSeconds, secondSeconds, storedFull, storedIncremental };
}
