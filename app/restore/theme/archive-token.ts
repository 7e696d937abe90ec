/**
 * Short-lived capability tokens for theme archives. Shopify fetches the zip
 * of `themeCreate(source:)` without any session, so the URL itself is the
 * credential: it names one (shop, snapshot, theme, archive) and an expiry,
 * signed with a key derived from the app secret.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** What a token grants: one theme of one snapshot of one shop, until `expiresAt` (ms). */
export interface ArchiveGrant {
  shop: string;
  snapshotId: string;
  themeGid: string;
  /** Names the built file in scratch space (one restore run). */
  archiveId: string;
  expiresAt: number;
}

const VERSION = "v1";

/** A separate key per purpose, so a token can never be replayed as another HMAC the app checks. */
function tokenKey(appSecret: string): Buffer {
  return createHmac("sha256", appSecret).update("snapshelf/theme-archive/v1").digest();
}

const sign = (key: Buffer, body: string) => createHmac("sha256", key).update(`${VERSION}.${body}`).digest("base64url");

/** Signs a grant into a URL-safe token. */
export function signArchiveToken(grant: ArchiveGrant, appSecret: string): string {
  const body = Buffer.from(JSON.stringify({ s: grant.shop, n: grant.snapshotId, t: grant.themeGid, a: grant.archiveId, e: grant.expiresAt }), "utf8").toString("base64url");
  return `${VERSION}.${body}.${sign(tokenKey(appSecret), body)}`;
}

/** The grant of a valid, unexpired token; null for anything else (tampered, expired, malformed). */
export function verifyArchiveToken(token: string, appSecret: string, now: number = Date.now()): ArchiveGrant | null {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION) return null;
  const [, body, signature] = parts;
  const expected = Buffer.from(sign(tokenKey(appSecret), body), "base64url");
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const g = raw as { s?: unknown; n?: unknown; t?: unknown; a?: unknown; e?: unknown };
  if (typeof g.s !== "string" || typeof g.n !== "string" || typeof g.t !== "string" || typeof g.a !== "string" || typeof g.e !== "number") return null;
  if (now >= g.e) return null;
  return { shop: g.s, snapshotId: g.n, themeGid: g.t, archiveId: g.a, expiresAt: g.e };
}
