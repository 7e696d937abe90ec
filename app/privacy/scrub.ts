/**
 * Removing one customer's personal data from what the database keeps beside
 * the repository: the catalog's search fields and the audit log's details.
 * Both are caches or logs; the repository's own copies are crypto-shredded.
 */
import type { Prisma } from "@prisma/client";
import type { Db } from "~/db.server";
import { countInChunks, inChunks } from "~/db/in-chunks";

/** Record types whose search fields can hold a person's name or email. */
export const PERSONAL_TYPES = ["Customer", "OrderPersonal"];

export const REDACTED_TEXT = "[redacted]";

/** The emails and names the catalog holds for these GIDs (what else to look for). */
export async function personalTerms(db: Db, shop: string, gids: string[]): Promise<{ emails: string[]; names: string[] }> {
  // Shopify lists every order of the customer in orders_to_redact: possibly more than one statement may bind.
  const rows = [];
  for (const chunk of inChunks(gids)) {
    rows.push(...(await db.recordVersion.findMany({ where: { shop, type: { in: PERSONAL_TYPES }, gid: { in: chunk } }, select: { type: true, email: true, title: true } })));
  }
  const emails = new Set<string>();
  const names = new Set<string>();
  for (const row of rows) {
    if (row.email) emails.add(row.email);
    if (row.type === "Customer" && row.title) names.add(row.title);
  }
  return { emails: [...emails], names: [...names] };
}

/**
 * Blanks title/handle/email of the personal rows for these GIDs, and of any
 * personal row carrying one of these emails (the customer's other orders,
 * whose OrderPersonal records sat under the same subject key). Rows stay, so
 * history still shows that a record existed; it now reads as redacted.
 */
export async function blankCatalogRows(db: Db, shop: string, gids: string[], emails: string[]): Promise<number> {
  const blank = (match: Prisma.RecordVersionWhereInput) =>
    db.recordVersion.updateMany({
      where: { shop, type: { in: PERSONAL_TYPES }, ...match, NOT: { title: null, handle: null, email: null } },
      data: { title: null, handle: null, email: null },
    });
  // Blanked rows no longer match (NOT all-null), so a row found by GID and by email counts once.
  return (await countInChunks(gids, (chunk) => blank({ gid: { in: chunk } }))) + (await countInChunks(emails, (chunk) => blank({ email: { in: chunk } })));
}

type Json = Prisma.JsonValue;

function scrubValue(value: Json, terms: string[], names: Set<string>): { value: Json; changed: boolean } {
  if (typeof value === "string") {
    const lower = value.toLowerCase();
    const hit = names.has(value) || terms.some((t) => lower.includes(t));
    return hit ? { value: REDACTED_TEXT, changed: true } : { value, changed: false };
  }
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = scrubValue(v, terms, names);
      changed ||= r.changed;
      return r.value;
    });
    return { value: out, changed };
  }
  if (value && typeof value === "object") {
    let changed = false;
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = scrubValue(v ?? null, terms, names);
      changed ||= r.changed;
      out[k] = r.value;
    }
    return { value: out, changed };
  }
  return { value, changed: false };
}

/**
 * Replaces every audit detail string that contains one of the emails (any
 * case) or equals one of the names. Entries are facts about the backups, so
 * they stay; only the personal strings in them go.
 */
export async function scrubAuditLog(db: Db, shop: string, emails: string[], names: string[]): Promise<number> {
  const terms = emails.map((e) => e.toLowerCase()).filter((e) => e.length > 0);
  const exact = new Set(names.filter((n) => n.length > 0));
  if (terms.length === 0 && exact.size === 0) return 0;
  let scrubbed = 0;
  let cursor: string | undefined;
  // Paged by id so a long-lived shop's log never sits in memory whole.
  for (;;) {
    const rows = await db.auditLog.findMany({
      where: { shop },
      orderBy: { id: "asc" },
      take: 500,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      select: { id: true, details: true },
    });
    if (rows.length === 0) return scrubbed;
    for (const row of rows) {
      const result = scrubValue(row.details, terms, exact);
      if (!result.changed) continue;
      await db.auditLog.update({ where: { id: row.id }, data: { details: result.value as Prisma.InputJsonValue } });
      scrubbed += 1;
    }
    cursor = rows[rows.length - 1].id;
  }
}
