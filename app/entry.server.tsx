import { PassThrough } from "node:stream";
import type { EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { appQueue, stopAppQueue } from "~/services/worker.server";
import { addDocumentResponseHeaders } from "~/shopify.server";

const STREAM_TIMEOUT_MS = 5_000;

/** Server-renders every document, with the headers Shopify's admin needs to frame the app. */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  // Bots get the whole page at once; browsers get it streamed as it renders.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={STREAM_TIMEOUT_MS} />,
      {
        [readyEvent]: () => {
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError: reject,
        onError: (error: unknown) => {
          responseStatusCode = 500;
          console.error(error);
        },
      },
    );
    setTimeout(abort, STREAM_TIMEOUT_MS + 1_000);
  });
}

/**
 * Called once by server.ts after loading the build: with the in-process queue
 * the web process runs the job worker and the schedule tick from boot, not
 * from the first request that happens to touch the queue.
 */
export function startBackgroundWork(): void {
  appQueue();
}

/** Stops the worker and schedule tick (server shutdown, tests). */
export function stopBackgroundWork(): Promise<void> {
  return stopAppQueue();
}
