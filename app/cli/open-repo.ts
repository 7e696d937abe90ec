import { readFile } from "node:fs/promises";
import { IntegrityError, NotFoundError, SnapshelfError } from "~/errors";
import { createLocalKeyProvider } from "~/keys/local-key-provider";
import { createRepository, type Repository } from "~/repo";
import { openBlobStore } from "~/storage/open-blob-store";
import { requireOpt, stringOpt, UsageError, type Parsed } from "./args";

/** The failure every operator sees for a key that does not open the config. */
export const WRONG_KEY_MESSAGE = "cannot open repository: wrong key or corrupted config";

/** A repository problem the CLI reports as is (exit code 1). */
export class CliError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "CliError";
  }
}

/** Options every repo command shares. */
export const repoOptions = {
  repo: { type: "string" },
  shop: { type: "string" },
  "master-key-file": { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** The master key from --master-key-file, else SNAPSHELF_MASTER_KEY. */
async function masterKey(parsed: Parsed): Promise<string> {
  const file = stringOpt(parsed, "master-key-file");
  if (file) {
    try {
      return (await readFile(file, "utf8")).trim();
    } catch (error) {
      throw new UsageError(
        `cannot read --master-key-file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
  }
  const env = process.env.SNAPSHELF_MASTER_KEY?.trim();
  if (!env)
    throw new UsageError("no master key: pass --master-key-file FILE or set SNAPSHELF_MASTER_KEY");
  return env;
}

/** Builds the repository handle from --repo/--shop/key; `mode` says whether to init or open it. */
export async function openRepository(parsed: Parsed, mode: "open" | "init"): Promise<Repository> {
  const url = requireOpt(parsed, "repo");
  const shop = requireOpt(parsed, "shop");
  const key = await masterKey(parsed);
  let keys;
  try {
    keys = createLocalKeyProvider(key);
  } catch (error) {
    throw new UsageError(`invalid master key: ${(error as Error).message}`);
  }
  let store;
  try {
    store = await openBlobStore(url);
  } catch (error) {
    throw new UsageError(`invalid --repo ${url}: ${(error as Error).message}`);
  }
  const repo = createRepository({ store, keys, shop });
  if (mode === "init") {
    await repo.init();
    return repo;
  }
  try {
    await repo.open();
  } catch (error) {
    if (error instanceof NotFoundError)
      throw new CliError(`cannot open repository: ${error.message}`, { cause: error });
    // An unwrap failure and a tampered config look the same on purpose: neither says which.
    if (error instanceof IntegrityError) throw new CliError(WRONG_KEY_MESSAGE, { cause: error });
    if (error instanceof SnapshelfError)
      throw new CliError(`cannot open repository: ${error.message}`, { cause: error });
    throw error;
  }
  return repo;
}
