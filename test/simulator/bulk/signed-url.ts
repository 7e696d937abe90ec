/**
 * Result URLs of bulk operations are signed and expire after seven days
 * (shopify.dev BulkOperation.url: "The URL expires 7 days after the
 * operation completes"); after that the download is refused.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const RESULT_URL_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function signPath(secret: string, path: string, expiresEpochSeconds: number): string {
  const signature = createHmac("sha256", secret).update(`${path}\n${expiresEpochSeconds}`).digest("hex");
  return `${path}?expires=${expiresEpochSeconds}&signature=${signature}`;
}

/** "ok", or why the link may not be served. */
export function checkSignedPath(
  secret: string,
  path: string,
  query: URLSearchParams,
  nowMs: number,
): "ok" | "expired" | "invalid" {
  const expires = Number(query.get("expires"));
  const signature = query.get("signature") ?? "";
  if (!Number.isFinite(expires)) return "invalid";
  const expected = createHmac("sha256", secret).update(`${path}\n${expires}`).digest("hex");
  const a = Buffer.from(signature);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return "invalid";
  return nowMs > expires * 1000 ? "expired" : "ok";
}
