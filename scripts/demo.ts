/**
 * `npm run demo`: the bundled Shopify simulator (seeded `small` store) plus the
 * app in demo mode on SQLite, a local repository folder and the in-process
 * worker, then one line on stdout with the URL to open. startDemo() is also
 * what the end-to-end tests run, with a tiny store and a temporary folder.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { generateMasterKey } from "~/keys/local-key-provider";
import { startAppServer, type AppServer } from "../server";
import { startSimulator, type RunningSimulator } from "../test/simulator/index";

/** The demo app's credentials: public by design, accepted only in demo mode. */
export const DEMO_API_KEY = "snapshelf-demo-api-key";
export const DEMO_API_SECRET = "snapshelf-demo-api-secret";
export const DEMO_SHOP = "demo-shop.myshopify.com";

export interface DemoOptions {
  /** Folder for the SQLite file, the repository and the master key (default data/demo). */
  dataDir?: string;
  /** App port (default 0: any free port). */
  port?: number;
  size?: "tiny" | "small" | "large";
  seed?: number;
  /** Run jobs on BullMQ (Redis) instead of in-process: the app only enqueues, `npm run worker` processes work (tests of that split). */
  redis?: { url: string; prefix: string };
}

export interface RunningDemo {
  /** Open this in a browser: it signs in as the demo shop's admin. */
  demoUrl: string;
  app: AppServer;
  simulator: RunningSimulator;
  /** The settings the app runs with (a worker process started with them joins this demo). */
  env: Record<string, string | undefined>;
  close(): Promise<void>;
}

const root = fileURLToPath(new URL("..", import.meta.url));

/** Starts the simulator and the app in demo mode; resolves once both listen. */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const dataDir = resolve(options.dataDir ?? join(root, "data/demo"));
  mkdirSync(dataDir, { recursive: true });
  const keyFile = join(dataDir, "master.key");
  // The key must outlive restarts: without it the demo repository is unreadable.
  if (!existsSync(keyFile)) writeFileSync(keyFile, `${generateMasterKey()}\n`, { mode: 0o600 });
  const masterKey = readFileSync(keyFile, "utf8").trim();

  const simulator = await startSimulator({
    seed: options.seed ?? 1,
    size: options.size ?? "small",
    shopDomain: DEMO_SHOP,
    apiKey: DEMO_API_KEY,
    apiSecret: DEMO_API_SECRET,
  });
  try {
    const databaseFile = join(dataDir, "snapshelf.sqlite");
    const env: Record<string, string | undefined> = {
      ...process.env,
      SNAPSHELF_MODE: "demo",
      SHOPIFY_API_KEY: DEMO_API_KEY,
      SHOPIFY_API_SECRET: DEMO_API_SECRET,
      DATABASE_URL: `file:${databaseFile}`,
      SNAPSHELF_DATA_DIR: dataDir,
      SNAPSHELF_STORAGE_URL: pathToFileURL(join(dataDir, "repository")).href,
      SNAPSHELF_MASTER_KEY: masterKey,
      SNAPSHELF_KMS_KEY: undefined,
      SNAPSHELF_QUEUE: options.redis ? "redis" : "inprocess",
      REDIS_URL: options.redis?.url,
      SNAPSHELF_REDIS_PREFIX: options.redis?.prefix,
      SNAPSHELF_SIMULATOR_URL: simulator.url,
      SNAPSHELF_DEMO_SHOP: DEMO_SHOP,
      APP_BRIDGE_URL: "/demo/app-bridge.js",
      PORT: String(options.port ?? 0),
    };
    const app = await startAppServer({ appUrlFromAddress: true, env });
    // Each run starts a fresh simulator that knows none of the old access
    // tokens; dropping stored sessions makes the first visit exchange anew
    // instead of failing once with 401 and bouncing.
    const db = new Database(databaseFile);
    db.exec('DELETE FROM "Session"');
    db.close();
    simulator.setWebhookUrl(`${app.url}/webhooks`);
    return {
      demoUrl: `${app.url}/demo`,
      app,
      simulator,
      env: { ...env, SHOPIFY_APP_URL: app.url, PORT: undefined },
      close: async () => {
        await app.close();
        await simulator.close();
      },
    };
  } catch (error) {
    await simulator.close();
    throw error;
  }
}

async function main(): Promise<void> {
  const demo = await startDemo({ port: Number(process.env.PORT ?? 0) });
  console.log(`Snapshelf demo: ${demo.demoUrl}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.error("Stopping the demo…");
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
