/**
 * Production mode cannot be talked into demo auth: the demo routes and the
 * App Bridge stand-in answer 404, and demo settings stop the server at start.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateMasterKey } from "~/keys/local-key-provider";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), "snapshelf-prod-"));
const baseEnv: NodeJS.ProcessEnv = {
  ...process.env,
  SNAPSHELF_MODE: "production",
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://snapshelf.example.com",
  SNAPSHELF_DATA_DIR: dataDir,
  SNAPSHELF_MASTER_KEY: generateMasterKey(),
  PORT: "0",
};
for (const name of [
  "DATABASE_URL",
  "SNAPSHELF_STORAGE_URL",
  "SNAPSHELF_KMS_KEY",
  "SNAPSHELF_SIMULATOR_URL",
  "SNAPSHELF_DEMO_SHOP",
  "APP_BRIDGE_URL",
]) {
  delete baseEnv[name];
}

function startServer(env: NodeJS.ProcessEnv): { child: ChildProcess; output: Promise<string> } {
  const child = spawn(
    process.execPath,
    [join(root, "node_modules/tsx/dist/cli.mjs"), "server.ts"],
    { cwd: root, env },
  );
  let text = "";
  const output = new Promise<string>((resolve) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (/listening on http/.test(text)) resolve(text);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", () => resolve(text));
  });
  return { child, output };
}

let server: ChildProcess | undefined;
let url = "";

beforeAll(async () => {
  const started = startServer(baseEnv);
  server = started.child;
  const text = await started.output;
  url = /listening on (http:\/\/\S+)/.exec(text)?.[1] ?? "";
  expect(url, text).not.toBe("");
});

afterAll(() => {
  server?.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("production mode", () => {
  it.each(["/demo", "/demo/session-token", "/demo/app-bridge.js"])(
    "answers 404 at %s",
    async (path) => {
      const response = await fetch(`${url}${path}`, { redirect: "manual" });
      expect(response.status).toBe(404);
    },
  );

  it("is healthy", async () => {
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, database: "up" });
  });

  it("refuses to start with demo settings", async () => {
    const { child, output } = startServer({
      ...baseEnv,
      SNAPSHELF_SIMULATOR_URL: "http://127.0.0.1:1",
      APP_BRIDGE_URL: "/x.js",
    });
    const text = await output;
    expect(child.exitCode).toBe(1);
    expect(text).toMatch(/SNAPSHELF_SIMULATOR_URL is a demo-only setting/);
    expect(text).toMatch(/APP_BRIDGE_URL is a demo-only setting/);
  });
});
