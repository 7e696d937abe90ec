/** Image bytes in a snapshot: one MediaBlob per distinct content, one MediaSource per image. */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { AdminClient } from "~/shopify/admin-client";
import { withMediaBlobs, type MediaStats } from "./media-blobs";
import type { CanonicalRecord } from "./types/module";

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const OTHER = Buffer.from([0xff, 0xd8, 9, 9, 9]);
const bytesAt: Record<string, Buffer> = { "https://cdn.test/a.png": PNG, "https://cdn.test/copy-of-a.png": PNG, "https://cdn.test/b.jpg": OTHER };

function product(n: number, urls: string[]): CanonicalRecord {
  const media = urls.map((url, m) => ({ id: `gid://shopify/MediaImage/${n * 10 + m}`, mediaContentType: "IMAGE", originalSource: { url, fileSize: bytesAt[url].length } }));
  return { type: "Product", gid: `gid://shopify/Product/${n}`, record: { id: `gid://shopify/Product/${n}`, media } };
}

async function* stream(records: CanonicalRecord[]) {
  yield* records;
}

describe("withMediaBlobs", () => {
  it("emits the bytes shared by several images once, and a source for every image", async () => {
    const download = (async (url: string) => new Response(new Uint8Array(bytesAt[url]))) as unknown as typeof fetch;
    const stats: MediaStats = { images: 0, downloaded: 0, reused: 0, downloadedBytes: 0 };
    const out: CanonicalRecord[] = [];
    const input = [product(1, ["https://cdn.test/a.png", "https://cdn.test/b.jpg"]), product(2, ["https://cdn.test/copy-of-a.png"])];
    for await (const record of withMediaBlobs(stream(input), { client: {} as AdminClient, download }, undefined, stats)) out.push(record);

    const blobs = out.filter((r) => r.type === "MediaBlob");
    expect(blobs.map((b) => [b.gid, b.record.data, b.record.contentType])).toEqual([
      [`sha256:${sha256(PNG)}`, PNG.toString("base64"), "image/png"],
      [`sha256:${sha256(OTHER)}`, OTHER.toString("base64"), "image/jpeg"],
    ]);
    const sources = out.filter((r) => r.type === "MediaSource").map((r) => [r.gid, r.record.url, r.record.sha256]);
    expect(sources).toEqual([
      ["gid://shopify/MediaImage/10", "https://cdn.test/a.png", sha256(PNG)],
      ["gid://shopify/MediaImage/11", "https://cdn.test/b.jpg", sha256(OTHER)],
      ["gid://shopify/MediaImage/20", "https://cdn.test/copy-of-a.png", sha256(PNG)],
    ]);
    expect(out.filter((r) => r.type === "Product").map((r) => r.gid)).toEqual(["gid://shopify/Product/1", "gid://shopify/Product/2"]);
    expect(stats).toMatchObject({ images: 3, downloaded: 3 });
  });
});

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}
