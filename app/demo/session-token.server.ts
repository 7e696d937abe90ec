/**
 * Demo mode only: mints the session token App Bridge would hand the app inside
 * the Shopify admin (an HS256 JWT signed with the app secret). The real library
 * then validates it and exchanges it for an access token against the simulator,
 * exactly as it would with Shopify.
 */
import { createHmac, randomUUID } from "node:crypto";

export interface SessionTokenInput {
  apiKey: string;
  apiSecret: string;
  shop: string;
  /** The admin user the token speaks for. */
  userId: string;
  now?: Date;
}

const LIFETIME_SECONDS = 60; // Shopify's session tokens live one minute.

/** A signed session token with Shopify's claims (iss, dest, aud, sub, exp, nbf, iat, jti, sid). */
export function mintSessionToken(input: SessionTokenInput): string {
  const iat = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const header = { alg: "HS256", typ: "JWT" };
  const payload = {
    iss: `https://${input.shop}/admin`,
    dest: `https://${input.shop}`,
    aud: input.apiKey,
    sub: input.userId,
    exp: iat + LIFETIME_SECONDS,
    nbf: iat,
    iat,
    jti: randomUUID(),
    sid: createHmac("sha256", input.apiSecret)
      .update(`${input.shop}:${input.userId}`)
      .digest("hex")
      .slice(0, 32),
  };
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode(header)}.${encode(payload)}`;
  const signature = createHmac("sha256", input.apiSecret).update(unsigned).digest("base64url");
  return `${unsigned}.${signature}`;
}

/** The `host` parameter the admin passes: base64 of admin.shopify.com/store/<name>. */
export function adminHost(shop: string): string {
  const name = shop.replace(/\.myshopify\.com$/, "");
  return Buffer.from(`admin.shopify.com/store/${name}`).toString("base64").replace(/=+$/, "");
}
