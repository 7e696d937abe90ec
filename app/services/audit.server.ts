/** The audit log: an append-only record of what happened to a shop's backups. */
import type { Prisma } from "@prisma/client";
import type { Db } from "~/db.server";

export interface AuditEntry {
  shop: string;
  /** Who acted: "merchant:<user id>", "shopify" (webhooks) or "system". */
  actor: string;
  action: string;
  details?: Prisma.InputJsonObject;
}

/** Appends one entry. */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      shop: entry.shop,
      actor: entry.actor,
      action: entry.action,
      details: entry.details ?? {},
    },
  });
}
