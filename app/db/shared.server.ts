/** The process-wide database client, built on first use from the validated config. */
import { getConfig } from "~/config/config.server";
import { createDb, type Db } from "~/db.server";

let shared: Db | undefined;

/** The client every route and service in this process shares. */
export function getDb(): Db {
  shared ??= createDb(getConfig().database);
  return shared;
}
