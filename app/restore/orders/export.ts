/**
 * Orders export from any snapshot as CSV or JSONL, produced as a stream of
 * text chunks: orders are read one at a time (read-orders.ts) and written
 * out in chunks of about 64 KiB, so memory stays flat whatever the store's
 * size, and a slow consumer slows the reading down (pull-based).
 */
import type { Repository } from "~/repo";
import { CSV_HEADERS, csvLine, csvRowCount, orderCsvLines } from "./csv";
import { emptyReadStats, readSnapshotOrders, type ReadOrdersStats } from "./read-orders";
import type { SnapshotOrder } from "./types";

export const EXPORT_FORMATS = ["csv", "jsonl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The format named by a URL or flag, or undefined when unknown. */
export function parseExportFormat(value: string): ExportFormat | undefined {
  return (EXPORT_FORMATS as readonly string[]).includes(value) ? (value as ExportFormat) : undefined;
}

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
};

/**
 * One JSONL line's object: the Order record with the personal fields merged
 * back in (email, phone, note, addresses, the customer's name under
 * `customer`), and `personalData` saying whether they are there. Redacted or
 * missing personal data leaves those fields out entirely.
 */
export function orderJson(item: SnapshotOrder): Record<string, unknown> {
  const { order, personal, personalData } = item;
  if (!personal) return { ...order, personalData };
  const customer = order.customer ? { ...order.customer, firstName: personal.customerName?.firstName ?? null, lastName: personal.customerName?.lastName ?? null } : null;
  return {
    ...order,
    customer,
    email: personal.email,
    phone: personal.phone,
    note: personal.note,
    shippingAddress: personal.shippingAddress,
    billingAddress: personal.billingAddress,
    personalData,
  };
}

export interface ExportOptions {
  /** CSV only: start with a UTF-8 byte order mark so Excel reads accents right (default true). */
  bom?: boolean;
  /** Flush size in characters (default 64 KiB); tests use a tiny one. */
  chunkChars?: number;
}

export interface ExportStats extends ReadOrdersStats {
  /** CSV rows (excluding the header) or JSONL lines written. */
  rows: number;
  /** Characters written (UTF-16 code units, before encoding). */
  chars: number;
  done: boolean;
}

export interface OrdersExport {
  chunks: AsyncIterable<string>;
  /** Filled in while `chunks` is consumed; `done` once the last chunk was taken. */
  stats: ExportStats;
}

/** The orders of a snapshot as CSV or JSONL text chunks. Nothing is read until `chunks` is iterated. */
export function exportOrders(repository: Repository, snapshotId: string, format: ExportFormat, options: ExportOptions = {}): OrdersExport {
  const stats: ExportStats = { ...emptyReadStats(), rows: 0, chars: 0, done: false };
  const limit = options.chunkChars ?? 64 * 1024;
  async function* chunks(): AsyncGenerator<string> {
    let buffer = format === "csv" ? `${options.bom === false ? "" : "\uFEFF"}${csvLine(CSV_HEADERS)}` : "";
    for await (const item of readSnapshotOrders(repository, snapshotId, stats)) {
      if (format === "csv") {
        buffer += orderCsvLines(item);
        stats.rows += csvRowCount(item);
      } else {
        buffer += `${JSON.stringify(orderJson(item))}\n`;
        stats.rows++;
      }
      if (buffer.length >= limit) {
        stats.chars += buffer.length;
        yield buffer;
        buffer = "";
      }
    }
    if (buffer) {
      stats.chars += buffer.length;
      yield buffer;
    }
    stats.done = true;
  }
  return { chunks: chunks(), stats };
}

/** `orders-<snapshot>.<format>`: the download's file name. */
export function exportFileName(snapshotId: string, format: ExportFormat): string {
  return `orders-${snapshotId}.${format}`;
}
