/**
 * The one place the app reads its environment. Every setting is read and
 * validated once at start-up, and every problem is reported in a single
 * ConfigError so an operator fixes the whole list in one go.
 */
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ApiVersion } from "@shopify/shopify-api";
import { schemaProblem, splitPostgresUrl } from "~/db/postgres-url";
import { ConfigError } from "~/errors";
import { validateMasterKey } from "~/keys/local-key-provider";
import { validateStorageUrl } from "~/storage/open-blob-store";
import { DEFAULT_SCOPES } from "./scopes";

export type AppMode = "production" | "demo";
export type DatabaseProvider = "sqlite" | "postgresql";

export interface AppConfig {
  mode: AppMode;
  port: number;
  /** Absolute folder for local state (SQLite file, local repository). */
  dataDir: string;
  shopify: {
    apiKey: string;
    apiSecret: string;
    appUrl: string;
    scopes: string[];
    apiVersion: ApiVersion;
  };
  database: { provider: DatabaseProvider; url: string };
  storageUrl: string;
  keys: { kind: "master"; masterKey: string } | { kind: "kms"; keyName: string };
  /** `prefix`: the Redis key prefix (SNAPSHELF_REDIS_PREFIX), one per deployment sharing a Redis; default "snapshelf". */
  queue: { kind: "inprocess" } | { kind: "redis"; redisUrl: string; prefix?: string };
  /** Present only in demo mode: where the bundled Shopify simulator listens. */
  demo?: { simulatorUrl: string; shopDomain: string };
}

type Env = Record<string, string | undefined>;

/** Settings that only make sense against the simulator; production refuses them. */
export const DEMO_ONLY_SETTINGS = [
  "SNAPSHELF_SIMULATOR_URL",
  "SNAPSHELF_DEMO_SHOP",
  "APP_BRIDGE_URL",
] as const;

const KMS_KEY_PATTERN = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;

/** The newest Admin API version the installed @shopify/shopify-api knows. */
export function newestApiVersion(): ApiVersion {
  const dated = Object.values(ApiVersion).filter((v) => /^\d{4}-\d{2}$/.test(v));
  dated.sort();
  return dated[dated.length - 1] as ApiVersion;
}

