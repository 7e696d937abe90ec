/**
 * The Redis deployment split end to end: the app (demo mode, BullMQ queue)
 * only enqueues; "Back up now" waits in Redis until a real `npm run worker`
 * process (worker.ts, started with the app's settings) takes the job, writes
 * the snapshot and the app shows it. SIGTERM stops the worker cleanly.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hydrated, startBrowserDemo, type BrowserDemo } from "./browser-support";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `snapshelf-e2e-${randomBytes(4).toString("hex")}`;
const root = fileURLToPath(new URL("../..", import.meta.url));
let ui: BrowserDemo;
let worker: ChildProcess | undefined;

beforeAll(async () => {
  ui = await startBrowserDemo({ name: "redis-worker", seed: 6, redis: { url: REDIS_URL, prefix } });
});

afterAll(async () => {
  worker?.kill("SIGKILL");
  await ui?.close();
  // This run's keys only (the prefix is random).
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

it("runs Back up now in a separate worker process, not in the web process", async () => {
  const page = await ui.page();
  await page.goto(ui.demo.demoUrl);
  await page.getByTestId("no-snapshots").waitFor();
  await hydrated(page);
  await page.getByRole("button", { name: "Back up now" }).click();
  // Nobody works the queue yet: after a while there is still no snapshot.
  await new Promise((r) => setTimeout(r, 4000));
  await page.reload();
  await page.getByTestId("no-snapshots").waitFor();

  const output: string[] = [];
  worker = spawn(process.execPath, ["--import", "tsx", "worker.ts"], { cwd: root, env: { ...ui.demo.env, SNAPSHELF_WORKER_CONCURRENCY: "2" } as unknown as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  worker.stdout?.on("data", (d: Buffer) => output.push(d.toString()));
  worker.stderr?.on("data", (d: Buffer) => output.push(d.toString()));
  await expect.poll(() => output.join(""), { timeout: 30_000 }).toContain("Snapshelf worker running (2 at a time, demo mode)");

  await expect.poll(async () => {
    await page.reload();
    return page.getByRole("link", { name: "View snapshots" }).count();
  }, { timeout: 120_000, interval: 2000 }).toBeGreaterThan(0);

  const exited = new Promise<number | null>((resolve) => worker!.once("exit", (code) => resolve(code)));
  worker.kill("SIGTERM");
  expect(await exited).toBe(0);
  worker = undefined;
  // The worker's tsx start-up and a full snapshot of the seeded store share two
  // cores with the rest of the suite; the polls above bound each wait, this
  // bounds their sum (the 60 s default is shorter than the snapshot poll alone).
}, 240_000);
