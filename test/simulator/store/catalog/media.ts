/**
 * Media from `originalSource` URLs. Shopify downloads the source
 * asynchronously and marks the media FAILED when it cannot; the simulator has
 * no network, so only its own URLs (staged upload targets and catalog CDN
 * paths) resolve, and any other URL yields a FAILED MediaImage.
 */
import type { SimContext } from "../core";
import { pngSize } from "./png";
import type { CatalogRuntime } from "./runtime";
import type { MediaRecord } from "./types";

/** Pixel size of PNG, JPEG or GIF bytes; undefined for other formats. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const png = pngSize(bytes);
  if (png) return png;
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return { width: bytes[6] | (bytes[7] << 8), height: bytes[8] | (bytes[9] << 8) };
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return undefined;
      const marker = bytes[i + 1];
      const length = (bytes[i + 2] << 8) | bytes[i + 3];
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { height: (bytes[i + 5] << 8) | bytes[i + 6], width: (bytes[i + 7] << 8) | bytes[i + 8] };
      }
      i += 2 + length;
    }
  }
  return undefined;
}

const EXTENSIONS: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp" };

/** A new MediaRecord whose bytes are copied from `source` (or a FAILED one). */
export function resolveMediaSource(rt: CatalogRuntime, ctx: SimContext, source: string, alt: string | null, now: string): MediaRecord {
  const id = rt.allocateMediaId();
  const prefix = `${ctx.cdnBaseUrl}/catalog/`;
  const bytes = source.startsWith(prefix) ? rt.model.bytes(source.slice(prefix.length)) : undefined;
  if (!bytes) {
    return { id, alt, width: null, height: null, path: `uploads/${id}`, fileSize: 0, mimeType: "image/png", status: "FAILED", createdAt: now, updatedAt: now };
  }
  const path = `uploads/${id}.${EXTENSIONS[bytes.contentType] ?? "bin"}`;
  rt.state.blobs.set(path, { body: new Uint8Array(bytes.body), contentType: bytes.contentType });
  const size = imageSize(bytes.body);
  return {
    id,
    alt,
    width: size?.width ?? null,
    height: size?.height ?? null,
    path,
    fileSize: bytes.body.length,
    mimeType: bytes.contentType,
    status: "READY",
    createdAt: now,
    updatedAt: now,
  };
}
