/**
 * The Shopify app: auth (embedded token exchange), session storage in Prisma,
 * webhook verification and the Admin API client, all from
 * @shopify/shopify-app-remix. Built once per process from the validated config.
 */
import "@shopify/shopify-app-remix/adapters/node";
import { AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { getConfig } from "~/config/config.server";
import { getDb } from "~/db/shared.server";
import { routeShopifyToSimulator } from "~/demo/simulator-fetch.server";
import { recordInstall } from "~/services/shops.server";

const config = getConfig();
const db = getDb();

// Demo mode talks to the bundled simulator; the config refuses demo settings
// in production, so this branch cannot be reached there.
if (config.mode === "demo" && config.demo) routeShopifyToSimulator(config.demo.simulatorUrl);

const shopify = shopifyApp({
  apiKey: config.shopify.apiKey,
  apiSecretKey: config.shopify.apiSecret,
  apiVersion: config.shopify.apiVersion,
  scopes: config.shopify.scopes,
  appUrl: config.shopify.appUrl,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(db),
  distribution: AppDistribution.AppStore,
  isEmbeddedApp: true,
  // Token exchange instead of OAuth redirects; offline tokens expire and refresh
  // (what Shopify asks of new public apps).
  future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
  logger: { level: LogSeverity.Warning },
  hooks: {
    afterAuth: async ({ session }) => {
      await recordInstall(db, session.shop);
    },
  },
});

export default shopify;
export const apiVersion = config.shopify.apiVersion;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;
