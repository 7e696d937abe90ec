/** The backup bulk documents pass Shopify's bulk restrictions (simulator planner) and can be assembled by the runner. */
import { describe, expect, it } from "vitest";
import { planBulkDocument } from "~/shopify/bulk-plan";
import * as customers from "~/shopify/queries/backup-customers";
import * as content from "~/shopify/queries/backup-content";
import * as products from "~/shopify/queries/backup-products";
import { planBulkQuery } from "../../../test/simulator/bulk/plan";

const documents = Object.entries({ ...products, ...customers, ...content })
  .filter(([name, value]) => /_BULK/.test(name) && typeof value === "string")
  .map(([name, source]) => ({ name, source: source as string }));

describe("backup bulk documents", () => {
  it("exist for every bulk-fetched type", () => {
    expect(documents.map((d) => d.name).sort()).toEqual([
      "BACKUP_COLLECTIONS_BULK",
      "BACKUP_CUSTOMERS_BULK",
      "BACKUP_LOCATIONS_BULK",
      "BACKUP_METAOBJECTS_BULK_EXAMPLE",
      "BACKUP_ORDERS_BULK",
      "BACKUP_PRODUCTS_BULK",
      "BACKUP_VARIANT_METAFIELDS_BULK",
    ]);
  });

  it.each(documents)("$name is accepted by the bulk planner and the runner", ({ source }) => {
    const planned = planBulkQuery(source);
    expect("errors" in planned ? planned.errors : []).toEqual([]);
    expect(() => planBulkDocument(source)).not.toThrow();
  });

  it("renders the paged form with pagination and the bulk form without", () => {
    expect(products.BACKUP_PRODUCTS_BULK).not.toMatch(/first:|pageInfo/);
    expect(products.BACKUP_PRODUCTS_PAGE).toMatch(/variants\(first: \d+\)/);
    expect(products.BACKUP_PRODUCTS_BY_ID).toMatch(/nodes\(ids: \$ids\)/);
  });
});
