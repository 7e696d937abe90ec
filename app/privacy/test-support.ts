/**
 * For tests: an HTTP endpoint that verifies webhooks with
 * @shopify/shopify-api's own HMAC check (what `authenticate.webhook` runs in
 * the app, 401 when it fails) and hands compliance topics to
 * handleComplianceWebhook, as app/services/webhook-route.server.ts does.
 */
import "@shopify/shopify-api/adapters/node";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import type { Db } from "~/db.server";
import type { JobQueue } from "~/jobs/job-queue";
import { handleComplianceWebhook } from "./compliance-webhook";

export interface ComplianceEndpoint {
  url: string;
  close(): Promise<void>;
}

/** Starts the endpoint on 127.0.0.1; `apiSecret` must be the simulator's. */
export async function startComplianceEndpoint(input: { db: Db; queue: JobQueue; apiKey: string; apiSecret: string }): Promise<ComplianceEndpoint> {
  const api = shopifyApi({
    apiKey: input.apiKey,
    apiSecretKey: input.apiSecret,
    apiVersion: ApiVersion.October26,
    hostName: "127.0.0.1",
    isEmbeddedApp: true,
    logger: { level: 0 },
  });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      void (async () => {
        const check = await api.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
        if (!check.valid) {
          res.writeHead(401).end();
          return;
        }
        const fields = check as unknown as { topic: string; domain: string; webhookId?: string };
        const response = await handleComplianceWebhook(input.db, input.queue, {
          topic: fields.topic,
          shop: fields.domain,
          webhookId: fields.webhookId ?? "",
          payload: JSON.parse(rawBody) as unknown,
        });
        res.writeHead(response.status).end();
      })().catch((error: unknown) => {
        res.writeHead(500).end(error instanceof Error ? error.message : String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/compliance`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
