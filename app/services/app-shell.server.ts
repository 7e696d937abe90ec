/** What the embedded app shell needs on the client: the API key and App Bridge's script. */
import { getConfig } from "~/config/config.server";

/** Where the demo's local App Bridge stand-in is served (public/demo/app-bridge.js). */
export const DEMO_APP_BRIDGE_PATH = "/demo/app-bridge.js";

export interface AppShell {
  apiKey: string;
  /** Overrides Shopify's CDN script in demo mode only (the CDN is not reachable offline). */
  appBridgeUrl?: string;
}

/** The shell settings for the current mode. */
export function appShell(): AppShell {
  const config = getConfig();
  return {
    apiKey: config.shopify.apiKey,
    appBridgeUrl: config.mode === "demo" ? DEMO_APP_BRIDGE_PATH : undefined,
  };
}
