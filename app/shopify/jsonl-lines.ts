/**
 * Splits a byte stream into text lines as it arrives: only the current
 * partial line is buffered, never the file.
 */
import { SnapshelfError } from "~/errors";

/** Refuse absurd lines rather than grow without bound on a corrupt download. */
const MAX_LINE_CHARS = 64 * 1024 * 1024;

/** Non-empty lines of a web byte stream, decoded as UTF-8. */
export async function* readLines(body: ReadableStream<Uint8Array>, onBytes?: (n: number) => void): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  const reader = body.getReader();
  let pending = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onBytes?.(value.byteLength);
      pending += decoder.decode(value, { stream: true });
      let start = 0;
      for (let at = pending.indexOf("\n"); at !== -1; at = pending.indexOf("\n", start)) {
        const line = pending.slice(start, at).replace(/\r$/, "");
        if (line.length > 0) yield line;
        start = at + 1;
      }
      pending = pending.slice(start);
      if (pending.length > MAX_LINE_CHARS) throw new SnapshelfError("Bulk result line exceeds the maximum line length", { length: pending.length });
    }
    pending += decoder.decode();
    const last = pending.replace(/\r$/, "");
    if (last.length > 0) yield last;
  } finally {
    reader.releaseLock();
  }
}
