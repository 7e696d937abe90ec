/**
 * The HTTP server for production and the demo: validates the configuration
 * (all problems at once), applies pending database migrations, then serves
 * the Remix build with Express. Run it with `tsx server.ts`; the demo starts
 * it in-process through startAppServer().
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { loadConfig, type AppConfig } from "./app/config/config.server";
import { migrateDatabase } from "./app/db/migrate.server";

const root = fileURLToPath(new URL(".", import.meta.url));

export interface AppServerOptions {
  /** The settings to run with; they become the process environment the build reads. */
  env: Record<string, string | undefined>;
  /** Listen address (default 0.0.0.0 in production, 127.0.0.1 in demo). */
  host?: string;
  /** Derive SHOPIFY_APP_URL from the bound address (demo: the port is known only after listening). */
  appUrlFromAddress?: boolean;
}

export interface AppServer {
  url: string;
  config: AppConfig;
  close(): Promise<void>;
}

/** Setting names the app reads; the server clears stale ones from process.env before applying `env`. */
const APP_SETTINGS = [
  "SHOPIFY_API_KEY",
  "SHOPIFY_API_SECRET",
  "SHOPIFY_APP_URL",
  "SCOPES",
  "SHOPIFY_API_VERSION",
  "DATABASE_URL",
  "SNAPSHELF_STORAGE_URL",
  "SNAPSHELF_MASTER_KEY",
  "SNAPSHELF_KMS_KEY",
  "SNAPSHELF_QUEUE",
  "REDIS_URL",
  "SNAPSHELF_REDIS_PREFIX",
  "PORT",
  "SNAPSHELF_MODE",
  "SNAPSHELF_DATA_DIR",
  "SNAPSHELF_SIMULATOR_URL",
  "SNAPSHELF_DEMO_SHOP",
  "APP_BRIDGE_URL",
];

interface BackgroundWork {
  startBackgroundWork(): void;
  stopBackgroundWork(): Promise<void>;
}

/** Validates config, migrates, loads the build and serves it; resolves once listening. */
export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const env = { ...options.env };
  const demo = env.SNAPSHELF_MODE === "demo";
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503, { "Retry-After": "1" }).end("Starting");
  };
  const server = createServer((req, res) => handler(req, res));
  const host = options.host ?? (demo ? "127.0.0.1" : "0.0.0.0");
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(Number(env.PORT ?? 3000), host, () => resolve());
  });
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };

  try {
    const { port } = server.address() as AddressInfo;
    const url = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
    if (options.appUrlFromAddress) env.SHOPIFY_APP_URL = url;
    const config = loadConfig(env);
    await migrateDatabase(config.database, `${root}prisma/migrations`);

    // The build reads its settings from process.env (app/config), and the
    // Shopify node adapter reads APP_BRIDGE_URL when it loads.
    for (const name of APP_SETTINGS) delete process.env[name];
    for (const [name, value] of Object.entries(env))
      if (value !== undefined) process.env[name] = value;
    const build = (await import(pathToFileURL(`${root}build/server/index.js`).href)) as ServerBuild;

    const app = express();
    app.disable("x-powered-by");
    // The App Bridge stand-in under /demo/ exists for demo mode only.
    if (config.mode !== "demo") app.use("/demo", (_req, res) => void res.status(404).end());
    app.use(
      "/assets",
      express.static(`${root}build/client/assets`, { immutable: true, maxAge: "1y" }),
    );
    app.use(express.static(`${root}build/client`, { maxAge: "1h" }));
    app.all("*", createRequestHandler({ build, mode: "production" }));
    handler = app;
    // The build's entry module starts the in-process worker and schedule tick
    // (a no-op for the Redis queue, whose workers run elsewhere).
    const entry = build.entry.module as unknown as BackgroundWork;
    entry.startBackgroundWork();
    const closeAll = async () => {
      await entry.stopBackgroundWork();
      await close();
    };
    return { url, config, close: closeAll };
  } catch (error) {
    await close();
    throw error;
  }
}

async function main(): Promise<void> {
  const server = await startAppServer({ env: process.env });
  console.log(`Snapshelf listening on ${server.url} (${server.config.mode} mode)`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
