/**
 * Wall time with at least one fetch in flight (the app waiting on the simulator), measured by wrapping globalThis.fetch.
 *
 * The wrapper also repeats requests the simulator's HTTP server refused with
 * 408: on the `large` store its bulk resolver for `locations { inventoryLevels }`
 * walks the whole catalog synchronously (minutes), and Node's server then
 * answers 408 (headersTimeout) to every request that waited meanwhile. A 408
 * means the request was not processed, so repeating it is safe; the app's
 * own client treats 408 as fatal (see docs/benchmarks.md).
 */
export function trackSimulatorWait(): { seconds(): number; repeated408(): number } {
  const original = globalThis.fetch;
  let inFlight = 0;
  let since = 0;
  let total = 0;
  const begin = () => {
    if (inFlight++ === 0) since = performance.now();
  };
  const end = () => {
    if (--inFlight === 0) total += performance.now() - since;
  };
  let repeated = 0;
  const send = async (...args: Parameters<typeof fetch>): Promise<Response> => {
    for (let attempt = 1; ; attempt++) {
      const response = await original(...args);
      const body = args[1]?.body;
      const replayable = body === undefined || body === null || typeof body === "string";
      if (response.status !== 408 || !replayable || attempt >= 10 || args[1]?.signal?.aborted) return response;
      await response.body?.cancel();
      repeated += 1;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  };
  globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
    begin();
    let response: Response;
    try {
      response = await send(...args);
    } catch (error) {
      end();
      throw error;
    }
    if (!response.body) {
      end();
      return response;
    }
    // The body is part of the wait (bulk JSONL downloads stream it): passed through, never buffered.
    let open = true;
    const close = () => {
      if (!open) return;
      open = false;
      end();
    };
    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            close();
            controller.close();
          } else controller.enqueue(value);
        } catch (error) {
          close();
          controller.error(error);
        }
      },
      async cancel(reason) {
        close();
        await reader.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return { repeated408: () => repeated, seconds: () => (total + (inFlight > 0 ? performance.now() - since : 0)) / 1000 };
}
