/**
 * Scrubbing the catalog for a customer with more orders than one SQLite
 * statement can list (Prisma binds each `in` element; SQLite takes 999):
 * every personal row of the customer is found and blanked, nobody else's.
 */
import { expect, it } from "vitest";
import { blankCatalogRows, personalTerms } from "./scrub";
import { useMigratedSqlite } from "../../test/support/sqlite";

const sqlite = useMigratedSqlite("scrub");
const shop = "wholesale.myshopify.com";

const row = (type: string, gid: string, title: string, email: string | null) => ({
  shop,
  type,
  gid,
  recordId: `r-${gid}`,
  title,
  handle: null,
  email,
  firstSeenSnapshot: "s1",
  lastSeenSnapshot: "s1",
  firstSeenAt: new Date("2026-11-01T00:00:00Z"),
  lastSeenAt: new Date("2026-11-01T00:00:00Z"),
});

it("finds and blanks the rows of a customer with 1,200 orders, and leaves another customer's alone", async () => {
  const orders = Array.from({ length: 1200 }, (_, i) => `gid://shopify/Order/${i + 1}`);
  const rows = [
    row("Customer", "gid://shopify/Customer/1", "Ada Buyer", "ada@example.com"),
    ...orders.map((gid) => row("OrderPersonal", gid, "Ada Buyer", "ada@example.com")),
    row("Customer", "gid://shopify/Customer/2", "Bo Other", "bo@example.com"),
  ];
  for (let at = 0; at < rows.length; at += 50) await sqlite.db.recordVersion.createMany({ data: rows.slice(at, at + 50) });

  const subjects = ["gid://shopify/Customer/1", ...orders];
  const terms = await personalTerms(sqlite.db, shop, subjects);
  expect(terms).toEqual({ emails: ["ada@example.com"], names: ["Ada Buyer"] });
  expect(await blankCatalogRows(sqlite.db, shop, subjects, terms.emails)).toBe(1201);
  expect(await sqlite.db.recordVersion.count({ where: { shop, OR: [{ email: "ada@example.com" }, { title: "Ada Buyer" }] } })).toBe(0);
  expect(await sqlite.db.recordVersion.findFirst({ where: { gid: "gid://shopify/Customer/2" }, select: { title: true, email: true } })).toEqual({ title: "Bo Other", email: "bo@example.com" });
});
