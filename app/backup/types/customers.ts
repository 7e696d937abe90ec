/** Customers (addresses, tags, metafields, consent): personal data, stored under the customer's subject key. */
import * as Q from "~/shopify/queries/backup-customers";
import { plain, sortById, sortMetafields, type JsonObject } from "../normalise";
import { METAFIELD_PAGES, type ChildPages } from "./child-pages";
import type { CanonicalRecord, RecordTypeModule } from "./module";
import { bulkRecords, byIdRecords, pagedRecords } from "./sources";

/** Canonical Customer; subject = its own GID so customers/redact shreds every copy. */
export function normaliseCustomer(raw: JsonObject): CanonicalRecord[] {
  const c = plain(raw) as JsonObject;
  const gid = String(c.id);
  return [{ type: "Customer", gid, subject: gid, record: { ...c, addressesV2: sortById(c.addressesV2), metafields: sortMetafields(c.metafields) } }];
}

const CUSTOMER_PAGES: ChildPages = { addressesV2: Q.BACKUP_CUSTOMER_MORE_ADDRESSES, ...METAFIELD_PAGES };

export const customers: RecordTypeModule = {
  name: "customers",
  dataType: "customers",
  types: ["Customer"],
  bulk: true,
  countField: "customersCount",
  normalise: normaliseCustomer,
  full: (ctx) => bulkRecords(ctx, "customers", Q.BACKUP_CUSTOMERS_BULK, normaliseCustomer),
  paged: (ctx) => pagedRecords(ctx, Q.BACKUP_CUSTOMERS_PAGE, "customers", 10, normaliseCustomer, {}, CUSTOMER_PAGES),
  byIds: (ctx, ids) => byIdRecords(ctx, Q.BACKUP_CUSTOMERS_BY_ID, ids, 10, normaliseCustomer, CUSTOMER_PAGES),
};
