/**
 * Orders as CSV: one row per line item (an order without line items gets one
 * row), every row carrying its order's columns so a spreadsheet can filter or
 * pivot on any row alone. RFC 4180 quoting, CRLF line ends. Column names
 * follow Shopify's own order export where one exists, so merchants find
 * familiar headings.
 */
import type { MoneyBag, OrderAddress, OrderLineItem, SnapshotOrder } from "./types";

type Cell = string | number | boolean | null | undefined;

interface RowContext {
  item: SnapshotOrder;
  line: OrderLineItem | null;
  position: number | null;
}

const money = (bag: MoneyBag | null | undefined): string => bag?.shopMoney?.amount ?? "";
const fullName = (a: OrderAddress | null | undefined) => [a?.firstName, a?.lastName].filter(Boolean).join(" ");

function addressColumns(prefix: string, pick: (c: RowContext) => OrderAddress | null | undefined): [string, (c: RowContext) => Cell][] {
  return [
    [`${prefix} Name`, (c) => fullName(pick(c))],
    [`${prefix} Company`, (c) => pick(c)?.company],
    [`${prefix} Address1`, (c) => pick(c)?.address1],
    [`${prefix} Address2`, (c) => pick(c)?.address2],
    [`${prefix} City`, (c) => pick(c)?.city],
    [`${prefix} Zip`, (c) => pick(c)?.zip],
    [`${prefix} Province`, (c) => pick(c)?.province],
    [`${prefix} Province Code`, (c) => pick(c)?.provinceCode],
    [`${prefix} Country`, (c) => pick(c)?.country],
    [`${prefix} Country Code`, (c) => pick(c)?.countryCodeV2],
    [`${prefix} Phone`, (c) => pick(c)?.phone],
  ];
}

/** The columns, in order: heading and how to fill it. Money is in the shop's currency (`Currency`). */
const COLUMNS: [string, (c: RowContext) => Cell][] = [
  ["Name", (c) => c.item.order.name],
  ["Id", (c) => c.item.order.id],
  ["Created at", (c) => c.item.order.createdAt],
  ["Processed at", (c) => c.item.order.processedAt],
  ["Closed at", (c) => c.item.order.closedAt],
  ["Cancelled at", (c) => c.item.order.cancelledAt],
  ["Cancel Reason", (c) => c.item.order.cancelReason],
  ["Financial Status", (c) => c.item.order.displayFinancialStatus],
  ["Fulfillment Status", (c) => c.item.order.displayFulfillmentStatus],
  ["Currency", (c) => c.item.order.currencyCode],
  ["Subtotal", (c) => money(c.item.order.subtotalPriceSet)],
  ["Shipping", (c) => money(c.item.order.totalShippingPriceSet)],
  ["Taxes", (c) => money(c.item.order.totalTaxSet)],
  ["Discount Amount", (c) => money(c.item.order.totalDiscountsSet)],
  ["Total", (c) => money(c.item.order.totalPriceSet)],
  ["Refunded Amount", (c) => money(c.item.order.totalRefundedSet)],
  ["Shipping Method", (c) => c.item.order.shippingLine?.title],
  ["Tags", (c) => (c.item.order.tags ?? []).join(", ")],
  ["Test", (c) => c.item.order.test],
  ["Email", (c) => c.item.personal?.email],
  ["Phone", (c) => c.item.personal?.phone],
  ["Customer Id", (c) => c.item.order.customer?.id],
  ["Customer First Name", (c) => c.item.personal?.customerName?.firstName],
  ["Customer Last Name", (c) => c.item.personal?.customerName?.lastName],
  ["Notes", (c) => c.item.personal?.note],
  ["Personal Data", (c) => c.item.personalData],
  ["Lineitem position", (c) => c.position],
  ["Lineitem name", (c) => c.line?.title],
  ["Lineitem variant title", (c) => c.line?.variantTitle],
  ["Lineitem sku", (c) => c.line?.sku],
  ["Lineitem quantity", (c) => c.line?.quantity],
  ["Lineitem current quantity", (c) => c.line?.currentQuantity],
  ["Lineitem price", (c) => money(c.line?.originalUnitPriceSet)],
  ["Lineitem total", (c) => money(c.line?.discountedTotalSet)],
  ["Lineitem vendor", (c) => c.line?.vendor],
  ["Lineitem requires shipping", (c) => c.line?.requiresShipping],
  ["Lineitem taxable", (c) => c.line?.taxable],
  ["Lineitem variant id", (c) => c.line?.variant?.id],
  ["Lineitem product id", (c) => c.line?.product?.id],
  ...addressColumns("Billing", (c) => c.item.personal?.billingAddress),
  ...addressColumns("Shipping", (c) => c.item.personal?.shippingAddress),
];

/** The header row's cells. */
export const CSV_HEADERS: readonly string[] = COLUMNS.map(([heading]) => heading);

// A cell starting with one of these is run as a formula by Excel and LibreOffice (CSV injection).
const FORMULA_START = /^[=@\t\r]/;
const SIGN_START = /^[+-]/;
// Signed numbers and phone numbers ("-4.50", "+44 20 7946 0958") are data, not formulas: left alone.
const NUMBER_LIKE = /^[+-]?[\d\s().,/-]*$/;

/** One cell: formula-looking text gets a leading apostrophe; quoted when it holds a comma, quote, CR or LF. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (FORMULA_START.test(text) || (SIGN_START.test(text) && !NUMBER_LIKE.test(text))) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (CRLF-terminated). */
export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/** The rows of one order: one per line item, or a single row when it has none. */
export function orderCsvLines(item: SnapshotOrder): string {
  const lines = item.order.lineItems ?? [];
  const contexts: RowContext[] = lines.length ? lines.map((line, i) => ({ item, line, position: i + 1 })) : [{ item, line: null, position: null }];
  return contexts.map((c) => csvLine(COLUMNS.map(([, get]) => get(c)))).join("");
}

/** How many rows orderCsvLines writes for an order. */
export const csvRowCount = (item: SnapshotOrder) => Math.max(1, item.order.lineItems?.length ?? 0);
