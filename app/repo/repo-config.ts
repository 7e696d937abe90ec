import { randomBytes } from "node:crypto";
import { ConflictError, IntegrityError, NotFoundError, UserFacingError } from "~/errors";
import { canonicalJson } from "./canonical";
import { hmac, randomHex } from "./crypto";
import { FORMAT_NAME, FORMAT_VERSION } from "./format";
import type { RepoContext } from "./context";

/** The config object: the only plaintext object, holding wrapped keys only. */
export interface RepoConfig {
  format: string;
  version: number;
  repoId: string;
  shop: string;
  createdAt: string;
  kek: string;
  keys: { data: string; hash: string; subjectWrap: string };
  mac?: string;
}

export interface RepoKeys {
  repoId: string;
  dataKey: Buffer;
  hashKey: Buffer;
  subjectWrapKey: Buffer;
}

const wrapContext = (shop: string, purpose: string) => `${shop}/${purpose}`;

/** Writes a new config (create-only); ConflictError if the repository exists. */
export async function initConfig(ctx: RepoContext): Promise<RepoKeys> {
  const keys: RepoKeys = {
    repoId: randomHex(16),
    dataKey: randomBytes(32),
    hashKey: randomBytes(32),
    subjectWrapKey: randomBytes(32),
  };
  const wrap = async (key: Buffer, purpose: string) =>
    Buffer.from(await ctx.keys.wrap(key, wrapContext(ctx.shop, purpose))).toString("base64");
  const config: RepoConfig = {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    repoId: keys.repoId,
    shop: ctx.shop,
    createdAt: ctx.now().toISOString(),
    kek: ctx.keys.keyId,
    keys: {
      data: await wrap(keys.dataKey, "data"),
      hash: await wrap(keys.hashKey, "hash"),
      subjectWrap: await wrap(keys.subjectWrapKey, "subject-wrap"),
    },
  };
  config.mac = configMac(keys.hashKey, config);
  try {
    await ctx.store.put(ctx.layout.config, Buffer.from(JSON.stringify(config, null, 2)), { ifAbsent: true });
  } catch (error) {
    if (error instanceof ConflictError) {
      throw new ConflictError(`A repository for ${ctx.shop} already exists`, { shop: ctx.shop }, { cause: error });
    }
    throw error;
  }
  return keys;
}

/** Reads and authenticates the config, unwrapping the shop's keys. */
export async function loadConfig(ctx: RepoContext): Promise<RepoKeys> {
  let raw: Uint8Array;
  try {
    raw = await ctx.store.get(ctx.layout.config);
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new NotFoundError(`No repository for ${ctx.shop} at ${ctx.store.url}`, { shop: ctx.shop }, { cause: error });
    }
    throw error;
  }
  let config: RepoConfig;
  try {
    config = JSON.parse(Buffer.from(raw).toString("utf8")) as RepoConfig;
  } catch (cause) {
    throw new IntegrityError("Repository config is not valid JSON", { shop: ctx.shop }, { cause });
  }
  if (config.format !== FORMAT_NAME) throw new IntegrityError("Not a Snapshelf repository", { shop: ctx.shop });
  if (config.version > FORMAT_VERSION) {
    throw new UserFacingError(
      `This repository uses format version ${config.version}; this Snapshelf reads up to ${FORMAT_VERSION}. Upgrade Snapshelf.`,
      { version: config.version },
    );
  }
  if (config.shop !== ctx.shop) {
    throw new IntegrityError(`Repository belongs to ${config.shop}, not ${ctx.shop}`, { shop: ctx.shop });
  }
  const unwrap = async (wrapped: string, purpose: string) =>
    Buffer.from(await ctx.keys.unwrap(Buffer.from(wrapped, "base64"), wrapContext(ctx.shop, purpose)));
  const keys: RepoKeys = {
    repoId: config.repoId,
    dataKey: await unwrap(config.keys.data, "data"),
    hashKey: await unwrap(config.keys.hash, "hash"),
    subjectWrapKey: await unwrap(config.keys.subjectWrap, "subject-wrap"),
  };
  if (config.mac !== configMac(keys.hashKey, config)) {
    throw new IntegrityError("Repository config was altered (MAC mismatch)", { shop: ctx.shop });
  }
  return keys;
}

function configMac(hashKey: Buffer, config: RepoConfig): string {
  const { mac: _mac, ...body } = config;
  return hmac(hashKey, "snapshelf/config\u0000", canonicalJson(body)).toString("hex");
}
