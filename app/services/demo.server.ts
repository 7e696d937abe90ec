/**
 * The demo's stand-in for opening the app from the Shopify admin. Every
 * function here answers 404 unless the validated config says demo mode, so
 * production cannot mint session tokens.
 */
import { getConfig } from "~/config/config.server";
import { adminHost, mintSessionToken } from "~/demo/session-token.server";

const DEMO_USER_ID = "1";

function demoConfig() {
  const config = getConfig();
  if (config.mode !== "demo" || !config.demo) throw new Response("Not Found", { status: 404 });
  return { shopify: config.shopify, shop: config.demo.shopDomain };
}

/** A fresh session token for the demo shop's admin user. */
export function demoSessionToken(): { token: string; shop: string } {
  const { shopify, shop } = demoConfig();
  const token = mintSessionToken({
    apiKey: shopify.apiKey,
    apiSecret: shopify.apiSecret,
    shop,
    userId: DEMO_USER_ID,
  });
  return { token, shop };
}

/** The URL the Shopify admin would load the embedded app at, with a fresh token. */
export function demoAppUrl(path = "/app"): string {
  const { token, shop } = demoSessionToken();
  const params = new URLSearchParams({
    embedded: "1",
    shop,
    host: adminHost(shop),
    id_token: token,
  });
  return `${path}?${params}`;
}
