/** The config module reads every setting once and reports every problem together. */
import { describe, expect, it } from "vitest";
import { ConfigError } from "~/errors";
import { generateMasterKey } from "~/keys/local-key-provider";
import { loadConfig, newestApiVersion } from "./config.server";
import { DEFAULT_SCOPES } from "./scopes";

const cwd = "/srv/snapshelf";
const production = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://snapshelf.example.com/",
  SNAPSHELF_MASTER_KEY: generateMasterKey(),
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env, cwd);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("fills defaults for a minimal production environment", () => {
    const config = loadConfig(production, cwd);
    expect(config.mode).toBe("production");
    expect(config.shopify.appUrl).toBe("https://snapshelf.example.com");
    expect(config.shopify.scopes).toEqual(DEFAULT_SCOPES);
    expect(config.shopify.apiVersion).toBe("2026-10");
    expect(newestApiVersion()).toBe("2026-10");
    expect(config.database).toEqual({
      provider: "sqlite",
      url: "file:/srv/snapshelf/data/snapshelf.sqlite",
    });
    expect(config.storageUrl).toBe("file:///srv/snapshelf/data/repository");
    expect(config.keys).toEqual({ kind: "master", masterKey: production.SNAPSHELF_MASTER_KEY });
    expect(config.queue).toEqual({ kind: "inprocess" });
    expect(config.port).toBe(3000);
    expect(config.demo).toBeUndefined();
  });

  it("accepts PostgreSQL, KMS and Redis for production at scale", () => {
    const config = loadConfig(
      {
        ...production,
        SNAPSHELF_MASTER_KEY: undefined,
        SNAPSHELF_KMS_KEY: "projects/p/locations/global/keyRings/r/cryptoKeys/k",
        DATABASE_URL: "postgresql://app@db:5432/snapshelf?schema=s1",
        SNAPSHELF_QUEUE: "redis",
        REDIS_URL: "redis://cache:6379",
        PORT: "8080",
        SCOPES: "read_products,write_products",
      },
      cwd,
    );
    expect(config.database.provider).toBe("postgresql");
    expect(config.keys).toEqual({
      kind: "kms",
      keyName: "projects/p/locations/global/keyRings/r/cryptoKeys/k",
    });
    expect(config.queue).toEqual({ kind: "redis", redisUrl: "redis://cache:6379" });
    expect(config.port).toBe(8080);
    expect(config.shopify.scopes).toEqual(["read_products", "write_products"]);
  });

  it("reports every problem in one error", () => {
    const problems = problemsOf({
      SHOPIFY_APP_URL: "snapshelf.example.com",
      DATABASE_URL: "mysql://db/snapshelf",
      SNAPSHELF_STORAGE_URL: "ftp://nowhere",
      SNAPSHELF_MASTER_KEY: "dG9vIHNob3J0",
      SNAPSHELF_QUEUE: "redis",
      SHOPIFY_API_VERSION: "2019-01",
      PORT: "http",
      SNAPSHELF_MODE: "staging",
    });
    const expected = [
      /SNAPSHELF_MODE/,
      /SHOPIFY_API_KEY is required/,
      /SHOPIFY_API_SECRET is required/,
      /SHOPIFY_APP_URL must be an absolute/,
      /SHOPIFY_API_VERSION "2019-01"/,
      /DATABASE_URL must be a file: \(SQLite\) or postgresql/,
      /SNAPSHELF_STORAGE_URL/,
      /SNAPSHELF_MASTER_KEY/,
      /REDIS_URL is required/,
      /PORT must be an integer/,
    ];
    for (const pattern of expected)
      expect(
        problems.some((p) => pattern.test(p)),
        String(pattern),
      ).toBe(true);
    expect(problems).toHaveLength(expected.length);
  });

  it("refuses a PostgreSQL schema that is not a plain identifier", () => {
    const problems = problemsOf({ DATABASE_URL: "postgresql://app@db:5432/snapshelf?schema=a%20b;drop" });
    expect(problems.some((p) => /schema "a b;drop" must be a plain identifier/.test(p))).toBe(true);
  });

  it("requires exactly one key source", () => {
    expect(problemsOf({ ...production, SNAPSHELF_MASTER_KEY: undefined })).toEqual([
      expect.stringMatching(/one of SNAPSHELF_MASTER_KEY .* or SNAPSHELF_KMS_KEY is required/),
    ]);
    expect(
      problemsOf({
        ...production,
        SNAPSHELF_KMS_KEY: "projects/p/locations/l/keyRings/r/cryptoKeys/k",
      }),
    ).toEqual([expect.stringMatching(/exactly one of SNAPSHELF_MASTER_KEY and SNAPSHELF_KMS_KEY/)]);
    expect(
      problemsOf({ ...production, SNAPSHELF_MASTER_KEY: undefined, SNAPSHELF_KMS_KEY: "my-key" }),
    ).toEqual([expect.stringMatching(/SNAPSHELF_KMS_KEY must look like/)]);
  });

  it("refuses demo-only settings in production mode", () => {
    const problems = problemsOf({
      ...production,
      SNAPSHELF_SIMULATOR_URL: "http://127.0.0.1:4000",
      SNAPSHELF_DEMO_SHOP: "demo-shop.myshopify.com",
      APP_BRIDGE_URL: "/demo/app-bridge.js",
    });
    expect(problems).toEqual([
      expect.stringMatching(/SNAPSHELF_SIMULATOR_URL is a demo-only setting/),
      expect.stringMatching(/SNAPSHELF_DEMO_SHOP is a demo-only setting/),
      expect.stringMatching(/APP_BRIDGE_URL is a demo-only setting/),
    ]);
  });

  it("refuses plain http app URLs in production but allows them in demo mode", () => {
    const env = { ...production, SHOPIFY_APP_URL: "http://127.0.0.1:3000" };
    expect(problemsOf(env)).toEqual([expect.stringMatching(/must use https in production/)]);
    const demo = loadConfig(
      { ...env, SNAPSHELF_MODE: "demo", SNAPSHELF_SIMULATOR_URL: "http://127.0.0.1:4000/" },
      cwd,
    );
    expect(demo.demo).toEqual({
      simulatorUrl: "http://127.0.0.1:4000",
      shopDomain: "demo-shop.myshopify.com",
    });
  });

  it("requires the simulator in demo mode", () => {
    expect(problemsOf({ ...production, SNAPSHELF_MODE: "demo" })).toEqual([
      expect.stringMatching(/SNAPSHELF_SIMULATOR_URL is required in demo mode/),
    ]);
  });
});
