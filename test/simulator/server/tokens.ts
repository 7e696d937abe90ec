/**
 * Access tokens and the token-exchange endpoint (shopify.dev "Exchange a
 * session token for an access token"): the App Bridge session token is an
 * HS256 JWT signed with the app's secret, `aud` = the app's API key, `dest` =
 * the shop URL; an expired or forged one answers 400 `invalid_subject_token`.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Clock } from "../cost/bucket";
import type { SimApp } from "../store/core";

export interface TokenInfo {
  shop: string;
  scope: string;
  online: boolean;
  /** Epoch ms, undefined for non-expiring offline tokens. */
  expiresAt?: number;
  userId?: number;
  /** Which app holds the token (APP_UNDER_TEST when absent; see otherAppToken). */
  app?: SimApp;
}

export interface OAuthResult {
  status: number;
  body: Record<string, unknown>;
}

const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";
const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
/** Online tokens last a day (shopify.dev online access tokens: expires_in 86399). */
const ONLINE_TTL_S = 86_399;
/** Expiring offline tokens: 1 hour, refresh token 90 days (shopify.dev "Offline access tokens", expiring). */
const EXPIRING_OFFLINE_TTL_S = 3_600;
const REFRESH_TTL_S = 7_776_000;

export class TokenRegistry {
  private readonly tokens = new Map<string, TokenInfo>();
  private readonly refreshTokens = new Map<string, { shop: string; scope: string; expiresAt: number }>();
  readonly offlineToken: string;
  /**
   * An offline token of another app installed on the same store (a
   * merchant's bulk editor, say). Shopify limits per app and store, so its
   * calls have their own bucket; its changes still reach the app's webhooks.
   */
  readonly otherAppToken: string;

  constructor(
    private readonly options: { apiKey: string; apiSecret: string; shopDomain: string; scopes: string; clock: Clock },
  ) {
    this.offlineToken = this.issue({ shop: options.shopDomain, scope: options.scopes, online: false });
    this.otherAppToken = this.issue({ shop: options.shopDomain, scope: options.scopes, online: false, app: "other" });
  }

  /** The token's grant, or undefined if unknown or expired (the GraphQL endpoint then answers 401). */
  verify(token: string | undefined): TokenInfo | undefined {
    if (!token) return undefined;
    const info = this.tokens.get(token);
    if (!info) return undefined;
    if (info.expiresAt !== undefined && info.expiresAt <= this.options.clock.now()) return undefined;
    return info;
  }

  /** POST /admin/oauth/access_token (token exchange and refresh_token grants). */
  exchange(params: Record<string, string>): OAuthResult {
    const fail = (error: string, description: string, status = 400): OAuthResult => ({
      status,
      body: { error, error_description: description },
    });
    if (params.client_id !== this.options.apiKey || params.client_secret !== this.options.apiSecret) {
      return fail("invalid_client", "Client authentication failed", 401);
    }
    if (params.grant_type === "refresh_token") return this.refresh(params.refresh_token);
    if (params.grant_type !== TOKEN_EXCHANGE_GRANT) return fail("unsupported_grant_type", "Unsupported grant type");
    if (!params.subject_token) return fail("missing_subject_token", "The subject_token parameter is missing");
    if (params.subject_token_type !== ID_TOKEN_TYPE) {
      return fail("invalid_request", "subject_token_type must be urn:ietf:params:oauth:token-type:id_token");
    }
    const claims = this.verifySessionToken(params.subject_token);
    if (!claims) return fail("invalid_subject_token", "The subject token is invalid or expired");
    const online = params.requested_token_type === ONLINE_TOKEN_TYPE;
    if (!online && params.requested_token_type && params.requested_token_type !== OFFLINE_TOKEN_TYPE) {
      return fail("invalid_request", "Unsupported requested_token_type");
    }
    const now = this.options.clock.now();
    if (online) {
      const userId = Number(claims.sub) || 1;
      const token = this.issue({
        shop: this.options.shopDomain,
        scope: this.options.scopes,
        online: true,
        userId,
        expiresAt: now + ONLINE_TTL_S * 1000,
      });
      return {
        status: 200,
        body: {
          access_token: token,
          scope: this.options.scopes,
          expires_in: ONLINE_TTL_S,
          associated_user_scope: this.options.scopes,
          session: randomBytes(16).toString("hex"),
          account_number: 0,
          associated_user: {
            id: userId,
            first_name: "Demo",
            last_name: "Merchant",
            email: "merchant@example.com",
            account_owner: true,
            locale: "en",
            collaborator: false,
            email_verified: true,
          },
        },
      };
    }
    if (params.expiring === "1") return this.expiringOffline(now);
    return { status: 200, body: { access_token: this.offlineToken, scope: this.options.scopes } };
  }

  private expiringOffline(now: number): OAuthResult {
    const token = this.issue({
      shop: this.options.shopDomain,
      scope: this.options.scopes,
      online: false,
      expiresAt: now + EXPIRING_OFFLINE_TTL_S * 1000,
    });
    const refresh = `shprt_${randomBytes(16).toString("hex")}`;
    this.refreshTokens.set(refresh, {
      shop: this.options.shopDomain,
      scope: this.options.scopes,
      expiresAt: now + REFRESH_TTL_S * 1000,
    });
    return {
      status: 200,
      body: {
        access_token: token,
        scope: this.options.scopes,
        expires_in: EXPIRING_OFFLINE_TTL_S,
        refresh_token: refresh,
        refresh_token_expires_in: REFRESH_TTL_S,
      },
    };
  }

  private refresh(refreshToken: string | undefined): OAuthResult {
    const grant = refreshToken ? this.refreshTokens.get(refreshToken) : undefined;
    const now = this.options.clock.now();
    if (!grant || grant.expiresAt <= now) {
      return { status: 400, body: { error: "invalid_grant", error_description: "The refresh token is invalid or expired" } };
    }
    // Refresh tokens are single-use: the old one is revoked when a new pair is issued.
    this.refreshTokens.delete(refreshToken!);
    return this.expiringOffline(now);
  }

  private issue(info: TokenInfo): string {
    const token = `shpat_${randomBytes(16).toString("hex")}`;
    this.tokens.set(token, info);
    return token;
  }

  /** Checks an App Bridge session token: HS256 signature, aud, dest, exp/nbf (10 s leeway). */
  private verifySessionToken(jwt: string): Record<string, unknown> | undefined {
    const parts = jwt.split(".");
    if (parts.length !== 3) return undefined;
    const [header, payload, signature] = parts;
    const expected = createHmac("sha256", this.options.apiSecret).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let claims: Record<string, unknown>;
    try {
      const head = JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: string };
      if (head.alg !== "HS256") return undefined;
      claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    } catch {
      return undefined;
    }
    const nowS = this.options.clock.now() / 1000;
    const leeway = 10;
    if (claims.aud !== this.options.apiKey) return undefined;
    if (typeof claims.exp !== "number" || claims.exp + leeway < nowS) return undefined;
    if (typeof claims.nbf === "number" && claims.nbf - leeway > nowS) return undefined;
    if (typeof claims.dest !== "string" || claims.dest.replace(/^https:\/\//, "") !== this.options.shopDomain) {
      return undefined;
    }
    return claims;
  }
}
