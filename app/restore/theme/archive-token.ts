/**
 * Capability tokens for theme archives: Shopify fetches the zip of
 * `themeCreate(source:)` without any session, so the URL names one (shop,
 * snapshot, theme, archive) and an expiry (app/security/capability-token.ts).
 */
import { signCapability, verifyCapability } from "~/security/capability-token";

/** What a token grants: one theme of one snapshot of one shop, until `expiresAt` (ms). */
export interface ArchiveGrant {
  shop: string;
  snapshotId: string;
  themeGid: string;
  /** Names the built file in scratch space (one restore run). */
  archiveId: string;
  expiresAt: number;
}

const PURPOSE = "theme-archive";

/** Signs a grant into a URL-safe token. */
export function signArchiveToken(grant: ArchiveGrant, appSecret: string): string {
  return signCapability(PURPOSE, { s: grant.shop, n: grant.snapshotId, t: grant.themeGid, a: grant.archiveId }, grant.expiresAt, appSecret);
}

/** The grant of a valid, unexpired token; null for anything else (tampered, expired, malformed). */
export function verifyArchiveToken(token: string, appSecret: string, now: number = Date.now()): ArchiveGrant | null {
  const valid = verifyCapability(PURPOSE, token, appSecret, now);
  if (!valid) return null;
  const { s, n, t, a } = valid.fields;
  if (typeof s !== "string" || typeof n !== "string" || typeof t !== "string" || typeof a !== "string") return null;
  return { shop: s, snapshotId: n, themeGid: t, archiveId: a, expiresAt: valid.expiresAt };
}
