import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/shared.server";
import { ordersExportResponse } from "~/restore/orders/response";
import { recordAudit } from "~/services/audit.server";
import { openShopRepository } from "~/services/backups.server";
import { authenticate } from "~/shopify.server";

/**
 * GET /app/snapshots/<id>/orders/csv | /orders/jsonl: the snapshot's orders
 * as a streamed download (docs/orders-export.md). 404 unknown snapshot, 400
 * unknown format. (A `orders.csv` URL cannot carry a parameter: React Router
 * matches parameters only as whole path segments.)
 */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const snapshotId = String(params.id ?? "");
  const format = String(params.format ?? "");
  const repository = await openShopRepository(session.shop);
  return ordersExportResponse(repository, snapshotId, format, {
    // The file holds customer contact data: who downloaded what goes to the audit log (ids only).
    onStart: () =>
      recordAudit(getDb(), { shop: session.shop, actor: `merchant:${sessionToken?.sub ?? "unknown"}`, action: "orders.exported", details: { snapshotId, format } }),
  });
};
