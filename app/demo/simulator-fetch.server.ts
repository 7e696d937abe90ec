/**
 * Demo and test mode only: sends the Shopify library's outgoing requests for
 * `https://<shop>.myshopify.com/…` to the bundled simulator instead. Only the
 * transport changes; the library's auth and client code run unmodified.
 * app/shopify.server.ts calls this only when config.mode is "demo", which the
 * config refuses to combine with production settings.
 */
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

/** Maps a Shopify URL onto the simulator, or returns undefined for other hosts. */
export function simulatorUrlFor(input: string, simulatorUrl: string): string | undefined {
  const url = new URL(input);
  if (url.protocol !== "https:" || !url.hostname.endsWith(".myshopify.com")) return undefined;
  return `${simulatorUrl}${url.pathname}${url.search}`;
}

/** Installs the rerouting fetch into @shopify/shopify-api. */
export function routeShopifyToSimulator(simulatorUrl: string): void {
  const realFetch = globalThis.fetch;
  setAbstractFetchFunc(async (input: RequestInfo | URL, init?: RequestInit) => {
    const original = input instanceof Request ? input.url : input.toString();
    const target = simulatorUrlFor(original, simulatorUrl);
    if (!target) return realFetch(input, init);
    return input instanceof Request
      ? realFetch(new Request(target, input), init)
      : realFetch(target, init);
  });
}
