/**
 * For tests and the benchmark: an HTTP endpoint that verifies webhooks with
 * @shopify/shopify-api's own HMAC check (what `authenticate.webhook` runs in
 * the app) and hands them to the intake, timing each step.
 */
import "@shopify/shopify-api/adapters/node";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import type { Db } from "~/db.server";
import type { JobQueue } from "~/jobs/job-queue";
import { recordChangeWebhook, type IntakeOptions } from "./intake";

export interface IntakeTiming {
  topic: string;
  gid: string | null;
  eventId: string;
  status: number;
  /** Request fully read (ms since epoch). */
  receivedAt: number;
  /** The WebhookEvent row is durable (0 for duplicates). */
  insertedAt: number;
  /** The response is handed to Node. */
  answeredAt: number;
  recorded: boolean;
}

export interface IntakeServer {
  url: string;
  timings: IntakeTiming[];
  close(): Promise<void>;
}

/** Starts the endpoint on 127.0.0.1; `apiSecret` must be the simulator's. */
export async function startIntakeServer(input: { db: Db; queue: JobQueue; apiKey: string; apiSecret: string; intake?: IntakeOptions }): Promise<IntakeServer> {
  const api = shopifyApi({
    apiKey: input.apiKey,
    apiSecretKey: input.apiSecret,
    apiVersion: ApiVersion.October26,
    hostName: "127.0.0.1",
    isEmbeddedApp: true,
    logger: { level: 0 },
  });
  const timings: IntakeTiming[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const receivedAt = Date.now();
      const rawBody = Buffer.concat(chunks).toString("utf8");
      void (async () => {
        const check = await api.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
        if (!check.valid) {
          res.writeHead(401).end();
          return;
        }
        const fields = check as unknown as { topic: string; domain: string; webhookId?: string; eventId?: string; triggeredAt?: string };
        const payload = JSON.parse(rawBody) as Record<string, unknown>;
        const result = await recordChangeWebhook(
          input.db,
          input.queue,
          { shop: fields.domain, topic: fields.topic, payload, eventId: fields.eventId, webhookId: fields.webhookId, triggeredAt: fields.triggeredAt },
          input.intake,
        );
        const insertedAt = result.recorded ? Date.now() - (result.enqueueMs ?? 0) : 0;
        res.writeHead(200).end();
        timings.push({
          topic: fields.topic,
          gid: typeof payload.admin_graphql_api_id === "string" ? payload.admin_graphql_api_id : null,
          eventId: fields.eventId ?? "",
          status: 200,
          receivedAt,
          insertedAt,
          answeredAt: Date.now(),
          recorded: result.recorded,
        });
      })().catch((error: unknown) => {
        res.writeHead(500).end(error instanceof Error ? error.message : String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    timings,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