/** Reads and validates every setting; throws ConfigError listing all problems. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): AppConfig {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const required = (name: string, why: string): string => {
    const value = get(name);
    if (!value) problems.push(`${name} is required (${why})`);
    return value ?? "";
  };

  const modeRaw = get("SNAPSHELF_MODE") ?? "production";
  let mode: AppMode = "production";
  if (modeRaw === "production" || modeRaw === "demo") mode = modeRaw;
  else problems.push(`SNAPSHELF_MODE must be "production" or "demo", got "${modeRaw}"`);

  const dataDir = resolve(cwd, get("SNAPSHELF_DATA_DIR") ?? "data");

  const apiKey = required("SHOPIFY_API_KEY", "the app's client id from the Partner Dashboard");
  const apiSecret = required("SHOPIFY_API_SECRET", "the app's client secret");
  const appUrl = readAppUrl(get("SHOPIFY_APP_URL"), mode, problems);
  const scopes = readScopes(get("SCOPES"), problems);
  const apiVersion = readApiVersion(get("SHOPIFY_API_VERSION"), problems);
  const database = readDatabase(get("DATABASE_URL"), dataDir, cwd, problems);

  const storageUrl =
    get("SNAPSHELF_STORAGE_URL") ?? pathToFileURL(resolve(dataDir, "repository")).href;
  const storageProblem = validateStorageUrl(storageUrl);
  if (storageProblem) problems.push(`SNAPSHELF_STORAGE_URL: ${storageProblem}`);

  const keys = readKeys(get("SNAPSHELF_MASTER_KEY"), get("SNAPSHELF_KMS_KEY"), problems);
  const queue = readQueue(get("SNAPSHELF_QUEUE"), get("REDIS_URL"), get("SNAPSHELF_REDIS_PREFIX"), problems);
  const port = readPort(get("PORT"), problems);

  let demo: AppConfig["demo"];
  if (mode === "production") {
    for (const name of DEMO_ONLY_SETTINGS) {
      if (get(name))
        problems.push(`${name} is a demo-only setting and is refused in production mode`);
    }
  } else {
    const simulatorUrl = get("SNAPSHELF_SIMULATOR_URL");
    if (!simulatorUrl) problems.push("SNAPSHELF_SIMULATOR_URL is required in demo mode");
    else if (!isHttpUrl(simulatorUrl))
      problems.push(`SNAPSHELF_SIMULATOR_URL must be an http(s) URL, got "${simulatorUrl}"`);
    const shopDomain = get("SNAPSHELF_DEMO_SHOP") ?? "demo-shop.myshopify.com";
    if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(shopDomain)) {
      problems.push(
        `SNAPSHELF_DEMO_SHOP must be a <name>.myshopify.com domain, got "${shopDomain}"`,
      );
    }
    demo = { simulatorUrl: (simulatorUrl ?? "").replace(/\/+$/, ""), shopDomain };
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mode,
    port,
    dataDir,
    shopify: { apiKey, apiSecret, appUrl, scopes, apiVersion },
    database,
    storageUrl,
    keys: keys!,
    queue: queue!,
    demo,
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function readAppUrl(value: string | undefined, mode: AppMode, problems: string[]): string {
  if (!value) {
    problems.push("SHOPIFY_APP_URL is required (the public URL Shopify loads the app from)");
    return "";
  }
  if (!isHttpUrl(value)) {
    problems.push(`SHOPIFY_APP_URL must be an absolute http(s) URL, got "${value}"`);
    return "";
  }
  // Shopify only embeds apps served over HTTPS; plain http is for the local demo.
  if (mode === "production" && new URL(value).protocol !== "https:") {
    problems.push(`SHOPIFY_APP_URL must use https in production, got "${value}"`);
  }
  return value.replace(/\/+$/, "");
}

function readScopes(value: string | undefined, problems: string[]): string[] {
  if (!value) return [...DEFAULT_SCOPES];
  const scopes = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = scopes.filter((s) => !/^(unauthenticated_)?(read|write)_[a-z_]+$/.test(s));
  if (bad.length > 0) problems.push(`SCOPES has malformed entries: ${bad.join(", ")}`);
  return scopes;
}

function readApiVersion(value: string | undefined, problems: string[]): ApiVersion {
  if (!value) return newestApiVersion();
  const known = Object.values(ApiVersion) as string[];
  if (!known.includes(value)) {
    problems.push(
      `SHOPIFY_API_VERSION "${value}" is not one @shopify/shopify-api knows (newest: ${newestApiVersion()})`,
    );
  }
  return value as ApiVersion;
}

function readDatabase(
  value: string | undefined,
  dataDir: string,
  cwd: string,
  problems: string[],
): AppConfig["database"] {
  const url = value ?? `file:${resolve(dataDir, "snapshelf.sqlite")}`;
  if (url.startsWith("file:")) {
    const path = url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
    if (!path) problems.push("DATABASE_URL file: URL has no path");
    // Relative SQLite paths resolve against the working directory, once, here.
    return { provider: "sqlite", url: `file:${isAbsolute(path) ? path : resolve(cwd, path)}` };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      const problem = schemaProblem(splitPostgresUrl(url).schema);
      if (problem) problems.push(problem);
    } catch {
      problems.push("DATABASE_URL is not a valid postgresql:// URL");
    }
    return { provider: "postgresql", url };
  }
  problems.push(
    `DATABASE_URL must be a file: (SQLite) or postgresql:// URL, got "${url.split(":")[0]}:…"`,
  );
  return { provider: "sqlite", url: "" };
}

function readKeys(
  masterKey: string | undefined,
  kmsKey: string | undefined,
  problems: string[],
): AppConfig["keys"] | undefined {
  if (masterKey && kmsKey) {
    problems.push("set exactly one of SNAPSHELF_MASTER_KEY and SNAPSHELF_KMS_KEY, not both");
    return undefined;
  }
  if (masterKey) {
    const problem = validateMasterKey(masterKey);
    if (problem) problems.push(`SNAPSHELF_MASTER_KEY: ${problem}`);
    return { kind: "master", masterKey };
  }
  if (kmsKey) {
    if (!KMS_KEY_PATTERN.test(kmsKey)) {
      problems.push(
        "SNAPSHELF_KMS_KEY must look like projects/P/locations/L/keyRings/R/cryptoKeys/K",
      );
    }
    return { kind: "kms", keyName: kmsKey };
  }
  problems.push("one of SNAPSHELF_MASTER_KEY (base64, 32 bytes) or SNAPSHELF_KMS_KEY is required");
  return undefined;
}

function readQueue(
  kind: string | undefined,
  redisUrl: string | undefined,
  prefix: string | undefined,
  problems: string[],
): AppConfig["queue"] {
  if (!kind || kind === "inprocess") return { kind: "inprocess" };
  if (kind !== "redis") {
    problems.push(`SNAPSHELF_QUEUE must be "inprocess" or "redis", got "${kind}"`);
    return { kind: "inprocess" };
  }
  if (!redisUrl) problems.push("REDIS_URL is required when SNAPSHELF_QUEUE=redis");
  else if (!/^rediss?:\/\/[^/]/.test(redisUrl))
    problems.push("REDIS_URL must be a redis:// or rediss:// URL");
  if (prefix !== undefined && !/^[A-Za-z0-9_-]{1,40}$/.test(prefix)) problems.push(`SNAPSHELF_REDIS_PREFIX must be 1-40 letters, digits, "-" or "_", got "${prefix}"`);
  return { kind: "redis", redisUrl: redisUrl ?? "", ...(prefix ? { prefix } : {}) };
}

function readPort(value: string | undefined, problems: string[]): number {
  if (!value) return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT must be an integer 0-65535, got "${value}"`);
    return 3000;
  }
  return port;
}

let cached: AppConfig | undefined;

/** The process-wide configuration, loaded from the environment on first use. */
export function getConfig(): AppConfig {
  cached ??= loadConfig();
  return cached;
}
