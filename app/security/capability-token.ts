/**
 * Short-lived capability URLs. Some requests carry no session: Shopify
 * fetching a theme zip for themeCreate(source:), a browser downloading an
 * export through a plain link. The URL itself is then the credential: a
 * signed, expiring grant for one purpose, with a key derived per purpose
 * from the app secret so a token for one purpose never verifies as another.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export type GrantFields = Record<string, string | number>;

const VERSION = "v1";

const keyFor = (purpose: string, appSecret: string) => createHmac("sha256", appSecret).update(`snapshelf/${purpose}/${VERSION}`).digest();
const sign = (key: Buffer, body: string) => createHmac("sha256", key).update(`${VERSION}.${body}`).digest("base64url");

/** Signs `fields` (plus the expiry, ms) into a URL-safe token for `purpose`. */
export function signCapability(purpose: string, fields: GrantFields, expiresAt: number, appSecret: string): string {
  const body = Buffer.from(JSON.stringify({ ...fields, e: expiresAt }), "utf8").toString("base64url");
  return `${VERSION}.${body}.${sign(keyFor(purpose, appSecret), body)}`;
}

/** The fields and expiry of a valid, unexpired token for `purpose`; null for anything else (tampered, expired, malformed, other purpose). */
export function verifyCapability(purpose: string, token: string, appSecret: string, now: number = Date.now()): { fields: Record<string, unknown>; expiresAt: number } | null {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION) return null;
  const [, body, signature] = parts;
  const expected = Buffer.from(sign(keyFor(purpose, appSecret), body), "base64url");
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!raw || typeof raw !== "object") return null;
  const { e, ...fields } = raw as Record<string, unknown>;
  if (typeof e !== "number" || now >= e) return null;
  return { fields, expiresAt: e };
}
