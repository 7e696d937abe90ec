import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SnapshelfError } from "~/errors";
import type { BlobInfo } from "./blob-store";
import { InvalidKeyError, TEMP_PREFIX } from "./blob-keys";
import { createLocalBlobStore } from "./local-blob-store";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "snapshelf-local-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function allFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

async function keys(iterable: AsyncIterable<BlobInfo>): Promise<string[]> {
  const out: string[] = [];
  for await (const info of iterable) out.push(info.key);
  return out;
}

describe("createLocalBlobStore", () => {
  it("lays keys out as nested files under the root and names itself by file URL", async () => {
    const store = createLocalBlobStore(join(root, "repo"));
    await store.put("shops/a.myshopify.com/packs/ab/ab12", Buffer.from("pack"));
    expect(await allFiles(root)).toEqual(["repo/shops/a.myshopify.com/packs/ab/ab12"]);
    expect(await readFile(join(root, "repo/shops/a.myshopify.com/packs/ab/ab12"), "utf8")).toBe("pack");
    expect(store.url).toBe(pathToFileURL(join(root, "repo")).href);
  });

  it("rejects keys that could leave the root or are ambiguous, before touching the disk", async () => {
    const store = createLocalBlobStore(join(root, "repo"));
    const bad = ["", "/etc/passwd", "../x", "a/../../x", "a//b", "a/", "./a", "a\\b", `a/${TEMP_PREFIX}1`, "a\0b"];
    for (const key of bad) {
      await expect(store.put(key, Buffer.from("x")), key).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(store.get(key), key).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(store.stat(key), key).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(store.delete(key), key).rejects.toBeInstanceOf(InvalidKeyError);
    }
    await expect(store.put("../x", Buffer.from("x"))).rejects.toThrow(/Invalid object key "\.\.\/x"/);
    await expect(keys(store.list("../"))).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(keys(store.list("/abs"))).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(store.getRange("k", -1, 2)).rejects.toBeInstanceOf(InvalidKeyError);
    expect(await allFiles(root)).toEqual([]);
  });

  it("leaves no temp files behind, after success or conflict", async () => {
    const store = createLocalBlobStore(root);
    await store.put("a/b", Buffer.from("1"));
    await store.put("a/b", Buffer.from("2"));
    await store.put("a/lock", Buffer.from("1"), { ifAbsent: true });
    await expect(store.put("a/lock", Buffer.from("2"), { ifAbsent: true })).rejects.toThrow();
    expect(await allFiles(root)).toEqual(["a/b", "a/lock"]);
  });

  it("ignores a temp file left by a crash mid-write", async () => {
    const store = createLocalBlobStore(root);
    await store.put("packs/p1", Buffer.from("whole"));
    await writeFile(join(root, "packs", `${TEMP_PREFIX}deadbeef`), "torn");
    expect(await keys(store.list(""))).toEqual(["packs/p1"]);
    expect(Buffer.from(await store.get("packs/p1")).toString()).toBe("whole");
  });

  it("never shows a reader a mix of two versions while overwriting", async () => {
    const store = createLocalBlobStore(root);
    const size = 1 << 20;
    await store.put("obj", Buffer.alloc(size, 0x41));
    let done = false;
    const writer = (async () => {
      for (let i = 0; i < 20; i++) await store.put("obj", Buffer.alloc(size, i % 2 ? 0x41 : 0x42));
      done = true;
    })();
    let reads = 0;
    while (!done) {
      const data = Buffer.from(await store.get("obj"));
      expect(data.length).toBe(size);
      expect(data.every((b) => b === data[0])).toBe(true);
      reads++;
    }
    await writer;
    expect(reads).toBeGreaterThan(0);
  });

  it("explains a key whose parent path is already an object", async () => {
    const store = createLocalBlobStore(root);
    await store.put("a", Buffer.from("x"));
    const error = await store.put("a/b", Buffer.from("y")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshelfError);
    expect((error as Error).message).toMatch(/already an object/);
    expect(await store.stat("a/b")).toBeUndefined();
  });

  it("reads and lists nothing from a root that does not exist yet", async () => {
    const store = createLocalBlobStore(join(root, "missing"));
    expect(await keys(store.list(""))).toEqual([]);
    expect(await store.stat("x")).toBeUndefined();
    await store.delete("x");
    await mkdir(join(root, "missing", "dir"), { recursive: true });
    expect(await store.stat("dir")).toBeUndefined();
    await expect(store.get("dir")).rejects.toThrow(/No object at dir/);
  });
});
