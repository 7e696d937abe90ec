/**
 * The privacy jobs as the app runs them: repository handles and the export
 * folder from the configuration. worker.server.ts spreads
 * `privacyJobHandlers()` into the app's handler map.
 */
import { join } from "node:path";
import { getConfig, type AppConfig } from "~/config/config.server";
import type { Db } from "~/db.server";
import { getDb } from "~/db/shared.server";
import type { JobHandler } from "~/jobs/job-queue";
import type { KeyProvider } from "~/keys/key-provider";
import { createKmsKeyProvider } from "~/keys/kms-key-provider";
import { createLocalKeyProvider } from "~/keys/local-key-provider";
import { createRepository } from "~/repo";
import { openBlobStore } from "~/storage/open-blob-store";
import type { PrivacyDeps } from "./deps";
import { createPrivacyHandlers } from "./jobs";

let keys: KeyProvider | undefined;

/** The app's privacy dependencies from its configuration. */
export function privacyDeps(db: Db = getDb(), config: AppConfig = getConfig()): PrivacyDeps {
  keys ??= config.keys.kind === "master" ? createLocalKeyProvider(config.keys.masterKey) : createKmsKeyProvider({ keyName: config.keys.keyName });
  const provider = keys;
  return {
    db,
    // Unopened: the jobs must never create a repository for a shop that had none.
    repositoryFor: async (shop) => createRepository({ store: await openBlobStore(config.storageUrl), keys: provider, shop }),
    exportDir: join(config.dataDir, "exports"),
  };
}

/** customers/redact, customers/data_request and shop/redact job handlers. */
export function privacyJobHandlers(db: Db = getDb()): Record<string, JobHandler> {
  return createPrivacyHandlers(privacyDeps(db));
}
