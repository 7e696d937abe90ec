/**
 * Orders export downloads. A plain link in the embedded admin carries no
 * session token, so the snapshot page hands out short-lived capability
 * URLs (one shop, snapshot, format and merchant; 10 minutes) and the
 * download route verifies them instead of a session.
 */
import { getConfig } from "~/config/config.server";
import { getDb } from "~/db/shared.server";
import { ordersExportResponse } from "~/restore/orders/response";
import { signCapability, verifyCapability } from "~/security/capability-token";
import { recordAudit } from "./audit.server";
import { openShopRepository } from "./backups.server";

const PURPOSE = "orders-export";
const LIFETIME_MS = 10 * 60_000;

/** Download URLs (CSV, JSONL) for one snapshot's orders, valid for ten minutes. */
export function ordersExportLinks(shop: string, snapshotId: string, actor: string, now = Date.now()): { csv: string; jsonl: string } {
  const secret = getConfig().shopify.apiSecret;
  const link = (format: string) => `/api/orders-export/${signCapability(PURPOSE, { s: shop, n: snapshotId, f: format, a: actor }, now + LIFETIME_MS, secret)}`;
  return { csv: link("csv"), jsonl: link("jsonl") };
}

/** Streams the export a valid token grants; 404 for an invalid or expired one (it names nothing). */
export async function serveOrdersExport(token: string): Promise<Response> {
  const grant = verifyCapability(PURPOSE, token, getConfig().shopify.apiSecret);
  const { s: shop, n: snapshotId, f: format, a: actor } = grant?.fields ?? {};
  if (typeof shop !== "string" || typeof snapshotId !== "string" || typeof format !== "string" || typeof actor !== "string") {
    throw new Response("This download link is invalid or has expired. Open the snapshot again for a fresh one.", { status: 404 });
  }
  return ordersExportResponse(await openShopRepository(shop), snapshotId, format, {
    // The file holds customer contact data: who downloaded what goes to the audit log (ids only).
    onStart: () => recordAudit(getDb(), { shop, actor, action: "orders.exported", details: { snapshotId, format } }),
  });
}
