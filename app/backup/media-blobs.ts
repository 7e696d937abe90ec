/**
 * Product image bytes, stored content-addressed so a deleted image can be
 * restored after Shopify's CDN forgot it. Two record types:
 *  - MediaBlob  gid "sha256:<hex>": the bytes (base64) + content type; the
 *    repository dedups identical bytes across products and snapshots.
 *  - MediaSource gid = the MediaImage GID: which product and URL it came
 *    from and which blob holds its bytes (restore follows this link).
 * Bytes already stored for the same media GID and URL in the parent
 * snapshot are re-used from the repository instead of re-downloaded.
 */
import { createHash } from "node:crypto";
import { IntegrityError } from "~/errors";
import { DigestSet } from "./digest-set";
import type { JsonObject } from "./normalise";
import { downloadBytes } from "./types/themes";
import type { CanonicalRecord, FetchContext } from "./types/module";

/** Reads records of the parent snapshot (repository.getRecord bound to it). */
export type ParentLookup = (type: string, gid: string) => Promise<JsonObject | undefined>;

export interface MediaStats {
  images: number;
  downloaded: number;
  reused: number;
  downloadedBytes: number;
}

interface ImageRef {
  mediaId: string;
  url: string;
  fileSize: number | null;
}

/** The images of a canonical Product record. */
export function productImages(record: JsonObject): ImageRef[] {
  const out: ImageRef[] = [];
  for (const media of (record.media as JsonObject[] | undefined) ?? []) {
    if (media.mediaContentType !== "IMAGE") continue;
    const source = media.originalSource as { url?: string; fileSize?: number | null } | null | undefined;
    const image = media.image as { url?: string } | null | undefined;
    const url = source?.url ?? image?.url;
    if (typeof url === "string") out.push({ mediaId: String(media.id), url, fileSize: source?.fileSize ?? null });
  }
  return out;
}

/** Downloads (and other records) in flight at once: hides download latency. */
const LOOKAHEAD = 8;
/**
 * Image bytes in flight at most, by `originalSource.fileSize` where Shopify
 * gives it: each image is held as bytes and base64 until the repository
 * takes it, so a run of large images must not multiply by the look-ahead.
 */
const LOOKAHEAD_BYTES = 8 * 1024 * 1024;

export interface MediaOptions {
  /**
   * Incremental snapshots only (the parent's records stay unless replaced):
   * images the parent's product record already had with the same URL, as
   * imageKey(media GID, url). Their MediaSource and blob carry over from the
   * parent (a snapshot holding a MediaSource holds its blob, and incrementals
   * never delete blobs), so nothing is looked up, read back or written for
   * them: on the large store each parent lookup decoded a 1 MB block for one
   * small record, and each blob read brought the image bytes back. A full
   * snapshot must list every blob again, so it passes none.
   */
  unchangedImages?: ReadonlySet<string>;
}

/** Key of an image in MediaOptions.unchangedImages. */
export const imageKey = (mediaId: string, url: string) => `${mediaId}\u0000${url}`;

/** Adds MediaBlob / MediaSource records after every Product record of the stream (order of other records kept). */
export async function* withMediaBlobs(
  records: AsyncIterable<CanonicalRecord>,
  ctx: FetchContext,
  parent: ParentLookup | undefined,
  stats: MediaStats,
  options: MediaOptions = {},
): AsyncGenerator<CanonicalRecord> {
  // Blobs already emitted in this snapshot (their digests: ~16 bytes per distinct image).
  const emitted = new DigestSet();
  // One entry per record or per image (not per product), so a product with hundreds of images is bounded too.
  const inflight: { records: Promise<CanonicalRecord[]>; bytes: number }[] = [];
  let inflightBytes = 0;
  const collect = async (image: ImageRef, productGid: string): Promise<CanonicalRecord[]> => {
    const out: CanonicalRecord[] = [];
    for await (const extra of imageRecords(image, productGid, ctx, parent, emitted, stats)) out.push(extra);
    return out;
  };
  async function* drain(full: () => boolean): AsyncGenerator<CanonicalRecord> {
    while (inflight.length > 0 && full()) {
      const head = inflight.shift() as (typeof inflight)[number];
      inflightBytes -= head.bytes;
      yield* await head.records;
    }
  }
  const crowded = () => inflight.length >= LOOKAHEAD || inflightBytes > LOOKAHEAD_BYTES;
  try {
    for await (const record of records) {
      inflight.push({ records: Promise.resolve([record]), bytes: 0 });
      if (record.type === "Product") {
        for (const image of productImages(record.record)) {
          stats.images += 1;
          if (options.unchangedImages?.has(imageKey(image.mediaId, image.url))) {
            stats.reused += 1;
            continue;
          }
          yield* drain(crowded);
          const bytes = image.fileSize ?? 0;
          const pending = collect(image, record.gid);
          // Observed now: a download failing before its turn must not count as an unhandled rejection.
          pending.catch(() => undefined);
          inflight.push({ records: pending, bytes });
          inflightBytes += bytes;
        }
      }
      yield* drain(crowded);
    }
    yield* drain(() => true);
  } finally {
    // Settle abandoned downloads so none rejects unobserved.
    await Promise.allSettled(inflight.map((entry) => entry.records));
  }
}

async function* imageRecords(
  image: ImageRef,
  productGid: string,
  ctx: FetchContext,
  parent: ParentLookup | undefined,
  emitted: DigestSet,
  stats: MediaStats,
): AsyncGenerator<CanonicalRecord> {
  let blob: JsonObject | undefined;
  const previous = await parent?.("MediaSource", image.mediaId);
  if (previous && previous.url === image.url && typeof previous.sha256 === "string") {
    if (emitted.has(previous.sha256)) blob = { sha256: previous.sha256, contentType: previous.contentType, size: previous.size };
    else {
      blob = await parent?.("MediaBlob", `sha256:${previous.sha256}`);
      if (blob) stats.reused += 1;
    }
  }
  if (!blob) {
    const bytes = await downloadBytes(ctx, image.url, { media: image.mediaId, product: productGid });
    if (image.fileSize !== null && image.fileSize !== bytes.length) {
      throw new IntegrityError("Downloaded image size differs from originalSource.fileSize", { media: image.mediaId, expected: image.fileSize, actual: bytes.length });
    }
    stats.downloaded += 1;
    stats.downloadedBytes += bytes.length;
    blob = { sha256: createHash("sha256").update(bytes).digest("hex"), contentType: sniffContentType(bytes), size: bytes.length, data: bytes.toString("base64") };
  }
  const sha256 = String(blob.sha256);
  if (!emitted.has(sha256) && typeof blob.data === "string") {
    emitted.add(sha256);
    yield { type: "MediaBlob", gid: `sha256:${sha256}`, record: blob };
  }
  yield {
    type: "MediaSource",
    gid: image.mediaId,
    record: { media: image.mediaId, product: productGid, url: image.url, sha256, contentType: blob.contentType ?? null, size: blob.size ?? null },
  };
}

/** Content type from the bytes (CDN headers vary; the bytes do not). */
export function sniffContentType(bytes: Buffer): string {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return "image/jpeg";
  if (bytes.subarray(0, 4).toString("latin1") === "GIF8") return "image/gif";
  if (bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP") return "image/webp";
  return "application/octet-stream";
}
