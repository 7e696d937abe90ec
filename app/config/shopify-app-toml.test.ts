/**
 * shopify.app.toml is what Shopify enforces (scopes, webhook subscriptions);
 * the code must agree with it: the same scopes, and a route that accepts
 * every subscribed topic at the path it is subscribed to.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import toml from "toml";
import { describe, expect, it } from "vitest";
import { COMPLIANCE_TOPICS, WEBHOOK_ROUTES } from "~/services/webhooks.server";
import { DEFAULT_SCOPES } from "./scopes";

const root = fileURLToPath(new URL("../../", import.meta.url));

interface AppToml {
  embedded: boolean;
  access_scopes: { scopes: string };
  webhooks: {
    api_version: string;
    subscriptions: { topics?: string[]; compliance_topics?: string[]; uri: string }[];
  };
}

const app = toml.parse(readFileSync(`${root}shopify.app.toml`, "utf8")) as AppToml;

/** Remix flat-route file for a URL path: /webhooks/app/uninstalled → webhooks.app.uninstalled.ts */
function routeFile(path: string): string {
  const name = path.slice(1).split("/").join(".");
  return `${root}app/routes/${name.includes(".") ? name : `${name}._index`}.ts`;
}

describe("shopify.app.toml", () => {
  it("asks for exactly the scopes the app is configured with", () => {
    expect(app.access_scopes.scopes.split(",")).toEqual(DEFAULT_SCOPES);
    expect(app.embedded).toBe(true);
    expect(app.webhooks.api_version).toBe("2026-10");
  });

  it("declares the three mandatory compliance topics", () => {
    const declared = app.webhooks.subscriptions.flatMap((s) => s.compliance_topics ?? []);
    expect(declared.sort()).toEqual([...COMPLIANCE_TOPICS].sort());
  });

  const subscriptions = app.webhooks.subscriptions.flatMap((s) =>
    [...(s.topics ?? []), ...(s.compliance_topics ?? [])].map((topic) => ({ topic, uri: s.uri })),
  );

  it.each(subscriptions)("$topic is handled at $uri", ({ topic, uri }) => {
    expect(existsSync(routeFile(uri)), routeFile(uri)).toBe(true);
    expect(WEBHOOK_ROUTES[uri]).toContain(topic);
  });

  it("subscribes to every topic the dispatcher route knows (nothing handled goes unsubscribed)", () => {
    const subscribed = new Set(subscriptions.map((s) => s.topic));
    expect(WEBHOOK_ROUTES["/webhooks"].filter((topic) => !subscribed.has(topic))).toEqual([]);
  });
});
