/** Wall time with at least one fetch in flight (the app waiting on the simulator), measured by wrapping globalThis.fetch. */
export function trackSimulatorWait(): { seconds(): number } {
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
  globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
    begin();
    let response: Response;
    try {
      response = await original(...args);
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
  return { seconds: () => (total + (inFlight > 0 ? performance.now() - since : 0)) / 1000 };
}
