/**
 * The HTTP download of an orders export (web-standard Response, no Remix):
 * the route authenticates and opens the shop's repository, this streams.
 * Not-found and bad input are thrown Responses, as the app's routes do.
 */
import { NotFoundError } from "~/errors";
import type { Repository } from "~/repo";
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS, exportFileName, exportOrders, parseExportFormat, type ExportOptions, type OrdersExport } from "./export";

// Snapshot ids are `<UTC stamp>-<hex>`; anything else never reaches the storage layer.
const SNAPSHOT_ID = /^[0-9A-Za-z-]{1,80}$/;

/** A pull-based byte stream over text chunks: the next chunk is produced only when the client reads. */
export function textStream(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    // The client went away: stop reading the snapshot.
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
}

/**
 * GET …/orders/<format>: 400 for an unknown format, 404 for an unknown
 * snapshot, else 200 with the file as an attachment. `onStart` sees the
 * export before the first byte (audit, stats).
 */
export async function ordersExportResponse(
  repository: Repository,
  snapshotId: string,
  formatName: string,
  options: ExportOptions & { onStart?: (exported: OrdersExport) => void | Promise<void> } = {},
): Promise<Response> {
  const format = parseExportFormat(formatName);
  if (!format) throw new Response(`Unknown export format "${formatName}": use ${EXPORT_FORMATS.join(" or ")}`, { status: 400 });
  if (!SNAPSHOT_ID.test(snapshotId)) throw new Response("Snapshot not found", { status: 404 });
  try {
    await repository.getSnapshot(snapshotId);
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response("Snapshot not found", { status: 404 });
    throw error;
  }
  const exported = exportOrders(repository, snapshotId, format, options);
  await options.onStart?.(exported);
  return new Response(textStream(exported.chunks), {
    status: 200,
    headers: {
      "Content-Type": EXPORT_CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="${exportFileName(snapshotId, format)}"`,
      // Customer contact data: never kept by a browser or proxy cache.
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
