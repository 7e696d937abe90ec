/**
 * customers/redact: crypto-shreds the customer's subject key (and the keys of
 * the listed orders, which are the subjects of guest checkouts), so every
 * copy of their Customer and OrderPersonal records in every snapshot becomes
 * unreadable at once; then removes what the database and export folder keep.
 */
import { recordAudit } from "~/services/audit.server";
import { deleteCustomerExports } from "./data-request";
import { openExisting, retryOnBusy, type PrivacyDeps } from "./deps";
import type { CustomerRequest } from "./requests";
import { blankCatalogRows, personalTerms, scrubAuditLog } from "./scrub";

export interface RedactCustomerReport {
  /** False when the shop never had a repository (nothing to shred). */
  repository: boolean;
  subjects: number;
  keysDeleted: number;
  catalogRowsBlanked: number;
  auditEntriesScrubbed: number;
  exportsDeleted: number;
}

/** Erases one customer's personal data from the backups; idempotent (a re-run finds nothing left to do). */
export async function redactCustomer(
  deps: PrivacyDeps,
  shop: string,
  request: CustomerRequest,
  options: { signal: AbortSignal; jobId?: string },
): Promise<RedactCustomerReport> {
  const subjects = [request.customerGid, ...request.orderGids];
  // Read before anything is blanked, so a re-run after a crash still knows what to look for.
  const terms = await personalTerms(deps.db, shop, subjects);

  const repository = await openExisting(deps, shop);
  let keysDeleted = 0;
  if (repository) {
    // Keys first: once they are gone the data is unreadable everywhere, whatever fails next.
    for (const subject of subjects) keysDeleted += await retryOnBusy(deps, options.signal, () => repository.forgetSubject(subject));
  }
  const catalogRowsBlanked = await blankCatalogRows(deps.db, shop, subjects, terms.emails);
  const auditEntriesScrubbed = await scrubAuditLog(deps.db, shop, terms.emails, terms.names);
  const exportsDeleted = await deleteCustomerExports(deps.exportDir, shop, request.customerGid);

  const report = { repository: Boolean(repository), subjects: subjects.length, keysDeleted, catalogRowsBlanked, auditEntriesScrubbed, exportsDeleted };
  await recordAudit(deps.db, {
    shop,
    actor: "snapshelf",
    action: "privacy.customer_redacted",
    // Shopify's numeric id and counts: enough to prove the request was honoured, nothing to identify the person by.
    details: { customerId: Number(request.customerId), ordersRedacted: request.orderGids.length, ...report, ...(options.jobId ? { jobId: options.jobId } : {}) },
  });
  return report;
}
