import "@shopify/shopify-api/adapters/node";
import { ApiVersion, RequestedTokenType, shopifyApi } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../index";
import { createFakeStore } from "./fake-store";
import { API_KEY, API_SECRET, gql, ManualClock, signSessionToken } from "./test-helpers";

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const SHOP = "demo-shop.myshopify.com";

async function start() {
  const clock = new ManualClock(Date.now());
  sim = await startSimulator({ apiKey: API_KEY, apiSecret: API_SECRET, store: createFakeStore(), clock, scopes: "read_products,write_products" });
  return { sim, clock };
}

function sessionToken(overrides: Record<string, unknown> = {}, secret = API_SECRET): string {
  const now = Math.floor(Date.now() / 1000);
  return signSessionToken(
    { iss: `https://${SHOP}/admin`, dest: `https://${SHOP}`, aud: API_KEY, sub: "42", exp: now + 60, nbf: now - 5, iat: now - 5, jti: "x", sid: "y", ...overrides },
    secret,
  );
}

async function exchange(sim: RunningSimulator, subjectToken: string, requested: "online" | "offline") {
  const response = await fetch(`${sim.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({
      client_id: API_KEY,
      client_secret: API_SECRET,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: subjectToken,
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: `urn:shopify:params:oauth:token-type:${requested}-access-token`,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("token exchange", () => {
  it("issues an offline token the GraphQL endpoint accepts", async () => {
    const { sim } = await start();
    const { status, body } = await exchange(sim, sessionToken(), "offline");
    expect(status).toBe(200);
    expect(body.scope).toBe("read_products,write_products");
    const query = await gql(sim, "{ shop { name } }", undefined, { token: String(body.access_token) });
    expect(query.status).toBe(200);
    expect(query.json.data).toEqual({ shop: { name: "Demo Shop" } });
  });

  it("issues an expiring online token with the associated user", async () => {
    const { sim, clock } = await start();
    const { status, body } = await exchange(sim, sessionToken(), "online");
    expect(status).toBe(200);
    expect(body.expires_in).toBe(86399);
    expect((body.associated_user as { id: number }).id).toBe(42);
    expect((await gql(sim, "{ shop { name } }", undefined, { token: String(body.access_token) })).status).toBe(200);
    clock.advance(86_400_000);
    expect((await gql(sim, "{ shop { name } }", undefined, { token: String(body.access_token) })).status).toBe(401);
  });

  it("rejects forged, expired or foreign session tokens with invalid_subject_token", async () => {
    const { sim } = await start();
    const now = Math.floor(Date.now() / 1000);
    for (const token of [
      sessionToken({}, "wrong-secret"),
      sessionToken({ exp: now - 3600 }),
      sessionToken({ aud: "another-app" }),
      sessionToken({ dest: "https://other-shop.myshopify.com" }),
    ]) {
      const { status, body } = await exchange(sim, token, "offline");
      expect(status).toBe(400);
      expect(body.error).toBe("invalid_subject_token");
    }
  });

  it("works with @shopify/shopify-api's own tokenExchange, unmodified", async () => {
    const { sim } = await start();
    // Route the library's https://<shop>/… requests to the simulator, as the demo does.
    setAbstractFetchFunc(async (input, init) => {
      const url = String(input instanceof Request ? input.url : input).replace(`https://${SHOP}`, sim.url);
      return fetch(url, init);
    });
    const api = shopifyApi({
      apiKey: API_KEY,
      apiSecretKey: API_SECRET,
      hostName: "app.example.com",
      apiVersion: ApiVersion.January26,
      isEmbeddedApp: true,
      logger: { level: 0 },
    });
    const { session } = await api.auth.tokenExchange({
      shop: SHOP,
      sessionToken: sessionToken(),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
    });
    expect(session.accessToken).toMatch(/^shpat_/);
    const client = new api.clients.Graphql({ session });
    const response = await client.request("{ shop { name } }");
    expect(response.data).toEqual({ shop: { name: "Demo Shop" } });
    expect((response.extensions as { cost: { requestedQueryCost: number } }).cost.requestedQueryCost).toBe(1);
  });
});
