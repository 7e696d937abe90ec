/** Health check: the process is up and its database answers. */
import { getDb } from "~/db/shared.server";

/** Pings the database; never throws. */
export async function checkHealth(): Promise<{ ok: boolean; database: "up" | "down" }> {
  try {
    await getDb().$queryRawUnsafe("SELECT 1");
    return { ok: true, database: "up" };
  } catch {
    return { ok: false, database: "down" };
  }
}
