import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { UserFacingError } from "~/errors";
import { openBlobStore, parseStorageUrl, validateStorageUrl } from "./open-blob-store";

describe("parseStorageUrl", () => {
  it("parses file URLs of absolute folders", () => {
    expect(parseStorageUrl("file:///var/snapshelf/repo")).toEqual({
      ok: true,
      location: { kind: "file", path: "/var/snapshelf/repo" },
    });
    expect(parseStorageUrl("file://localhost/srv/x")).toEqual({ ok: true, location: { kind: "file", path: "/srv/x" } });
    expect(parseStorageUrl("file:///data/with%20space")).toEqual({
      ok: true,
      location: { kind: "file", path: "/data/with space" },
    });
  });

  it("parses gs URLs with and without a prefix", () => {
    expect(parseStorageUrl("gs://my-bucket")).toEqual({ ok: true, location: { kind: "gcs", bucket: "my-bucket", prefix: "" } });
    expect(parseStorageUrl("gs://my-bucket/")).toEqual({ ok: true, location: { kind: "gcs", bucket: "my-bucket", prefix: "" } });
    expect(parseStorageUrl("gs://my_bucket1/backups/prod/")).toEqual({
      ok: true,
      location: { kind: "gcs", bucket: "my_bucket1", prefix: "backups/prod" },
    });
  });

  it("reports what is wrong, naming the URL", () => {
    const cases: Array<[string, RegExp]> = [
      ["file:relative/path", /three slashes/],
      ["file://server/share", /three slashes/],
      ["file:///x?y=1", /query or fragment/],
      ["gs://Upper/x", /not a valid GCS bucket name/],
      ["gs://ab", /not a valid GCS bucket name/],
      ["gs://bucket/a//b", /empty segment/],
      ["gs://bucket/../x", /".." segment/],
      ["gs://bucket/x?versions=1", /without query/],
      ["s3://bucket/x", /unsupported storage URL "s3:\/\/bucket\/x": use file:\/\/\/absolute\/path or gs:\/\/bucket/],
      ["/var/snapshelf", /unsupported storage URL/],
      ["", /unsupported storage URL/],
    ];
    for (const [url, pattern] of cases) {
      const parsed = parseStorageUrl(url);
      expect(parsed.ok, url).toBe(false);
      if (!parsed.ok) {
        expect(parsed.problem, url).toMatch(pattern);
        expect(parsed.problem, url).toContain(`"${url}`);
      }
      expect(validateStorageUrl(url), url).toMatch(pattern);
    }
    expect(validateStorageUrl("gs://bucket/p")).toBeUndefined();
    expect(validateStorageUrl("file:///tmp/r")).toBeUndefined();
  });
});

describe("openBlobStore", () => {
  it("opens a working local store from a file URL", async () => {
    const dir = await mkdtemp(join(tmpdir(), "snapshelf-open-"));
    try {
      const store = await openBlobStore(pathToFileURL(join(dir, "repo")).href);
      await store.put("k", Buffer.from("v"));
      expect(Buffer.from(await store.get("k")).toString()).toBe("v");
      expect(store.url).toBe(pathToFileURL(join(dir, "repo")).href);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("opens a GCS store from a gs URL without contacting GCS", async () => {
    const store = await openBlobStore("gs://snapshelf-backups/prod/");
    expect(store.url).toBe("gs://snapshelf-backups/prod/");
  });

  it("refuses anything else with a user-facing error naming the URL and the accepted forms", async () => {
    const error = await openBlobStore("https://example.com/repo").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as Error).message).toContain("https://example.com/repo");
    expect((error as Error).message).toContain("file:///absolute/path or gs://bucket[/prefix]");
  });
});
