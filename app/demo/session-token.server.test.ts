/** The demo's session tokens are ones the real Shopify library accepts, and only with the right secret. */
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { adminHost, mintSessionToken } from "./session-token.server";
import { simulatorUrlFor } from "./simulator-fetch.server";

const api = (secret: string) =>
  shopifyApi({
    apiKey: "demo-key",
    apiSecretKey: secret,
    apiVersion: ApiVersion.October26,
    hostName: "127.0.0.1:3000",
    isEmbeddedApp: true,
    logger: { level: 0 },
  });

describe("demo session tokens", () => {
  const token = mintSessionToken({
    apiKey: "demo-key",
    apiSecret: "demo-secret",
    shop: "demo-shop.myshopify.com",
    userId: "7",
  });

  it("pass @shopify/shopify-api's own validation with Shopify's claims", async () => {
    const payload = await api("demo-secret").session.decodeSessionToken(token);
    expect(payload.dest).toBe("https://demo-shop.myshopify.com");
    expect(payload.iss).toBe("https://demo-shop.myshopify.com/admin");
    expect(payload.aud).toBe("demo-key");
    expect(payload.sub).toBe("7");
    expect(payload.exp - payload.iat).toBe(60);
  });

  it("are rejected when signed with another secret", async () => {
    await expect(api("other-secret").session.decodeSessionToken(token)).rejects.toThrow(
      /session token/i,
    );
  });

  it("come with the admin's host parameter, which the library accepts", () => {
    const host = adminHost("demo-shop.myshopify.com");
    expect(Buffer.from(host, "base64").toString()).toBe("admin.shopify.com/store/demo-shop");
    expect(api("demo-secret").utils.sanitizeHost(host)).toBe(host);
  });
});

describe("simulator routing", () => {
  it("maps only https myshopify.com URLs onto the simulator", () => {
    const sim = "http://127.0.0.1:4000";
    expect(
      simulatorUrlFor("https://demo-shop.myshopify.com/admin/api/2026-10/graphql.json", sim),
    ).toBe("http://127.0.0.1:4000/admin/api/2026-10/graphql.json");
    expect(simulatorUrlFor("https://example.com/admin", sim)).toBeUndefined();
    expect(simulatorUrlFor("http://demo-shop.myshopify.com/admin", sim)).toBeUndefined();
  });
});
